//! A dataset's files as read from a directory (`--routes DIR`): each file's name and
//! text, or why it has none, within the size limits. Nothing here parses.

use std::io::{self, Read};
use std::path::Path;

use super::diagnostic::{Diagnostic, FileReport};

/// One data file's name (as shown in messages) and its text, or why it could not be read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Result<String, FileError>,
}

impl SourceFile {
    /// A report for this file, holding its read error if it has no text, and the
    /// text to parse if it has.
    pub(super) fn report(&self) -> (FileReport<'_>, Option<&str>) {
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
    pub(super) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
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
/// only by the commands that draw maps: [`super::basemap`].)
#[derive(Debug, Clone)]
pub struct DatasetFiles {
    pub places: SourceFile,
    pub corridors: Vec<SourceFile>,
    pub travel: Option<SourceFile>,
    pub outlets: Option<SourceFile>,
    pub claims: Option<SourceFile>,
    pub evidence: Option<SourceFile>,
}

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
        io::ErrorKind::FileTooLarge => FileError::new(e.to_string(), "split it into smaller files"),
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
                    "takes the dataset over {}, the most a dataset may hold in all",
                    show_bytes(MAX_DATASET_BYTES)
                ),
                "split it into datasets, or import a large network with `corridors import osm`",
            ))
        }
        // A dataset file that large is a network rather than curated corridors.
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => Err(FileError::new(
            e.to_string(),
            "split it into smaller files; a large road network belongs in `corridors import osm`",
        )),
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
}
