//! TOML syntax errors found in memory bounded by a window, not by the file.
//!
//! The `toml` crate lexes a whole document into tokens and events before it reports
//! anything, and keeps every error: a 12 MB file of `= = =` lines took 39 s and
//! 3.5 GB to say it was not TOML. This pass lexes the text as a stream and parses
//! it a window at a time (each window ends at a line break outside brackets, where
//! a TOML statement ends), keeping the first errors and counting the rest. Only a
//! text without syntax errors goes on to the full parse.

use std::ops::Range;

use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{RecursionGuard, ValidateWhitespace, parse_document};
use toml_parser::{ErrorSink, ParseError, Source};

/// Tokens a window gathers before it ends at the next statement boundary.
const WINDOW_TOKENS: usize = 1 << 16;
/// Tokens a window may hold before it ends at the next line break even inside
/// brackets (an unclosed `[` would otherwise make the whole file one window).
const MAX_WINDOW_TOKENS: usize = 1 << 20;
/// The nesting depth the `toml` crate allows (its `LIMIT`), so that this pass
/// reports what the full parse would.
const MAX_DEPTH: u32 = 80;

/// One syntax error: where, and what the parser expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offsets into the text; `None` where the parser gives no position.
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// The first `keep` syntax errors of `text`, in order, and how many there are in
/// all.
pub fn syntax_errors(text: &str, keep: usize) -> (Vec<SyntaxError>, usize) {
    let source = Source::new(text);
    let mut sink = FirstErrors {
        kept: Vec::new(),
        keep,
        count: 0,
    };
    let mut window: Vec<Token> = Vec::with_capacity(WINDOW_TOKENS);
    let mut depth: i64 = 0;
    for token in source.lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth -= 1,
            _ => {}
        }
        let last = token.kind() == TokenKind::Eof;
        window.push(token);
        let boundary = token.kind() == TokenKind::Newline
            && (depth <= 0 && window.len() >= WINDOW_TOKENS || window.len() >= MAX_WINDOW_TOKENS);
        if boundary || last {
            parse_window(source, &window, &mut sink);
            window.clear();
            depth = 0;
        }
    }
    (sink.kept, sink.count)
}

fn parse_window(source: Source<'_>, tokens: &[Token], sink: &mut FirstErrors) {
    let mut events = ();
    let mut whitespace = ValidateWhitespace::new(&mut events, source);
    let mut receiver = RecursionGuard::new(&mut whitespace, MAX_DEPTH);
    parse_document(tokens, &mut receiver, sink);
}

/// Keeps the first errors, counts all.
struct FirstErrors {
    kept: Vec<SyntaxError>,
    keep: usize,
    count: usize,
}

impl ErrorSink for FirstErrors {
    fn report_error(&mut self, error: ParseError) {
        self.count += 1;
        if self.kept.len() < self.keep {
            self.kept.push(SyntaxError {
                span: error.unexpected().map(|span| span.start()..span.end()),
                message: message(&error),
            });
        }
    }
}

/// The message as the `toml` crate words it: "invalid key, expected `=`".
fn message(error: &ParseError) -> String {
    let mut message = error.description().to_string();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, expected) in expected.iter().enumerate() {
            if i != 0 {
                message.push_str(", ");
            }
            match expected {
                toml_parser::Expected::Literal("\n") => message.push_str("newline"),
                toml_parser::Expected::Literal(literal) => {
                    message.push_str(&format!("`{}`", literal.escape_debug()));
                }
                toml_parser::Expected::Description(description) => message.push_str(description),
                _ => message.push_str("etc"),
            }
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    type Found = Vec<(Option<Range<usize>>, String)>;

    /// The reference: the same parser over the whole text at once, as the `toml`
    /// crate runs it.
    fn whole(text: &str) -> Found {
        let source = Source::new(text);
        let tokens = source.lex().into_vec();
        let mut sink = FirstErrors {
            kept: Vec::new(),
            keep: usize::MAX,
            count: 0,
        };
        parse_window(source, &tokens, &mut sink);
        sink.kept.into_iter().map(|e| (e.span, e.message)).collect()
    }

    /// What the `toml` crate reports, syntax and decoding together.
    fn toml_errors(text: &str) -> Found {
        toml::de::DeTable::parse_recoverable(text)
            .1
            .iter()
            .map(|e| (e.span(), e.message().trim().to_string()))
            .collect()
    }

    fn windowed(text: &str) -> Found {
        let (kept, count) = syntax_errors(text, usize::MAX);
        assert_eq!(kept.len(), count);
        kept.into_iter().map(|e| (e.span, e.message)).collect()
    }

    const BROKEN: [&str; 9] = [
        "a = 1\n",
        "= = =\n",
        "a = \n",
        "a = [1, 2\nb = 3\n",
        "[[segment]\nfrom = \"x\"\n",
        "a = { b = 1\n",
        "a = 1 2\n[t]\nb = '\n",
        "a = \"\u{7}\"\n",
        "a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    ];

    #[test]
    fn each_error_found_is_one_the_toml_crate_reports() {
        // The toml crate also reports what it finds decoding keys and values, after
        // the syntax: those come from the full parse, which runs when this finds
        // nothing.
        for text in BROKEN {
            let found = windowed(text);
            let reported = toml_errors(text);
            for error in &found {
                assert!(
                    reported.contains(error),
                    "{text:?}: {error:?} not in {reported:?}"
                );
            }
        }
    }

    #[test]
    fn a_long_text_is_parsed_in_windows_with_the_errors_of_one_parse() {
        // Valid statements across many windows, multi-line arrays spanning a
        // window's end, and errors spread through: the windows must neither add
        // an error at their seams nor lose one.
        let mut text = String::new();
        for i in 0..40_000 {
            text.push_str(&format!(
                "[[segment]]\nfrom = \"p{i}\"\nshape = [\n  [1.0, 2.0],\n  [3.0, 4.0],\n]\n"
            ));
            if i % 997 == 0 {
                text.push_str("to = = \"x\"\n");
            }
        }
        let found = windowed(&text);
        assert!(found.len() >= 41, "{}", found.len());
        assert_eq!(found, whole(&text));
        for text in BROKEN {
            assert_eq!(windowed(text), whole(text), "{text:?}");
        }
    }

    #[test]
    fn only_the_first_are_kept_and_all_counted() {
        let text = "= = =\n".repeat(30_000);
        let reference = whole(&text);
        let (kept, count) = syntax_errors(&text, 100);
        assert_eq!(count, reference.len());
        let kept: Found = kept.into_iter().map(|e| (e.span, e.message)).collect();
        assert_eq!(kept, reference[..100]);
    }
}
