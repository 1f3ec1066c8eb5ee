//! `corridors`: a sourced dataset of transport and energy corridors between Central
//! Asia and South Asia, with validation, comparison, routing under constraints, the
//! analysis of unbuilt projects and fragile points, charts and a report; and routing on
//! road networks imported from OpenStreetMap.
//!
//! Data flow: `routes/*.toml` → [`load`] → [`model::Dataset`] → [`graph`] →
//! [`routing`] / [`compare`] / [`analysis`] → [`output`] / [`chart`] / [`report`];
//! an OpenStreetMap extract → [`osm`] → [`imported`]. [`wording`] (numbers as a
//! person reads them) sits below them all. Each command of [`app`], the binary's
//! command layer, checks its options, resolves them against the dataset or a
//! network, and emits a typed answer ([`output::answer`]); the JSON answers are the
//! contract of docs/json.md. Files are read by [`load`] (the dataset, scenarios,
//! pairs, the base map) and [`imported::file`](mod@imported::file) (a network), and
//! written through [`output`]'s atomic writers. `tests/all/architecture.rs` holds the
//! modules to this order.

pub mod analysis;
pub mod app;
pub mod basemap;
pub mod chart;
pub mod cli;
pub mod compare;
pub mod geodesy;
pub mod graph;
pub mod imported;
pub mod lengths;
pub mod load;
pub mod lookup;
pub mod model;
pub mod osm;
pub mod output;
pub mod report;
pub mod routing;
pub mod scenario;
pub mod sea_access;
pub mod wording;
