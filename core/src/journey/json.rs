//! JSON entry points for the CLI and the Python and wasm bindings: each takes and
//! returns canonical JSON text, so every binding gives the same bytes.
//!
//! ```
//! let engine = amends::Engine::default();
//! let m = amends::journey::Machine::from_policy(&engine, "order").unwrap();
//! let now = amends::api::parse_now("2026-11-02T10:00:00Z").unwrap();
//! let step = m.start_json(r#"{"instance": "o-1"}"#, now).unwrap();
//! let v: serde_json::Value = serde_json::from_str(&step).unwrap();
//! let snapshot = v["snapshot"].to_string();
//! let later = amends::api::parse_now("2026-11-02T11:00:00Z").unwrap();
//! let paid = m.step_json(&snapshot, r#"{"event": "paid", "at": "2026-11-02T10:30:00Z"}"#, later).unwrap();
//! assert!(paid.contains(r#""state":"paid""#));
//! ```

use chrono::{DateTime, Utc};

use super::machine::{Event, Machine, Snapshot, StartInput};
use crate::api::{parse_input, to_canonical};
use crate::error::Error;

fn with_prefix(e: Error, prefix: &str) -> Error {
    match e {
        Error::Input(mut ds) => {
            for d in &mut ds {
                d.path = if d.path.is_empty() {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.{}", d.path)
                };
            }
            Error::Input(ds)
        }
        other => other,
    }
}

/// Parses a snapshot from JSON (paths start with `snapshot`).
pub fn parse_snapshot(json: &str) -> Result<Snapshot, Error> {
    parse_input(json).map_err(|e| with_prefix(e, "snapshot"))
}

/// Parses an event from JSON (paths start with `event`).
pub fn parse_event(json: &str) -> Result<Event, Error> {
    parse_input(json).map_err(|e| with_prefix(e, "event"))
}

impl Machine {
    /// `start` on a JSON [`StartInput`]; returns the [`super::Step`] as canonical JSON.
    pub fn start_json(&self, input_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let input: StartInput = parse_input(input_json)?;
        Ok(to_canonical(&self.start(&input, now)?))
    }

    /// `step` on a JSON snapshot and event; returns the step as canonical JSON.
    pub fn step_json(
        &self,
        snapshot_json: &str,
        event_json: &str,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        let s = parse_snapshot(snapshot_json)?;
        let e = parse_event(event_json)?;
        Ok(to_canonical(&self.step(&s, &e, now)?))
    }

    /// `tick` on a JSON snapshot; returns the step as canonical JSON.
    pub fn tick_json(&self, snapshot_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let s = parse_snapshot(snapshot_json)?;
        Ok(to_canonical(&self.tick(&s, now)?))
    }

    /// Time until breach of every clock of a JSON snapshot, as canonical JSON.
    pub fn clocks_json(&self, snapshot_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let s = self.load(&parse_snapshot(snapshot_json)?)?;
        Ok(to_canonical(&self.clocks(&s, now)))
    }

    /// The machine's id, version and hash as canonical JSON.
    pub fn reference_json(&self) -> String {
        to_canonical(self.reference())
    }
}

/// The journey documents a JSON Schema is published for.
pub const SCHEMAS: [&str; 4] = [
    "journey_start",
    "journey_event",
    "journey_snapshot",
    "journey_step",
];

/// The JSON Schema of a journey input or output, pretty-printed; `None` for an unknown
/// name (see [`SCHEMAS`]).
///
/// ```
/// assert!(amends::journey::json::schema("journey_snapshot").unwrap().contains("clock_time"));
/// ```
pub fn schema(name: &str) -> Option<String> {
    let schema = match name {
        "journey_start" => schemars::schema_for!(StartInput),
        "journey_event" => schemars::schema_for!(Event),
        "journey_snapshot" => schemars::schema_for!(Snapshot),
        "journey_step" => schemars::schema_for!(super::Step),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok()
}
