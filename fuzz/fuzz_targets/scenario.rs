//! The scenario loader on the valid test dataset, then the scenario applied (twice,
//! as two `--scenario` options naming one file would) and routed on.

#![no_main]

use std::sync::OnceLock;

use corridors::load;
use corridors::model::Dataset;

mod common;

fn dataset() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| load::load(&common::valid_files()).expect("tests/data/valid loads"))
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let text = match load::decode(input.to_vec()) {
        Ok(text) => text,
        Err(_) => return,
    };
    match load::scenario("scenario.toml", &text, dataset()) {
        Ok(scenario) => {
            let mut once = dataset().clone();
            corridors::scenario::apply(&mut once, &scenario);
            let mut twice = once.clone();
            corridors::scenario::apply(&mut twice, &scenario);
            // A second application changes nothing more.
            assert_eq!(format!("{once:?}"), format!("{twice:?}"));
            common::exercise(&twice);
        }
        Err(problems) => drop(problems.to_string()),
    }
});
