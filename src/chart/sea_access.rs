//! Sea access: for each outlet, the network distance from the origin as a bar, with
//! the great-circle distance and the paper's figure beside it.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{self, Anchor, Area, Drawn, Hover, HoverShape, KmAxis};
use super::style::Font;
use super::style::{self, INK, MUTED};
use crate::model::Status;
use crate::sea_access::{OutletDistance, SeaAccess};
use crate::wording::km;

const WIDTH_PX: u32 = 1200;
const NAME_RIGHT_PX: i32 = 300;
const PLOT_LEFT_PX: i32 = 310;
const PLOT_RIGHT_PX: i32 = 820;
const NOTE_LEFT_PX: i32 = 840;
const TOP_PX: i32 = 120;
const ROW_PX: i32 = 52;
const BAR_PX: i32 = 20;

/// Draws the chart; `subtitle` says what the filter keeps.
pub fn sea_access(access: &SeaAccess, subtitle: &str) -> Result<String, ChartError> {
    let rows = &access.outlets;
    let plot_bottom = TOP_PX + rows.len() as i32 * ROW_PX;
    let height = (plot_bottom + 90) as u32;
    let longest = rows
        .iter()
        .flat_map(|r| [r.network_km, Some(r.great_circle_km), r.stated_km])
        .flatten()
        .fold(1.0, f64::max);
    let axis = KmAxis::new(PLOT_LEFT_PX, PLOT_RIGHT_PX, longest, 6.0);
    let title = format!("Sea access from {}", access.from_name);

    canvas::render(WIDTH_PX, height, &title, |area, hovers| {
        canvas::heading(area, &title, subtitle, "")?;
        draw_key(area)?;
        axis.draw(area, TOP_PX - 6, plot_bottom, &[plot_bottom + 12], "km")?;
        canvas::text(
            area,
            "network · great circle · stated · network vs stated",
            (NOTE_LEFT_PX, TOP_PX - 14),
            style::SMALL,
            Anchor::Left,
        )?;
        for (i, row) in rows.iter().enumerate() {
            let y = TOP_PX + i as i32 * ROW_PX + ROW_PX / 2;
            draw_outlet(area, hovers, &axis, &access.from_name, row, y)?;
        }
        canvas::footnote(area, &stated_footnote(access), plot_bottom + 52)?;
        canvas::footnote(
            area,
            "Network distance: published segment lengths where the data gives them, else estimated from the geodesic.",
            plot_bottom + 70,
        )
    })
}

/// The key under the heading: the bar and the two markers, each with its meaning.
fn draw_key(area: &Area) -> Drawn {
    let key_y = 76;
    area.draw(&Rectangle::new(
        [(20, key_y - 7), (44, key_y + 7)],
        style::status_colour(Status::Operational).filled(),
    ))?;
    canvas::text(
        area,
        "network distance (shortest route)",
        (50, key_y),
        style::LABEL,
        Anchor::Left,
    )?;
    great_circle_marker(area, 310, key_y)?;
    canvas::text(
        area,
        "great-circle distance",
        (322, key_y),
        style::LABEL,
        Anchor::Left,
    )?;
    stated_marker(area, 500, key_y)?;
    canvas::text(
        area,
        "distance the paper states",
        (512, key_y),
        style::LABEL,
        Anchor::Left,
    )
}

/// One outlet's row centred on `y`: its name and sea, the network bar (or a note
/// that there is no route), the two markers with their hovers, and the figures in
/// words on the right.
fn draw_outlet(
    area: &Area,
    hovers: &mut Vec<Hover<'_>>,
    axis: &KmAxis,
    from_name: &str,
    row: &OutletDistance,
    y: i32,
) -> Drawn {
    let x_of = |value_km: f64| axis.x(value_km);
    canvas::text(
        area,
        &row.port_name,
        (NAME_RIGHT_PX, y - 8),
        style::LABEL.bold(),
        Anchor::Right,
    )?;
    canvas::text(
        area,
        &row.sea,
        (NAME_RIGHT_PX, y + 9),
        style::SMALL,
        Anchor::Right,
    )?;
    match row.network_km {
        Some(network_km) => {
            let corners = [
                (PLOT_LEFT_PX, y - BAR_PX / 2),
                (x_of(network_km), y + BAR_PX / 2),
            ];
            let title = format!(
                "{} to {}: {} km on the network, through {}",
                from_name,
                row.port_name,
                km(network_km),
                row.countries.join("→")
            );
            let bar_colour = style::status_colour(Status::Operational);
            canvas::bar(area, hovers, corners, bar_colour, title)?;
        }
        None => canvas::text(
            area,
            "no route on these links",
            ((PLOT_LEFT_PX + 6).max(x_of(row.great_circle_km) + 10), y),
            Font::new(12.0, MUTED).italic(),
            Anchor::Left,
        )?,
    }
    great_circle_marker(area, x_of(row.great_circle_km), y)?;
    hovers.push(Hover {
        shape: HoverShape::Dot {
            at: (x_of(row.great_circle_km), y),
            radius: 6,
        },
        title: format!("great circle: {} km", km(row.great_circle_km)).into(),
    });
    if let Some(stated) = row.stated_km {
        stated_marker(area, x_of(stated), y)?;
        hovers.push(Hover {
            shape: HoverShape::Dot {
                at: (x_of(stated), y),
                radius: 6,
            },
            title: format!(
                "stated: {} km — {}: \"{}\"",
                km(stated),
                row.stated_source.as_deref().unwrap_or(""),
                row.stated_quote.as_deref().unwrap_or("")
            )
            .into(),
        });
    }
    canvas::text(
        area,
        &outlet_note(row),
        (NOTE_LEFT_PX, y),
        style::LABEL,
        Anchor::Left,
    )
}

/// An outlet's figures in words: network · great circle · stated · network vs stated.
fn outlet_note(row: &OutletDistance) -> String {
    let stated = row
        .stated_km
        .map_or("not stated".to_string(), |s| format!("{} km", km(s)));
    let difference = row.difference_pct.map_or(String::new(), |d| {
        format!(" · {}", crate::wording::signed_pct(d, 0))
    });
    format!(
        "{} · {} km · {stated}{difference}",
        row.network_km
            .map_or("no route".to_string(), |n| format!("{} km", km(n))),
        km(row.great_circle_km)
    )
}

/// Where the stated figures come from: each distinct source once, up to its first
/// ';' (the rest says which port stands for the sea, which the hover gives).
fn stated_footnote(access: &SeaAccess) -> String {
    let mut sources: Vec<&str> = Vec::new();
    for source in access
        .outlets
        .iter()
        .filter_map(|o| o.stated_source.as_deref())
    {
        let cited = source.split(';').next().unwrap_or(source).trim();
        if !sources.contains(&cited) {
            sources.push(cited);
        }
    }
    if sources.is_empty() {
        "Stated figures: none for this origin in outlets.toml.".to_string()
    } else {
        format!("Stated figures: {} (outlets.toml).", sources.join("; "))
    }
}

/// A vertical bar with a circle: where the straight line would end.
fn great_circle_marker(area: &Area, x: i32, y: i32) -> Drawn {
    area.draw(&PathElement::new(
        vec![(x, y - 13), (x, y + 13)],
        INK.stroke_width(2),
    ))?;
    area.draw(&Circle::new((x, y - 13), 3, INK.filled()))
}

/// A diamond: the figure the paper states.
fn stated_marker(area: &Area, x: i32, y: i32) -> Drawn {
    let diamond = vec![(x, y - 8), (x + 6, y), (x, y + 8), (x - 6, y)];
    area.draw(&Polygon::new(
        diamond.clone(),
        style::status_colour(Status::UnderConstruction).filled(),
    ))?;
    let mut outline = diamond;
    outline.push((x, y - 8));
    area.draw(&PathElement::new(outline, INK.stroke_width(1)))
}
