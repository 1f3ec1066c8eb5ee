//! The loader on broken fixtures: every problem class gets a located message.

use corridors::load::{Diagnostic, load_dir};

use crate::fixture;
use crate::support::bad_case;

/// Loads a broken fixture and returns its problems; panics if it loads.
fn problems(case: &str) -> Vec<Diagnostic> {
    let (_scratch, dir) = bad_case(case);
    match load_dir(&dir) {
        Ok(_) => panic!("broken fixture {case} loaded without problems"),
        Err(problems) => problems.0,
    }
}

/// Asserts that `case` reports `message` in `file` at `line:col` (when given).
fn expect(case: &str, file: &str, position: Option<(usize, usize)>, message: &str) -> Diagnostic {
    let found = problems(case);
    let hit = found
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("{case}: no message containing {message:?} in {found:#?}"));
    assert!(
        hit.file.ends_with(file),
        "{case}: file {} is not {file}",
        hit.file
    );
    assert_eq!(
        hit.position, position,
        "{case}: position of {:?}",
        hit.message
    );
    hit.clone()
}

#[test]
fn valid_fixture_loads() {
    let data = load_dir(&fixture("valid")).expect("valid fixture");
    assert_eq!(data.places.len(), 4);
    assert_eq!(data.corridors.len(), 2);
    assert_eq!(data.segments.len(), 3);
}

#[test]
fn syntax_error() {
    expect(
        "syntax-error",
        "dushanbe-termez-road.toml",
        Some((8, 11)),
        "unclosed array table",
    );
}

#[test]
fn wrong_type() {
    expect(
        "wrong-type",
        "places.toml",
        Some((15, 7)),
        "invalid type: string \"37.2242\", expected f64",
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let d = expect(
        "unknown-key",
        "places.toml",
        Some((15, 1)),
        "unknown key `lattitude`",
    );
    assert!(d.hint.unwrap().contains("did you mean `lat`?"));
}

#[test]
fn duplicate_place_id() {
    let d = expect(
        "duplicate-place-id",
        "places.toml",
        Some((21, 6)),
        "duplicate place id `termez`",
    );
    assert!(d.hint.unwrap().contains("line 11"));
}

#[test]
fn unknown_place_suggests_the_nearest() {
    let d = expect(
        "unknown-place",
        "dushanbe-termez-road.toml",
        Some((10, 6)),
        "unknown place `termes`",
    );
    assert!(d.hint.unwrap().contains("did you mean `termez`?"));
}

#[test]
fn latitude_out_of_range() {
    expect(
        "latitude-out-of-range",
        "places.toml",
        Some((6, 7)),
        "latitude 98.5358 is outside",
    );
}

#[test]
fn nan_coordinate() {
    expect(
        "nan-coordinate",
        "places.toml",
        Some((34, 7)),
        "latitude NaN is outside",
    );
}

#[test]
fn infinite_longitude() {
    expect(
        "infinite-longitude",
        "places.toml",
        Some((35, 7)),
        "longitude inf is outside",
    );
}

#[test]
fn zero_length_segment() {
    expect(
        "zero-length",
        "termez-mazar-railway.toml",
        Some((8, 8)),
        "has zero length",
    );
}

#[test]
fn self_loop() {
    expect(
        "self-loop",
        "dushanbe-termez-road.toml",
        Some((10, 6)),
        "from `dushanbe` to itself",
    );
}

#[test]
fn unknown_mode_lists_the_accepted() {
    let d = expect(
        "unknown-mode",
        "dushanbe-termez-road.toml",
        Some((3, 8)),
        "unknown mode `highway`",
    );
    assert!(
        d.hint
            .unwrap()
            .contains("road | rail | ferry | pipeline | power-line")
    );
}

#[test]
fn unknown_status_lists_the_accepted() {
    let d = expect(
        "unknown-status",
        "termez-mazar-railway.toml",
        Some((4, 10)),
        "unknown status `planned`",
    );
    assert!(
        d.hint
            .unwrap()
            .contains("operational | under-construction | proposed")
    );
}

#[test]
fn negative_length() {
    expect(
        "negative-length",
        "termez-mazar-railway.toml",
        Some((14, 13)),
        "must be a positive number from 1e-6 to 1e9, found -75",
    );
}

#[test]
fn published_length_needs_a_source() {
    expect(
        "missing-source-for-length",
        "termez-mazar-railway.toml",
        Some((14, 13)),
        "needs a `source`",
    );
}

#[test]
fn corridor_without_sources() {
    expect(
        "no-sources",
        "dushanbe-termez-road.toml",
        Some((1, 6)),
        "has no sources",
    );
}

#[test]
fn unknown_country_code() {
    expect(
        "unknown-country",
        "places.toml",
        Some((14, 11)),
        "\"UB\" is not an ISO 3166-1 alpha-2",
    );
}

#[test]
fn shape_point_not_a_pair() {
    expect(
        "bad-shape",
        "dushanbe-termez-road.toml",
        Some((11, 10)),
        "must be a [lat, lon] pair, found 3 numbers",
    );
}

#[test]
fn missing_places_file() {
    let found = problems("missing-places-file");
    assert_eq!(found.len(), 1, "one problem, no cascade: {found:#?}");
    assert!(found[0].file.ends_with("places.toml"));
    assert!(found[0].message.contains("cannot be read"));
    assert_eq!(found[0].position, None);
}

#[test]
fn directory_where_a_file_belongs() {
    let found = problems("directory-for-file");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("is a directory"));
}

#[test]
fn invalid_utf8() {
    let found = problems("invalid-utf8");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("not valid UTF-8 (byte 45 of the file)")
    );
    // Line 2, column 18: where the bad byte is, counted in characters.
    assert_eq!(found[0].position, Some((2, 18)));
}

#[test]
fn corridor_that_is_not_a_chain() {
    expect(
        "broken-chain",
        "termez-mazar-railway.toml",
        Some((11, 1)),
        "does not continue the corridor from `termez`",
    );
}

#[test]
fn corridor_id_differs_from_its_file() {
    expect(
        "id-differs-from-file",
        "dushanbe-termez-road.toml",
        Some((1, 6)),
        "differs from its file name",
    );
}

#[test]
fn unknown_included_corridor() {
    let d = expect(
        "unknown-include",
        "through-route.toml",
        Some((6, 13)),
        "unknown corridor `dushanbe-termez-raod`",
    );
    assert!(
        d.hint
            .unwrap()
            .contains("did you mean `dushanbe-termez-road`?")
    );
}

/// A temporary dataset directory holding the valid fixture's corridor files (a
/// dataset needs one), and the valid fixture's path for the other files.
fn scratch_dataset() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let valid = fixture("valid");
    crate::copy_dir(&valid.join("corridors"), &dir.path().join("corridors"));
    (dir, valid)
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    // Problems in two files and in two tables of one file all come back at once.
    let (dir, valid) = scratch_dataset();
    let places = std::fs::read_to_string(valid.join("places.toml")).unwrap();
    std::fs::write(
        dir.path().join("places.toml"),
        places.replace("lat = 38.5358", "lat = 98.0").replace(
            "country = \"AF\"\nlat = 36.709",
            "country = \"XX\"\nlat = 36.709",
        ),
    )
    .unwrap();
    for name in ["dushanbe-termez-road.toml", "termez-mazar-railway.toml"] {
        let text = std::fs::read_to_string(valid.join("corridors").join(name)).unwrap();
        std::fs::write(
            dir.path().join("corridors").join(name),
            text.replace("status = \"operational\"", "status = \"open\""),
        )
        .unwrap();
    }
    let found = load_dir(dir.path()).unwrap_err().0;
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn composite_corridor_is_chained_in_travel_order() {
    // `includes` joins corridors end to end, flipping one that is written backwards.
    let (dir, valid) = scratch_dataset();
    std::fs::copy(valid.join("places.toml"), dir.path().join("places.toml")).unwrap();
    let road = std::fs::read_to_string(valid.join("corridors/dushanbe-termez-road.toml")).unwrap();
    std::fs::write(
        dir.path().join("corridors/dushanbe-termez-road.toml"),
        &road,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corridors/mazar-termez-road.toml"),
        "id = \"mazar-termez-road\"\nname = \"x\"\nmode = \"road\"\nstatus = \"proposed\"\nsources = [\"t\"]\n\
         [[segment]]\nfrom = \"mazar-i-sharif\"\nto = \"hairatan\"\n[[segment]]\nfrom = \"hairatan\"\nto = \"termez\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corridors/through.toml"),
        "id = \"through\"\nname = \"x\"\nmode = \"road\"\nstatus = \"operational\"\nsources = [\"t\"]\n\
         includes = [\"dushanbe-termez-road\", \"mazar-termez-road\"]\n",
    )
    .unwrap();
    let data = load_dir(dir.path()).expect("loads");
    let through = data.corridor_by_id("through").unwrap();
    let ids: Vec<&str> = data
        .corridor_places(through)
        .iter()
        .map(|&p| data.places[p].id.as_str())
        .collect();
    assert_eq!(ids, ["dushanbe", "termez", "hairatan", "mazar-i-sharif"]);
}

#[test]
fn travel_figures_load_with_their_sources() {
    use corridors::model::Mode;
    let data = load_dir(&fixture("valid")).expect("valid fixture");
    let road = data.travel.mode(Mode::Road);
    assert_eq!(road.speed_kmh.as_ref().map(|f| f.value), Some(42.0));
    assert_eq!(
        road.border_cost_usd.as_ref().unwrap().source,
        "CAREC CPMM 2022"
    );
    assert!(data.travel.mode(Mode::Rail).speed_kmh.is_none());
    let hairatan = data.places.iter().position(|p| p.id == "hairatan").unwrap();
    let crossing = data.travel.crossing(hairatan, Mode::Road).unwrap();
    assert_eq!((crossing.delay_h, crossing.cost_usd), (Some(12.5), None));
    assert_eq!(
        data.travel
            .transfer_figure(hairatan, |t| &t.mode_change_h)
            .map(|f| f.value),
        Some(1.0)
    );
}

#[test]
fn travel_file_problems_are_located() {
    let (dir, valid) = scratch_dataset();
    std::fs::copy(valid.join("places.toml"), dir.path().join("places.toml")).unwrap();
    for name in ["dushanbe-termez-road.toml", "termez-mazar-railway.toml"] {
        std::fs::copy(
            valid.join("corridors").join(name),
            dir.path().join("corridors").join(name),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("travel.toml"),
        "[[mode]]\n\
         mode = \"road\"\n\
         speed_kph = 40\n\
         border_delay_h = 5\n\
         [[mode]]\n\
         mode = \"rail\"\n\
         speed_kmh = -3\n\
         speed_source = \"x\"\n\
         [[crossing]]\n\
         place = \"termez\"\n\
         mode = \"road\"\n\
         source = \"x\"\n\
         [[crossing]]\n\
         place = \"hairatn\"\n\
         mode = \"road\"\n\
         source = \"x\"\n",
    )
    .unwrap();
    let found = load_dir(dir.path()).unwrap_err().0;
    let at = |message: &str| {
        let hit = found
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("no {message:?} in {found:#?}"));
        assert!(hit.file.ends_with("travel.toml"));
        (hit.position, hit.hint.clone().unwrap_or_default())
    };
    let (position, hint) = at("unknown key `speed_kph` in [[mode]]");
    assert_eq!(position, Some((3, 1)));
    assert!(hint.contains("did you mean `speed_kmh`?"), "{hint}");
    let (position, hint) = at("`border_delay_h` has no source");
    assert_eq!(position, Some((4, 18)));
    assert!(hint.contains("border_source"), "{hint}");
    assert_eq!(
        at("`speed_kmh` must be a positive number from 1e-6 to 1e9, found -3").0,
        Some((7, 13))
    );
    assert_eq!(at("`termez` is not a border crossing").0, Some((10, 9)));
    let (position, hint) = at("unknown place `hairatn`");
    assert_eq!(position, Some((14, 9)));
    assert!(hint.contains("did you mean `hairatan`?"), "{hint}");
    assert_eq!(found.len(), 5, "{found:#?}");
}

#[test]
fn transfer_at_without_a_place_is_located_at_its_table() {
    let (dir, valid) = scratch_dataset();
    std::fs::copy(valid.join("places.toml"), dir.path().join("places.toml")).unwrap();
    std::fs::write(
        dir.path().join("travel.toml"),
        "[transfer]\nmode_change_h = 1.0\nmode_change_source = \"x\"\n\n\
         [[transfer_at]]\nmode_change_h = 2.0\nmode_change_source = \"x\"\n",
    )
    .unwrap();
    let found = load_dir(dir.path()).unwrap_err().0;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("missing field `place`"),
        "{found:#?}"
    );
    assert_eq!(found[0].position, Some((5, 1)));
    assert!(found[0].file.ends_with("travel.toml"));
}
