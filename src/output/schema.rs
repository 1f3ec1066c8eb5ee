//! The JSON contract: a JSON Schema (draft 2020-12) for each command's `--format json`
//! answer, made from the answer types. The schemas are kept in docs/json/ and a test
//! checks both that they are what the types give and that every command's output
//! meets them; docs/json.md explains them.

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::Value;

use super::answers::{
    ClaimsAnswer, Comparison, CorridorList, CriticalAnswer, ImportSummary, PlaceList,
};
use super::routes::{MatrixAnswer, ReachAnswer, RouteOnDataset, RouteOnNetwork};
use crate::analysis::evidence::EvidenceReport;
use crate::analysis::impact::Impact;
use crate::compare::DatasetSummary;

/// Each command's answer schema, by the name of its file in docs/json/ (without
/// `.schema.json`).
pub fn answer_schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("list-places", schema::<PlaceList<'static>>()),
        ("list-corridors", schema::<CorridorList<'static>>()),
        ("check", schema::<DatasetSummary>()),
        ("compare", schema::<Comparison>()),
        ("route", schema::<RouteOnDataset<'static>>()),
        ("route-network", schema::<RouteOnNetwork>()),
        ("matrix", schema::<MatrixAnswer>()),
        ("reach", schema::<ReachAnswer>()),
        ("impact", schema::<Impact>()),
        ("critical", schema::<CriticalAnswer>()),
        ("claims", schema::<ClaimsAnswer>()),
        ("evidence", schema::<EvidenceReport>()),
        ("import-osm", schema::<ImportSummary>()),
    ]
}

/// `T`'s schema, strict: an object may hold only the fields the type declares
/// (`unevaluatedProperties: false`, which also sees fields of flattened enums), so a
/// field renamed or added without the contract fails its test.
fn schema<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    forbid_unknown_fields(&mut schema);
    schema
}

/// Marks each object schema with `unevaluatedProperties: false`, except the branches
/// of a `oneOf` (a flattened enum): they see only their own field, and their parent
/// sees them all.
fn forbid_unknown_fields(schema: &mut Value) {
    mark(schema, false);
}

fn mark(schema: &mut Value, branch: bool) {
    match schema {
        Value::Object(object) => {
            if !branch
                && object.contains_key("properties")
                && !object.contains_key("additionalProperties")
            {
                object.insert("unevaluatedProperties".into(), Value::Bool(false));
            }
            for (key, value) in object.iter_mut() {
                let branches = matches!(key.as_str(), "oneOf" | "anyOf" | "allOf");
                match value {
                    Value::Array(items) if branches => {
                        items.iter_mut().for_each(|item| mark(item, true));
                    }
                    _ => mark(value, false),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mark(item, false)),
        _ => {}
    }
}
