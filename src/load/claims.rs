//! Validates `claims.toml`: each claim's kind, the keys that kind needs, and every
//! place, corridor and outlet it names.

use std::collections::HashSet;

use toml::Spanned;

use super::diagnostic::FileReport;
use super::raw::RawClaim;
use super::validate::{Bound, ValidPlaces, non_blank, number, parse_keyword, resolve_corridor};
use crate::model::{
    Claim, ClaimCheck, Corridor, Keyword, Mode, Outlet, PlaceIdx, Status, TRANSPORT_MODES,
};

/// The claim kinds, as written in the file.
const KINDS: &str = "route-distance | corridor-length | border-gap | route-ratio | sea-access";

/// What a claim may name: the corridors and outlets that passed validation, and
/// every corridor id and outlet place declared, valid or not (so that a claim
/// naming a broken one is not reported again).
pub struct Known<'a> {
    pub corridors: &'a [Corridor],
    pub declared_corridors: &'a HashSet<String>,
    pub outlets: &'a [Outlet],
    pub declared_outlets: &'a HashSet<String>,
}

/// Validates the parsed claims; a bad claim is reported and left out.
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

/// One claim, validated; `None` where it has a problem (reported). The problems of
/// the kind's own keys come before those of its quote and source.
fn claim(
    report: &mut FileReport,
    raw: RawClaim,
    valid: &ValidPlaces,
    known: &Known,
) -> Option<Claim> {
    let tolerance_pct = number(
        report,
        &raw.tolerance_pct,
        "tolerance_pct",
        Bound::NonNegative,
    )?;
    let check = match raw.kind.get_ref().as_str() {
        "route-distance" => route_distance(report, &raw, valid),
        "corridor-length" => corridor_length(report, &raw, known),
        "border-gap" => border_gap(report, &raw),
        "route-ratio" => route_ratio(report, &raw, valid),
        // Its quote and source are those of the outlet's stated distance.
        "sea-access" => return sea_access(report, raw, valid, known, tolerance_pct),
        other => {
            report.error(
                raw.kind.span(),
                format!("unknown claim kind `{other}`"),
                Some(format!("kind is one of: {KINDS}")),
            );
            None
        }
    }?;
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

/// The place a key the claim needs names, resolved.
fn place(
    report: &mut FileReport,
    raw: &RawClaim,
    valid: &ValidPlaces,
    value: &Option<Spanned<String>>,
    key: &str,
) -> Option<PlaceIdx> {
    need(report, raw, value, key).and_then(|id| valid.resolve(report, id, key))
}

/// The stated figure under `key`, which the claim needs and must be positive.
fn stated(
    report: &mut FileReport,
    raw: &RawClaim,
    value: &Option<Spanned<f64>>,
    key: &str,
) -> Option<f64> {
    need(report, raw, value, key).and_then(|v| number(report, v, key, Bound::Positive))
}

fn modes(
    report: &mut FileReport,
    values: &[Spanned<String>],
    default: &[Mode],
) -> Option<Vec<Mode>> {
    keywords(report, values, "mode", default)
}

fn statuses(
    report: &mut FileReport,
    values: &[Spanned<String>],
    default: &[Status],
) -> Option<Vec<Status>> {
    keywords(report, values, "status", default)
}

/// A `route-distance` claim: every key is checked before any problem stops it.
fn route_distance(
    report: &mut FileReport,
    raw: &RawClaim,
    valid: &ValidPlaces,
) -> Option<ClaimCheck> {
    let from = place(report, raw, valid, &raw.from, "from");
    let to = place(report, raw, valid, &raw.to, "to");
    let stated_km = stated(report, raw, &raw.stated_km, "stated_km");
    let modes = modes(report, &raw.mode, TRANSPORT_MODES);
    let statuses = statuses(report, &raw.status, &[Status::Operational]);
    Some(ClaimCheck::RouteDistance {
        from: from?,
        to: to?,
        modes: modes?,
        statuses: statuses?,
        stated_km: stated_km?,
    })
}

fn corridor_length(report: &mut FileReport, raw: &RawClaim, known: &Known) -> Option<ClaimCheck> {
    let stated_km = stated(report, raw, &raw.stated_km, "stated_km");
    let id = need(report, raw, &raw.corridor, "corridor")?;
    let corridor = resolve_corridor(report, known.corridors, Some(known.declared_corridors), id)?;
    Some(ClaimCheck::CorridorLength {
        corridor,
        stated_km: stated_km?,
    })
}

fn border_gap(report: &mut FileReport, raw: &RawClaim) -> Option<ClaimCheck> {
    let stated_km = stated(report, raw, &raw.stated_km, "stated_km");
    let countries = need(report, raw, &raw.countries, "countries")?;
    let [a, b] = countries.get_ref().as_slice() else {
        report.error(
            countries.span(),
            "`countries` must name two countries",
            Some(
                "write countries = [\"Tajikistan\", \"Pakistan\"], as the base map names them"
                    .into(),
            ),
        );
        return None;
    };
    Some(ClaimCheck::BorderGap {
        countries: [a.clone(), b.clone()],
        stated_km: stated_km?,
    })
}

/// A `route-ratio` claim: the route with the link (`with_*`) against the route
/// without it (`mode`, `status`).
fn route_ratio(report: &mut FileReport, raw: &RawClaim, valid: &ValidPlaces) -> Option<ClaimCheck> {
    let from = place(report, raw, valid, &raw.from, "from");
    let to = place(report, raw, valid, &raw.to, "to");
    let stated_ratio = stated(report, raw, &raw.stated_ratio, "stated_ratio");
    let by = need(report, raw, &raw.by, "by")?;
    let by = parse_keyword(report, by, "by")?;
    let with_modes = modes(report, &raw.with_mode, TRANSPORT_MODES);
    let with_statuses = statuses(report, &raw.with_status, Status::ALL);
    let without_modes = modes(report, &raw.mode, TRANSPORT_MODES);
    let without_statuses = statuses(report, &raw.status, &[Status::Operational]);
    Some(ClaimCheck::RouteRatio {
        from: from?,
        to: to?,
        by,
        with_modes: with_modes?,
        with_statuses: with_statuses?,
        without_modes: without_modes?,
        without_statuses: without_statuses?,
        stated_ratio: stated_ratio?,
    })
}

/// A `sea-access` claim: it checks the stated distance of an outlet of outlets.toml,
/// and takes its quote and source from there.
fn sea_access(
    report: &mut FileReport,
    raw: RawClaim,
    valid: &ValidPlaces,
    known: &Known,
    tolerance_pct: f64,
) -> Option<Claim> {
    let port = place(report, &raw, valid, &raw.outlet, "outlet")?;
    let outlet_span = || raw.outlet.as_ref().map(Spanned::span).unwrap_or_default();
    let Some(outlet) = known.outlets.iter().find(|o| o.place == port) else {
        // An [[outlet]] with a problem of its own is reported already.
        if known.declared_outlets.contains(&valid.places[port].id) {
            return None;
        }
        report.error(
            outlet_span(),
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
            outlet_span(),
            format!(
                "outlets.toml states no distance to `{}`",
                valid.places[port].id
            ),
            Some("a sea-access claim checks the [outlet.stated] figure; add one there".into()),
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
    Some(Claim {
        id: raw.id.into_inner(),
        quote: stated.quote.clone(),
        source: stated.source.clone(),
        tolerance_pct,
        check: ClaimCheck::SeaAccess {
            from: stated.from,
            outlet: port,
            stated_km: stated.length_km,
        },
    })
}
