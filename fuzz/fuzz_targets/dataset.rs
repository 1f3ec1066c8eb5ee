//! The dataset loader: the input's first byte picks the file it stands for (places,
//! a corridor in place of one, a corridor added, travel, outlets, claims), the rest
//! is that file's bytes; the other files are those of tests/data/valid.

#![no_main]

use corridors::load::{self, SourceFile};

mod common;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let Some((&slot, bytes)) = input.split_first() else {
        return;
    };
    let mut files = common::valid_files();
    let file = |name: &str| SourceFile {
        name: name.to_string(),
        text: load::decode(bytes.to_vec()),
    };
    match slot % 6 {
        0 => files.places = file("places.toml"),
        1 => files.corridors[0] = file("corridors/dushanbe-termez-road.toml"),
        2 => files.corridors.push(file("corridors/fuzz.toml")),
        3 => files.travel = Some(file("travel.toml")),
        4 => files.outlets = Some(file("outlets.toml")),
        _ => files.claims = Some(file("claims.toml")),
    }
    match load::load(&files) {
        Ok(data) => common::exercise(&data),
        // Every problem must render (file:line:col, hint) without panicking.
        Err(problems) => drop(problems.to_string()),
    }
});
