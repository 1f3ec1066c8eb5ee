//! What every dataset command shares: loading the dataset, its scenarios and base
//! map, and turning the words of a command line (place names, `--mode`, `--avoid`,
//! a budget) into the dataset's values, with a message naming the option where one
//! is wrong.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::analysis::{self, Pairs};
use crate::basemap::Basemap;
use crate::cli::{ByArg, FilterArgs, Selected};
use crate::graph::{Exclusion, Filter};
use crate::load::{self, Problems};
use crate::lookup;
use crate::model::{Dataset, Mode, PlaceIdx, Status};
use crate::output;
use crate::routing::{Metric, Weights};

/// The dataset named by `--routes`, or the built-in one.
pub(super) fn load_dataset(routes: Option<&Path>) -> Result<Dataset, Failure> {
    let loaded = match routes {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::Input(format!(
                "--routes {}: not a directory; give the directory that holds places.toml and corridors/",
                dir.display()
            )));
        }
        Some(dir) => load::load_dir(dir),
        None => load::load_embedded(),
    };
    loaded.map_err(Failure::Dataset)
}

/// A user's file as text, with its name as shown in messages; `hint` says what the
/// file should be, for when it cannot be read.
pub(super) fn read_text(
    path: &Path,
    limit_bytes: u64,
    hint: &str,
) -> Result<(String, String), Failure> {
    output::protect_input(path);
    let shown = path.display().to_string();
    let text = load::read_source(path, limit_bytes, hint)
        .map_err(|why| Failure::Dataset(Problems(vec![why.diagnostic(&shown)])))?;
    Ok((shown, text))
}

/// The built-in scenario a `--scenario` value names: a bare name (no directory, no
/// extension) that is not a file here. A file of that name wins, so nothing a user
/// has is shadowed.
pub(super) fn scenario_name(path: &Path) -> Option<&str> {
    let name = path.to_str()?;
    let bare =
        !name.is_empty() && !name.contains(['/', '\\', '.']) && path.components().count() == 1;
    (bare && !path.exists()).then_some(name)
}

/// Reads each `--scenario FILE` and applies it, in order; a scenario is checked
/// against the dataset as the ones before it left it.
pub(super) fn apply_scenarios(mut data: Dataset, files: &[PathBuf]) -> Result<Dataset, Failure> {
    for path in files {
        let (shown, text) = match scenario_name(path) {
            Some(name) => load::builtin_scenario(name).ok_or_else(|| {
                let names = load::builtin_scenario_names();
                let hint = match load::nearest(name, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? "),
                    None => String::new(),
                };
                Failure::Input(format!(
                    "--scenario {name}: no such file, and no built-in scenario of that name; \
                     {hint}built-in: {}; or give a path to a TOML file (format in routes/README.md)",
                    names.join(", ")
                ))
            })?,
            None => read_text(
                path,
                load::MAX_SCENARIO_BYTES,
                "--scenario takes a TOML file (format in routes/README.md) or the name of a \
                 built-in one (torkham-closed, ...)",
            )?,
        };
        let scenario = load::scenario(&shown, &text, &data).map_err(Failure::Dataset)?;
        crate::scenario::apply(&mut data, &scenario);
    }
    Ok(data)
}

/// The base map of `--routes DIR` where it has one, else the built-in one (the
/// countries do not change with the corridors).
pub(super) fn load_basemap(routes: Option<&Path>) -> Result<Basemap, Failure> {
    load::basemap(routes).map_err(Failure::Input)
}

/// The pairs of `--pairs FILE`, or the default ones.
pub(super) fn pairs(data: &Dataset, file: Option<&Path>) -> Result<Pairs, Failure> {
    match file {
        None => {
            let pairs = Pairs::default_for(data);
            if pairs.pairs.is_empty() {
                return Err(Failure::Input(format!(
                    "the dataset has none of the default pairs (the capitals {} to the ports {}); give --pairs FILE",
                    analysis::CENTRAL_ASIAN_CAPITALS.join(", "),
                    analysis::PAKISTANI_PORTS.join(", ")
                )));
            }
            Ok(pairs)
        }
        Some(path) => {
            let (shown, text) = read_text(
                path,
                load::MAX_FILE_BYTES,
                "--pairs takes a TOML file of [[pair]] tables (format in routes/README.md)",
            )?;
            let pairs = load::pairs(&shown, &text, data).map_err(Failure::Dataset)?;
            if pairs.is_empty() {
                return Err(Failure::Input(format!("{shown}: no [[pair]] tables")));
            }
            Ok(Pairs {
                pairs,
                origin: format!("from {shown}"),
            })
        }
    }
}

/// The place `text` names, or for a `lat,lon`, the nearest place (said on stderr).
pub(super) fn place(data: &Dataset, text: &str) -> Result<PlaceIdx, Failure> {
    if let Some(position) = lookup::parse_lat_lon(text) {
        let position = position.map_err(Failure::Input)?;
        let (idx, km) = lookup::place_near(data, position).map_err(Failure::Input)?;
        diagnostic!(
            "note: {} is {} km from {}, the nearest place; routing from there",
            text.trim(),
            crate::wording::km(km),
            data.places[idx].name
        );
        return Ok(idx);
    }
    lookup::find_place(data, text).map_err(|e| Failure::Input(e.to_string()))
}

/// The places of a repeatable, comma-separated option (`lat,lon` is one place).
pub(super) fn places(data: &Dataset, texts: &[String]) -> Result<Vec<PlaceIdx>, Failure> {
    lookup::split_place_list(texts)
        .iter()
        .map(|t| place(data, t))
        .collect()
}

/// The modes and statuses of `--mode` and `--status`: not given, the defaults;
/// `all` (or a default left empty), every value.
pub(super) fn modes_and_statuses(
    args: &FilterArgs,
    modes: Vec<Mode>,
    statuses: Vec<Status>,
) -> (Vec<Mode>, Vec<Status>) {
    let mut modes = Selected::resolve(&args.mode, modes);
    let mut statuses = Selected::resolve(&args.status, statuses);
    if modes.is_empty() {
        modes = Mode::ALL.to_vec();
    }
    if statuses.is_empty() {
        statuses = Status::ALL.to_vec();
    }
    (modes, statuses)
}

/// A `reach` budget: a finite number, zero or more.
pub(super) fn check_budget(budget: f64) -> Result<f64, Failure> {
    if !budget.is_finite() || budget < 0.0 {
        return Err(Failure::Input(format!(
            "the budget must be a finite number, zero or more; found {budget}"
        )));
    }
    Ok(budget)
}

/// `code` as an ISO 3166-1 alpha-2 code that a place of the dataset lies in,
/// upper-cased; `option` names the argument in the message.
pub(super) fn country_code(data: &Dataset, code: &str, option: &str) -> Result<String, Failure> {
    let upper = code.trim().to_uppercase();
    if isocountry::CountryCode::for_alpha2(&upper).is_err() {
        return Err(Failure::Input(format!(
            "{option} {code}: not an ISO 3166-1 alpha-2 code; use e.g. AF, IR, CN"
        )));
    }
    let known = lookup::countries(data);
    if !known.contains(&upper) {
        return Err(Failure::Input(format!(
            "{option} {code}: no place of the dataset lies in {upper}; its countries are {}",
            known.join(", ")
        )));
    }
    Ok(upper)
}

/// The filter that `args` describe; what they leave out comes from `default`.
pub(super) fn network_filter(
    data: &Dataset,
    args: &FilterArgs,
    default: Filter,
) -> Result<Filter, Failure> {
    let mut filter = default;
    (filter.modes, filter.statuses) = modes_and_statuses(args, filter.modes, filter.statuses);
    for code in &args.avoid_country {
        filter
            .avoid_countries
            .push(country_code(data, code, "--avoid-country")?);
    }
    filter.avoid_places = places(data, &args.avoid)?;
    filter.month = args.month.or(args.date);
    Ok(filter)
}

/// Refuses a question whose own ends the filter excludes.
pub(super) fn check_not_avoided(
    data: &Dataset,
    filter: &Filter,
    ends: &[PlaceIdx],
) -> Result<(), Failure> {
    for &p in ends {
        let place = &data.places[p];
        let message = match filter.excludes(data, p) {
            None => continue,
            Some(Exclusion::AvoidedPlace) => format!(
                "{} is both on the route and avoided; drop it from --avoid",
                place.name
            ),
            Some(Exclusion::AvoidedCountry) => format!(
                "{} is in {}, which --avoid-country excludes",
                place.name, place.country
            ),
            Some(Exclusion::Closed) => format!(
                "{} is closed by the scenario ({}); ask about another place, or drop the --scenario",
                place.name,
                data.scenarios.join(", ")
            ),
        };
        return Err(Failure::Input(message));
    }
    Ok(())
}

pub(super) fn metric_of(by: ByArg) -> Metric {
    match by {
        ByArg::Distance => Metric::Distance,
        ByArg::Time => Metric::Time,
        ByArg::Cost => Metric::Cost,
    }
}

pub(super) fn weights<'d>(
    data: &'d Dataset,
    metric: Metric,
    filter: &Filter,
) -> Result<Weights<'d>, Failure> {
    Weights::new(data, metric, &filter.modes).map_err(|missing| {
        Failure::Input(format!(
            "--by {metric}: {missing}; add the figure with its source, or leave the mode out with --mode"
        ))
    })
}
