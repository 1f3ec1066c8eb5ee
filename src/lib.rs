//! `corridors`: a sourced dataset of transport and energy corridors between Central
//! Asia and South Asia, with validation, comparison and (as they land) routing and
//! charts.
//!
//! Data flow: `routes/*.toml` → [`load`] → [`model::Dataset`] → [`compare`] → [`output`].
//! Only [`app`], the binary's command layer, touches files and the terminal.

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
