//! Validates `outlets.toml`: the ports that stand for seas, and the distances to them
//! that a paper states.

use super::diagnostic::FileReport;
use super::raw::RawOutlet;
use super::validate::{ValidPlaces, resolve_place};
use crate::model::{Outlet, PlaceKind, StatedDistance};

/// Validates the parsed outlets against the places; a bad outlet is reported and left
/// out.
pub fn outlets(report: &mut FileReport, raws: Vec<RawOutlet>, valid: &ValidPlaces) -> Vec<Outlet> {
    let ids = valid.ids();
    let mut outlets: Vec<Outlet> = Vec::new();
    for raw in raws {
        let Some(place) = resolve_place(report, &ids, &valid.declared, &raw.place, "place") else {
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
        if raw.sea.get_ref().trim().is_empty() {
            report.error(
                raw.sea.span(),
                "`sea` is empty",
                Some("name the sea the port stands for, e.g. \"Arabian Sea\"".into()),
            );
            continue;
        }
        let stated = match raw.stated {
            None => None,
            Some(stated) => {
                let stated = stated.into_inner();
                let from = resolve_place(report, &ids, &valid.declared, &stated.from, "from");
                let length_km = *stated.length_km.get_ref();
                if !(length_km.is_finite() && length_km > 0.0) {
                    report.error(
                        stated.length_km.span(),
                        format!("`length_km` must be a positive number of km, found {length_km}"),
                        Some("give the figure the source states".into()),
                    );
                    continue;
                }
                let mut blank = false;
                for (key, text) in [("quote", &stated.quote), ("source", &stated.source)] {
                    if text.get_ref().trim().is_empty() {
                        report.error(
                            text.span(),
                            format!("`{key}` is empty"),
                            Some(
                                "a stated distance needs the source's words and where they are"
                                    .into(),
                            ),
                        );
                        blank = true;
                    }
                }
                let Some(from) = from else { continue };
                if blank {
                    continue;
                }
                Some(StatedDistance {
                    from,
                    length_km,
                    quote: stated.quote.into_inner(),
                    source: stated.source.into_inner(),
                })
            }
        };
        outlets.push(Outlet {
            place,
            sea: raw.sea.into_inner(),
            stated,
        });
    }
    outlets
}
