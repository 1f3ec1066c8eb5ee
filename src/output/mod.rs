//! Writers for tables and JSON over any [`Write`]. They produce bytes; the command
//! layer alone decides whether those go to stdout or to a file.

pub mod aligned;
pub mod analysis;
pub mod answer;
pub mod answers;
pub mod document;
pub mod export;
pub mod geojson;
pub mod routes;
pub mod schema;
pub mod tables;
pub mod wrap;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

/// The output formats of the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal, at most 100 characters wide.
    #[default]
    Table,
    /// A GitHub-flavoured Markdown table, to paste into a document.
    Markdown,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON, one object per answer, with units in the field names (`distance_km`).
    Json,
    /// GeoJSON (RFC 7946, lon/lat): a FeatureCollection of a route's legs. `route` only.
    Geojson,
}

/// The text formats: what a person reads (`Table`, `Markdown`) or a spreadsheet opens
/// (`Csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Table,
    Markdown,
    Csv,
}

/// The widest a `table` may be, in columns.
pub const TABLE_WIDTH: u16 = 100;

/// A table of text cells: the one shape that `table`, `markdown` and `csv` render.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns to align right (numbers).
    pub numeric: Vec<bool>,
}

/// A column of a [`TextTable`], by its header: text, or numbers (aligned right, and
/// written as plain numbers in CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column<'h> {
    Text(&'h str),
    Number(&'h str),
}

impl TextTable {
    pub fn new(columns: &[Column]) -> Self {
        Self {
            headers: columns
                .iter()
                .map(|c| match c {
                    Column::Text(h) | Column::Number(h) => h.to_string(),
                })
                .collect(),
            rows: Vec::new(),
            numeric: columns
                .iter()
                .map(|c| matches!(c, Column::Number(_)))
                .collect(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }
}

/// Renders `table` in a text format.
pub fn write_table(out: &mut dyn Write, table: &TextTable, format: TextFormat) -> io::Result<()> {
    match format {
        TextFormat::Table => write_aligned(out, table),
        TextFormat::Markdown => write_markdown(out, table),
        TextFormat::Csv => write_csv(out, table),
    }
}

/// Renders `table`, and for a terminal (`TextFormat::Table`) a note under it; the
/// other formats stay pure data for scripts.
pub fn write_table_with_note(
    out: &mut dyn Write,
    table: &TextTable,
    format: TextFormat,
    note: &str,
) -> io::Result<()> {
    write_table(out, table, format)?;
    if format == TextFormat::Table {
        // The note keeps to the table's width, as the table does.
        let mut text = String::from("\n");
        push_wrapped(&mut text, "", "", note);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Appends `body` wrapped to the table's width (first fit, see [`wrap`]), the first
/// line indented by `first_indent`, the rest by `rest_indent`: the text under and
/// beside a table keeps to the table's width.
pub(crate) fn push_wrapped(text: &mut String, first_indent: &str, rest_indent: &str, body: &str) {
    wrap::wrap_into(
        text,
        body,
        first_indent,
        rest_indent,
        usize::from(TABLE_WIDTH),
    );
}

fn write_aligned(out: &mut dyn Write, table: &TextTable) -> io::Result<()> {
    match aligned::fitting(table, usize::from(TABLE_WIDTH)) {
        Some(text) => out.write_all(text.as_bytes()),
        None => write_aligned_comfy(out, table),
    }
}

/// `table` laid out by comfy-table, which wraps cells to keep it within
/// [`TABLE_WIDTH`].
pub(crate) fn write_aligned_comfy(out: &mut dyn Write, table: &TextTable) -> io::Result<()> {
    let mut rendered = Table::new();
    rendered
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(TABLE_WIDTH)
        .set_header(&table.headers);
    for row in &table.rows {
        rendered.add_row(row);
    }
    let (longest_words, widest_cells) = longest_words_and_cells(table);
    // Where cells must wrap, wrap at spaces rather than cut an id
    // (`china-kyrgyzstan-uzbekistan-railway`) in two, if the table's longest words
    // fit side by side at all.
    let columns_wide = |widths: &[usize]| widths.iter().map(|w| w + 1).sum::<usize>();
    let keep_words = columns_wide(&widest_cells) > TABLE_WIDTH.into()
        && columns_wide(&longest_words) <= TABLE_WIDTH.into();
    for (i, numeric) in table.numeric.iter().enumerate() {
        if let Some(column) = rendered.column_mut(i) {
            // One space between columns keeps wide tables within 100 columns; a
            // column's width boundary counts it.
            column.set_padding((0, 1));
            if *numeric {
                column.set_cell_alignment(CellAlignment::Right);
            }
            if keep_words && let Ok(width) = u16::try_from(longest_words[i] + 1) {
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
            }
        }
    }
    for line in rendered.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Each column's longest word and widest cell (header included), in characters as
/// the terminal shows them.
fn longest_words_and_cells(table: &TextTable) -> (Vec<usize>, Vec<usize>) {
    let mut words = vec![0; table.headers.len()];
    let mut cells = vec![0; table.headers.len()];
    let rows = std::iter::once(&table.headers).chain(&table.rows);
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(words.len()) {
            let word = cell.split_whitespace().map(wrap::columns).max();
            words[i] = words[i].max(word.unwrap_or(0));
            cells[i] = cells[i].max(cell.lines().map(wrap::columns).max().unwrap_or(0));
        }
    }
    (words, cells)
}

/// Escapes a Markdown table cell.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn write_markdown(out: &mut dyn Write, table: &TextTable) -> io::Result<()> {
    let header: Vec<String> = table.headers.iter().map(|h| markdown_cell(h)).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = table
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

fn write_csv(out: &mut dyn Write, table: &TextTable) -> io::Result<()> {
    let table = plain_numbers(table);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&table.headers).map_err(csv_io)?;
    for row in &table.rows {
        writer.write_record(row).map_err(csv_io)?;
    }
    writer.flush()
}

/// A numeric cell as a spreadsheet reads a number: no thousands separators, an ASCII
/// minus, no sign on positives, no unit; "—" (no value) becomes an empty cell. A
/// range "790–813" gives its two ends. `None` where the cell holds no number.
fn plain_number(cell: &str) -> Option<Vec<String>> {
    let text = cell.trim();
    if text.is_empty() || text == "—" {
        return Some(vec![String::new()]);
    }
    let one = |part: &str| -> Option<String> {
        let part = part
            .trim()
            .trim_start_matches('±')
            .trim_end_matches('%')
            .replace(',', "")
            .replace('\u{2212}', "-");
        let part = part.strip_prefix('+').unwrap_or(&part).to_string();
        part.parse::<f64>().ok().map(|_| part)
    };
    match text.split_once('–') {
        Some((low, high)) => Some(vec![one(low)?, one(high)?]),
        None => Some(vec![one(text)?]),
    }
}

/// `table` with its numeric columns in plain numbers ([`plain_number`]) for CSV: a
/// column whose cells carry "%" says so in its header, and a column that holds ranges
/// splits into "… low" and "… high". A column with a cell that is no number is kept
/// as text.
fn plain_numbers(table: &TextTable) -> TextTable {
    let mut columns: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for (c, header) in table.headers.iter().enumerate() {
        let cells: Vec<&str> = table.rows.iter().map(|r| r[c].as_str()).collect();
        let parsed: Option<Vec<Vec<String>>> = table.numeric[c]
            .then(|| cells.iter().map(|cell| plain_number(cell)).collect())
            .flatten();
        let Some(parsed) = parsed else {
            let column = cells.iter().map(|cell| vec![cell.to_string()]).collect();
            columns.push((vec![header.clone()], column));
            continue;
        };
        let percent = cells.iter().any(|cell| cell.trim_end().ends_with('%'));
        let header = if percent && !header.contains('%') {
            format!("{header} (%)")
        } else {
            header.clone()
        };
        if parsed.iter().any(|p| p.len() == 2) {
            let column = parsed
                .into_iter()
                .map(|p| match p.as_slice() {
                    [one] => vec![one.clone(), one.clone()],
                    _ => p,
                })
                .collect();
            columns.push((
                vec![format!("{header} low"), format!("{header} high")],
                column,
            ));
        } else {
            columns.push((vec![header], parsed));
        }
    }
    let mut plain = TextTable {
        headers: columns.iter().flat_map(|(h, _)| h.clone()).collect(),
        rows: vec![Vec::new(); table.rows.len()],
        numeric: Vec::new(),
    };
    plain.numeric = vec![true; plain.headers.len()];
    for (_, cells) in &columns {
        for (row, cell) in plain.rows.iter_mut().zip(cells) {
            row.extend(cell.iter().cloned());
        }
    }
    plain
}

/// The I/O error inside a csv error as it is, so that its kind (a broken pipe, say)
/// survives; csv's own conversion makes every error `Other`.
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        kind => io::Error::other(format!("writing CSV: {kind:?}")),
    }
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The directory `path` will be written into, if it is one: an error that names
/// it otherwise (rather than the temporary file's name), and when `path` is a
/// directory itself, a `.toml` file, or lies in a dataset directory (so that no
/// output lands in routes/ by accident).
pub fn check_output_dir(path: &Path) -> io::Result<&Path> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Data first: an output aimed into a dataset is refused whatever else is wrong.
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a .toml file, and those are data: corridors never writes one; give another name",
        ));
    }
    check_outside_datasets(dir)?;
    if !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "directory {} does not exist; create it first",
                dir.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory; give a file name",
        ));
    }
    Ok(dir)
}

/// An error unless `dir` lies outside every dataset: neither it nor any directory
/// above it (symbolic links resolved) holds places.toml and corridors/, as routes/
/// does. `dir` need not exist yet.
pub fn check_outside_datasets(dir: &Path) -> io::Result<()> {
    let absolute = std::path::absolute(dir)?;
    // The nearest part of the path that exists, with its links resolved; the parts
    // below it are yet to be made, so hold nothing.
    let existing = absolute
        .ancestors()
        .find_map(|a| a.canonicalize().ok())
        .unwrap_or(absolute);
    match existing.ancestors().find(|d| is_dataset_dir(d)) {
        None => Ok(()),
        Some(dataset) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is in the dataset {} (it holds places.toml and corridors/), and corridors writes nothing into a dataset; give a directory outside it",
                dir.display(),
                dataset.display()
            ),
        )),
    }
}

/// True for a directory holding a dataset (places.toml and corridors/), such as
/// routes/: outputs never go there or into its subdirectories.
fn is_dataset_dir(dir: &Path) -> bool {
    dir.join("places.toml").is_file() && dir.join("corridors").is_dir()
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it, then renamed
/// over it, so a reader never sees a half-written file and a killed run leaves the
/// old file or none.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// The files this run reads (a scenario, a pairs file, a network), by identity, so
/// that no output replaces one of them under another spelling of its name.
static INPUTS: std::sync::Mutex<Vec<FileIdentity>> = std::sync::Mutex::new(Vec::new());

/// A file's device and inode: the same file whatever the path that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    device: u64,
    inode: u64,
}

impl FileIdentity {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }

    #[cfg(not(unix))]
    fn of(_path: &Path) -> Option<Self> {
        None
    }
}

/// Whether standard output was closed when the process started (`>&-`), as the
/// binary found before Rust's runtime put /dev/null in its place (src/main.rs).
static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Records whether standard output was closed when the process started.
pub fn set_stdout_closed_at_start(closed: bool) {
    STDOUT_CLOSED_AT_START.store(closed, std::sync::atomic::Ordering::Relaxed);
}

/// Whether standard output was closed when the process started: writing to it then
/// fails rather than vanish into the /dev/null the runtime put in its place. A
/// stdout sent to /dev/null on purpose, even opened read-write (Python's
/// `subprocess.DEVNULL`), is open, and no error.
pub fn stdout_was_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

/// Marks `path` as an input of this run: [`write_atomic`] then refuses to write over
/// it, by whatever name.
pub fn protect_input(path: &Path) {
    if let Some(identity) = FileIdentity::of(path) {
        INPUTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(identity);
    }
}

/// An error where `path` is a file this run reads.
fn refuse_input(path: &Path) -> io::Result<()> {
    let Some(identity) = FileIdentity::of(path) else {
        return Ok(());
    };
    let inputs = INPUTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if inputs.contains(&identity) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is a file this command reads; give the output another name",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Like [`write_atomic`], for output too large to build in memory first: `write`
/// streams it into the temporary file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    stage(path, write)?.commit()
}

/// Writes a set of files into `dir` as one: each is written whole into a temporary
/// file beside its place (all at once, on threads), and only when all are written
/// are they renamed into place, one after another, then `report.manifest.json`
/// (their names, sizes and CRC-32 checksums). A run killed or failing while writing leaves the old set untouched; a
/// stale temporary file a killed run left (`.corridors-PID-*.partial`, whose process
/// is gone) is removed first.
pub fn write_set(dir: &Path, files: &[(&str, &[u8])]) -> io::Result<Vec<PathBuf>> {
    remove_stale_partials(dir);
    // No time: the same report gives the same bytes. The checksums tell whether the
    // files beside it are the ones it names.
    let manifest = set_manifest(files);
    let manifest_path = dir.join(MANIFEST_FILE);
    let mut paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let mut contents: Vec<&[u8]> = files.iter().map(|(_, bytes)| *bytes).collect();
    paths.push(manifest_path);
    contents.push(manifest.as_bytes());
    // Each file is written and flushed to disk (fsync) on a thread of its own: the
    // flushes then wait on the disk together, where one after another they took
    // most of `report`'s time on a busy disk (18 of them, 3 ms each).
    let staged: Vec<io::Result<Staged>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .zip(&contents)
            .map(|(path, bytes)| scope.spawn(move || stage(path, |out| out.write_all(bytes))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    // Any failure leaves every file as it was: the temporary files go with `staged`.
    let staged: Vec<Staged> = staged.into_iter().collect::<io::Result<_>>()?;
    // In order, the manifest last.
    for file in staged {
        file.commit()?;
    }
    Ok(paths)
}

/// `report.manifest.json` for `files`: their names, sizes and CRC-32 checksums.
fn set_manifest(files: &[(&str, &[u8])]) -> String {
    let manifest = serde_json::json!({
        "written_by": format!("corridors {}", env!("CARGO_PKG_VERSION")),
        "files": files
            .iter()
            .map(|(name, bytes)| serde_json::json!({
                "name": name,
                "bytes": bytes.len(),
                "crc32": format!("{:08x}", crc32fast::hash(bytes)),
            }))
            .collect::<Vec<_>>(),
    });
    format!("{manifest:#}\n")
}

/// The file [`write_set`] writes last, naming the files of the set.
pub const MANIFEST_FILE: &str = "report.manifest.json";

/// An output written but not yet in place.
enum Staged {
    /// Written straight into a device, FIFO or socket: nothing left to do.
    Done,
    /// Written into a temporary file, renamed over `path` on commit.
    Temporary {
        file: tempfile::NamedTempFile,
        path: PathBuf,
    },
}

impl Staged {
    fn commit(self) -> io::Result<()> {
        match self {
            Staged::Done => Ok(()),
            Staged::Temporary { file, path } => {
                file.persist(path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

/// Removes the temporary files of runs that are gone from `dir`: their names hold
/// their process id, and a process that is gone has no /proc entry. Where there is
/// no /proc, a temporary file a day old is taken as a killed run's.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let proc_exists = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(".corridors-") else {
            continue;
        };
        if !name.ends_with(".partial") {
            continue;
        }
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if proc_exists => !Path::new(&format!("/proc/{pid}")).exists(),
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600),
        };
        if gone && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes an output into its temporary file (or straight into a device).
fn stage(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Staged> {
    refuse_input(path)?;
    // Found now, not when the file is renamed over it: in a set, the files before
    // it would be in place already.
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a directory; give a file name", path.display()),
        ));
    }
    // Atomic replacement is for regular files. A device, a FIFO or a socket (/dev/null,
    // /dev/stdout, a named pipe) is written into as it is, never replaced by a file;
    // a symbolic link is followed, so the file it points to is replaced, not the link.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut buffered = io::BufWriter::new(&mut file);
        write(&mut buffered)?;
        buffered.flush()?;
        return Ok(Staged::Done);
    }
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(target) => target,
            // A dangling link: refuse rather than replace the link.
            Err(error) => {
                return Err(io::Error::new(
                    error.kind(),
                    format!(
                        "{} is a symbolic link to nothing; remove it or give another path",
                        path.display()
                    ),
                ));
            }
        },
        _ => path.to_path_buf(),
    };
    let dir = check_output_dir(&path)?;
    // Named so that one left by a killed run says what it is, and whose it was.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".corridors-{}-", std::process::id()))
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's message names the temporary file; the user knows the directory.
            let reason = e.raw_os_error().map_or_else(
                || e.kind().to_string(),
                |code| io::Error::from_raw_os_error(code).to_string(),
            );
            io::Error::new(
                e.kind(),
                format!(
                    "cannot create a file in {}: {reason}; give a directory you may write to",
                    dir.display()
                ),
            )
        })?;
    // A temporary file is private (0600 on Unix); give the output the permissions
    // of the file it replaces, or those a plain new file has.
    if let Some(permissions) = std::fs::metadata(&path)
        .ok()
        .map(|m| m.permissions())
        .or_else(new_file_permissions)
    {
        temp.as_file().set_permissions(permissions)?;
    }
    {
        let mut buffered = io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.as_file().sync_all()?;
    Ok(Staged::Temporary { file: temp, path })
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a temporary file is not private: keep what it was made with.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Escapes text for XML and HTML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 16);
    push_escaped_xml(&mut escaped, text);
    escaped
}

/// Appends `text` to `out` escaped as [`escape_xml`] escapes it, in one pass over
/// its bytes; runs with nothing to escape are copied whole. Text with a control
/// character takes the slow way through [`printable`].
pub fn push_escaped_xml(out: &mut String, text: &str) {
    // The bytes that may need more than copying: the four escaped, the C0 controls
    // and DEL, and 0xC2, which leads the C1 controls (U+0080 to U+009F) and the
    // harmless U+00A0 to U+00BF ("°", "±").
    const ATTENTION: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = b != b'\n' as usize && b != b'\t' as usize;
            b += 1;
        }
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'&' as usize] = true;
        table[b'"' as usize] = true;
        table[0x7f] = true;
        table[0xc2] = true;
        table
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !ATTENTION[usize::from(b)] {
            continue;
        }
        let escape = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            // 0xC2 before U+00A0 to U+00BF.
            _ if !control_starts_at(bytes, i) => continue,
            _ => return push_escaped_slowly(out, text, start),
        };
        out.push_str(&text[start..i]);
        out.push_str(escape);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// The rest of [`push_escaped_xml`] from byte `start` of `text`, a character at a
/// time, control characters written as escapes.
fn push_escaped_slowly(out: &mut String, text: &str, start: usize) {
    for c in printable(&text[start..]).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
}

/// `text` with each control character but tabs and line breaks written as an escape
/// (`\u{1b}`): a user's text echoed to a terminal (a place asked for, a file name,
/// a title) must not clear the screen or retitle the window, and XML cannot hold
/// those characters at all. The data files refuse them at load.
///
/// ```
/// assert_eq!(corridors::output::printable("dush\u{1b}[2Janbe"), "dush\\u{1b}[2Janbe");
/// assert_eq!(corridors::output::printable("Kabul\tKandahar\n"), "Kabul\tKandahar\n");
/// assert_eq!(corridors::output::printable("a\u{85}b\u{7f}–"), "a\\u{85}b\\u{7f}–");
/// ```
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| c.is_control() && c != '\n' && c != '\t';
    let bytes = text.as_bytes();
    if !(0..bytes.len()).any(|i| control_starts_at(bytes, i)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a control character other than a tab or a line break starts at byte `i`
/// of the UTF-8 `bytes`, as `char::is_control` would say: C0 and DEL, and C1 (U+0080
/// to U+009F) as 0xC2 0x80..=0x9F. 0xC2 only ever leads a character.
fn control_starts_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\t' => false,
        b if b < 0x20 || b == 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        _ => false,
    }
}

/// An optional value, or an em dash where there is none.
pub fn or_dash<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "—".to_string(), show)
}

#[cfg(test)]
mod tests {
    /// The byte-wise test for control characters agrees with `char::is_control` on
    /// every character, alone and between others.
    #[test]
    fn escaping_agrees_with_a_character_at_a_time() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a<{c}é&\"{c}>");
            let mut fast = String::new();
            super::push_escaped_xml(&mut fast, &text);
            let mut slow = String::new();
            super::push_escaped_slowly(&mut slow, &text, 0);
            assert_eq!(fast, slow, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn printable_finds_every_control_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let control = c.is_control() && c != '\n' && c != '\t';
            let text = format!("a{c}é");
            let changed = matches!(super::printable(&text), std::borrow::Cow::Owned(_));
            assert_eq!(changed, control, "U+{:04X}", u32::from(c));
        }
    }
}
