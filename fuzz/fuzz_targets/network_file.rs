//! Reading a network file (`corridors import osm -o FILE`): arbitrary bytes must be
//! refused with a reason or read as a network a query can use.

#![no_main]

use corridors::imported::{file, hierarchy};

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let Ok(network) = file::read(input, input.len() as u64) else {
        return;
    };
    let n = network.node_count() as u32;
    if n >= 2 {
        let mut query = hierarchy::Query::new(&network);
        let _ = query.route(0, n - 1);
        let _ = query.route(n - 1, 0);
    }
});
