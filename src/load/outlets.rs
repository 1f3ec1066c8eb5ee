//! Validates `outlets.toml`: the ports that stand for seas, and the distances to them
//! that a paper states.

use super::diagnostic::FileReport;
use super::raw::RawOutlet;
use super::validate::{Bound, ValidPlaces, non_blank, number};
use crate::model::{Outlet, PlaceKind, StatedDistance};

/// Validates the parsed outlets against the places; a bad outlet is reported and left
/// out.
pub fn outlets(report: &mut FileReport, raws: Vec<RawOutlet>, valid: &ValidPlaces) -> Vec<Outlet> {
    let mut outlets: Vec<Outlet> = Vec::new();
    for raw in raws {
        let Some(place) = valid.resolve(report, &raw.place, "place") else {
            continue;
        };
        if valid.places[place].kind != PlaceKind::Port {
            report.error(
                raw.place.span(),
                format!("`{}` is not a port", raw.place.get_ref()),
                Some("an outlet is a place of kind \"port\" in places.toml".into()),
            );
            continue;
        }
        if outlets.iter().any(|o| o.place == place) {
            report.error(
                raw.place.span(),
                format!("a second [[outlet]] for `{}`", raw.place.get_ref()),
                Some("give each port one [[outlet]] table".into()),
            );
            continue;
        }
        let Some(sea) = non_blank(
            report,
            &raw.sea,
            "sea",
            "name the sea the port stands for, e.g. \"Arabian Sea\"",
        ) else {
            continue;
        };
        let stated = match raw.stated {
            None => None,
            Some(stated) => {
                let stated = stated.into_inner();
                let from = valid.resolve(report, &stated.from, "from");
                let Some(length_km) =
                    number(report, &stated.length_km, "length_km", Bound::Positive)
                else {
                    continue;
                };
                let hint = "a stated distance needs the source's words and where they are";
                let quote = non_blank(report, &stated.quote, "quote", hint);
                let source = non_blank(report, &stated.source, "source", hint);
                let (Some(from), Some(quote), Some(source)) = (from, quote, source) else {
                    continue;
                };
                Some(StatedDistance {
                    from,
                    length_km,
                    quote,
                    source,
                })
            }
        };
        outlets.push(Outlet { place, sea, stated });
    }
    outlets
}
