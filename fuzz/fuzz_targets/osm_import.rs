//! The OpenStreetMap import on arbitrary bytes: read as a PBF extract, then (where
//! it yields a network) prepared, written, read back and routed on.

#![no_main]

use std::io::Cursor;

use corridors::imported::{ImportedNetwork, file, hierarchy};
use corridors::osm::{self, tags::TagRules};
use indicatif::ProgressBar;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let open = || Ok(Cursor::new(input));
    let Ok((links, _counts)) = osm::import_from(
        open,
        "fuzz.osm.pbf",
        &TagRules::default(),
        &ProgressBar::hidden(),
    ) else {
        return;
    };
    let network = ImportedNetwork::prepare(links, "fuzz".into());
    let mut bytes = Vec::new();
    file::write(&network, &mut bytes).expect("writing to memory");
    let read = file::read(&bytes[..], bytes.len() as u64).expect("a written network reads back");
    assert_eq!(read.node_count(), network.node_count());
    let n = read.node_count() as u32;
    if n >= 2 {
        let mut query = hierarchy::Query::new(&read);
        let _ = query.route(0, n - 1);
    }
});
