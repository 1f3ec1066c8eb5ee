//! Aligned columns for a terminal, written directly when the table fits.
//!
//! comfy-table lays out every `table` output (columns padded, numbers right-aligned,
//! cells wrapped when the table is wider than [`super::TABLE_WIDTH`]). For a table
//! that fits, its layout is simply each column as wide as its widest cell plus one
//! space; comfy-table took 5.3 M instructions for `compare`'s 66 rows (a quarter of
//! the command), this takes a pass over the cells. Tables that do not fit, or whose
//! cells hold line breaks or control characters, still go to comfy-table.

use unicode_width::UnicodeWidthStr;

use super::TextTable;

/// Columns `cell` takes, as comfy-table measures it; `None` for text this writer
/// leaves to comfy-table (line breaks, control characters).
fn cell_columns(cell: &str) -> Option<usize> {
    if cell.is_ascii() {
        let plain = cell.bytes().all(|b| (0x20..0x7f).contains(&b));
        plain.then_some(cell.len())
    } else if cell.chars().any(char::is_control) {
        None
    } else {
        Some(cell.width())
    }
}

/// The lines comfy-table draws for `table` (no borders, one space after each
/// column, `numeric` columns right-aligned, each line's trailing spaces cut), or
/// `None` where the table would not fit in `width` columns and comfy-table would
/// wrap cells.
pub fn fitting(table: &TextTable, width: usize) -> Option<String> {
    let n = table.headers.len();
    let mut widths = vec![0usize; n];
    let mut cells: Vec<usize> = Vec::with_capacity((table.rows.len() + 1) * n);
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        if row.len() != n {
            return None;
        }
        for (column, cell) in row.iter().enumerate() {
            let columns = cell_columns(cell)?;
            widths[column] = widths[column].max(columns);
            cells.push(columns);
        }
    }
    let line_width: usize = widths.iter().map(|w| w + 1).sum();
    if line_width > width {
        return None;
    }
    let mut out = String::with_capacity((table.rows.len() + 1) * (line_width + 8));
    let pad = |out: &mut String, count: usize| out.extend(std::iter::repeat_n(' ', count));
    let mut measured = cells.iter();
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        let start = out.len();
        for (column, cell) in row.iter().enumerate() {
            let gap = widths[column] - measured.next().copied().unwrap_or(0);
            if table.numeric.get(column).copied().unwrap_or(false) {
                pad(&mut out, gap);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                pad(&mut out, gap);
            }
            out.push(' ');
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, TABLE_WIDTH, write_aligned_comfy};

    fn comfy(table: &TextTable) -> String {
        let mut out = Vec::new();
        write_aligned_comfy(&mut out, table).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn table(columns: &[Column], rows: &[Vec<String>]) -> TextTable {
        let mut t = TextTable::new(columns);
        for row in rows {
            t.push(row.clone());
        }
        t
    }

    /// The built-in dataset's tables come out as comfy-table draws them.
    #[test]
    fn the_datasets_tables_as_comfy_table_draws_them() {
        let data = crate::load::load_embedded().unwrap();
        let rows = crate::compare::compare(&data, &Default::default());
        let corridors: Vec<_> = (0..data.corridors.len()).collect();
        let tables = [
            crate::output::tables::compare_brief(&rows),
            crate::output::tables::corridors(&data, &corridors),
        ];
        let places = crate::output::tables::places(&data.places);
        assert!(
            fitting(&tables[0], usize::from(TABLE_WIDTH)).is_some(),
            "compare fits"
        );
        for t in tables.iter().chain([&places]) {
            if let Some(fast) = fitting(t, usize::from(TABLE_WIDTH)) {
                assert_eq!(fast, comfy(t));
            }
        }
        // Too wide: left to comfy-table.
        let full = crate::output::tables::compare_full(&rows);
        assert_eq!(fitting(&full, usize::from(TABLE_WIDTH)), None);
    }

    fn cell() -> impl proptest::strategy::Strategy<Value = String> {
        "[a-z0-9 ,.—→Ü起]{0,30}"
    }

    proptest::proptest! {
        /// Any table that fits comes out as comfy-table draws it, header included.
        #[test]
        fn fitting_tables_as_comfy_table_draws_them(
            numeric in proptest::collection::vec(proptest::bool::ANY, 1..7),
            cells in proptest::collection::vec(cell(), 0..60),
        ) {
            let n = numeric.len();
            let names: Vec<String> = (0..n).map(|i| format!("col{i}")).collect();
            let columns: Vec<Column> = names
                .iter()
                .zip(&numeric)
                .map(|(name, &number)| if number { Column::Number(name) } else { Column::Text(name) })
                .collect();
            let rows: Vec<Vec<String>> = cells.chunks_exact(n).map(<[String]>::to_vec).collect();
            let t = table(&columns, &rows);
            if let Some(fast) = fitting(&t, usize::from(TABLE_WIDTH)) {
                proptest::prop_assert_eq!(fast, comfy(&t));
            }
        }
    }
}
