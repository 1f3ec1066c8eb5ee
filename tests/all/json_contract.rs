//! The JSON contract (docs/json.md): the schemas in docs/json/ are what the answer
//! types give, and every command's `--format json` output meets its schema.

use std::path::PathBuf;

use corridors::output::schema::answer_schemas;
use serde_json::Value;

use crate::{corridors, fixture, stderr, stdout};

fn schema_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/json")
        .join(format!("{name}.schema.json"))
}

/// The schema file of `name`, parsed.
fn committed_schema(name: &str) -> Value {
    let path = schema_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; see docs/json.md", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// With CORRIDORS_WRITE_SCHEMAS=1 the files are written from the types instead (then
/// review the diff, and record renamed fields in docs/json.md).
#[test]
fn the_schemas_in_docs_are_those_of_the_answer_types() {
    let write = std::env::var_os("CORRIDORS_WRITE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for (name, schema) in answer_schemas() {
        if write {
            let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            std::fs::write(schema_path(name), text).unwrap();
        } else if committed_schema(name) != schema {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "docs/json/ differs from the answer types for {stale:?}: a JSON answer changed. \
         Run `CORRIDORS_WRITE_SCHEMAS=1 cargo test the_schemas_in_docs`, review the diff \
         and record the change in docs/json.md"
    );
}

/// Runs `command` (words split at spaces), then `paths` (kept whole), with `--format
/// json` and checks the output against `schema`'s file.
fn assert_meets(schema: &str, command: &str, paths: &[&str]) {
    let mut args: Vec<&str> = command.split_whitespace().collect();
    args.extend(paths);
    args.extend(["--format", "json"]);
    let output = corridors(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{command}: {}",
        stderr(&output)
    );
    let answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let validator = jsonschema::validator_for(&committed_schema(schema)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&answer)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{command} against {schema}: {errors:#?}");
}

#[test]
fn every_dataset_answer_meets_its_schema() {
    let cases = [
        ("list-places", "list places"),
        ("list-corridors", "list corridors --country AF"),
        ("check", "check"),
        ("compare", "compare"),
        ("route", "route dushanbe karachi -k 3"),
        // Transfers, seasonal passes and every figure by time and by cost.
        ("route", "route almaty gwadar --status all --by time"),
        ("route", "route kashgar islamabad --by cost --status all"),
        (
            "matrix",
            "matrix --from dushanbe,tashkent --to karachi,gwadar",
        ),
        (
            "matrix",
            "matrix --from dushanbe --to karachi --by cost --status all",
        ),
        ("reach", "reach kabul --within 300"),
        ("reach", "reach kabul --within-hours 5"),
        ("impact", "impact"),
        ("critical", "critical"),
        ("claims", "claims"),
        ("evidence", "evidence"),
    ];
    for (schema, command) in cases {
        assert_meets(schema, command, &[]);
    }
}

#[test]
fn every_network_answer_meets_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("karhula.net");
    let net = net.to_str().unwrap();
    // pyrosm's test extract of Karhula, Kotka (tests/data/osm/README.md).
    let extract = fixture("osm/pyrosm-test.osm.pbf");
    let extract = extract.to_str().unwrap();
    assert_meets("import-osm", "import osm", &[extract, "-o", net]);
    let (a, b, via) = ("60.5200,26.9521", "60.5266,26.9565", "60.5230,26.9540");
    let cases = [
        ("route-network", format!("route {a} {b}")),
        (
            "route-network",
            format!("route {a} {b} --via {via} --by time"),
        ),
        ("matrix", format!("matrix --from {a} --to {b} --to {via}")),
        ("matrix", format!("matrix --from {a} --to {b} --by time")),
        ("reach", format!("reach {a} --within 1")),
        ("reach", format!("reach {a} --within-hours 0.01")),
    ];
    for (schema, command) in cases {
        assert_meets(schema, &command, &["--network", net]);
    }
}

/// The strictness the contract relies on: an answer with a field the type does not
/// declare, or without one it requires, fails.
#[test]
fn a_renamed_field_fails_the_schema() {
    let output = corridors(&[
        "matrix", "--from", "dushanbe", "--to", "karachi", "--format", "json",
    ]);
    let mut answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let validator = jsonschema::validator_for(&committed_schema("matrix")).unwrap();
    assert!(validator.is_valid(&answer));
    let values = answer
        .as_object_mut()
        .unwrap()
        .remove("distance_km")
        .unwrap();
    answer["distance"] = values;
    assert!(!validator.is_valid(&answer), "{answer}");
}
