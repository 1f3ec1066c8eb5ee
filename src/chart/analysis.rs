//! The planner-analysis charts: km saved by each unbuilt link (`impact`), and each
//! claim's computed figure against the stated one (`claims`).

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{self, Anchor, Hover, HoverShape, KmAxis};
use super::style::{self, GRID, INK, MUTED};
use crate::analysis::claims::{ClaimResult, ClaimUnit, Verdict};
use crate::analysis::impact::{Impact, LinkImpact};
use crate::model::{Mode, Status};
use crate::output::km;

const WIDTH_PX: u32 = 1200;
const NAME_RIGHT_PX: i32 = 300;
const PLOT_LEFT_PX: i32 = 310;
const PLOT_RIGHT_PX: i32 = 800;
const NOTE_LEFT_PX: i32 = 820;
const TOP_PX: i32 = 110;
const ROW_PX: i32 = 40;
const BAR_PX: i32 = 18;

fn link_note(link: &LinkImpact) -> String {
    format!(
        "{} km · {} h · {} shorter · {} newly connected",
        km(link.saved_km_total),
        link.saved_h_total
            .map_or("—".to_string(), |h| format!("{h:.1}")),
        link.pairs_shorter,
        link.newly_connected
    )
}

/// Km saved over the pairs by each link alone, then by all of them together.
pub fn impact(impact: &Impact, subtitle: &str) -> Result<String, ChartError> {
    // Each link, then all of them together (drawn bold, last).
    let rows: Vec<(&LinkImpact, bool)> = impact
        .links
        .iter()
        .map(|link| (link, false))
        .chain(std::iter::once((&impact.all_built, true)))
        .collect();
    let plot_bottom = TOP_PX + rows.len() as i32 * ROW_PX;
    let height = (plot_bottom + 100) as u32;
    let longest = rows
        .iter()
        .map(|(r, _)| r.saved_km_total)
        .fold(1.0, f64::max);
    let axis = KmAxis::new(PLOT_LEFT_PX, PLOT_RIGHT_PX, longest, 6.0);
    let title = "What each unbuilt link would save";

    canvas::render(WIDTH_PX, height, title, |area, hovers| {
        canvas::heading(
            area,
            title,
            subtitle,
            "Bar: km saved, summed over the pairs; colour: the link's mode",
        )?;
        axis.draw(
            area,
            TOP_PX - 6,
            plot_bottom,
            &[plot_bottom + 12],
            "km saved",
        )?;
        canvas::text(
            area,
            "km · hours saved · pairs shorter · newly connected",
            (NOTE_LEFT_PX, TOP_PX - 14),
            style::SMALL,
            Anchor::Left,
        )?;
        for (i, &(link, is_all)) in rows.iter().enumerate() {
            let y = TOP_PX + i as i32 * ROW_PX + ROW_PX / 2;
            let label = if is_all { &link.name } else { &link.link };
            let font = if is_all {
                style::LABEL.bold()
            } else {
                style::LABEL
            };
            canvas::text(area, label, (NAME_RIGHT_PX, y), font, Anchor::Right)?;
            let colour = link.mode.map_or(INK, style::mode_colour);
            let corners = [
                (PLOT_LEFT_PX, y - BAR_PX / 2),
                (
                    axis.x(link.saved_km_total).max(PLOT_LEFT_PX + 1),
                    y + BAR_PX / 2,
                ),
            ];
            if link.saved_km_total >= 0.5 {
                area.draw(&Rectangle::new(corners, colour.filled()))?;
            }
            hovers.push(Hover {
                shape: HoverShape::Rect {
                    from: corners[0],
                    to: (corners[1].0.max(PLOT_LEFT_PX + 8), corners[1].1),
                },
                title: format!(
                    "{} ({} km unbuilt, {}): {}",
                    link.name,
                    km(link.unbuilt_km),
                    link.statuses
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    link_note(link)
                ),
            });
            canvas::text(
                area,
                &link_note(link),
                (NOTE_LEFT_PX, y),
                style::LABEL,
                Anchor::Left,
            )?;
        }
        canvas::footnote(
            area,
            &format!("Pairs: {}.", impact.pairs_from),
            plot_bottom + 58,
        )?;
        canvas::footnote(
            area,
            &format!(
                "Each link is added alone to the network ({}); hours include border clearance and transfers (routes/travel.toml).",
                impact.filter.phrase()
            ),
            plot_bottom + 76,
        )
    })
}

/// Blue for consistent, orange for off, grey where nothing could be computed.
fn verdict_colour(verdict: Verdict) -> RGBColor {
    match verdict {
        Verdict::Consistent => style::mode_colour(Mode::Rail),
        Verdict::Off => style::status_colour(Status::UnderConstruction),
        Verdict::NotComputed => MUTED,
    }
}

/// Each claim's difference from its stated figure, in %, with its tolerance band.
pub fn claims(results: &[ClaimResult], subtitle: &str) -> Result<String, ChartError> {
    let plot_bottom = TOP_PX + results.len() as i32 * ROW_PX;
    let height = (plot_bottom + 100) as u32;
    // A % axis from the lowest to the highest difference or tolerance, in round
    // steps, at most 12 of them.
    let low = results
        .iter()
        .flat_map(|r| [r.difference_pct.unwrap_or(0.0), -r.tolerance_pct])
        .fold(-10.0, f64::min);
    let high = results
        .iter()
        .flat_map(|r| [r.difference_pct.unwrap_or(0.0), r.tolerance_pct])
        .fold(10.0, f64::max);
    let step_pct = canvas::nice_step(high - low, 12.0).max(10.0);
    let (low, high) = (
        (low / step_pct).floor() * step_pct,
        (high / step_pct).ceil() * step_pct,
    );
    let x_of = |pct: f64| {
        PLOT_LEFT_PX
            + ((pct - low) / (high - low) * (PLOT_RIGHT_PX - PLOT_LEFT_PX) as f64).round() as i32
    };
    let title = "The papers' figures against the network";

    canvas::render(WIDTH_PX, height, title, |area, hovers| {
        canvas::heading(
            area,
            title,
            subtitle,
            "Bar: (computed − stated) ÷ stated; grey band: the claim's tolerance; blue: consistent, orange: off",
        )?;
        let (first, last) = (
            (low / step_pct).round() as i32,
            (high / step_pct).round() as i32,
        );
        for i in first..=last {
            let pct = i as f64 * step_pct;
            let x = x_of(pct);
            let colour = if i == 0 { INK } else { GRID };
            area.draw(&PathElement::new(
                vec![(x, TOP_PX - 6), (x, plot_bottom)],
                colour.stroke_width(1),
            ))?;
            canvas::text(
                area,
                &crate::output::signed_pct(pct, 0),
                (x, plot_bottom + 12),
                style::SMALL,
                Anchor::Centre,
            )?;
        }
        canvas::text(
            area,
            "stated · computed · verdict",
            (NOTE_LEFT_PX, TOP_PX - 14),
            style::SMALL,
            Anchor::Left,
        )?;
        for (i, result) in results.iter().enumerate() {
            let y = TOP_PX + i as i32 * ROW_PX + ROW_PX / 2;
            canvas::text(
                area,
                &result.id,
                (NAME_RIGHT_PX, y),
                style::LABEL,
                Anchor::Right,
            )?;
            area.draw(&Rectangle::new(
                [
                    (x_of(-result.tolerance_pct), y - BAR_PX / 2 - 3),
                    (x_of(result.tolerance_pct), y + BAR_PX / 2 + 3),
                ],
                GRID.mix(0.6).filled(),
            ))?;
            let figure = |value: f64| match result.unit {
                ClaimUnit::Ratio => format!("{value:.2}"),
                ClaimUnit::Km => format!("{} km", km(value)),
            };
            if let Some(pct) = result.difference_pct {
                let (a, b) = (x_of(0.0), x_of(pct));
                let corners = [
                    (a.min(b), y - BAR_PX / 2),
                    (a.max(b).max(a.min(b) + 2), y + BAR_PX / 2),
                ];
                let title = format!(
                    "{}: stated {}, computed {} ({}); {}. \"{}\" — {}",
                    result.subject,
                    figure(result.stated),
                    figure(result.computed.unwrap_or(0.0)),
                    crate::output::signed_pct(pct, 0),
                    result.method,
                    result.quote,
                    result.source
                );
                canvas::bar(area, hovers, corners, verdict_colour(result.verdict), title)?;
            }
            canvas::text(
                area,
                &format!(
                    "{} · {} · {}",
                    figure(result.stated),
                    result.computed.map_or("—".to_string(), figure),
                    result.verdict.as_str()
                ),
                (NOTE_LEFT_PX, y),
                style::LABEL,
                Anchor::Left,
            )?;
        }
        canvas::footnote(
            area,
            "Claims: routes/claims.toml (sea-access figures: routes/outlets.toml), each with the paper's words; computed afresh on every run.",
            plot_bottom + 58,
        )?;
        canvas::footnote(
            area,
            "Distances on operational links unless the claim says otherwise; corridor lengths on the ground (published, else estimated); the Wakhan gap on Natural Earth 1:50m outlines.",
            plot_bottom + 76,
        )
    })
}

/// The claims chart's subtitle, naming the scenarios in force.
pub fn claims_subtitle(data: &crate::model::Dataset) -> String {
    let mut subtitle =
        "The two seed papers' quantitative claims, computed on the dataset".to_string();
    if !data.scenarios.is_empty() {
        subtitle.push_str(&format!("; scenario: {}", data.scenarios.join(" + ")));
    }
    subtitle
}
