//! Problems found in the data files, each located by file, line and column.

use std::fmt;
use std::ops::Range;

/// One problem in one data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user knows it (`routes/places.toml`).
    pub file: String,
    /// 1-based line and column (in characters); `None` for a problem with the file
    /// as a whole, such as one that cannot be read.
    pub position: Option<(usize, usize)>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{}:{}: {}", self.file, line, col, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem the loader found; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Diagnostic>);

/// How many problems are printed; the rest are counted. A file of 100,000 bad lines
/// (a CSV given as a scenario) once printed 178,107 of them.
pub const MAX_PROBLEMS_SHOWN: usize = 100;

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().take(MAX_PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        let count = self.0.len();
        if count > MAX_PROBLEMS_SHOWN {
            write!(
                f,
                "\n... and {} more problems, not shown: fix the first ones and run again",
                count - MAX_PROBLEMS_SHOWN
            )?;
        }
        write!(
            f,
            "\n{count} problem{} found",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Problems {}

/// One file's text with a way to turn byte offsets into line and column, and the
/// problems found in it so far.
pub struct FileReport<'a> {
    pub file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> FileReport<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            file,
            text,
            line_starts,
            problems: Vec::new(),
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        // A span may start inside a multi-byte character only if the parser says so;
        // fall back to the byte count rather than panic.
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count());
        (line_index + 1, column + 1)
    }

    /// Whether a problem recorded now could still be printed, so is worth a "did
    /// you mean" (which compares a word with every candidate: a hint for each of
    /// 10,000 unknown ids made loading quadratic).
    pub fn wants_suggestion(&self) -> bool {
        self.problems.len() < MAX_PROBLEMS_SHOWN
    }

    /// The candidate nearest to `word`, where a "did you mean" is still worth it
    /// ([`Self::wants_suggestion`]).
    pub fn suggestion<'c>(
        &self,
        word: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<&'c str> {
        self.wants_suggestion()
            .then(|| nearest(word, candidates))
            .flatten()
    }

    /// Records a problem at the start of `span`.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        let position = Some(self.position(span.start));
        self.problems.push(Diagnostic {
            file: self.file.to_string(),
            position,
            message: message.into(),
            hint,
        });
    }

    /// Records a problem with the file as a whole.
    pub fn file_error(&mut self, message: impl Into<String>, hint: Option<String>) {
        self.problems.push(Diagnostic {
            file: self.file.to_string(),
            position: None,
            message: message.into(),
            hint,
        });
    }

    /// Records a TOML syntax or type error as the parser reported it.
    pub fn toml_error(&mut self, error: &toml::de::Error, hint: Option<String>) {
        let message = error.message().trim().to_string();
        match error.span() {
            Some(span) => self.error(span, message, hint),
            None => self.file_error(message, hint),
        }
    }
}

/// A number as a message quotes it: `1e308` rather than its 309 digits.
pub fn show_number(value: f64) -> String {
    let size = value.abs();
    if size.is_finite() && (size >= 1e15 || (size != 0.0 && size < 1e-6)) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn nearest<'c, I>(word: &str, candidates: I) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &lower_case(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `text` in lower case, copied only where it has upper-case letters (ids have none).
fn lower_case(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
