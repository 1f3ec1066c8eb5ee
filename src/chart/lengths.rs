//! Corridor lengths: one horizontal bar per corridor, grouped by mode, stacked by
//! status, with a marker at the published length.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{self, Anchor, Area, Drawn, Hover, HoverShape, KmAxis};
use super::style::Font;
use super::style::{self, INK, MUTED};
use crate::graph::Filter;
use crate::lengths::KmByStatus;
use crate::model::{Dataset, Mode, Status};
use crate::wording::km;

const WIDTH_PX: i32 = 1340;
const NAME_RIGHT_PX: i32 = 452;
const PLOT_LEFT_PX: i32 = 460;
const PLOT_RIGHT_PX: i32 = 1080;
/// Right edges of the two number columns: km on the ground, km published.
const GROUND_COLUMN_RIGHT_PX: i32 = 1170;
const PUBLISHED_COLUMN_RIGHT_PX: i32 = 1325;
const TOP_PX: i32 = 112;
const ROW_PX: i32 = 19;
/// Extra height of each wrapped line of a corridor name.
const NAME_LINE_PX: i32 = 13;
/// A name wraps onto at most this many lines; only beyond them is it cut with "…".
const NAME_MAX_LINES: usize = 3;
const GROUP_HEADER_PX: i32 = 28;
const BAR_PX: i32 = 12;
const NAME_FONT: Font = Font::new(11.0, INK);

/// One bar: a corridor's km under the filter, split by status.
#[derive(Debug, Clone)]
pub struct LengthBar {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub km_by_status: KmByStatus,
    pub stated_length_km: Option<f64>,
    pub stated_length_range_km: Option<(f64, f64)>,
}

/// The bars: every corridor with km that the filter admits, grouped by mode in the
/// documented order, longest first within a mode.
pub fn bars(data: &Dataset, filter: &Filter) -> Vec<LengthBar> {
    let mut bars: Vec<LengthBar> = data
        .corridors
        .iter()
        .filter(|c| filter.modes.contains(&c.mode))
        .filter_map(|corridor| {
            let mut km_by_status = KmByStatus::default();
            for step in &corridor.path {
                if filter.admits(data, step.segment) {
                    let segment = &data.segments[step.segment];
                    km_by_status.add(segment.status, segment.routing_length_km());
                }
            }
            (km_by_status.total() > 0.0).then(|| LengthBar {
                id: corridor.id.clone(),
                name: corridor.name.clone(),
                mode: corridor.mode,
                km_by_status,
                stated_length_km: corridor.stated_length_km,
                stated_length_range_km: corridor.stated_length_range_km,
            })
        })
        .collect();
    bars.sort_by(|a, b| {
        a.mode
            .cmp(&b.mode)
            .then(b.km_by_status.total().total_cmp(&a.km_by_status.total()))
            .then(a.id.cmp(&b.id))
    });
    bars
}

/// Cuts `text` to fit `width_px` at `size_px`, ending it with "…" when cut.
fn fit_text(text: &str, width_px: f64, size_px: f64) -> String {
    if canvas::text_width_px(text, size_px) <= width_px {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && canvas::text_width_px(&format!("{cut}…"), size_px) > width_px {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// A corridor name wrapped at word boundaries into lines that fit the name column,
/// at most `NAME_MAX_LINES` (3) of them (the last cut with "…" only if even they do not
/// hold it).
pub fn name_lines(name: &str) -> Vec<String> {
    let columns = name_columns();
    let mut lines: Vec<String> = if fits_one_line(name, columns) {
        // What textwrap gives for it, without its line breaking (0.2 M instructions
        // a name).
        vec![name.to_string()]
    } else {
        textwrap::wrap(name, columns)
            .into_iter()
            .map(|line| line.into_owned())
            .collect()
    };
    if lines.len() > NAME_MAX_LINES {
        let rest = lines[NAME_MAX_LINES - 1..].join(" ");
        lines.truncate(NAME_MAX_LINES - 1);
        lines.push(fit_text(&rest, NAME_WIDTH_PX, NAME_FONT.size_px));
    }
    lines
}

/// The name column's width, in pixels.
const NAME_WIDTH_PX: f64 = (NAME_RIGHT_PX - 28) as f64;

/// The characters a line of the name column holds (at least 8): the width
/// estimate is per character, so a pixel width is a character count.
fn name_columns() -> usize {
    let columns = NAME_WIDTH_PX / canvas::text_width_px("x", NAME_FONT.size_px);
    (columns.floor() as usize).max(8)
}

/// Whether `name` is one line of at most `columns` with no space at either end,
/// which wrapping leaves as it is.
fn fits_one_line(name: &str, columns: usize) -> bool {
    !name.contains('\n') && name.trim() == name && crate::output::wrap::columns(name) <= columns
}

/// The height of a bar's row whose name takes `name_lines` lines: taller where its
/// name wraps.
fn row_height_px(name_lines: usize) -> i32 {
    ROW_PX.max(name_lines as i32 * NAME_LINE_PX + 6)
}

/// Draws the chart. `subtitle` says what the filter keeps.
pub fn lengths(data: &Dataset, filter: &Filter, subtitle: &str) -> Result<String, ChartError> {
    let bars = bars(data, filter);
    let groups = Mode::ALL
        .iter()
        .filter(|&&m| bars.iter().any(|b| b.mode == m))
        .count() as i32;
    // Each name wrapped once, for its row's height and its text.
    let names: Vec<Vec<String>> = bars.iter().map(|bar| name_lines(&bar.name)).collect();
    let rows_px: i32 = names.iter().map(|lines| row_height_px(lines.len())).sum();
    let plot_bottom = TOP_PX + groups * GROUP_HEADER_PX + rows_px + 8;
    let height = (plot_bottom + 70) as u32;
    let axis = KmAxis::new(PLOT_LEFT_PX, PLOT_RIGHT_PX, longest_km(&bars), 8.0);

    let title = "Corridor lengths by status";
    canvas::render(WIDTH_PX as u32, height, title, |area, hovers| {
        canvas::heading(area, title, subtitle, "")?;
        draw_key(area, 20, 72)?;
        axis.draw(
            area,
            TOP_PX - 6,
            plot_bottom,
            &[TOP_PX - 14, plot_bottom + 12],
            "km on the ground: published section lengths, else estimated (corridors check)",
        )?;
        draw_column_heads(area)?;
        draw_groups(area, hovers, &bars, &names, &axis)?;
        canvas::footnote(
            area,
            "Source: the corridors dataset (routes/corridors/*.toml); published lengths as each corridor file cites them.",
            plot_bottom + 52,
        )
    })
}

/// The longest figure any bar shows: its km on the ground, or the published length
/// or the top of its range.
fn longest_km(bars: &[LengthBar]) -> f64 {
    bars.iter()
        .flat_map(|b| {
            [
                Some(b.km_by_status.total()),
                b.stated_length_km,
                b.stated_length_range_km.map(|r| r.1),
            ]
        })
        .flatten()
        .fold(0.0, f64::max)
}

/// Each figure in its own labelled column, so no number reads as the diamond's.
fn draw_column_heads(area: &Area) -> Drawn {
    for (text, right) in [
        ("on the ground", GROUND_COLUMN_RIGHT_PX),
        ("published", PUBLISHED_COLUMN_RIGHT_PX),
    ] {
        canvas::text(
            area,
            text,
            (right, TOP_PX - 28),
            style::SMALL,
            Anchor::Right,
        )?;
        canvas::text(
            area,
            "km",
            (right, TOP_PX - 14),
            style::SMALL,
            Anchor::Right,
        )?;
    }
    Ok(())
}

/// The bars, each mode's under a header naming it with its count of corridors.
fn draw_groups(
    area: &Area,
    hovers: &mut Vec<Hover<'_>>,
    bars: &[LengthBar],
    names: &[Vec<String>],
    axis: &KmAxis,
) -> Drawn {
    let x_of = |value_km: f64| axis.x(value_km);
    let mut y = TOP_PX;
    let mut mode = None;
    for (bar, lines) in bars.iter().zip(names) {
        if mode != Some(bar.mode) {
            mode = Some(bar.mode);
            let count = bars.iter().filter(|b| b.mode == bar.mode).count();
            let header = format!("{} ({count})", bar.mode.as_str());
            canvas::text(area, &header, (20, y + 16), style::HEADING, Anchor::Left)?;
            area.draw(&PathElement::new(
                vec![(20, y + 26), (PUBLISHED_COLUMN_RIGHT_PX, y + 26)],
                MUTED.stroke_width(1),
            ))?;
            y += GROUP_HEADER_PX;
        }
        let row = row_height_px(lines.len());
        draw_bar(area, bar, lines, y + row / 2, &x_of, hovers)?;
        y += row;
    }
    Ok(())
}

/// The status swatches and the published-length marker.
fn draw_key(area: &Area, x: i32, y: i32) -> Drawn {
    let mut x = x;
    for &status in Status::ALL {
        area.draw(&Rectangle::new(
            [(x, y - 6), (x + 22, y + 6)],
            style::status_colour(status).filled(),
        ))?;
        canvas::text(
            area,
            status.as_str(),
            (x + 28, y),
            style::LABEL,
            Anchor::Left,
        )?;
        x += 36 + canvas::text_width_px(status.as_str(), style::LABEL.size_px) as i32 + 16;
    }
    published_marker(area, x + 6, y)?;
    canvas::text(
        area,
        "published length (whisker: range where sources disagree)",
        (x + 18, y),
        style::LABEL,
        Anchor::Left,
    )
}

fn published_marker(area: &Area, x: i32, y: i32) -> Drawn {
    let diamond = vec![(x, y - 6), (x + 5, y), (x, y + 6), (x - 5, y)];
    area.draw(&Polygon::new(diamond, INK.filled()))
}

fn draw_bar(
    area: &Area,
    bar: &LengthBar,
    lines: &[String],
    y: i32,
    x_of: &dyn Fn(f64) -> i32,
    hovers: &mut Vec<Hover<'_>>,
) -> Drawn {
    let first_y = y - (lines.len() as i32 - 1) * NAME_LINE_PX / 2;
    for (i, line) in lines.iter().enumerate() {
        let at = (NAME_RIGHT_PX, first_y + i as i32 * NAME_LINE_PX);
        canvas::text(area, line, at, NAME_FONT, Anchor::Right)?;
    }

    let total = bar.km_by_status.total();
    let mut start_km = 0.0;
    for &status in Status::ALL {
        let part_km = bar.km_by_status.get(status);
        if part_km <= 0.0 {
            continue;
        }
        let (x0, x1) = (
            x_of(start_km),
            x_of(start_km + part_km).max(x_of(start_km) + 1),
        );
        let corners = [(x0, y - BAR_PX / 2), (x1, y + BAR_PX / 2)];
        let title = format!(
            "{}: {} km {} of {} km",
            bar.name,
            km(part_km),
            status.as_str(),
            km(total)
        );
        canvas::bar(area, hovers, corners, style::status_colour(status), title)?;
        start_km += part_km;
    }

    if let Some((low, high)) = bar.stated_length_range_km {
        let (x0, x1) = (x_of(low), x_of(high));
        area.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            INK.stroke_width(1),
        ))?;
        for x in [x0, x1] {
            area.draw(&PathElement::new(
                vec![(x, y - 4), (x, y + 4)],
                INK.stroke_width(1),
            ))?;
        }
    }
    if let Some(stated) = bar.stated_length_km {
        let x = x_of(stated);
        published_marker(area, x, y)?;
        hovers.push(Hover {
            shape: HoverShape::Dot {
                at: (x, y),
                radius: 6,
            },
            title: format!("{}: published {} km", bar.name, km(stated)).into(),
        });
    }
    canvas::text(
        area,
        &km(total),
        (GROUND_COLUMN_RIGHT_PX, y),
        NAME_FONT,
        Anchor::Right,
    )?;
    canvas::text(
        area,
        &published_figure(bar),
        (PUBLISHED_COLUMN_RIGHT_PX, y),
        style::SMALL,
        Anchor::Right,
    )
}

/// The published column's text: the figure the diamond marks, with the whisker's
/// range where sources disagree, or a dash where no source gives a total.
pub fn published_figure(bar: &LengthBar) -> String {
    match (bar.stated_length_km, bar.stated_length_range_km) {
        (Some(stated), Some((low, high))) => {
            format!("{} ({}–{})", km(stated), km(low), km(high))
        }
        (None, Some((low, high))) => format!("{}–{}", km(low), km(high)),
        (Some(stated), None) => km(stated),
        (None, None) => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    /// A name that fits is left as textwrap leaves it, for every corridor name of
    /// the dataset and for names at the width's edge.
    #[test]
    fn a_name_that_fits_is_what_textwrap_gives() {
        let data = crate::load::load_embedded().unwrap();
        let mut names: Vec<String> = data.corridors.iter().map(|c| c.name.clone()).collect();
        let columns = super::name_columns();
        names.extend([
            "x".repeat(columns),
            "x".repeat(columns + 1),
            format!("{} y", "x".repeat(columns - 2)),
        ]);
        names.extend([
            "Ürümqi – Kashgar".into(),
            "起于疏勒縣南 x".into(),
            "a  b".into(),
        ]);
        let mut fitted = 0;
        for name in &names {
            if super::fits_one_line(name, columns) {
                fitted += 1;
                assert_eq!(textwrap::wrap(name, columns), vec![name.as_str()], "{name}");
            }
        }
        assert!(fitted > names.len() / 2, "{fitted} of {}", names.len());
    }
}
