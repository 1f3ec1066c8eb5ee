//! Line wrapping for the text under a table: first fit on spaces.
//!
//! `compare` prints 167 KB of details under its table; textwrap's default (optimal
//! fit, with Unicode line breaking) took 93 M of the command's 109 M instructions.
//! First fit reads as well for notes and sources, and costs a pass over the text.

/// The columns `text` takes in a terminal (a zero-width joiner takes none, a
/// Chinese character two), as textwrap measures text without escape sequences;
/// ASCII needs no lookup.
pub fn columns(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().map(char_columns).sum()
    }
}

/// Appends `body` to `out` in lines of at most `width` columns, each ending in a
/// line break: the first line starts with `first_indent`, every other one with
/// `rest_indent`. Each line takes words (split at spaces, a run of spaces counting
/// as one) while the next one fits; a word longer than a whole line is cut between
/// characters. A line break in `body` starts a new line. No line ends in a space.
pub fn wrap_into(
    out: &mut String,
    body: &str,
    first_indent: &str,
    rest_indent: &str,
    width: usize,
) {
    let mut indent = first_indent;
    for paragraph in body.split('\n') {
        if paragraph.contains("  ") {
            wrap_words(out, paragraph, indent, rest_indent, width);
        } else {
            wrap_lines(out, paragraph, indent, rest_indent, width);
        }
        indent = rest_indent;
    }
}

/// The columns of one character, as [`columns`] counts them.
fn char_columns(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// One paragraph with single spaces, wrapped as [`wrap_words`] would but a line at a
/// time: each line ends at the last space before the first character that does not
/// fit, so words need no measuring one by one.
fn wrap_lines(out: &mut String, paragraph: &str, indent: &str, rest_indent: &str, width: usize) {
    let mut rest = paragraph.trim_matches(' ');
    let mut line_indent = indent;
    loop {
        let room = width.saturating_sub(columns(line_indent));
        // Where the first character that does not fit starts (no character takes
        // more columns than bytes, so a short rest fits without measuring, and an
        // ASCII stretch needs no measuring either).
        let end = if rest.len() <= room {
            rest.len()
        } else if rest.as_bytes()[..=room].is_ascii() {
            room
        } else {
            let mut used = 0;
            rest.char_indices()
                .find(|&(_, c)| {
                    used += char_columns(c);
                    used > room
                })
                .map_or(rest.len(), |(at, _)| at)
        };
        if end == rest.len() {
            if rest.is_empty() {
                out.push_str(line_indent.trim_end());
            } else {
                out.push_str(line_indent);
                out.push_str(rest);
            }
            out.push('\n');
            return;
        }
        out.push_str(line_indent);
        let space = if rest.as_bytes()[end] == b' ' {
            Some(end)
        } else {
            rest.as_bytes()[..end].iter().rposition(|&b| b == b' ')
        };
        let (line, next) = match space {
            Some(space) if space > 0 => (&rest[..space], &rest[space + 1..]),
            // A word longer than the line: cut it, after one character at least.
            _ => {
                let cut = if end > 0 {
                    end
                } else {
                    rest.chars().next().map_or(0, char::len_utf8)
                };
                let (line, next) = rest.split_at(cut);
                (line, next.strip_prefix(' ').unwrap_or(next))
            }
        };
        out.push_str(line);
        out.push('\n');
        if next.is_empty() {
            return;
        }
        rest = next;
        line_indent = rest_indent;
    }
}

/// One paragraph (no line break in it), a word at a time: any text.
fn wrap_words(out: &mut String, paragraph: &str, indent: &str, rest_indent: &str, width: usize) {
    let rest_columns = columns(rest_indent);
    let mut line_start = out.len();
    out.push_str(indent);
    let mut used = columns(indent);
    // Whether the line holds a word yet.
    let mut has_word = false;
    let break_line = |out: &mut String, line_start: &mut usize, used: &mut usize| {
        out.push('\n');
        *line_start = out.len();
        out.push_str(rest_indent);
        *used = rest_columns;
    };
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        let word_columns = columns(word);
        if has_word && used + 1 + word_columns > width {
            break_line(out, &mut line_start, &mut used);
            has_word = false;
        }
        if has_word {
            out.push(' ');
            used += 1;
        }
        if used + word_columns <= width {
            out.push_str(word);
            used += word_columns;
            has_word = true;
            continue;
        }
        // Longer than a line: as many characters as fit on each line (at least
        // one, so that a line narrower than a character still moves on).
        for c in word.chars() {
            let c_columns = char_columns(c);
            if has_word && used + c_columns > width {
                break_line(out, &mut line_start, &mut used);
            }
            out.push(c);
            used += c_columns;
            has_word = true;
        }
    }
    if !has_word {
        // An indent alone: no trailing spaces.
        let kept = out[line_start..].trim_end().len();
        out.truncate(line_start + kept);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(body: &str, first: &str, rest: &str, width: usize) -> String {
        let mut out = String::new();
        wrap_into(&mut out, body, first, rest, width);
        out
    }

    #[test]
    fn first_fit_with_indents() {
        assert_eq!(
            wrapped("aaa bbb ccc ddd", "* ", "  ", 9),
            "* aaa bbb\n  ccc ddd\n"
        );
        // A word that fits on no line is cut between characters.
        assert_eq!(wrapped("ab cdefghij", "", "", 4), "ab\ncdef\nghij\n");
        // Wide characters count two columns.
        assert_eq!(wrapped("起于疏勒縣南", "", "", 5), "起于\n疏勒\n縣南\n");
        assert_eq!(wrapped("a\n\nb  c", "- ", "  ", 10), "- a\n\n  b c\n");
        assert_eq!(wrapped("", "  ", "    ", 10), "\n");
    }

    /// First fit the plain way, for words that each fit on a line: lines of words,
    /// a word going on the line while it fits.
    fn reference(body: &str, first: &str, rest: &str, width: usize) -> String {
        let mut lines: Vec<String> = Vec::new();
        for paragraph in body.split('\n') {
            let indent = if lines.is_empty() { first } else { rest };
            let mut line = indent.to_string();
            let mut words_on_line = 0;
            for word in paragraph.split_whitespace() {
                if words_on_line > 0 && columns(&line) + 1 + columns(word) > width {
                    lines.push(line);
                    line = rest.to_string();
                    words_on_line = 0;
                }
                if words_on_line > 0 {
                    line.push(' ');
                }
                line.push_str(word);
                words_on_line += 1;
            }
            lines.push(line.trim_end().to_string());
        }
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    /// Words joined by single spaces, double spaces and line breaks.
    fn joined(
        word: impl proptest::strategy::Strategy<Value = String>,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let gap = prop::sample::select(vec![" ", " ", " ", "  ", "\n"]);
        prop::collection::vec((word, gap), 0..40).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(w, g)| format!("{w}{g}"))
                .collect::<String>()
        })
    }

    fn body() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let char_ = prop::sample::select(vec!['a', 'b', 'é', '–', '起', '\u{200d}']);
        joined(prop::collection::vec(char_, 1..14).prop_map(|cs| cs.into_iter().collect()))
    }

    fn single_spaced_body() -> impl proptest::strategy::Strategy<Value = String> {
        joined("[a-c\\-é–起\u{200d}]{1,30}")
    }

    /// The first line's indent and the rest's.
    fn indents() -> impl proptest::strategy::Strategy<Value = (&'static str, &'static str)> {
        proptest::sample::select(vec![("", ""), ("  ", "    "), ("* ", "  ")])
    }

    proptest::proptest! {
        /// Paragraphs a line at a time come out as they do a word at a time, long
        /// words (cut) and wide characters included.
        #[test]
        fn lines_as_word_by_word(
            body in single_spaced_body(),
            width in 4usize..40,
            indents in indents(),
        ) {
            let (first, rest) = indents;
            let mut indent = first;
            for paragraph in body.split('\n') {
                let paragraph = paragraph.replace("  ", " ");
                let (mut fast, mut slow) = (String::new(), String::new());
                wrap_lines(&mut fast, &paragraph, indent, rest, width);
                wrap_words(&mut slow, &paragraph, indent, rest, width);
                proptest::prop_assert_eq!(fast, slow);
                indent = rest;
            }
        }

        /// Every line fits the width and starts with its indent, and the words come
        /// out whole (or cut only where longer than a line), all of them, in order.
        #[test]
        fn lines_fit_and_keep_every_word(
            body in body(),
            width in 6usize..40,
            indents in indents(),
        ) {
            let (first, rest) = indents;
            let out = wrapped(&body, first, rest, width);
            proptest::prop_assert!(out.ends_with('\n'));
            let mut kept = String::new();
            for (i, line) in out.lines().enumerate() {
                proptest::prop_assert!(columns(line) <= width, "{line:?} is wider than {width}");
                proptest::prop_assert!(!line.ends_with(' '), "{line:?}");
                let indent = if i == 0 { first } else { rest };
                let text = line.strip_prefix(indent).unwrap_or_else(|| {
                    assert!(line.is_empty() || indent.trim_end() == line, "{line:?} lacks {indent:?}");
                    ""
                });
                kept.push_str(text);
            }
            let wanted: String = body.chars().filter(|c| *c != ' ' && *c != '\n').collect();
            let got: String = kept.chars().filter(|c| *c != ' ').collect();
            proptest::prop_assert_eq!(got, wanted);
            // Where every word fits on a line, first fit the plain way agrees.
            let fits = body
                .split_whitespace()
                .all(|w| columns(rest) + columns(w) <= width && columns(first) + columns(w) <= width);
            if fits {
                proptest::prop_assert_eq!(out, reference(&body, first, rest, width));
            }
        }
    }
}
