//! `corridors list places|corridors [--country CC]`.

use std::io::Write;

use super::{Failure, dataset, emit};
use crate::cli::ListWhat;
use crate::model::{Dataset, Place};
use crate::output::Format;
use crate::output::answers::{CorridorList, PlaceList};

pub(super) fn run(
    data: &Dataset,
    what: ListWhat,
    country: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let country = country
        .map(|code| dataset::country_code(data, code, "--country"))
        .transpose()?;
    let country = country.as_deref();
    // A border crossing counts for both its countries.
    let in_country =
        |p: &Place| country.is_none_or(|c| p.country == c || p.border_with.as_deref() == Some(c));
    match what {
        ListWhat::Places => emit(
            out,
            format,
            &PlaceList::new(data.places.iter().filter(|p| in_country(p))),
        ),
        ListWhat::Corridors => {
            let crosses = |c: usize| {
                country.is_none_or(|_| {
                    data.corridor_places(c)
                        .iter()
                        .any(|&p| in_country(&data.places[p]))
                })
            };
            let shown = (0..data.corridors.len()).filter(|&c| crosses(c)).collect();
            emit(out, format, &CorridorList::new(data, shown))
        }
    }
}
