//! Validates `travel.toml`: the speeds, freight rates, border delays and transfer times
//! that `--by time` and `--by cost` use. Every figure needs its source.

use std::collections::HashSet;

use toml::Spanned;

use super::diagnostic::FileReport;
use super::parse::ParsedTravel;
use super::raw::RawTransfer;
use super::validate::{Bound, ValidPlaces, number, parse_keyword};
use crate::model::{CrossingTravel, Mode, ModeTravel, Sourced, Terminal, TransferTravel, Travel};

/// Checks one figure's value and that its source is given.
fn figure(
    report: &mut FileReport,
    value: &Option<Spanned<f64>>,
    key: &str,
    source: &Option<Spanned<String>>,
    source_key: &str,
    bound: Bound,
) -> Option<Sourced> {
    let value = value.as_ref()?;
    let number = number(report, value, key, bound)?;
    match source {
        Some(source) if !source.get_ref().trim().is_empty() => Some(Sourced {
            value: number,
            source: source.get_ref().clone(),
        }),
        _ => {
            report.error(
                value.span(),
                format!("`{key}` has no source"),
                Some(format!(
                    "add `{source_key}` naming where the figure is published, or leave the figure out"
                )),
            );
            None
        }
    }
}

fn transfer<Place>(report: &mut FileReport, raw: &RawTransfer<Place>) -> TransferTravel {
    TransferTravel {
        mode_change_h: figure(
            report,
            &raw.mode_change_h,
            "mode_change_h",
            &raw.mode_change_source,
            "mode_change_source",
            Bound::NonNegative,
        ),
        gauge_change_h: figure(
            report,
            &raw.gauge_change_h,
            "gauge_change_h",
            &raw.gauge_change_source,
            "gauge_change_source",
            Bound::NonNegative,
        ),
        gauge_change_cost_usd: figure(
            report,
            &raw.gauge_change_cost_usd,
            "gauge_change_cost_usd",
            &raw.gauge_change_source,
            "gauge_change_source",
            Bound::NonNegative,
        ),
    }
}

/// Validates the parsed `travel.toml` against the places.
pub fn travel(report: &mut FileReport, parsed: ParsedTravel, valid: &ValidPlaces) -> Travel {
    let mut travel = Travel {
        shipment_t: figure(
            report,
            &parsed.top.shipment_t,
            "shipment_t",
            &parsed.top.shipment_source,
            "shipment_source",
            Bound::Positive,
        ),
        modes: vec![ModeTravel::default(); Mode::ALL.len()],
        ..Travel::default()
    };

    let mut seen_modes = HashSet::new();
    for raw in &parsed.modes {
        let Some(mode) = parse_keyword::<Mode>(report, &raw.mode, "mode") else {
            continue;
        };
        if !seen_modes.insert(mode) {
            report.error(
                raw.mode.span(),
                format!("a second [[mode]] table for {mode}"),
                Some("give each mode one [[mode]] table".into()),
            );
            continue;
        }
        travel.modes[mode.index()] = ModeTravel {
            speed_kmh: figure(
                report,
                &raw.speed_kmh,
                "speed_kmh",
                &raw.speed_source,
                "speed_source",
                Bound::Positive,
            ),
            cost_usd_per_tkm: figure(
                report,
                &raw.cost_usd_per_tkm,
                "cost_usd_per_tkm",
                &raw.cost_source,
                "cost_source",
                Bound::NonNegative,
            ),
            border_delay_h: figure(
                report,
                &raw.border_delay_h,
                "border_delay_h",
                &raw.border_source,
                "border_source",
                Bound::NonNegative,
            ),
            border_cost_usd: figure(
                report,
                &raw.border_cost_usd,
                "border_cost_usd",
                &raw.border_source,
                "border_source",
                Bound::NonNegative,
            ),
        };
    }

    if let Some(raw) = &parsed.transfer {
        travel.transfer = transfer(report, raw);
    }

    let mut seen_places = HashSet::new();
    for raw in &parsed.transfer_at {
        let place_key = &raw.place;
        let Some(place) = valid.resolve(report, place_key, "place") else {
            continue;
        };
        if !seen_places.insert(place) {
            report.error(
                place_key.span(),
                format!(
                    "a second [[transfer_at]] table for `{}`",
                    place_key.get_ref()
                ),
                Some("give each place one [[transfer_at]] table".into()),
            );
            continue;
        }
        travel.transfer_at.push((place, transfer(report, raw)));
    }

    for raw in &parsed.terminals {
        let Some(place) = valid.resolve(report, &raw.place, "place") else {
            continue;
        };
        if travel.terminals.iter().any(|t| t.place == place) {
            report.error(
                raw.place.span(),
                format!("a second [[terminal]] table for `{}`", raw.place.get_ref()),
                Some("give each place one [[terminal]] table".into()),
            );
            continue;
        }
        let mut text = |value: &Spanned<String>, key: &str| {
            if value.get_ref().trim().is_empty() {
                report.error(
                    value.span(),
                    format!("`{key}` is blank"),
                    Some("name the facility and where it is published".into()),
                );
            }
            value.get_ref().clone()
        };
        let facility = text(&raw.facility, "facility");
        let source = text(&raw.source, "source");
        travel.terminals.push(Terminal {
            place,
            facility,
            source,
        });
    }

    for raw in &parsed.crossings {
        let place = valid.resolve(report, &raw.place, "place");
        let mode = parse_keyword::<Mode>(report, &raw.mode, "mode");
        let (Some(place), Some(mode)) = (place, mode) else {
            continue;
        };
        if !valid.places[place].is_border_crossing() {
            report.error(
                raw.place.span(),
                format!("`{}` is not a border crossing", raw.place.get_ref()),
                Some("give the place `border_with` in places.toml, or name the crossing".into()),
            );
            continue;
        }
        if travel.crossing(place, mode).is_some() {
            report.error(
                raw.place.span(),
                format!(
                    "a second [[crossing]] table for `{}` by {mode}",
                    raw.place.get_ref()
                ),
                Some("give each crossing and mode one table".into()),
            );
            continue;
        }
        let source = Some(raw.source.clone());
        let delay_h = figure(
            report,
            &raw.delay_h,
            "delay_h",
            &source,
            "source",
            Bound::NonNegative,
        );
        let cost_usd = figure(
            report,
            &raw.cost_usd,
            "cost_usd",
            &source,
            "source",
            Bound::NonNegative,
        );
        travel.crossings.push(CrossingTravel {
            place,
            mode,
            delay_h: delay_h.map(|f| f.value),
            cost_usd: cost_usd.map(|f| f.value),
            source: raw.source.get_ref().clone(),
        });
    }
    travel
}
