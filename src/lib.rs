//! `corridors`: a sourced dataset of transport and energy corridors between Central
//! Asia and South Asia, with validation, comparison, routing under constraints, the
//! analysis of unbuilt links and fragile ones, charts and a report; and routing on
//! road networks imported from OpenStreetMap.
//!
//! Data flow: `routes/*.toml` → [`load`] → [`model::Dataset`] → [`network`] →
//! [`routing`] / [`compare`] / [`analysis`] → [`output`] / [`chart`] / [`report`].
//! [`app`], the binary's command layer, turns a parsed command line into these calls
//! and prints; files are read by [`load`] (the dataset, scenarios, pairs, the base map)
//! and [`imported::file`](mod@imported::file) (a network), and written through [`output`]'s atomic writers.

pub mod analysis;
pub mod app;
pub mod basemap;
pub mod chart;
pub mod cli;
pub mod compare;
pub mod geodesy;
pub mod imported;
pub mod lengths;
pub mod load;
pub mod lookup;
pub mod model;
pub mod network;
pub mod osm;
pub mod output;
pub mod report;
pub mod routing;
pub mod scenario;
pub mod sea_access;
pub mod wording;
