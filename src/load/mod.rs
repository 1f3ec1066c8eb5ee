//! Reads a dataset (`places.toml` and `corridors/*.toml`) into a validated
//! [`Dataset`], or reports every problem found, each with file:line:col and a hint.
//!
//! Two sources share one code path: a directory on disk (`--routes DIR`) and the
//! `routes/` directory compiled into the binary.

mod claims;
mod diagnostic;
mod outlets;
mod pairs;
mod parse;
mod raw;
mod scenario;
mod travel;
mod validate;

use std::collections::HashSet;
use std::path::Path;

use include_dir::{Dir, include_dir};

pub use diagnostic::{Diagnostic, Problems, nearest};
pub use pairs::pairs;
pub use scenario::scenario;

use crate::model::Dataset;
use diagnostic::FileReport;

/// The dataset shipped with the tool, compiled in so that it runs from any directory.
static EMBEDDED_ROUTES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/routes");

/// One data file's name (as shown in messages) and its text, or why it could not be read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Result<String, String>,
}

/// The files of a dataset: `places.toml`, the corridor files in name order, and
/// `travel.toml`, `outlets.toml` and `claims.toml` where the dataset has them. (The base map is read
/// only by the commands that draw maps: [`basemap`].)
#[derive(Debug, Clone)]
pub struct DatasetFiles {
    pub places: SourceFile,
    pub corridors: Vec<SourceFile>,
    pub travel: Option<SourceFile>,
    pub outlets: Option<SourceFile>,
    pub claims: Option<SourceFile>,
}

/// Where the base map lies in a dataset directory.
const BASEMAP_FILE: &str = "basemap/countries.geojson";

/// Reads a file's bytes as UTF-8, saying where the first invalid byte is.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (first invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

fn read_file(path: &Path, name: String) -> SourceFile {
    let text = if path.is_dir() {
        Err("is a directory, where a file belongs".to_string())
    } else {
        std::fs::read(path)
            .map_err(|e| format!("cannot be read: {e}"))
            .and_then(decode)
    };
    SourceFile { name, text }
}

impl DatasetFiles {
    /// The files of the dataset in `dir`. Problems reading them are kept as the
    /// files' errors, to be reported with every other problem.
    pub fn from_dir(dir: &Path) -> Self {
        let shown = |rest: &str| dir.join(rest).display().to_string();
        let places = read_file(&dir.join("places.toml"), shown("places.toml"));
        let corridor_dir = dir.join("corridors");
        let corridors = match std::fs::read_dir(&corridor_dir) {
            Ok(entries) => {
                let mut paths: Vec<_> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect();
                paths.sort();
                paths
                    .into_iter()
                    .map(|p| {
                        let name = p.display().to_string();
                        read_file(&p, name)
                    })
                    .collect()
            }
            Err(e) => vec![SourceFile {
                name: corridor_dir.display().to_string(),
                text: Err(format!(
                    "cannot be read as a directory of corridor files: {e}"
                )),
            }],
        };
        let optional = |rest: &str| {
            let path = dir.join(rest);
            path.exists().then(|| read_file(&path, shown(rest)))
        };
        Self {
            places,
            corridors,
            travel: optional("travel.toml"),
            outlets: optional("outlets.toml"),
            claims: optional("claims.toml"),
        }
    }

    /// The dataset compiled into the binary, named as in the repository (`routes/...`).
    pub fn embedded() -> Self {
        let text_of = |file: &include_dir::File| decode(file.contents().to_vec());
        let places = SourceFile {
            name: "routes/places.toml".into(),
            text: EMBEDDED_ROUTES
                .get_file("places.toml")
                .ok_or_else(|| "is missing from the built-in dataset".to_string())
                .and_then(text_of),
        };
        let mut corridors: Vec<SourceFile> = EMBEDDED_ROUTES
            .get_dir("corridors")
            .map(|dir| {
                dir.files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                    .map(|f| SourceFile {
                        name: format!("routes/{}", f.path().display()),
                        text: text_of(f),
                    })
                    .collect()
            })
            .unwrap_or_default();
        corridors.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            places,
            corridors,
            travel: embedded_file("travel.toml"),
            outlets: embedded_file("outlets.toml"),
            claims: embedded_file("claims.toml"),
        }
    }
}

/// A file of the built-in dataset, named as in the repository; `None` where it has
/// no such file.
fn embedded_file(rest: &str) -> Option<SourceFile> {
    EMBEDDED_ROUTES.get_file(rest).map(|file| SourceFile {
        name: format!("routes/{rest}"),
        text: decode(file.contents().to_vec()),
    })
}

/// The file name without directories or `.toml`: a corridor's expected id.
fn file_stem(name: &str) -> &str {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
}

/// Loads and validates a dataset, reporting every problem found.
pub fn load(files: &DatasetFiles) -> Result<Dataset, Problems> {
    let mut problems = Vec::new();

    let places_text = files.places.text.as_deref().unwrap_or("");
    let mut places_report = FileReport::new(&files.places.name, places_text);
    let valid = match &files.places.text {
        Err(why) => {
            places_report.file_error(
                why.clone(),
                Some("--routes must name a directory holding places.toml and corridors/".into()),
            );
            validate::ValidPlaces::new(Vec::new(), None)
        }
        Ok(text) => {
            let parsed = parse::parse_places(&mut places_report, text);
            validate::places(&mut places_report, parsed)
        }
    };
    problems.append(&mut places_report.problems);

    let mut reports = Vec::new();
    let mut pending = Vec::new();
    let mut seen_ids: Vec<(String, String)> = Vec::new();
    for file in &files.corridors {
        let text = file.text.as_deref().unwrap_or("");
        let mut report = FileReport::new(&file.name, text);
        match &file.text {
            Err(why) => report.file_error(why.clone(), None),
            Ok(text) => {
                if let Some((raw, segments)) = parse::parse_corridor(&mut report, text)
                    && let Some(corridor) = validate::corridor(
                        &mut report,
                        file_stem(&file.name),
                        raw,
                        segments,
                        &valid,
                    )
                {
                    if let Some((_, first)) =
                        seen_ids.iter().find(|(id, _)| *id == corridor.corridor.id)
                    {
                        report.file_error(
                            format!("duplicate corridor id `{}`", corridor.corridor.id),
                            Some(format!("{first} already uses it; ids must be unique")),
                        );
                    } else {
                        seen_ids.push((corridor.corridor.id.clone(), file.name.clone()));
                        pending.push(corridor);
                        // Keep reports aligned with `pending` for the linking step.
                        reports.push(report);
                        continue;
                    }
                }
            }
        }
        problems.append(&mut report.problems);
    }

    let travel = optional_file(&files.travel, &mut problems, |report, text| {
        parse::parse_travel(report, text)
            .map(|parsed| travel::travel(report, parsed, &valid))
            .unwrap_or_default()
    });
    let (outlets, declared_outlets) =
        optional_file(&files.outlets, &mut problems, |report, text| {
            let parsed = parse::parse_outlets(report, text);
            let declared: HashSet<String> =
                parsed.iter().map(|o| o.place.get_ref().clone()).collect();
            (outlets::outlets(report, parsed, &valid), declared)
        });

    let linked = validate::link_corridors(&mut reports, &valid.places, pending);
    for report in &mut reports {
        problems.append(&mut report.problems);
    }
    let no_corridors = Vec::new();
    let corridors = linked.as_ref().map_or(&no_corridors, |(c, _)| c);
    let declared_corridors: HashSet<String> = files
        .corridors
        .iter()
        .map(|f| file_stem(&f.name).to_string())
        .collect();
    let known = claims::Known {
        corridors,
        declared_corridors: &declared_corridors,
        outlets: &outlets,
        declared_outlets: &declared_outlets,
    };
    let claims = optional_file(&files.claims, &mut problems, |report, text| {
        let parsed = parse::parse_claims(report, text);
        claims::claims(report, parsed, &valid, &known)
    });
    match linked {
        Some((corridors, segments)) if problems.is_empty() => Ok(Dataset {
            places: valid.places,
            corridors,
            segments,
            travel,
            outlets,
            claims,
            ..Dataset::default()
        }),
        _ => {
            // Keep each file's problems in line order, files in the order read.
            let file_order: Vec<String> = problems.iter().map(|p| p.file.clone()).collect();
            problems.sort_by_key(|p| {
                let first = file_order.iter().position(|f| *f == p.file).unwrap_or(0);
                (first, p.position)
            });
            Problems(problems).into_result()
        }
    }
}

/// Reads an optional file with `read`, adding its problems to `problems`; a missing
/// file gives the default (nothing), an unreadable one a problem and the default.
fn optional_file<T: Default>(
    file: &Option<SourceFile>,
    problems: &mut Vec<Diagnostic>,
    read: impl FnOnce(&mut FileReport, &str) -> T,
) -> T {
    let Some(file) = file else {
        return T::default();
    };
    let text = file.text.as_deref().unwrap_or("");
    let mut report = FileReport::new(&file.name, text);
    let value = match &file.text {
        Err(why) => {
            report.file_error(why.clone(), None);
            T::default()
        }
        Ok(text) => read(&mut report, text),
    };
    problems.append(&mut report.problems);
    value
}

impl Problems {
    /// An empty list means the linking step failed without saying why, which would be
    /// a bug; report it rather than claim the data is fine.
    fn into_result<T>(self) -> Result<T, Problems> {
        if self.0.is_empty() {
            Err(Problems(vec![Diagnostic {
                file: "(dataset)".into(),
                position: None,
                message: "the dataset could not be linked".into(),
                hint: Some("please report this as a bug in corridors".into()),
            }]))
        } else {
            Err(self)
        }
    }
}

/// The base map of the dataset in `dir` where it has one, else the built-in one.
pub fn basemap(dir: Option<&Path>) -> Result<crate::basemap::Basemap, String> {
    let own = dir
        .map(|dir| dir.join(BASEMAP_FILE))
        .filter(|path| path.exists())
        .map(|path| read_file(&path, path.display().to_string()));
    let file = own
        .or_else(|| embedded_file(BASEMAP_FILE))
        .ok_or_else(|| format!("no base map: the dataset has no {BASEMAP_FILE}"))?;
    let text = file.text.map_err(|why| format!("{} {why}", file.name))?;
    crate::basemap::parse(&file.name, &text)
}

/// Loads the dataset in `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, Problems> {
    load(&DatasetFiles::from_dir(dir))
}

/// Loads the dataset compiled into the binary.
pub fn load_embedded() -> Result<Dataset, Problems> {
    load(&DatasetFiles::embedded())
}
