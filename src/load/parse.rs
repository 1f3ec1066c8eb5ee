//! TOML text → raw tables, reporting every syntax error, unknown key and wrongly
//! typed value it can find rather than stopping at the first.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::{FileReport, MAX_PROBLEMS_SHOWN, nearest};
use super::raw::{
    RawClaim, RawClose, RawCorridor, RawCrossing, RawEvidence, RawModeTravel, RawOutlet, RawPair,
    RawPlace, RawScenario, RawSegment, RawSetStatus, RawTerminal, RawTransfer, RawTravel,
};
use super::syntax::syntax_errors;

/// A raw segment with the byte offset of its table, for messages about it.
pub struct SegmentEntry {
    pub raw: RawSegment,
    pub offset: usize,
}

/// Parses a whole document; `None` when it has syntax errors (all of them reported),
/// since what a recovering parser makes of a broken file would only add false alarms.
fn parse_document<'i>(report: &mut FileReport, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    // Syntax first, in bounded memory: the full parse below holds every token, and
    // every error, of the file at once.
    // One line is left for the count, so that all are printed.
    let (first, count) = syntax_errors(text, MAX_PROBLEMS_SHOWN - 1);
    if count > 0 {
        for error in &first {
            let hint = Some("fix the TOML syntax at this position".to_string());
            match &error.span {
                Some(span) => report.error(span.clone(), error.message.clone(), hint),
                None => report.file_error(error.message.clone(), hint),
            }
        }
        if count > first.len() {
            report.file_error(
                format!("{count} syntax errors, the first {} listed", first.len()),
                Some("is this a TOML file? fix the first errors and run again".into()),
            );
        }
        return None;
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let clean = no_control_characters(report, root.get_ref());
        return clean.then_some(root);
    }
    for error in &errors {
        report.toml_error(error, Some("fix the TOML syntax at this position".into()));
    }
    None
}

/// Reports every key and string value of `table` (nested ones too) holding a control
/// character, which TOML lets in through escapes (`"\u001b[2J"`): echoed to a
/// terminal it can clear the screen or retitle the window, and SVG cannot hold it.
/// Tabs and line breaks are text. True where there is none.
fn no_control_characters<'a>(report: &mut FileReport, table: &'a DeTable<'a>) -> bool {
    let mut clean = true;
    // Arrays and tables nested to any depth the parser allows, without recursion.
    let mut tables: Vec<&'a DeTable<'a>> = vec![table];
    let mut values: Vec<&'a Spanned<DeValue<'a>>> = Vec::new();
    loop {
        while let Some(table) = tables.pop() {
            for (key, value) in table.iter() {
                clean &= is_text(report, key.get_ref(), key.span());
                values.push(value);
            }
        }
        let Some(value) = values.pop() else {
            return clean;
        };
        match value.get_ref() {
            DeValue::String(text) => clean &= is_text(report, text, value.span()),
            DeValue::Table(inner) => tables.push(inner),
            DeValue::Array(items) => values.extend(items.iter()),
            _ => {}
        }
    }
}

/// True where `text` holds no control character but tabs and line breaks; else
/// reports the first at `span`.
fn is_text(report: &mut FileReport, text: &str, span: std::ops::Range<usize>) -> bool {
    let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    else {
        return true;
    };
    report.error(
        span,
        format!(
            "holds the control character U+{:04X}, which is no text",
            u32::from(c)
        ),
        Some("remove it (a \\u escape or a stray key press)".into()),
    );
    false
}

/// Reports every key of `table` that is not in `keys`, suggesting the nearest one.
fn check_keys(report: &mut FileReport, table: &DeTable, keys: &[&str], what: &str) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if keys.contains(&name) {
            continue;
        }
        let hint = match nearest(name, keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? {what} accepts: {}", keys.join(", ")),
            None => format!("{what} accepts: {}", keys.join(", ")),
        };
        report.error(
            key.span(),
            format!("unknown key `{name}` in {what}"),
            Some(hint),
        );
    }
}

/// Deserializes one table with serde, reporting a failure at the value's position.
fn deserialize<'i, T: Deserialize<'i>>(
    report: &mut FileReport,
    value: Spanned<DeValue<'i>>,
    what: &str,
    required: &str,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(raw) => Some(raw),
        Err(error) => {
            let hint = if error.message().contains("missing field") {
                format!("{what} needs {required}")
            } else if error.message().contains("as i128") {
                // An integer past 64 bits: no figure is anywhere near it.
                "the number is too large: every figure is at most 1e9".to_string()
            } else {
                format!("check the value's type against routes/README.md ({what})")
            };
            report.toml_error(&error, Some(hint));
            None
        }
    }
}

/// The tables of an array of tables (`[[place]]`), each with its span; reports a
/// value that is not an array of tables.
fn tables_of<'i>(
    report: &mut FileReport,
    value: Spanned<DeValue<'i>>,
    what: &str,
) -> Vec<Spanned<DeValue<'i>>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => {
            let mut tables = Vec::new();
            for item in items {
                if item.get_ref().is_table() {
                    tables.push(item);
                } else {
                    report.error(
                        item.span(),
                        format!(
                            "`{what}` must be a table, found {}",
                            item.get_ref().type_str()
                        ),
                        Some(format!("write each entry as a [[{what}]] table")),
                    );
                }
            }
            tables
        }
        other => {
            report.error(
                span,
                format!(
                    "`{what}` must be an array of tables, found {}",
                    other.type_str()
                ),
                Some(format!("write each entry as a [[{what}]] table")),
            );
            Vec::new()
        }
    }
}

/// What `places.toml` yields: the well-formed `[[place]]` tables, and the id of every
/// table, well formed or not, so that segments naming a broken place are not
/// reported again. `None` where the file could not be parsed at all.
pub struct ParsedPlaces {
    pub places: Vec<(RawPlace, usize)>,
    pub declared: Option<HashSet<String>>,
}

/// Parses `places.toml`: every `[[place]]` table that is well formed.
pub fn parse_places(report: &mut FileReport, text: &str) -> ParsedPlaces {
    let Some(root) = parse_document(report, text) else {
        return ParsedPlaces {
            places: Vec::new(),
            declared: None,
        };
    };
    let mut root = root.into_inner();
    check_keys(report, &root, &["place"], "places.toml");
    let Some(places) = root.remove("place") else {
        report.file_error(
            "no [[place]] tables",
            Some("places.toml lists every place as a [[place]] table".into()),
        );
        return ParsedPlaces {
            places: Vec::new(),
            declared: None,
        };
    };
    let mut raw_places = Vec::new();
    let mut declared = HashSet::new();
    for table in tables_of(report, places, "place") {
        let offset = table.span().start;
        if let Some(inner) = table.get_ref().as_table() {
            check_keys(report, inner, RawPlace::KEYS, "[[place]]");
            if let Some(id) = inner.get("id").and_then(|v| v.get_ref().as_str()) {
                declared.insert(id.to_string());
            }
        }
        if let Some(raw) = deserialize::<RawPlace>(report, table, "[[place]]", RawPlace::REQUIRED) {
            raw_places.push((raw, offset));
        }
    }
    ParsedPlaces {
        places: raw_places,
        declared: Some(declared),
    }
}

/// Parses one corridor file: its top-level fields and its `[[segment]]` tables.
pub fn parse_corridor(
    report: &mut FileReport,
    text: &str,
) -> Option<(RawCorridor, Vec<SegmentEntry>)> {
    let root = parse_document(report, text)?;
    let root_span = root.span();
    let mut root = root.into_inner();
    check_keys(report, &root, RawCorridor::KEYS, "a corridor file");

    let mut segments = Vec::new();
    if let Some(value) = root.remove("segment") {
        for table in tables_of(report, value, "segment") {
            let offset = table.span().start;
            if let Some(inner) = table.get_ref().as_table() {
                check_keys(report, inner, RawSegment::KEYS, "[[segment]]");
            }
            if let Some(raw) =
                deserialize::<RawSegment>(report, table, "[[segment]]", RawSegment::REQUIRED)
            {
                segments.push(SegmentEntry { raw, offset });
            }
        }
    }
    let header = Spanned::new(root_span, DeValue::Table(root));
    let corridor =
        deserialize::<RawCorridor>(report, header, "a corridor file", RawCorridor::REQUIRED)?;
    Some((corridor, segments))
}

/// What `travel.toml` yields: its top level and each well-formed table.
pub struct ParsedTravel {
    pub top: RawTravel,
    pub modes: Vec<RawModeTravel>,
    pub transfer: Option<RawTransfer<Option<serde::de::IgnoredAny>>>,
    pub transfer_at: Vec<RawTransfer<Spanned<String>>>,
    pub terminals: Vec<RawTerminal>,
    pub crossings: Vec<RawCrossing>,
}

/// Deserializes each table of an array of tables (`[[crossing]]`), after checking
/// its keys.
fn each_table<'i, T: Deserialize<'i>>(
    report: &mut FileReport,
    value: Option<Spanned<DeValue<'i>>>,
    name: &str,
    keys: &[&str],
    required: &str,
) -> Vec<T> {
    let Some(value) = value else {
        return Vec::new();
    };
    let what = format!("[[{name}]]");
    let mut parsed = Vec::new();
    for table in tables_of(report, value, name) {
        if let Some(inner) = table.get_ref().as_table() {
            check_keys(report, inner, keys, &what);
        }
        if let Some(raw) = deserialize::<T>(report, table, &what, required) {
            parsed.push(raw);
        }
    }
    parsed
}

/// Parses `travel.toml`: speeds, rates, border delays and transfer times.
pub fn parse_travel(report: &mut FileReport, text: &str) -> Option<ParsedTravel> {
    let root = parse_document(report, text)?;
    let root_span = root.span();
    let mut root = root.into_inner();
    check_keys(report, &root, RawTravel::KEYS, "travel.toml");

    let modes = each_table(
        report,
        root.remove("mode"),
        "mode",
        RawModeTravel::KEYS,
        RawModeTravel::REQUIRED,
    );
    let transfer_at = each_table(
        report,
        root.remove("transfer_at"),
        "transfer_at",
        RawTransfer::<()>::KEYS_AT,
        RawTransfer::<()>::REQUIRED,
    );
    let terminals = each_table(
        report,
        root.remove("terminal"),
        "terminal",
        RawTerminal::KEYS,
        RawTerminal::REQUIRED,
    );
    let crossings = each_table(
        report,
        root.remove("crossing"),
        "crossing",
        RawCrossing::KEYS,
        RawCrossing::REQUIRED,
    );
    let transfer = match root.remove("transfer") {
        None => None,
        Some(value) => {
            if let Some(inner) = value.get_ref().as_table() {
                check_keys(report, inner, RawTransfer::<()>::KEYS, "[transfer]");
            }
            deserialize(report, value, "[transfer]", "no key")
        }
    };
    let header = Spanned::new(root_span, DeValue::Table(root));
    let top = deserialize::<RawTravel>(report, header, "travel.toml", RawTravel::REQUIRED)?;
    Some(ParsedTravel {
        top,
        modes,
        transfer,
        transfer_at,
        terminals,
        crossings,
    })
}

/// Parses `outlets.toml`: the `[[outlet]]` tables.
/// The well-formed `[[outlet]]` tables, and the `place` of every table, well formed
/// or not, so that a claim on a broken outlet is not reported again.
pub fn parse_outlets(report: &mut FileReport, text: &str) -> (Vec<RawOutlet>, HashSet<String>) {
    let Some(root) = parse_document(report, text) else {
        return (Vec::new(), HashSet::new());
    };
    let mut root = root.into_inner();
    check_keys(report, &root, &["outlet"], "outlets.toml");
    let tables = root.remove("outlet");
    let declared = tables
        .as_ref()
        .and_then(|value| value.get_ref().as_array())
        .into_iter()
        .flatten()
        .filter_map(|table| table.get_ref().as_table()?.get("place")?.get_ref().as_str())
        .map(str::to_string)
        .collect();
    let outlets = each_table(
        report,
        tables,
        "outlet",
        RawOutlet::KEYS,
        RawOutlet::REQUIRED,
    );
    (outlets, declared)
}

/// Parses `evidence.toml`: the well-formed `[[distance]]` tables.
pub fn parse_evidence(report: &mut FileReport, text: &str) -> Vec<RawEvidence> {
    let Some(root) = parse_document(report, text) else {
        return Vec::new();
    };
    let mut root = root.into_inner();
    check_keys(report, &root, &["distance"], "evidence.toml");
    let tables = root.remove("distance");
    each_table(
        report,
        tables,
        "distance",
        RawEvidence::KEYS,
        RawEvidence::REQUIRED,
    )
}

/// A scenario's `[[add_segment]]`: the segment, the name given to the new link, and
/// the table's offset.
pub struct AddedSegmentEntry {
    pub name: Option<Spanned<String>>,
    pub entry: SegmentEntry,
}

/// What a scenario file yields: its top level and each well-formed table.
pub struct ParsedScenario {
    pub top: RawScenario,
    pub close: Option<RawClose>,
    pub set_status: Vec<RawSetStatus>,
    pub add_segment: Vec<AddedSegmentEntry>,
}

/// Parses a scenario file (`--scenario FILE`).
pub fn parse_scenario(report: &mut FileReport, text: &str) -> Option<ParsedScenario> {
    let root = parse_document(report, text)?;
    let root_span = root.span();
    let mut root = root.into_inner();
    check_keys(report, &root, RawScenario::KEYS, "a scenario file");
    let close = match root.remove("close") {
        None => None,
        Some(value) => {
            if let Some(inner) = value.get_ref().as_table() {
                check_keys(report, inner, RawClose::KEYS, "[close]");
            }
            deserialize(report, value, "[close]", "countries or places")
        }
    };
    let set_status = each_table(
        report,
        root.remove("set_status"),
        "set_status",
        RawSetStatus::KEYS,
        RawSetStatus::REQUIRED,
    );
    let mut add_segment = Vec::new();
    if let Some(value) = root.remove("add_segment") {
        for table in tables_of(report, value, "add_segment") {
            let span = table.span();
            let DeValue::Table(mut inner) = table.into_inner() else {
                continue;
            };
            // A corridor file's [[segment]] keys, and a name for the new link.
            let keys: Vec<&str> = std::iter::once("name")
                .chain(RawSegment::KEYS.iter().copied())
                .collect();
            check_keys(report, &inner, &keys, "[[add_segment]]");
            let name = match inner.remove("name") {
                None => None,
                Some(value) => deserialize::<Spanned<String>>(
                    report,
                    value,
                    "[[add_segment]]",
                    "a text `name`",
                ),
            };
            let rest = Spanned::new(span.clone(), DeValue::Table(inner));
            if let Some(raw) = deserialize::<RawSegment>(
                report,
                rest,
                "[[add_segment]]",
                "from, to, mode and status",
            ) {
                add_segment.push(AddedSegmentEntry {
                    name,
                    entry: SegmentEntry {
                        raw,
                        offset: span.start,
                    },
                });
            }
        }
    }
    let header = Spanned::new(root_span, DeValue::Table(root));
    let top = deserialize::<RawScenario>(report, header, "a scenario file", RawScenario::REQUIRED)?;
    Some(ParsedScenario {
        top,
        close,
        set_status,
        add_segment,
    })
}

/// Parses `claims.toml`: the `[[claim]]` tables.
pub fn parse_claims(report: &mut FileReport, text: &str) -> Vec<RawClaim> {
    let Some(root) = parse_document(report, text) else {
        return Vec::new();
    };
    let mut root = root.into_inner();
    check_keys(report, &root, &["claim"], "claims.toml");
    each_table(
        report,
        root.remove("claim"),
        "claim",
        RawClaim::KEYS,
        RawClaim::REQUIRED,
    )
}

/// Parses a pairs file: the `[[pair]]` tables; `None` where the TOML is broken.
pub fn parse_pairs(report: &mut FileReport, text: &str) -> Option<Vec<RawPair>> {
    let root = parse_document(report, text)?;
    let mut root = root.into_inner();
    check_keys(report, &root, &["pair"], "a pairs file");
    let Some(value) = root.remove("pair") else {
        report.file_error(
            "no [[pair]] tables",
            Some("list each origin–destination pair as [[pair]] with from and to".into()),
        );
        return None;
    };
    Some(each_table(
        report,
        Some(value),
        "pair",
        RawPair::KEYS,
        RawPair::REQUIRED,
    ))
}
