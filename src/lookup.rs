//! Finding a place from what a user types: an id, a name or an alias, in any case
//! and with or without spaces, dashes and apostrophes.

use crate::geodesy::geodesic_km;
use crate::model::{Dataset, LatLon, PlaceIdx};

/// Lower-case letters and digits only: `Mazar-i-Sharif` and `mazar i sharif` agree.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why a name does not pick out one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No place has the name; the closest names, best first.
    Unknown {
        name: String,
        suggestions: Vec<String>,
    },
    /// Several places have it: their ids.
    Ambiguous {
        name: String,
        candidates: Vec<String>,
    },
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::Unknown { name, suggestions } if suggestions.is_empty() => write!(
                f,
                "unknown place `{name}`{}; `corridors list places` shows every id, name and alias",
                crate::wording::unusual_note(name)
            ),
            LookupError::Unknown { name, suggestions } => write!(
                f,
                "unknown place `{name}`{}; did you mean {}?",
                crate::wording::unusual_note(name),
                suggestions
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            LookupError::Ambiguous { name, candidates } => write!(
                f,
                "`{name}` could be any of: {}; give the id",
                candidates.join(", ")
            ),
        }
    }
}

/// The place `text` names. An exact id wins; otherwise names and aliases are compared
/// without case, spaces or punctuation.
pub fn find_place(data: &Dataset, text: &str) -> Result<PlaceIdx, LookupError> {
    let text = text.trim();
    if let Some(idx) = data.places.iter().position(|p| p.id == text) {
        return Ok(idx);
    }
    let wanted = normalise(text);
    let matches: Vec<PlaceIdx> = data
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            std::iter::once(&p.id)
                .chain(std::iter::once(&p.name))
                .chain(p.aliases.iter())
                .any(|n| normalise(n) == wanted)
        })
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(LookupError::Unknown {
            name: text.to_string(),
            suggestions: suggestions(data, &wanted),
        }),
        many => Err(LookupError::Ambiguous {
            name: text.to_string(),
            candidates: many
                .iter()
                .map(|&i| {
                    let p = &data.places[i];
                    format!("{} ({}, {}, {})", p.id, p.name, p.country, p.kind)
                })
                .collect(),
        }),
    }
}

/// Up to three place ids whose id, name or alias is close to `wanted`.
fn suggestions(data: &Dataset, wanted: &str) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = data
        .places
        .iter()
        .map(|p| {
            let best = std::iter::once(&p.id)
                .chain(std::iter::once(&p.name))
                .chain(p.aliases.iter())
                .map(|n| strsim::jaro_winkler(wanted, &normalise(n)))
                .fold(0.0, f64::max);
            (best, p.id.as_str())
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// A `lat,lon` position typed by a user: exactly two decimal numbers separated by a
/// comma (spaces allowed), latitude first.
///
/// `None` if `text` is not two numbers (so it may be a place name or a list);
/// `Some(Err)` if it is, but off the globe.
pub fn parse_lat_lon(text: &str) -> Option<Result<LatLon, String>> {
    let (lat, lon) = text.split_once(',')?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lon: f64 = lon.trim().parse().ok()?;
    if !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Some(Err(format!(
            "`{text}`: latitude {lat} is outside −90..90; positions are lat,lon (latitude first)"
        )));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Some(Err(format!(
            "`{text}`: longitude {lon} is outside −180..180"
        )));
    }
    Some(Ok(LatLon::new(lat, lon)))
}

/// Splits the values of a repeatable, comma-separated place option into places: a
/// value that is exactly two numbers is one position, not two places. Blank items
/// are dropped.
pub fn split_place_list(values: &[String]) -> Vec<String> {
    let mut items = Vec::new();
    for value in values {
        if parse_lat_lon(value).is_some() {
            items.push(value.trim().to_string());
        } else {
            items.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
        }
    }
    items
}

/// The place nearest to `position` (geodesic), with its distance in km; `None` for
/// a dataset without places.
pub fn nearest_place(data: &Dataset, position: LatLon) -> Option<(PlaceIdx, f64)> {
    data.places
        .iter()
        .enumerate()
        .map(|(idx, p)| (idx, geodesic_km(position, p.position)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// How far a typed position may lie from the nearest place, in km: further, it is
/// taken for a mistake (a swapped lat,lon, a place outside the region) rather than
/// moved to a town hundreds of km away.
pub const MAX_POSITION_TO_PLACE_KM: f64 = 50.0;

/// The place nearest to a typed `position`, with its distance in km, or why it is
/// refused: further than [`MAX_POSITION_TO_PLACE_KM`] from every place, with a hint
/// where the position read as lon,lat lies near one.
pub fn place_near(data: &Dataset, position: LatLon) -> Result<(PlaceIdx, f64), String> {
    let (idx, km) =
        nearest_place(data, position).ok_or_else(|| "the dataset has no places".to_string())?;
    if km <= MAX_POSITION_TO_PLACE_KM {
        return Ok((idx, km));
    }
    let (lat, lon) = (position.lat_deg, position.lon_deg);
    let mut message = format!(
        "{lat},{lon} is {} km from the nearest place ({}); a position must lie within {} km of one",
        crate::wording::km(km),
        data.places[idx].name,
        MAX_POSITION_TO_PLACE_KM
    );
    let swapped = LatLon::new(lon, lat);
    if (-90.0..=90.0).contains(&lon)
        && let Some((near, near_km)) = nearest_place(data, swapped)
        && near_km <= MAX_POSITION_TO_PLACE_KM
    {
        message.push_str(&format!(
            "; it looks like longitude first: positions are lat,lon, and {lon},{lat} lies {} km from {}",
            crate::wording::km(near_km),
            data.places[near].name
        ));
    } else {
        message.push_str("; give a place's name, or a lat,lon near one (`corridors list places`)");
    }
    Err(message)
}

/// The ISO codes of the countries the dataset's places lie in, sorted.
pub fn countries(data: &Dataset) -> Vec<String> {
    let mut codes: Vec<String> = data.places.iter().map(|p| p.country.clone()).collect();
    codes.sort();
    codes.dedup();
    codes
}
