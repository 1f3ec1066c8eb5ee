//! The answers of `list`, `check`, `compare`, `impact`, `critical`, `claims` and
//! `evidence`: each a typed value whose JSON is its `Serialize` form, and whose text is
//! one of the tables of [`super::tables`] and [`super::analysis`] with its note.

use std::io::{self, Write};

use serde::Serialize;

use super::answer::Answer;
use super::{Column, TextFormat, TextTable, analysis, tables, write_table, write_table_with_note};
use crate::analysis::claims::{ClaimResult, Verdict};
use crate::analysis::critical::Critical;
use crate::analysis::evidence::EvidenceReport;
use crate::analysis::impact::Impact;
use crate::compare::{CorridorMetrics, DatasetSummary};
use crate::model::{Dataset, Mode, Place, PlaceKind, Status};

/// `list places`: the places asked for, in the dataset's order.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct PlaceList<'d> {
    pub places: Vec<PlaceEntry<'d>>,
}

/// One place of [`PlaceList`]; positions in degrees (WGS84).
#[derive(Serialize, schemars::JsonSchema)]
pub struct PlaceEntry<'d> {
    pub id: &'d str,
    pub name: &'d str,
    pub country: &'d str,
    pub border_with: Option<&'d str>,
    pub lat: f64,
    pub lon: f64,
    pub kind: PlaceKind,
    pub aliases: &'d [String],
    pub elevation_m: Option<f64>,
    pub source: &'d str,
    #[serde(skip)]
    place: &'d Place,
}

impl<'d> PlaceList<'d> {
    pub fn new(places: impl IntoIterator<Item = &'d Place>) -> Self {
        let places = places
            .into_iter()
            .map(|p| PlaceEntry {
                id: &p.id,
                name: &p.name,
                country: &p.country,
                border_with: p.border_with.as_deref(),
                lat: p.position.lat_deg,
                lon: p.position.lon_deg,
                kind: p.kind,
                aliases: &p.aliases,
                elevation_m: p.elevation_m,
                source: &p.source,
                place: p,
            })
            .collect();
        Self { places }
    }
}

impl Answer for PlaceList<'_> {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let table = tables::places(self.places.iter().map(|p| p.place));
        write_table(out, &table, format)
    }
}

/// `list corridors`: the corridors asked for, in the dataset's order.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct CorridorList<'d> {
    pub corridors: Vec<CorridorEntry<'d>>,
    #[serde(skip)]
    data: &'d Dataset,
    #[serde(skip)]
    shown: Vec<usize>,
}

/// One corridor of [`CorridorList`].
#[derive(Serialize, schemars::JsonSchema)]
pub struct CorridorEntry<'d> {
    pub id: &'d str,
    pub name: &'d str,
    pub mode: Mode,
    pub status: Status,
    /// The number of segments it runs over.
    pub segments: usize,
    pub sources: &'d [String],
    /// The ids of the corridors it includes.
    pub includes: Vec<&'d str>,
}

impl<'d> CorridorList<'d> {
    /// The corridors `shown` (indices into the dataset's), in that order.
    pub fn new(data: &'d Dataset, shown: Vec<usize>) -> Self {
        let corridors = shown
            .iter()
            .map(|&c| &data.corridors[c])
            .map(|c| CorridorEntry {
                id: &c.id,
                name: &c.name,
                mode: c.mode,
                status: c.status,
                segments: c.path.len(),
                sources: &c.sources,
                includes: c
                    .includes
                    .iter()
                    .map(|&i| data.corridors[i].id.as_str())
                    .collect(),
            })
            .collect();
        Self {
            corridors,
            data,
            shown,
        }
    }
}

impl Answer for CorridorList<'_> {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        write_table(out, &tables::corridors(self.data, &self.shown), format)
    }
}

impl Answer for DatasetSummary {
    /// `check`'s lines; the same in every text format (it is a report, not a table).
    fn write_text(&self, out: &mut dyn Write, _format: TextFormat) -> io::Result<()> {
        tables::write_check_summary(out, self)
    }
}

/// `compare`: one row per corridor, in the order asked for.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Comparison {
    pub rows: Vec<CorridorMetrics>,
}

impl Answer for Comparison {
    /// A terminal gets the figures that fit 100 columns, a key and the details under
    /// them; Markdown and CSV get every column.
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        if format != TextFormat::Table {
            return write_table(out, &tables::compare_full(&self.rows), format);
        }
        write_table_with_note(
            out,
            &tables::compare_brief(&self.rows),
            format,
            "km: on the ground, each segment's published length or else its estimate (`corridors check`\n\
             gives the method); stated: published total; diff: km vs stated; circ.: km ÷ the great circle\n\
             between the ends; pub.: the share of km that are published section lengths.",
        )?;
        write!(out, "{}", tables::compare_details(&self.rows))
    }
}

impl Answer for Impact {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let note = format!(
            "Pairs: {} ({} pairs). Base network: {}.\n\
             km saved and h saved: summed over pairs connected before and after; \
             # by h: rank by hours saved; newly connected: pairs only the project connects.",
            self.pairs_from,
            self.pairs.len(),
            self.filter.phrase()
        );
        write_table_with_note(out, &analysis::impact(self), format, &note)
    }
}

/// `critical`: the analysis, and how many closures a terminal shows.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct CriticalAnswer {
    pub critical: Critical,
    /// The worst closures shown in a table (`--top`); JSON has them all.
    #[serde(skip)]
    pub top: usize,
}

impl Answer for CriticalAnswer {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let result = &self.critical;
        let shown = self.top.min(result.closures.len());
        let note = format!(
            "Network: {}. Key pairs: {} ({} pairs).\n\
             {} articulation points, {} bridges; {} closures examined, the worst {} shown \
             (--top N for more). km added: summed over key pairs that stay connected.",
            result.filter.phrase(),
            result.pairs_from,
            result.pairs.len(),
            result.articulation_points.len(),
            result.bridges.len(),
            result.closures.len(),
            shown
        );
        write_table_with_note(out, &analysis::critical(result, self.top), format, &note)
    }
}

/// `claims`: every claim checked, in the file's order.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ClaimsAnswer {
    pub results: Vec<ClaimResult>,
}

impl Answer for ClaimsAnswer {
    /// A terminal gets the verdicts, a count and each claim's details; Markdown and
    /// CSV the table alone.
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let table = analysis::claims(&self.results);
        if format != TextFormat::Table {
            return write_table(out, &table, format);
        }
        let consistent = self
            .results
            .iter()
            .filter(|r| r.verdict == Verdict::Consistent)
            .count();
        let note = format!(
            "{consistent} of {} claims consistent within their tolerance; diff: (computed − stated) ÷ stated.",
            self.results.len()
        );
        write_table_with_note(out, &table, format, &note)?;
        write!(out, "\n{}", analysis::claim_details(&self.results))
    }
}

impl Answer for EvidenceReport {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let note = analysis::evidence_note(self);
        write_table_with_note(out, &analysis::evidence(self), format, &note)
    }
}

/// `import osm`: what was read, kept and prepared.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ImportSummary {
    pub network: String,
    pub origin: String,
    pub highways: Vec<String>,
    pub railways: Vec<String>,
    pub ways_read: u64,
    pub ways_kept: u64,
    pub ways_dropped_missing_nodes: u64,
    pub nodes: u64,
    pub links: u64,
    /// Relations that restrict a car's turns; those applied; those along a via
    /// way (left out).
    pub turn_restrictions_read: u64,
    pub turn_restrictions_applied: u64,
    pub turn_restrictions_via_way: u64,
    /// Via nodes copied to apply them (counted in `nodes`).
    pub turn_copies: u64,
    /// Nodes near them where U-turns are forbidden, as OSRM's car profile
    /// forbids them but at dead ends.
    pub no_u_turn_nodes: u64,
    /// Turns back between a divided road's carriageways where they meet and
    /// lead to the same junction (a traffic island), forbidden as U-turns.
    pub divided_road_ends: u64,
    /// Pairs of one-way roads of one name merged into one road at a junction,
    /// as OSRM merges them: going on from one into the other is priced as a
    /// U-turn by time.
    pub merged_roads: u64,
    pub hierarchy_edges: u64,
    pub km: Vec<ModeStatusKm>,
    pub read_s: f64,
    pub prepare_s: f64,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ModeStatusKm {
    pub mode: Mode,
    pub status: Status,
    pub km: f64,
}

impl Answer for ImportSummary {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let s = self;
        let mut table = TextTable::new(&[Column::Text("import"), Column::Number("")]);
        let mut row = |k: &str, v: String| table.push(vec![k.to_string(), v]);
        row("network file", s.network.clone());
        row("ways read", crate::wording::thousands(s.ways_read as i64));
        row("ways kept", crate::wording::thousands(s.ways_kept as i64));
        row(
            "ways dropped (nodes missing)",
            crate::wording::thousands(s.ways_dropped_missing_nodes as i64),
        );
        row("highway classes", s.highways.join(", "));
        row(
            "railway classes",
            if s.railways.is_empty() {
                "none".into()
            } else {
                s.railways.join(", ")
            },
        );
        row("nodes", crate::wording::thousands(s.nodes as i64));
        row("links", crate::wording::thousands(s.links as i64));
        row(
            "turn restrictions applied",
            format!(
                "{} of {} ({} along a via way: left out; {} turns back at divided roads' ends forbidden; no U-turns at {} nodes near these; {} node copies)",
                crate::wording::thousands(s.turn_restrictions_applied as i64),
                crate::wording::thousands(s.turn_restrictions_read as i64),
                crate::wording::thousands(s.turn_restrictions_via_way as i64),
                crate::wording::thousands(s.divided_road_ends as i64),
                crate::wording::thousands(s.no_u_turn_nodes as i64),
                crate::wording::thousands(s.turn_copies as i64)
            ),
        );
        row(
            "one-way roads merged at junctions",
            format!(
                "{} pairs (one into the other: a U-turn by time)",
                crate::wording::thousands(s.merged_roads as i64)
            ),
        );
        row(
            "hierarchy edges",
            crate::wording::thousands(s.hierarchy_edges as i64),
        );
        for k in &s.km {
            row(
                &format!("km {} {}", k.mode, k.status),
                format!("{:.1}", k.km),
            );
        }
        row("read and split (s)", format!("{:.2}", s.read_s));
        row("hierarchy prepared (s)", format!("{:.2}", s.prepare_s));
        super::write_table_with_note(out, &table, format, &format!("Source: {}.", s.origin))
    }
}
