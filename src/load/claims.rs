//! Validates `claims.toml`: each claim's kind, the keys that kind needs, and every
//! place, corridor and outlet it names.

use toml::Spanned;

use super::diagnostic::FileReport;
use super::raw::RawClaim;
use std::collections::HashSet;

use super::validate::{Bound, ValidPlaces, non_blank, number, parse_keyword, resolve_corridor};
use crate::model::{Claim, ClaimCheck, Corridor, Keyword, Mode, Outlet, Status, TRANSPORT_MODES};

/// The claim kinds, as written in the file.
const KINDS: &str = "route-distance | corridor-length | border-gap | route-ratio | sea-access";

/// Validates the parsed claims; a bad claim is reported and left out.
/// What a claim may name: the corridors and outlets that passed validation, and
/// every corridor id and outlet place declared, valid or not (so that a claim
/// naming a broken one is not reported again).
pub struct Known<'a> {
    pub corridors: &'a [Corridor],
    pub declared_corridors: &'a HashSet<String>,
    pub outlets: &'a [Outlet],
    pub declared_outlets: &'a HashSet<String>,
}

pub fn claims(
    report: &mut FileReport,
    raws: Vec<RawClaim>,
    valid: &ValidPlaces,
    known: &Known,
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
        if let Some(claim) = claim(report, raw, valid, known) {
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

/// A list of keywords, `all` for every value, `default` where empty.
fn keywords<T: Keyword>(
    report: &mut FileReport,
    values: &[Spanned<String>],
    key: &str,
    default: &[T],
) -> Option<Vec<T>> {
    if values.is_empty() {
        return Some(default.to_vec());
    }
    if values.iter().any(|v| v.get_ref() == "all") {
        return Some(T::ALL.to_vec());
    }
    let parsed: Vec<Option<T>> = values
        .iter()
        .map(|v| parse_keyword(report, v, key))
        .collect();
    parsed.into_iter().collect()
}

fn claim(
    report: &mut FileReport,
    raw: RawClaim,
    valid: &ValidPlaces,
    known: &Known,
) -> Option<Claim> {
    let kind = raw.kind.get_ref().as_str();
    let tolerance_pct = number(
        report,
        &raw.tolerance_pct,
        "tolerance_pct",
        Bound::NonNegative,
    )?;
    let place = |report: &mut FileReport, value: &Option<Spanned<String>>, key: &str| {
        need(report, &raw, value, key).and_then(|id| valid.resolve(report, id, key))
    };
    let modes = |report: &mut FileReport, values: &[Spanned<String>], default: &[Mode]| {
        keywords(report, values, "mode", default)
    };
    let statuses = |report: &mut FileReport, values: &[Spanned<String>], default: &[Status]| {
        keywords(report, values, "status", default)
    };
    let check = match kind {
        "route-distance" => {
            let from = place(report, &raw.from, "from");
            let to = place(report, &raw.to, "to");
            let stated = need(report, &raw, &raw.stated_km, "stated_km")
                .and_then(|v| number(report, v, "stated_km", Bound::Positive));
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
                .and_then(|v| number(report, v, "stated_km", Bound::Positive));
            let id = need(report, &raw, &raw.corridor, "corridor")?;
            let corridor =
                resolve_corridor(report, known.corridors, Some(known.declared_corridors), id)?;
            ClaimCheck::CorridorLength {
                corridor,
                stated_km: stated?,
            }
        }
        "border-gap" => {
            let stated = need(report, &raw, &raw.stated_km, "stated_km")
                .and_then(|v| number(report, v, "stated_km", Bound::Positive));
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
                .and_then(|v| number(report, v, "stated_ratio", Bound::Positive));
            let by = need(report, &raw, &raw.by, "by")?;
            let by = parse_keyword(report, by, "by")?;
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
            let Some(outlet) = known.outlets.iter().find(|o| o.place == port) else {
                // An [[outlet]] with a problem of its own is reported already.
                if known.declared_outlets.contains(&valid.places[port].id) {
                    return None;
                }
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
    let hint = "a claim needs the source's words and where they are";
    let quote = non_blank(report, quote?, "quote", hint)?;
    let source = non_blank(report, source?, "source", hint)?;
    Some(Claim {
        id: raw.id.get_ref().clone(),
        quote,
        source,
        tolerance_pct,
        check,
    })
}
