//! Reads a dataset (`places.toml` and `corridors/*.toml`) into a validated
//! [`Dataset`], or reports every problem found, each with file:line:col and a hint.
//!
//! Two sources share one code path: a directory on disk (`--routes DIR`) and the
//! `routes/` directory compiled into the binary.

mod claims;
mod diagnostic;
mod evidence;
mod outlets;
mod pairs;
mod parse;
mod raw;
mod scenario;
mod syntax;
mod travel;
mod validate;

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::Path;

use include_dir::{Dir, include_dir};

pub use diagnostic::{Diagnostic, Problems, nearest, show_number, unusual_note};
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
    pub text: Result<String, FileError>,
}

impl SourceFile {
    /// A report for this file, holding its read error if it has no text, and the
    /// text to parse if it has.
    fn report(&self) -> (FileReport<'_>, Option<&str>) {
        let mut report = FileReport::new(&self.name, self.text.as_deref().unwrap_or(""));
        if let Err(why) = &self.text {
            report.problems.push(why.diagnostic(&self.name));
        }
        (report, self.text.as_deref().ok())
    }
}

/// Why a data file has no text to parse: it cannot be read, is too large, or is not
/// UTF-8 (then with the line and column of the first bad byte).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub message: String,
    /// 1-based line and column (in characters), where the problem has one.
    pub position: Option<(usize, usize)>,
    pub hint: Option<String>,
}

impl FileError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: None,
            hint: Some(hint.into()),
        }
    }

    /// The error as a located problem of the file `file`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            position: self.position,
            message: self.message.clone(),
            hint: self.hint.clone(),
        }
    }
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
    pub evidence: Option<SourceFile>,
}

/// Where the base map lies in a dataset directory.
const BASEMAP_FILE: &str = "basemap/countries.geojson";

/// Reads a file's bytes as UTF-8, saying at which line and column the first invalid
/// byte is.
pub fn decode(bytes: Vec<u8>) -> Result<String, FileError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The bytes before the bad one are valid UTF-8: its position is the end of
        // that text.
        let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        FileError {
            message: format!("is not valid UTF-8 (byte {valid_up_to} of the file)"),
            position: Some(FileReport::new("", before).position(before.len())),
            hint: Some("save the file as UTF-8; an editor's \"save with encoding\" does it".into()),
        }
    })
}

/// The most a data file may hold: 16 MiB. The format is for curated corridors (the
/// shipped dataset's TOML files take about 0.1 MB), and parsing with positions takes about 45 bytes
/// of memory per byte of TOML (1,000,000 segments: a 45 MB file, 2.0 GB peak), so a
/// file at the limit needs about 0.75 GB. Networks that large belong in
/// `corridors import osm`.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The most a scenario file (`--scenario FILE`) may hold: 1 MiB. A scenario is a
/// what-if of a few changes (the shipped ones take under 1 KB); 1 MiB holds about
/// 10,000 added segments, which `check` parses and applies in about 0.2 s and 40 MB.
/// Parsing takes its memory whole-file (75 bytes per byte for a file of short
/// entries), so a 3.8 MB scenario of 100,000 added segments needed 295 MB.
pub const MAX_SCENARIO_BYTES: u64 = 1024 * 1024;

/// The most a whole dataset may hold, all its files together: 32 MiB.
pub const MAX_DATASET_BYTES: u64 = 32 * 1024 * 1024;

/// Refuses a path that is neither a regular file nor a directory, before it is
/// opened: opening a named pipe waits for a writer, and a terminal (/dev/tty) for the
/// keyboard, perhaps forever; a device or socket is no data file either.
pub fn refuse_special_file(path: &Path) -> io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a device, a named pipe or a socket, not a file",
        ));
    }
    Ok(())
}

/// Reads the file at `path`, refusing one over `limit` bytes without reading past
/// it (so that a huge file, or a device such as /dev/zero, cannot exhaust memory).
/// A file over the limit gives an error of kind [`io::ErrorKind::FileTooLarge`].
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    refuse_special_file(path)?;
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory, where a file belongs",
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("is larger than {}, the most it may hold", show_bytes(limit)),
        ));
    }
    Ok(bytes)
}

/// "16 MiB", "1 MiB", "512 KiB": a limit as messages give it.
fn show_bytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// Reads the file at `path` as UTF-8 text of at most `limit` bytes; `hint` says
/// what the file should be, for when it is missing, a directory or unreadable.
/// Errors name no file: the caller knows it by the name it shows.
pub fn read_source(path: &Path, limit: u64, hint: &str) -> Result<String, FileError> {
    read_limited(path, limit)
        .map_err(|e| read_error(e, hint))
        .and_then(decode)
}

/// What [`read_limited`] met, as a file's problem with `hint` for a file that is
/// missing, a directory or unreadable.
fn read_error(e: io::Error, hint: &str) -> FileError {
    match e.kind() {
        io::ErrorKind::FileTooLarge => FileError::new(
            e.to_string(),
            "split it into smaller files; a large road network belongs in `corridors import osm`",
        ),
        io::ErrorKind::IsADirectory | io::ErrorKind::InvalidInput => {
            FileError::new(e.to_string(), hint)
        }
        _ => FileError::new(format!("cannot be read: {e}"), hint),
    }
}

/// Reads a data file of a dataset, taking its size from `budget` (the bytes the
/// dataset may still hold); read errors are kept as the file's error, to be
/// reported with every other problem.
fn read_file(path: &Path, name: String, budget: &mut u64, hint: &str) -> SourceFile {
    let limit = MAX_FILE_BYTES.min(*budget);
    let text = match read_limited(path, limit) {
        Ok(bytes) => {
            *budget -= bytes.len() as u64;
            decode(bytes)
        }
        // Over what the dataset has left, rather than over the one-file limit.
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge && limit < MAX_FILE_BYTES => {
            Err(FileError::new(
                format!(
                    "takes the dataset over {} MiB, the most a dataset may hold in all",
                    MAX_DATASET_BYTES / (1024 * 1024)
                ),
                "split it into datasets, or import a large network with `corridors import osm`",
            ))
        }
        Err(e) => Err(read_error(e, hint)),
    };
    SourceFile { name, text }
}

/// What a dataset's file should be, for when it cannot be read.
const DATASET_FILE_HINT: &str =
    "a dataset keeps a TOML file of this name here (routes/README.md gives the format)";

/// The `*.toml` files of `corridor_dir` in name order; a directory that cannot be
/// read, or holds none, stands as one file with that error.
fn corridor_files(corridor_dir: &Path, budget: &mut u64) -> Vec<SourceFile> {
    let problem = |error: FileError| {
        vec![SourceFile {
            name: corridor_dir.display().to_string(),
            text: Err(error),
        }]
    };
    let entries = match std::fs::read_dir(corridor_dir) {
        Ok(entries) => entries,
        Err(e) => {
            return problem(FileError::new(
                format!("cannot be read as a directory of corridor files: {e}"),
                "a dataset keeps one <id>.toml file per corridor in corridors/",
            ));
        }
    };
    let all: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    // `X.TOML` or `x.Toml` would be left out without a word: name it.
    if let Some(odd) = all.iter().find(|p| {
        p.extension()
            .is_some_and(|e| e != "toml" && e.eq_ignore_ascii_case("toml"))
    }) {
        return problem(FileError::new(
            format!(
                "holds {}, whose extension is not `.toml` in lower case",
                odd.display()
            ),
            "rename it to end in .toml; only <id>.toml files are read",
        ));
    }
    let mut paths: Vec<_> = all
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    if paths.is_empty() {
        return problem(FileError::new(
            "holds no corridor files (*.toml)",
            "add one <id>.toml file per corridor; routes/README.md gives the format",
        ));
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            read_file(&p, name, budget, DATASET_FILE_HINT)
        })
        .collect()
}

impl DatasetFiles {
    /// The files of the dataset in `dir`. Problems reading them are kept as the
    /// files' errors, to be reported with every other problem.
    pub fn from_dir(dir: &Path) -> Self {
        let shown = |rest: &str| dir.join(rest).display().to_string();
        let mut budget = MAX_DATASET_BYTES;
        let places = read_file(
            &dir.join("places.toml"),
            shown("places.toml"),
            &mut budget,
            "--routes must name a directory holding places.toml and corridors/",
        );
        let corridor_dir = dir.join("corridors");
        let corridors = corridor_files(&corridor_dir, &mut budget);
        let mut optional = |rest: &str| {
            let path = dir.join(rest);
            path.exists()
                .then(|| read_file(&path, shown(rest), &mut budget, DATASET_FILE_HINT))
        };
        Self {
            places,
            corridors,
            travel: optional("travel.toml"),
            outlets: optional("outlets.toml"),
            claims: optional("claims.toml"),
            evidence: optional("evidence.toml"),
        }
    }

    /// The dataset compiled into the binary, named as in the repository (`routes/...`).
    pub fn embedded() -> Self {
        let text_of = |file: &include_dir::File| decode(file.contents().to_vec());
        let places = SourceFile {
            name: "routes/places.toml".into(),
            text: EMBEDDED_ROUTES
                .get_file("places.toml")
                .ok_or_else(|| {
                    FileError::new(
                        "is missing from the built-in dataset",
                        "please report this as a bug in corridors",
                    )
                })
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
            evidence: embedded_file("evidence.toml"),
        }
    }
}

/// The example scenarios compiled into the binary (`routes/scenarios/<name>.toml`), by
/// name: `torkham-closed`, ...
pub fn builtin_scenario_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = EMBEDDED_ROUTES
        .get_dir("scenarios")
        .map(|dir| {
            dir.files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                .filter_map(|f| f.path().file_stem()?.to_str())
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable();
    names
}

/// The built-in scenario `name` (`torkham-closed`), named as in the repository, with
/// its text; `None` where no scenario of that name ships.
pub fn builtin_scenario(name: &str) -> Option<(String, String)> {
    let rest = format!("scenarios/{name}.toml");
    let file = embedded_file(&rest)?;
    Some((file.name, file.text.ok()?))
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

    // Parsing the corridor files needs no places: it runs on a thread of its own
    // while the places are read. (Each file's problems stay in the same order.)
    let (valid, parsed_corridors) = std::thread::scope(|scope| {
        let corridors = scope.spawn(|| {
            files
                .corridors
                .iter()
                .map(|file| {
                    let (mut report, text) = file.report();
                    let parsed = text.and_then(|text| parse::parse_corridor(&mut report, text));
                    (report, parsed)
                })
                .collect::<Vec<_>>()
        });
        let (mut places_report, places_text) = files.places.report();
        let valid = match places_text {
            None => validate::ValidPlaces::new(Vec::new(), None),
            Some(text) => {
                let parsed = parse::parse_places(&mut places_report, text);
                validate::places(&mut places_report, parsed)
            }
        };
        problems.append(&mut places_report.problems);
        let corridors = corridors
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (valid, corridors)
    });

    let mut reports = Vec::new();
    let mut pending = Vec::new();
    let mut seen_ids: Vec<(String, String)> = Vec::new();
    for (file, (mut report, parsed)) in files.corridors.iter().zip(parsed_corridors) {
        if let Some((raw, segments)) = parsed
            && let Some(corridor) =
                validate::corridor(&mut report, file_stem(&file.name), raw, segments, &valid)
        {
            if let Some((_, first)) = seen_ids.iter().find(|(id, _)| *id == corridor.corridor.id) {
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
        problems.append(&mut report.problems);
    }

    let travel = optional_file(&files.travel, &mut problems, |report, text| {
        parse::parse_travel(report, text)
            .map(|parsed| travel::travel(report, parsed, &valid))
            .unwrap_or_default()
    });
    let (outlets, declared_outlets) =
        optional_file(&files.outlets, &mut problems, |report, text| {
            let (parsed, declared) = parse::parse_outlets(report, text);
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
    let evidence = optional_file(&files.evidence, &mut problems, |report, text| {
        let parsed = parse::parse_evidence(report, text);
        evidence::evidence(report, parsed, &valid)
    });
    match linked {
        Some((corridors, segments)) if problems.is_empty() => {
            let mut data = Dataset {
                places: valid.places,
                corridors,
                segments,
                travel,
                outlets,
                claims,
                evidence,
                ..Dataset::default()
            };
            crate::lengths::estimate(&mut data);
            Ok(data)
        }
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
    let (mut report, text) = file.report();
    let value = text.map_or_else(T::default, |text| read(&mut report, text));
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
    // The base map is read on its own, so only the one-file limit applies.
    let own = dir
        .map(|dir| dir.join(BASEMAP_FILE))
        .filter(|path| path.exists())
        .map(|path| SourceFile {
            name: path.display().to_string(),
            text: read_source(
                &path,
                MAX_FILE_BYTES,
                "the base map is a GeoJSON file (routes/basemap/README.md)",
            ),
        });
    let Some(file) = own else {
        return Ok(embedded_basemap());
    };
    let text = file
        .text
        .map_err(|why| why.diagnostic(&file.name).to_string())?;
    crate::basemap::parse(&file.name, &text)
}

/// One country of the prepared base map: name, label point bits, ring lengths.
type PreparedCountry = (
    &'static str,
    Option<(u64, u64)>,
    &'static [&'static [usize]],
);

/// The built-in base map as build.rs prepared it (checked, its GeoJSON read, its
/// label points worked out): per country in file order, (name, label point as
/// (latitude bits, longitude bits), the coordinate count of each ring of each
/// polygon, exterior first).
const EMBEDDED_COUNTRIES: &[PreparedCountry] =
    include!(concat!(env!("OUT_DIR"), "/basemap_countries.rs"));
/// Its coordinates in that order, x then y, little-endian f64.
static EMBEDDED_COORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/basemap_coords.bin"));

/// The built-in base map: the same as parsing routes/basemap/countries.geojson (a
/// test holds it), from the form build.rs prepared.
fn embedded_basemap() -> crate::basemap::Basemap {
    use geo::{Coord, LineString, MultiPolygon, Polygon};
    let mut values = EMBEDDED_COORDS
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")));
    let mut coord = || Coord {
        x: values.next().expect("build.rs wrote every coordinate"),
        y: values.next().expect("build.rs wrote every coordinate"),
    };
    let countries = EMBEDDED_COUNTRIES
        .iter()
        .map(|&(name, _, polygons)| {
            let polygons = polygons.iter().map(|rings| {
                let mut rings = rings
                    .iter()
                    .map(|&n| LineString((0..n).map(|_| coord()).collect()));
                let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
                Polygon::new(exterior, rings.collect())
            });
            crate::basemap::Country::new(name.to_string(), MultiPolygon(polygons.collect()))
        })
        .collect();
    let map = crate::basemap::Basemap { countries };
    map.remember_label_points(&embedded_label_points());
    map
}

/// The built-in base map's label points, (name, point) per country in file order, as
/// build.rs worked them out when the binary was built.
pub fn embedded_label_points() -> Vec<(&'static str, Option<crate::model::LatLon>)> {
    EMBEDDED_COUNTRIES
        .iter()
        .map(|&(name, point, _)| {
            let point = point.map(|(lat, lon)| {
                crate::model::LatLon::new(f64::from_bits(lat), f64::from_bits(lon))
            });
            (name, point)
        })
        .collect()
}

/// Loads the dataset in `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, Problems> {
    load(&DatasetFiles::from_dir(dir))
}

/// Loads the dataset compiled into the binary.
pub fn load_embedded() -> Result<Dataset, Problems> {
    load(&DatasetFiles::embedded())
}
