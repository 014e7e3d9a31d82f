//! The published JSON Schemas (`core/schemas/*.json`, embedded by `amends::api::schema`)
//! are the ones the types generate.
//!
//! Regenerate deliberately after a change to a published type:
//! `AMENDS_BLESS=1 cargo test -p amends --test schemas`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use amends::api::{schema, SCHEMAS};
use amends::journey::{ClockReport, Event, Snapshot, StartInput, Step};

fn generated(name: &str) -> serde_json::Value {
    let schema = match name {
        "case" => schemars::schema_for!(amends::Case),
        "assessment" => schemars::schema_for!(amends::Assessment),
        "decision" => schemars::schema_for!(amends::api::DecisionView<'static>),
        "policy" => schemars::schema_for!(amends::Policy),
        "journey_start" => schemars::schema_for!(StartInput),
        "journey_event" => schemars::schema_for!(Event),
        "journey_snapshot" => schemars::schema_for!(Snapshot),
        "journey_step" => schemars::schema_for!(Step),
        "journey_clocks" => schemars::schema_for!(Vec<ClockReport>),
        other => panic!("no generator for the published schema `{other}`"),
    };
    serde_json::to_value(schema).expect("a schema is JSON")
}

#[test]
fn published_schemas_are_generated_from_the_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let bless = std::env::var_os("AMENDS_BLESS").is_some();
    let mut stale = Vec::new();
    for name in SCHEMAS {
        let want = serde_json::to_string_pretty(&generated(name)).expect("pretty JSON");
        if bless {
            std::fs::write(dir.join(format!("{name}.json")), format!("{want}\n"))
                .expect("write the schema file");
        } else if schema(name).as_deref() != Some(want.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "core/schemas/ is stale for {stale:?}: run `AMENDS_BLESS=1 cargo test -p amends --test schemas`"
    );
}
