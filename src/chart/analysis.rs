//! The planner-analysis charts: km saved by each unbuilt project (`impact`), and each
//! claim's computed figure against the stated one (`claims`).

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{self, Anchor, Area, Drawn, Hover, HoverShape, KmAxis};
use super::style::{self, GRID, INK, MUTED};
use crate::analysis::claims::{ClaimResult, ClaimUnit, Verdict};
use crate::analysis::impact::{Impact, ProjectImpact};
use crate::model::{Mode, Status};
use crate::wording::km;

const WIDTH_PX: u32 = 1200;
const NAME_RIGHT_PX: i32 = 300;
const PLOT_LEFT_PX: i32 = 310;
const PLOT_RIGHT_PX: i32 = 800;
const NOTE_LEFT_PX: i32 = 820;
const TOP_PX: i32 = 110;
const ROW_PX: i32 = 40;
const BAR_PX: i32 = 18;
/// What the impact chart's bars and colours mean, under its subtitle.
const IMPACT_KEY: &str = "Bar: km saved, summed over the pairs; colour: the project's mode";
/// What the claims chart's bars, band and colours mean, under its subtitle.
const CLAIMS_KEY: &str = "Bar: (computed − stated) ÷ stated; grey band: the claim's tolerance; blue: consistent, orange: off";

fn project_note(project: &ProjectImpact) -> String {
    format!(
        "{} km · {} h · {} shorter · {} newly connected",
        km(project.saved_km_total),
        project
            .saved_h_total
            .map_or("—".to_string(), |h| format!("{h:.1}")),
        project.pairs_shorter,
        project.newly_connected
    )
}

/// Km saved over the pairs by each project alone, then by all of them together.
pub fn impact(impact: &Impact, subtitle: &str) -> Result<String, ChartError> {
    // Each project, then all of them together (drawn bold, last).
    let rows: Vec<(&ProjectImpact, bool)> = impact
        .projects
        .iter()
        .map(|project| (project, false))
        .chain(std::iter::once((&impact.all_built, true)))
        .collect();
    let plot_bottom = TOP_PX + rows.len() as i32 * ROW_PX;
    let height = (plot_bottom + 100) as u32;
    let longest = rows
        .iter()
        .map(|(r, _)| r.saved_km_total)
        .fold(1.0, f64::max);
    let axis = KmAxis::new(PLOT_LEFT_PX, PLOT_RIGHT_PX, longest, 6.0);
    let title = "What each unbuilt project would save";

    canvas::render(WIDTH_PX, height, title, |area, hovers| {
        canvas::heading(area, title, subtitle, IMPACT_KEY)?;
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
        for (i, &(project, is_all)) in rows.iter().enumerate() {
            let y = TOP_PX + i as i32 * ROW_PX + ROW_PX / 2;
            draw_project(area, hovers, &axis, project, is_all, y)?;
        }
        canvas::footnote(
            area,
            &format!("Pairs: {}.", impact.pairs_from),
            plot_bottom + 58,
        )?;
        canvas::footnote(
            area,
            &format!(
                "Each project is added alone to the network ({}); hours include border clearance and transfers (routes/travel.toml).",
                impact.filter.phrase()
            ),
            plot_bottom + 76,
        )
    })
}

/// One project's row centred on `y`: its name (the corridor's, bold, for all projects
/// together), its bar in its mode's colour with a hover, and its figures in words.
fn draw_project(
    area: &Area,
    hovers: &mut Vec<Hover<'_>>,
    axis: &KmAxis,
    project: &ProjectImpact,
    is_all: bool,
    y: i32,
) -> Drawn {
    let label = if is_all {
        &project.name
    } else {
        &project.project
    };
    let font = if is_all {
        style::LABEL.bold()
    } else {
        style::LABEL
    };
    canvas::text(area, label, (NAME_RIGHT_PX, y), font, Anchor::Right)?;
    let colour = project.mode.map_or(INK, style::mode_colour);
    let corners = [
        (PLOT_LEFT_PX, y - BAR_PX / 2),
        (
            axis.x(project.saved_km_total).max(PLOT_LEFT_PX + 1),
            y + BAR_PX / 2,
        ),
    ];
    if project.saved_km_total >= 0.5 {
        area.draw(&Rectangle::new(corners, colour.filled()))?;
    }
    hovers.push(Hover {
        shape: HoverShape::Rect {
            from: corners[0],
            to: (corners[1].0.max(PLOT_LEFT_PX + 8), corners[1].1),
        },
        title: format!(
            "{} ({} km unbuilt, {}): {}",
            project.name,
            km(project.unbuilt_km),
            project
                .statuses
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            project_note(project)
        )
        .into(),
    });
    canvas::text(
        area,
        &project_note(project),
        (NOTE_LEFT_PX, y),
        style::LABEL,
        Anchor::Left,
    )
}

/// Blue for consistent, orange for off, grey where nothing could be computed.
fn verdict_colour(verdict: Verdict) -> RGBColor {
    match verdict {
        Verdict::Consistent => style::mode_colour(Mode::Rail),
        Verdict::Off => style::status_colour(Status::UnderConstruction),
        Verdict::NotComputed => MUTED,
    }
}

/// The claims chart's % axis: from the lowest to the highest difference or
/// tolerance, in round steps, at most 12 of them.
struct PctAxis {
    low: f64,
    high: f64,
    step_pct: f64,
}

impl PctAxis {
    fn new(results: &[ClaimResult]) -> Self {
        let low = results
            .iter()
            .flat_map(|r| [r.difference_pct.unwrap_or(0.0), -r.tolerance_pct])
            .fold(-10.0, f64::min);
        let high = results
            .iter()
            .flat_map(|r| [r.difference_pct.unwrap_or(0.0), r.tolerance_pct])
            .fold(10.0, f64::max);
        let step_pct = canvas::nice_step(high - low, 12.0).max(10.0);
        Self {
            low: (low / step_pct).floor() * step_pct,
            high: (high / step_pct).ceil() * step_pct,
            step_pct,
        }
    }

    fn x(&self, pct: f64) -> i32 {
        PLOT_LEFT_PX
            + ((pct - self.low) / (self.high - self.low) * (PLOT_RIGHT_PX - PLOT_LEFT_PX) as f64)
                .round() as i32
    }

    /// A grid line at each step from `top` to `bottom` (the zero line in ink), each
    /// labelled under `bottom`.
    fn draw(&self, area: &Area, top: i32, bottom: i32) -> Drawn {
        let (first, last) = (
            (self.low / self.step_pct).round() as i32,
            (self.high / self.step_pct).round() as i32,
        );
        for i in first..=last {
            let pct = i as f64 * self.step_pct;
            let x = self.x(pct);
            let colour = if i == 0 { INK } else { GRID };
            area.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                colour.stroke_width(1),
            ))?;
            canvas::text(
                area,
                &crate::wording::signed_pct(pct, 0),
                (x, bottom + 12),
                style::SMALL,
                Anchor::Centre,
            )?;
        }
        Ok(())
    }
}

/// Each claim's difference from its stated figure, in %, with its tolerance band.
pub fn claims(results: &[ClaimResult], subtitle: &str) -> Result<String, ChartError> {
    let plot_bottom = TOP_PX + results.len() as i32 * ROW_PX;
    let height = (plot_bottom + 100) as u32;
    let axis = PctAxis::new(results);
    let title = "The papers' figures against the network";

    canvas::render(WIDTH_PX, height, title, |area, hovers| {
        canvas::heading(area, title, subtitle, CLAIMS_KEY)?;
        axis.draw(area, TOP_PX - 6, plot_bottom)?;
        canvas::text(
            area,
            "stated · computed · verdict",
            (NOTE_LEFT_PX, TOP_PX - 14),
            style::SMALL,
            Anchor::Left,
        )?;
        for (i, result) in results.iter().enumerate() {
            let y = TOP_PX + i as i32 * ROW_PX + ROW_PX / 2;
            draw_claim(area, hovers, &axis, result, y)?;
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

/// One claim's row centred on `y`: its id, its tolerance band, its difference as a
/// bar in its verdict's colour with a hover, and its figures in words.
fn draw_claim(
    area: &Area,
    hovers: &mut Vec<Hover<'_>>,
    axis: &PctAxis,
    result: &ClaimResult,
    y: i32,
) -> Drawn {
    canvas::text(
        area,
        &result.id,
        (NAME_RIGHT_PX, y),
        style::LABEL,
        Anchor::Right,
    )?;
    area.draw(&Rectangle::new(
        [
            (axis.x(-result.tolerance_pct), y - BAR_PX / 2 - 3),
            (axis.x(result.tolerance_pct), y + BAR_PX / 2 + 3),
        ],
        GRID.mix(0.6).filled(),
    ))?;
    let figure = |value: f64| match result.unit {
        ClaimUnit::Ratio => format!("{value:.2}"),
        ClaimUnit::Km => format!("{} km", km(value)),
    };
    if let Some(pct) = result.difference_pct {
        let (a, b) = (axis.x(0.0), axis.x(pct));
        let corners = [
            (a.min(b), y - BAR_PX / 2),
            (a.max(b).max(a.min(b) + 2), y + BAR_PX / 2),
        ];
        let title = format!(
            "{}: stated {}, computed {} ({}); {}. \"{}\" — {}",
            result.subject,
            figure(result.stated),
            figure(result.computed.unwrap_or(0.0)),
            crate::wording::signed_pct(pct, 0),
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
    )
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
