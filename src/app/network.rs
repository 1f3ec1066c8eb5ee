//! `route`, `matrix` and `reach` with `--network FILE`: on an imported network, from
//! `lat,lon` positions snapped onto its roads. The answers are the dataset's answer
//! types, with the fields a network cannot give left out.

use std::io::Write;
use std::path::Path;

use super::{Failure, dataset, emit};
use crate::cli::{ByArg, Command, MatrixArgs, ReachArgs, RouteArgs};
use crate::geodesy::geodesic_km;
use crate::imported::journey;
use crate::imported::route::{self, Router};
use crate::imported::snap::{self, Phantom, Snap, Snapper};
use crate::imported::{DM_PER_KM, ImportedNetwork, LinkFilter, Weighting, file};
use crate::lookup;
use crate::model::{Metric, Mode, Status};
use crate::output::routes::{
    Budget, MatrixAnswer, MetricValues, NetworkRoute, ReachAnswer, ReachedEntry, RouteAnswer,
    RouteOnNetwork, Searched, Shown, SnappedStop, TableForm,
};
use crate::output::{self, Format};

/// Deciseconds in an hour: an imported network's times are whole deciseconds.
const DS_PER_HOUR: f64 = 36_000.0;

/// How far a position may lie from the network's nearest road: farther, it is
/// taken for a mistake (a swapped lat,lon, another country) rather than snapped.
const MAX_SNAP_KM: f64 = 25.0;

/// `route`, `matrix` or `reach` with `--network FILE`; [`super::request::check`]
/// has refused the options a network cannot serve.
pub(super) fn run(
    path: &Path,
    command: &Command,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    output::protect_input(path);
    match command {
        Command::Route(args) => {
            OnNetwork::load(path, &args.filter, weighting(args.by))?.route(args, format, out)
        }
        Command::Matrix(args) => {
            OnNetwork::load(path, &args.filter, weighting(args.by))?.matrix(args, format, out)
        }
        Command::Reach(args) => {
            let (weighting, budget) = reach_budget(args)?;
            OnNetwork::load(path, &args.filter, weighting)?.reach(args, budget, format, out)
        }
        // request::check refuses these first; said again rather than a panic.
        _ => Err(Failure::Input(super::request::NOT_ON_A_NETWORK.into())),
    }
}

/// A loaded network with the filter and weighting of one command.
struct OnNetwork {
    network: ImportedNetwork,
    filter: LinkFilter,
    weighting: Weighting,
    /// The mode positions snap to: one mode asked for, or road by default; `None`
    /// when several modes are asked for (the nearest road or railway).
    snap_mode: Option<Mode>,
    snapper: Snapper,
}

/// A position asked for, as the answer shows it, and the point it snapped to.
struct Stop {
    shown: SnappedStop,
    phantom: Phantom,
}

impl OnNetwork {
    fn load(
        path: &Path,
        filter_args: &crate::cli::FilterArgs,
        weighting: Weighting,
    ) -> Result<Self, Failure> {
        let shown = path.display().to_string();
        let (modes, statuses) =
            dataset::modes_and_statuses(filter_args, Mode::ALL.to_vec(), vec![Status::Operational]);
        let snap_mode = match modes.as_slice() {
            _ if filter_args.mode.is_empty() => Some(Mode::Road),
            [one] => Some(*one),
            _ => None,
        };
        let filter = LinkFilter { modes, statuses };
        let network = file::read_path(path).map_err(|e| match e {
            file::ReadError::Io(error) => Failure::Io {
                doing: format!("reading --network {shown}"),
                error,
            },
            other => Failure::Input(format!("--network {shown}: {other}")),
        })?;
        let snapper = Snapper::new(&network, &filter, snap_mode);
        Ok(Self {
            network,
            filter,
            weighting,
            snap_mode,
            snapper,
        })
    }

    /// Snaps each `lat,lon` onto the nearest road the filter admits, all of them
    /// together by OSRM's rule on small pieces of road ([`snap::choose`]).
    fn stops(&self, texts: &[String]) -> Result<Vec<Stop>, Failure> {
        let mut snaps = Vec::with_capacity(texts.len());
        for text in texts {
            snaps.push(self.snap(text.trim())?);
        }
        let chosen = snap::choose(&self.network, &snaps);
        Ok(texts
            .iter()
            .zip(chosen)
            .map(|(text, c)| {
                let text = text.trim();
                if let Some(moved_m) = c.moved_m {
                    diagnostic!(
                        "note: the road nearest {text} is on a small piece of road cut off from the rest; moved to the nearest road of the main network, {:.0} m farther ({:.0} m away)",
                        moved_m,
                        c.phantom.snap_m
                    );
                }
                if c.phantom.snap_m > 1000.0 {
                    diagnostic!(
                        "note: {text} is {:.1} km from the nearest road of the network",
                        c.phantom.snap_m / 1000.0
                    );
                }
                Stop {
                    shown: SnappedStop {
                        asked: text.to_string(),
                        link: c.phantom.link,
                        lat: c.phantom.position.lat_deg,
                        lon: c.phantom.position.lon_deg,
                        snap_m: tenths(c.phantom.snap_m),
                        moved_m: c.moved_m.map(tenths),
                    },
                    phantom: c.phantom,
                }
            })
            .collect())
    }

    fn snap(&self, text: &str) -> Result<Snap, Failure> {
        let position = match lookup::parse_lat_lon(text) {
            Some(parsed) => parsed.map_err(Failure::Input)?,
            None => {
                return Err(Failure::Input(format!(
                    "`{text}`: on a --network, places are lat,lon positions (e.g. 43.7384,7.4246), one per value (repeat --from or --to for more); names belong to the dataset"
                )));
            }
        };
        let Some(snapped) = self.snapper.snap(&self.network, position) else {
            return Err(Failure::Input(format!(
                "the network has no {}road with {} links to start on; it holds {}",
                self.snap_mode.map_or(String::new(), |m| format!("{m} ")),
                self.status_phrase(),
                self.holdings()
            )));
        };
        let snap_m = snapped.nearest.snap_m;
        if snap_m > MAX_SNAP_KM * 1000.0 {
            return Err(Failure::Input(format!(
                "`{text}` is {} km from the network's nearest road (more than {MAX_SNAP_KM} km); give a position on the network, latitude first",
                crate::wording::km(snap_m / 1000.0)
            )));
        }
        Ok(snapped)
    }

    /// What the network holds, for messages: km by mode and status.
    fn holdings(&self) -> String {
        let rows: Vec<String> = self
            .network
            .km_by_mode_and_status()
            .iter()
            .map(|(mode, status, km)| format!("{} km of {status} {mode}", crate::wording::km(*km)))
            .collect();
        if rows.is_empty() {
            "no links".into()
        } else {
            rows.join(", ")
        }
    }

    fn router(&self) -> Router<'_> {
        Router::new(&self.network, &self.filter, self.weighting)
    }

    fn status_phrase(&self) -> String {
        let statuses: Vec<&str> = self.filter.statuses.iter().map(|s| s.as_str()).collect();
        statuses.join(", ")
    }

    /// What was searched and how, for notes and JSON.
    fn method(&self, search: &str) -> String {
        format!(
            "{} links; snapped onto the nearest {}; by {}; {search} on {}",
            self.status_phrase(),
            self.snap_mode.map_or("link", |m| m.as_str()),
            self.by(),
            self.network.origin
        )
    }

    fn by(&self) -> &'static str {
        match self.weighting {
            Weighting::Distance => "distance",
            Weighting::Time => "time (car profile speeds by road class)",
        }
    }

    fn route(&self, args: &RouteArgs, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
        let mut texts = vec![args.from.clone()];
        texts.extend(lookup::split_place_list(&args.via));
        texts.push(args.to.clone());
        let stops = self.stops(&texts)?;
        let phantoms: Vec<Phantom> = stops.iter().map(|s| s.phantom).collect();
        let mut router = self.router();
        let method = self.method(router.search_name());
        let journey = journey::through(&self.network, &mut router, &phantoms).map_err(|no| {
            Failure::NoResult(format!(
                "no route from {} to {} ({method}){}",
                stops[no.leg].shown.asked,
                stops[no.leg + 1].shown.asked,
                self.no_route_hint()
            ))
        })?;
        let distance_km = journey.km_by_status.total();
        let great_circle_km =
            geodesic_km(phantoms[0].position, phantoms[phantoms.len() - 1].position);
        let route = NetworkRoute {
            distance_km: round_m(distance_km),
            duration_h: journey.duration_s.map(|s| thousandths(s / 3600.0)),
            great_circle_km: round_m(great_circle_km),
            circuity: crate::geodesy::circuity(distance_km, great_circle_km).map(thousandths),
            km_by_status: journey.km_by_status,
            node_count: journey.node_count,
            geometry: journey
                .geometry
                .iter()
                .map(|p| [p.lat_deg, p.lon_deg])
                .collect(),
        };
        let answer = RouteAnswer {
            searched: Searched::network(&self.network.origin, method),
            from: args.from.trim().to_string(),
            to: args.to.trim().to_string(),
            via: stops[1..stops.len() - 1]
                .iter()
                .map(|s| s.shown.asked.clone())
                .collect(),
            by: self.metric(),
            alternatives_rule: None,
            stops: Some(stops.into_iter().map(|s| s.shown).collect()),
            routes: vec![route],
        };
        let cumulative_km = journey.cumulative_km.into_iter().map(round_m).collect();
        emit(
            out,
            format,
            &RouteOnNetwork {
                answer,
                cumulative_km,
            },
        )
    }

    /// A hint after "no route": another status filter may help only where
    /// statuses other than operational exist and are not asked for already.
    fn no_route_hint(&self) -> &'static str {
        let others = self
            .network
            .km_by_mode_and_status()
            .iter()
            .any(|&(_, status, _)| !self.filter.statuses.contains(&status));
        if others { "; try --status all" } else { "" }
    }

    fn matrix(
        &self,
        args: &MatrixArgs,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let from_texts = lookup::split_place_list(&args.from);
        let to_texts = lookup::split_place_list(&args.to);
        if from_texts.is_empty() || to_texts.is_empty() {
            return Err(Failure::Input(
                "--from and --to each need at least one lat,lon position".into(),
            ));
        }
        // Snapped together: OSRM's rule on small pieces looks at every position.
        let all: Vec<String> = from_texts.iter().chain(&to_texts).cloned().collect();
        let mut sources = self.stops(&all)?;
        let targets = sources.split_off(from_texts.len());
        let phantoms =
            |stops: &[Stop]| -> Vec<Phantom> { stops.iter().map(|s| s.phantom).collect() };
        let mut router = self.router();
        let per_unit = self.per_unit();
        let cells: Vec<Vec<Option<f64>>> = router
            .matrix(&phantoms(&sources), &phantoms(&targets))
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map(|w| thousandths(w as f64 / per_unit)))
                    .collect()
            })
            .collect();
        let method = self.method(router.search_name());
        let asked = |stops: &[Stop]| -> Vec<String> {
            stops.iter().map(|s| s.shown.asked.clone()).collect()
        };
        let shown =
            |stops: Vec<Stop>| -> Vec<SnappedStop> { stops.into_iter().map(|s| s.shown).collect() };
        let answer = MatrixAnswer {
            searched: Searched::network(&self.network.origin, method.clone()),
            from: asked(&sources),
            to: asked(&targets),
            by: self.metric(),
            from_names: asked(&sources),
            to_names: asked(&targets),
            snapped_from: Some(shown(sources)),
            snapped_to: Some(shown(targets)),
            values: MetricValues::of(self.metric(), cells),
            table: TableForm {
                unit: self.unit(),
                shown: Shown::Thousandths,
                note: format!("{}: {method}; — = no route.", self.unit()),
            },
        };
        emit(out, format, &answer)
    }

    fn reach(
        &self,
        args: &ReachArgs,
        budget: u64,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let stop = self
            .stops(std::slice::from_ref(&args.from))?
            .pop()
            .expect("one stop per position");
        let tree = route::reach(
            &self.network,
            &self.filter,
            self.weighting,
            &stop.phantom,
            budget,
        );
        let mut reached: Vec<(u32, u64)> = (0..self.network.node_count() as u32)
            .filter_map(|n| tree.reached(n).map(|d| (n, d)))
            .collect();
        reached.sort_by_key(|&(n, d)| (d, n));
        let per_unit = self.per_unit();
        let reached: Vec<ReachedEntry> = reached
            .iter()
            .map(|&(node, w)| {
                let p = self.network.nodes[node as usize].lat_lon();
                ReachedEntry {
                    id: None,
                    name: None,
                    country: None,
                    kind: None,
                    node: Some(node),
                    lat: p.lat_deg,
                    lon: p.lon_deg,
                    value: MetricValues::of(self.metric(), thousandths(w as f64 / per_unit)),
                }
            })
            .collect();
        let budget_shown = thousandths(budget as f64 / per_unit);
        let note = format!(
            "{} nodes within {} {} of {} (on a road {} m away): {}.",
            reached.len(),
            budget_shown,
            self.unit(),
            stop.shown.asked,
            stop.shown.snap_m,
            self.method(route::PLAIN_SEARCH)
        );
        let answer = ReachAnswer {
            searched: Searched::network(&self.network.origin, self.method(route::PLAIN_SEARCH)),
            from: stop.shown.asked.clone(),
            snapped_from: Some(stop.shown),
            by: self.metric(),
            within: match self.weighting {
                Weighting::Distance => Budget::Km(budget_shown),
                Weighting::Time => Budget::Hours(budget_shown),
            },
            reached,
            table: TableForm {
                unit: self.unit(),
                shown: Shown::Thousandths,
                note,
            },
        };
        emit(out, format, &answer)
    }

    /// What the network's weights are, as the dataset's metric.
    fn metric(&self) -> Metric {
        match self.weighting {
            Weighting::Distance => Metric::Distance,
            Weighting::Time => Metric::Time,
        }
    }

    /// The unit a table shows.
    fn unit(&self) -> &'static str {
        match self.weighting {
            Weighting::Distance => "km",
            Weighting::Time => "hours",
        }
    }

    /// Weights (dm or ds) per unit shown (km or hours).
    fn per_unit(&self) -> f64 {
        match self.weighting {
            Weighting::Distance => DM_PER_KM,
            Weighting::Time => DS_PER_HOUR,
        }
    }
}

/// Kilometres rounded to the metre.
fn round_m(km: f64) -> f64 {
    thousandths(km)
}

/// Rounded to three decimals: km to the metre, seconds to the millisecond.
fn thousandths(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Rounded to one decimal: metres to the decimetre.
fn tenths(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn weighting(by: ByArg) -> Weighting {
    match by {
        ByArg::Time => Weighting::Time,
        _ => Weighting::Distance,
    }
}

/// `reach`'s weighting and budget on a network: dm for --within KM, ds for
/// --within-hours.
fn reach_budget(args: &ReachArgs) -> Result<(Weighting, u64), Failure> {
    // `as` saturates: a budget past u64's range is every node.
    match (args.within, args.within_hours) {
        (Some(km), _) => Ok((
            Weighting::Distance,
            (dataset::check_budget(km)? * DM_PER_KM) as u64,
        )),
        (None, Some(hours)) => Ok((
            Weighting::Time,
            (dataset::check_budget(hours)? * DS_PER_HOUR) as u64,
        )),
        (None, None) => Err(Failure::Input(
            "on a --network, `reach` takes --within KM or --within-hours H".into(),
        )),
    }
}
