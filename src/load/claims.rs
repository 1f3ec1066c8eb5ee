//! Validates `claims.toml`: each claim's kind, the keys that kind needs, and every
//! place, corridor and outlet it names.

use toml::Spanned;

use super::diagnostic::{FileReport, nearest};
use super::raw::RawClaim;
use super::validate::{ValidPlaces, parse_keyword, resolve_place};
use crate::model::{Claim, ClaimCheck, Corridor, Metric, Mode, Outlet, Status};
use crate::network::TRANSPORT_MODES;

/// The claim kinds, as written in the file.
const KINDS: &str = "route-distance | corridor-length | border-gap | route-ratio | sea-access";

/// Validates the parsed claims; a bad claim is reported and left out.
pub fn claims(
    report: &mut FileReport,
    raws: Vec<RawClaim>,
    valid: &ValidPlaces,
    corridors: &[Corridor],
    outlets: &[Outlet],
) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    for raw in raws {
        if claims.iter().any(|c| c.id == *raw.id.get_ref()) {
            report.error(
                raw.id.span(),
                format!("a second claim `{}`", raw.id.get_ref()),
                Some("claim ids must be unique".into()),
            );
            continue;
        }
        if let Some(claim) = claim(report, raw, valid, corridors, outlets) {
            claims.push(claim);
        }
    }
    claims
}

/// Reports a key the claim's kind needs but the table lacks.
fn need<'a, T>(
    report: &mut FileReport,
    raw: &RawClaim,
    value: &'a Option<T>,
    key: &str,
) -> Option<&'a T> {
    if value.is_none() {
        report.error(
            raw.kind.span(),
            format!("a `{}` claim needs `{key}`", raw.kind.get_ref()),
            Some(format!("add `{key} = ...` to claim `{}`", raw.id.get_ref())),
        );
    }
    value.as_ref()
}

/// A positive stated figure.
fn positive(report: &mut FileReport, value: &Spanned<f64>, key: &str) -> Option<f64> {
    let v = *value.get_ref();
    if v.is_finite() && v > 0.0 {
        Some(v)
    } else {
        report.error(
            value.span(),
            format!("`{key}` must be a positive number, found {v}"),
            Some("give the figure as the source states it".into()),
        );
        None
    }
}

/// A list of keywords, `all` for every value, `default` where empty.
fn keywords<T: Copy>(
    report: &mut FileReport,
    values: &[Spanned<String>],
    key: &str,
    parse: fn(&str) -> Option<T>,
    accepted: fn() -> String,
    every: &[T],
    default: &[T],
) -> Option<Vec<T>> {
    if values.is_empty() {
        return Some(default.to_vec());
    }
    if values.iter().any(|v| v.get_ref() == "all") {
        return Some(every.to_vec());
    }
    let parsed: Vec<Option<T>> = values
        .iter()
        .map(|v| parse_keyword(report, v, key, parse, accepted))
        .collect();
    parsed.into_iter().collect()
}

fn claim(
    report: &mut FileReport,
    raw: RawClaim,
    valid: &ValidPlaces,
    corridors: &[Corridor],
    outlets: &[Outlet],
) -> Option<Claim> {
    let ids = valid.ids();
    let kind = raw.kind.get_ref().as_str();
    let tolerance_pct = *raw.tolerance_pct.get_ref();
    if !(tolerance_pct.is_finite() && tolerance_pct >= 0.0) {
        report.error(
            raw.tolerance_pct.span(),
            format!("`tolerance_pct` must be zero or more, found {tolerance_pct}"),
            Some("give the % within which the claim counts as consistent".into()),
        );
        return None;
    }
    let place = |report: &mut FileReport, value: &Option<Spanned<String>>, key: &str| {
        need(report, &raw, value, key)
            .and_then(|id| resolve_place(report, &ids, &valid.declared, id, key))
    };
    let modes = |report: &mut FileReport, values: &[Spanned<String>], default: &[Mode]| {
        keywords(
            report,
            values,
            "mode",
            Mode::parse,
            Mode::accepted,
            Mode::ALL,
            default,
        )
    };
    let statuses = |report: &mut FileReport, values: &[Spanned<String>], default: &[Status]| {
        keywords(
            report,
            values,
            "status",
            Status::parse,
            Status::accepted,
            Status::ALL,
            default,
        )
    };
    let check = match kind {
        "route-distance" => {
            let from = place(report, &raw.from, "from");
            let to = place(report, &raw.to, "to");
            let stated = need(report, &raw, &raw.stated_km, "stated_km")
                .and_then(|v| positive(report, v, "stated_km"));
            let modes = modes(report, &raw.mode, TRANSPORT_MODES);
            let statuses = statuses(report, &raw.status, &[Status::Operational]);
            ClaimCheck::RouteDistance {
                from: from?,
                to: to?,
                modes: modes?,
                statuses: statuses?,
                stated_km: stated?,
            }
        }
        "corridor-length" => {
            let stated = need(report, &raw, &raw.stated_km, "stated_km")
                .and_then(|v| positive(report, v, "stated_km"));
            let id = need(report, &raw, &raw.corridor, "corridor")?;
            let Some(corridor) = corridors.iter().position(|c| c.id == *id.get_ref()) else {
                let hint = match nearest(id.get_ref(), corridors.iter().map(|c| c.id.as_str())) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name a corridor file's id".to_string(),
                };
                report.error(
                    id.span(),
                    format!("unknown corridor `{}`", id.get_ref()),
                    Some(hint),
                );
                return None;
            };
            ClaimCheck::CorridorLength {
                corridor,
                stated_km: stated?,
            }
        }
        "border-gap" => {
            let stated = need(report, &raw, &raw.stated_km, "stated_km")
                .and_then(|v| positive(report, v, "stated_km"));
            let countries = need(report, &raw, &raw.countries, "countries")?;
            let [a, b] = countries.get_ref().as_slice() else {
                report.error(
                    countries.span(),
                    "`countries` must name two countries",
                    Some("write countries = [\"Tajikistan\", \"Pakistan\"], as the base map names them".into()),
                );
                return None;
            };
            ClaimCheck::BorderGap {
                countries: [a.clone(), b.clone()],
                stated_km: stated?,
            }
        }
        "route-ratio" => {
            let from = place(report, &raw.from, "from");
            let to = place(report, &raw.to, "to");
            let stated = need(report, &raw, &raw.stated_ratio, "stated_ratio")
                .and_then(|v| positive(report, v, "stated_ratio"));
            let by = need(report, &raw, &raw.by, "by")?;
            let by = parse_keyword(report, by, "by", Metric::parse, Metric::accepted)?;
            let with_modes = modes(report, &raw.with_mode, TRANSPORT_MODES);
            let with_statuses = statuses(report, &raw.with_status, Status::ALL);
            let without_modes = modes(report, &raw.mode, TRANSPORT_MODES);
            let without_statuses = statuses(report, &raw.status, &[Status::Operational]);
            ClaimCheck::RouteRatio {
                from: from?,
                to: to?,
                by,
                with_modes: with_modes?,
                with_statuses: with_statuses?,
                without_modes: without_modes?,
                without_statuses: without_statuses?,
                stated_ratio: stated?,
            }
        }
        "sea-access" => {
            let port = place(report, &raw.outlet, "outlet")?;
            let Some(outlet) = outlets.iter().find(|o| o.place == port) else {
                report.error(
                    raw.outlet.as_ref().map(Spanned::span).unwrap_or_default(),
                    format!(
                        "`{}` is not an outlet of outlets.toml",
                        valid.places[port].id
                    ),
                    Some("name a port listed in outlets.toml".into()),
                );
                return None;
            };
            let Some(stated) = &outlet.stated else {
                report.error(
                    raw.outlet.as_ref().map(Spanned::span).unwrap_or_default(),
                    format!(
                        "outlets.toml states no distance to `{}`",
                        valid.places[port].id
                    ),
                    Some(
                        "a sea-access claim checks the [outlet.stated] figure; add one there"
                            .into(),
                    ),
                );
                return None;
            };
            if raw.quote.is_some() || raw.source.is_some() {
                report.error(
                    raw.id.span(),
                    "a `sea-access` claim takes its quote and source from outlets.toml",
                    Some("drop `quote` and `source` here; edit them in outlets.toml".into()),
                );
                return None;
            }
            return Some(Claim {
                id: raw.id.into_inner(),
                quote: stated.quote.clone(),
                source: stated.source.clone(),
                tolerance_pct,
                check: ClaimCheck::SeaAccess {
                    from: stated.from,
                    outlet: port,
                    stated_km: stated.length_km,
                },
            });
        }
        other => {
            report.error(
                raw.kind.span(),
                format!("unknown claim kind `{other}`"),
                Some(format!("kind is one of: {KINDS}")),
            );
            return None;
        }
    };
    let quote = need(report, &raw, &raw.quote, "quote");
    let source = need(report, &raw, &raw.source, "source");
    let (quote, source) = (quote?, source?);
    for (key, text) in [("quote", quote), ("source", source)] {
        if text.get_ref().trim().is_empty() {
            report.error(
                text.span(),
                format!("`{key}` is empty"),
                Some("a claim needs the source's words and where they are".into()),
            );
            return None;
        }
    }
    Some(Claim {
        id: raw.id.get_ref().clone(),
        quote: quote.get_ref().clone(),
        source: source.get_ref().clone(),
        tolerance_pct,
        check,
    })
}
