//! The one integration test binary (as in ripgrep): modules by subject.

mod analysis;
mod architecture;
mod charts;
mod cli;
mod corpus;
mod dataset;
mod export;
mod geodesy;
mod hardening;
mod hostile;
mod imported;
mod json_contract;
mod lengths;
mod loader;
mod properties;
mod routing;
mod shipped_routes;
mod support;

use std::path::PathBuf;

/// A fixture directory under tests/data.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Copies the directory `from` to `to`, subdirectories included.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of tests/data/valid in a temporary directory (`dataset/` inside it), to
/// break or to watch.
pub fn valid_copy() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("dataset");
    copy_dir(&fixture("valid"), &dir);
    (temp, dir)
}

/// Runs the binary from the crate root (so relative paths such as
/// routes/scenarios/... resolve), as a user would.
pub fn corridors(args: &[&str]) -> std::process::Output {
    corridors_command()
        .args(args)
        .output()
        .expect("the corridors binary runs")
}

/// Asserts exit 2 (bad input) with `message` in stderr, and no panic.
pub fn assert_refused(output: &std::process::Output, message: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains(message), "no {message:?} in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The binary as a command to be given arguments, run from the crate root.
pub fn corridors_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_corridors"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs the binary with `--format json`, expects exit 0, and parses stdout.
pub fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = corridors(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// The dataset compiled into the binary.
pub fn shipped() -> corridors::model::Dataset {
    corridors::load::load_embedded()
        .unwrap_or_else(|problems| panic!("the shipped dataset has problems:\n{problems}"))
}

/// A shipped place's index, by id, name or alias.
pub fn place_id(data: &corridors::model::Dataset, text: &str) -> usize {
    corridors::lookup::find_place(data, text).expect("a shipped place")
}
