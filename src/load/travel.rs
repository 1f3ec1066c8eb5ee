//! Validates `travel.toml`: the speeds, freight rates, border delays and transfer times
//! that `--by time` and `--by cost` use. Every figure needs its source.

use std::collections::HashSet;

use toml::Spanned;

use super::diagnostic::FileReport;
use super::parse::ParsedTravel;
use super::raw::{RawCrossing, RawModeTravel, RawTerminal, RawTransfer};
use super::validate::{Bound, ValidPlaces, number, parse_keyword};
use crate::model::{
    CrossingTravel, Mode, ModeTravel, PlaceIdx, Sourced, Terminal, TransferTravel, Travel,
};

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
    let shipment_t = figure(
        report,
        &parsed.top.shipment_t,
        "shipment_t",
        &parsed.top.shipment_source,
        "shipment_source",
        Bound::Positive,
    );
    let modes = modes(report, &parsed.modes);
    let transfer = parsed
        .transfer
        .as_ref()
        .map(|raw| transfer(report, raw))
        .unwrap_or_default();
    let transfer_at = transfer_at(report, &parsed.transfer_at, valid);
    let terminals = terminals(report, &parsed.terminals, valid);
    let crossings = crossings(report, &parsed.crossings, valid);
    Travel {
        shipment_t,
        modes,
        transfer,
        transfer_at,
        terminals,
        crossings,
    }
}

/// The figures of each mode, indexed by [`Mode::index`]; a second table for a mode
/// is reported and left out.
fn modes(report: &mut FileReport, raws: &[RawModeTravel]) -> Vec<ModeTravel> {
    let mut modes = vec![ModeTravel::default(); Mode::ALL.len()];
    let mut seen_modes = HashSet::new();
    for raw in raws {
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
        modes[mode.index()] = mode_travel(report, raw);
    }
    modes
}

fn mode_travel(report: &mut FileReport, raw: &RawModeTravel) -> ModeTravel {
    ModeTravel {
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
    }
}

/// The `[[transfer_at]]` tables: places with transfer figures of their own.
fn transfer_at(
    report: &mut FileReport,
    raws: &[RawTransfer<Spanned<String>>],
    valid: &ValidPlaces,
) -> Vec<(PlaceIdx, TransferTravel)> {
    let mut transfer_at = Vec::new();
    let mut seen_places = HashSet::new();
    for raw in raws {
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
        transfer_at.push((place, transfer(report, raw)));
    }
    transfer_at
}

/// The `[[terminal]]` tables: places besides ports where freight changes mode.
fn terminals(report: &mut FileReport, raws: &[RawTerminal], valid: &ValidPlaces) -> Vec<Terminal> {
    let mut terminals: Vec<Terminal> = Vec::new();
    for raw in raws {
        let Some(place) = valid.resolve(report, &raw.place, "place") else {
            continue;
        };
        if terminals.iter().any(|t| t.place == place) {
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
        terminals.push(Terminal {
            place,
            facility,
            source,
        });
    }
    terminals
}

/// The `[[crossing]]` tables: each border crossing's own figures for a mode.
fn crossings(
    report: &mut FileReport,
    raws: &[RawCrossing],
    valid: &ValidPlaces,
) -> Vec<CrossingTravel> {
    let mut crossings: Vec<CrossingTravel> = Vec::new();
    for raw in raws {
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
        if crossings.iter().any(|c| c.place == place && c.mode == mode) {
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
        crossings.push(crossing(report, raw, place, mode));
    }
    crossings
}

fn crossing(
    report: &mut FileReport,
    raw: &RawCrossing,
    place: PlaceIdx,
    mode: Mode,
) -> CrossingTravel {
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
    CrossingTravel {
        place,
        mode,
        delay_h: delay_h.map(|f| f.value),
        cost_usd: cost_usd.map(|f| f.value),
        source: raw.source.get_ref().clone(),
    }
}
