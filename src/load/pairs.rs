//! Reads a pairs file (`--pairs FILE`): origin–destination pairs for `impact` and
//! `critical`, each place an id, a name or an alias.

use super::diagnostic::{FileReport, Problems};
use super::parse::parse_pairs;
use crate::lookup;
use crate::model::{Dataset, Pair};

/// The pairs in `text` (from the file named `file`), resolved against `data`.
pub fn pairs(file: &str, text: &str, data: &Dataset) -> Result<Vec<Pair>, Problems> {
    let mut report = FileReport::new(file, text);
    let mut pairs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for raw in parse_pairs(&mut report, text).unwrap_or_default() {
        let mut find =
            |value: &toml::Spanned<String>| match lookup::find_place(data, value.get_ref()) {
                Ok(place) => Some(place),
                Err(why) => {
                    report.error(
                        value.span(),
                        why.to_string(),
                        Some("give a place id, name or alias from `corridors list places`".into()),
                    );
                    None
                }
            };
        let (from, to) = (find(&raw.from), find(&raw.to));
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            report.error(
                raw.to.span(),
                format!("the pair goes from `{}` to itself", data.places[from].id),
                Some("give two different places".into()),
            );
            continue;
        }
        // A pair given twice would count twice in every sum of `impact`.
        if !seen.insert((from, to)) {
            report.error(
                raw.from.span(),
                format!(
                    "the pair `{}` → `{}` is given twice",
                    data.places[from].id, data.places[to].id
                ),
                Some("give each pair once; sums over the pairs would count it twice".into()),
            );
            continue;
        }
        pairs.push(Pair { from, to });
    }
    if report.problems.is_empty() {
        Ok(pairs)
    } else {
        Err(Problems(report.problems))
    }
}
