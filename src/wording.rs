//! How figures and names are worded for people, in tables, notes and messages: the
//! lowest layer, so that loading, lookup and analysis can word a message without
//! reaching up to the writers of [`crate::output`].

/// A number of km for a table: whole km with thousands separators (1,814).
///
/// ```
/// assert_eq!(corridors::wording::km(1813.6), "1,814");
/// assert_eq!(corridors::wording::km(-1234567.0), "-1,234,567");
/// ```
pub fn km(value: f64) -> String {
    thousands(value.round() as i64)
}

/// `value` with `decimals` places, never "-0.0": a value that rounds to zero prints
/// as zero, whatever its sign.
///
/// ```
/// assert_eq!(corridors::wording::fixed(-0.04, 1), "0.0");
/// assert_eq!(corridors::wording::fixed(-0.06, 1), "-0.1");
/// ```
pub fn fixed(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    // Adding +0.0 turns a negative zero into a positive one.
    let rounded = (value * scale).round() / scale + 0.0;
    format!("{rounded:.decimals$}")
}

/// A signed percentage with `decimals` places ("+12%", "-3.5%"); one that rounds to
/// zero prints as "0%", with no sign.
///
/// ```
/// assert_eq!(corridors::wording::signed_pct(-0.4, 0), "0%");
/// assert_eq!(corridors::wording::signed_pct(12.3, 0), "+12%");
/// ```
pub fn signed_pct(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.chars().all(|c| c == '0' || c == '.') || text.starts_with('-') {
        format!("{text}%")
    } else {
        format!("+{text}%")
    }
}

/// An integer with commas between thousands.
pub fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Where `text` holds characters other than printable ASCII, which look like others
/// or like nothing at all (a Cyrillic `а` in `dushаnbe`, a zero-width space): "it
/// holds U+0430 at character 5, ...". `None` for plain ASCII.
pub fn unusual_characters(text: &str) -> Option<String> {
    let found: Vec<String> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_ascii_graphic() && *c != ' ')
        .take(3)
        .map(|(i, c)| format!("U+{:04X} at character {}", u32::from(c), i + 1))
        .collect();
    (!found.is_empty()).then(|| {
        format!(
            "it holds {}: not plain ASCII, perhaps a look-alike letter or an invisible character",
            found.join(", ")
        )
    })
}

/// "; it holds U+0430 at character 5, ..." for a name with look-alike or invisible
/// characters, else nothing: appended to messages that quote an id or a name.
pub fn unusual_note(name: &str) -> String {
    unusual_characters(name).map_or_else(String::new, |note| format!("; {note}"))
}
