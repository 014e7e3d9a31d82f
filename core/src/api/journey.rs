//! Journeys through JSON: the machine's JSON entry points, the JSON Lines protocol of
//! `amends journey run` ([`Journeys`]) and the conformance replay ([`replay`]), which is
//! that protocol applied to one script. Every host and every conformance runner uses
//! these, so the replay is written once.
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

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::batch::Outcome;
use super::{parse_document, parse_input, parse_now, to_canonical, under_path, Document};
use crate::error::{Diagnostic, Error, ErrorReport};
use crate::journey::{ClockReport, Event, FiredAction, Machine, Snapshot, StartInput, Step};
use crate::limits::Limits;
use crate::Engine;

/// Parses a snapshot from JSON (paths start with `snapshot`).
pub fn parse_snapshot(json: &str) -> Result<Snapshot, Error> {
    parse_input(json).map_err(|e| under_path(e, "snapshot"))
}

/// Parses an event from JSON (paths start with `event`).
pub fn parse_event(json: &str) -> Result<Event, Error> {
    parse_input(json).map_err(|e| under_path(e, "event"))
}

/// Parses a snapshot held in any form (paths start with `snapshot`).
pub fn snapshot_of(doc: Document<'_>) -> Result<Snapshot, Error> {
    parse_document(doc, &Limits::default()).map_err(|e| under_path(e, "snapshot"))
}

/// Parses an event held in any form (paths start with `event`).
pub fn event_of(doc: Document<'_>) -> Result<Event, Error> {
    parse_document(doc, &Limits::default()).map_err(|e| under_path(e, "event"))
}

/// Parses a start input held in any form.
pub fn start_of(doc: Document<'_>) -> Result<StartInput, Error> {
    parse_document(doc, &Limits::default())
}

impl Machine {
    /// `start` on a JSON [`StartInput`]; returns the [`Step`] as canonical JSON.
    pub fn start_json(&self, input_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        Ok(to_canonical(
            &self.start(&start_of(Document::Text(input_json))?, now)?,
        ))
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

    /// Time until breach of every clock of a snapshot (validated against this machine).
    pub fn clocks_checked(
        &self,
        snapshot: &Snapshot,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockReport>, Error> {
        Ok(self.clocks(&self.load(snapshot)?, now))
    }

    /// Time until breach of every clock of a JSON snapshot, as canonical JSON.
    pub fn clocks_json(&self, snapshot_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        Ok(to_canonical(
            &self.clocks_checked(&parse_snapshot(snapshot_json)?, now)?,
        ))
    }

    /// The machine's id, version and hash as canonical JSON.
    pub fn reference_json(&self) -> String {
        to_canonical(self.reference())
    }
}

/// Many journeys of one machine driven by JSON lines, as `amends journey run` reads
/// them. Each line is one of
///
/// - `{"start": TIME, "instance"?: ID, "context"?: {...}}`: start a journey;
/// - `{"event": NAME, "at": TIME, "data"?: {...}, "now"?: TIME, "instance"?: ID}`: an
///   event, processed at `now` (default: `at`);
/// - `{"tick": TIME, "instance"?: ID}`: wake the journey at TIME.
///
/// A line without `instance` belongs to the default instance. A journey that has not
/// been started is started by its first line, at that line's time, with an empty
/// context. The snapshots are kept here between lines.
#[derive(Debug)]
pub struct Journeys<'m> {
    machine: &'m Machine,
    default_instance: String,
    snapshots: BTreeMap<String, Snapshot>,
}

/// One output line of `amends journey run`: `{"line", "instance", "type": "success",
/// "step"}` or `{"line", "instance", "type": "failure", "error"}`.
#[derive(Debug, Clone, Serialize)]
pub struct LineOutcome<'a> {
    /// The 1-based input line.
    pub line: u64,
    /// The journey the line belongs to.
    pub instance: &'a str,
    /// The step, or the error.
    #[serde(flatten)]
    pub outcome: Outcome<'a, Stepped<'a>>,
}

/// The success payload of a journey line: `{"step": ...}`.
#[derive(Debug, Clone, Serialize)]
pub struct Stepped<'a> {
    /// The step.
    pub step: &'a Step,
}

/// What one line did: the journey it belongs to and its steps (two when the line
/// started the journey implicitly), or its error.
#[derive(Debug, Clone)]
pub struct LineResult {
    /// The journey the line belongs to.
    pub instance: String,
    /// The steps, or the error.
    pub result: Result<Vec<Step>, Error>,
}

impl LineResult {
    /// The output records of the line, numbered `line`.
    pub fn outcomes(&self, line: u64) -> Vec<LineOutcome<'_>> {
        match &self.result {
            Ok(steps) => steps
                .iter()
                .map(|step| LineOutcome {
                    line,
                    instance: &self.instance,
                    outcome: Outcome::Success(Stepped { step }),
                })
                .collect(),
            Err(e) => vec![LineOutcome {
                line,
                instance: &self.instance,
                outcome: Outcome::Failure {
                    error: ErrorReport::from(e),
                },
            }],
        }
    }
}

fn time(v: &Value, key: &str) -> Result<DateTime<Utc>, Error> {
    parse_now(v.get(key).and_then(Value::as_str).unwrap_or("")).map_err(|e| {
        let mut ds = e.diagnostics().to_vec();
        for d in &mut ds {
            d.path = key.to_owned();
        }
        Error::Input(ds)
    })
}

impl<'m> Journeys<'m> {
    /// No journey started yet; lines without `instance` belong to `default_instance`.
    pub fn new(machine: &'m Machine, default_instance: &str) -> Journeys<'m> {
        Journeys {
            machine,
            default_instance: default_instance.to_owned(),
            snapshots: BTreeMap::new(),
        }
    }

    /// The latest snapshot of a journey.
    pub fn snapshot(&self, instance: &str) -> Option<&Snapshot> {
        self.snapshots.get(instance)
    }

    /// Applies one JSON line.
    pub fn apply_line(&mut self, line: &str) -> LineResult {
        let parsed: Result<Value, Error> = parse_input(line);
        let instance = parsed
            .as_ref()
            .ok()
            .and_then(|v| v.get("instance"))
            .and_then(Value::as_str)
            .unwrap_or(&self.default_instance)
            .to_owned();
        let result = parsed.and_then(|v| self.apply(&instance, v));
        LineResult { instance, result }
    }

    /// Applies one parsed line to the journey `id`.
    fn apply(&mut self, id: &str, mut v: Value) -> Result<Vec<Step>, Error> {
        let m = self.machine;
        let mut out = Vec::new();
        if v.get("start").is_some() {
            let at = time(&v, "start")?;
            let context = match v.get("context") {
                Some(c) => serde_json::from_value(c.clone()).map_err(|e| {
                    Error::input(Diagnostic::new(
                        "input.invalid_type",
                        "context",
                        e.to_string(),
                    ))
                })?,
                None => BTreeMap::new(),
            };
            let s = m.start(
                &StartInput {
                    instance: id.to_owned(),
                    context,
                },
                at,
            )?;
            self.snapshots.insert(id.to_owned(), s.snapshot.clone());
            out.push(s);
            return Ok(out);
        }
        let is_tick = v.get("tick").is_some();
        let at = if is_tick {
            time(&v, "tick")?
        } else {
            time(&v, "at")?
        };
        if !self.snapshots.contains_key(id) {
            let s = m.start(
                &StartInput {
                    instance: id.to_owned(),
                    context: BTreeMap::new(),
                },
                at,
            )?;
            self.snapshots.insert(id.to_owned(), s.snapshot.clone());
            out.push(s);
        }
        let Some(snap) = self.snapshots.get(id) else {
            return Ok(out);
        };
        let step = if is_tick {
            m.tick(snap, at)?
        } else {
            let now = match v.get("now") {
                Some(_) => time(&v, "now")?,
                None => at,
            };
            if let Some(o) = v.as_object_mut() {
                o.remove("now");
                o.remove("instance");
            }
            m.step(snap, &parse_event(&v.to_string())?, now)?
        };
        self.snapshots.insert(id.to_owned(), step.snapshot.clone());
        out.push(step);
        Ok(out)
    }
}

/// One step of a replay, without its trace: `{"state", "seq", "actions",
/// "next_deadline"?}`.
#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    /// The state after the call.
    pub state: String,
    /// The snapshot's sequence number after the call.
    pub seq: u64,
    /// The actions the call fired.
    pub actions: Vec<FiredAction>,
    /// When to tick next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_deadline: Option<DateTime<Utc>>,
}

impl From<&Step> for StepSummary {
    fn from(s: &Step) -> StepSummary {
        StepSummary {
            state: s.snapshot.state.clone(),
            seq: s.snapshot.seq,
            actions: s.actions.clone(),
            next_deadline: s.next_deadline,
        }
    }
}

/// The result of [`replay`]: every step, the final snapshot and its clocks.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    /// One summary per call, the start first.
    pub steps: Vec<StepSummary>,
    /// The last snapshot.
    pub snapshot: Snapshot,
    /// The clocks of the last snapshot at the last call's time.
    pub clocks: Vec<ClockReport>,
}

/// Replays a journey script, the `journey` op of the conformance vectors:
/// `{"machine": NAME, "instance"?: ID, "context"?: {...}, "start": TIME, "calls": [...]}`
/// where each call is `{"tick": TIME}` or an event `{"event", "at", "data"?, "now"?}`.
/// The machine starts at `start`, each call applies to the previous snapshot (through
/// [`Journeys`]), and the clocks are read at the last call's time. The first error
/// stops the replay.
pub fn replay(engine: &Engine, script: &Value) -> Result<Replay, Error> {
    let str_of = |key: &str| script.get(key).and_then(Value::as_str).unwrap_or("");
    let machine = Machine::from_policy(engine, str_of("machine"))?;
    let instance = script
        .get("instance")
        .and_then(Value::as_str)
        .unwrap_or("j-1");
    let mut journeys = Journeys::new(&machine, instance);
    let mut start = serde_json::Map::new();
    start.insert("start".into(), Value::String(str_of("start").to_owned()));
    if let Some(c) = script.get("context") {
        start.insert("context".into(), c.clone());
    }
    let calls = script
        .get("calls")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut last = parse_now(str_of("start"))?;
    let first = journeys
        .apply_line(&Value::Object(start).to_string())
        .result?;
    let mut steps: Vec<StepSummary> = first.iter().map(StepSummary::from).collect();
    let mut snapshot = first.last().map(|s| s.snapshot.clone());
    for call in calls {
        // Each call runs at its `tick`, else its `now`, else its `at`.
        let t = match call.get("tick") {
            Some(t) => t,
            None => call
                .get("now")
                .or_else(|| call.get("at"))
                .unwrap_or(&Value::Null),
        };
        last = parse_now(t.as_str().unwrap_or(""))?;
        let mut call = call.clone();
        if let Some(o) = call.as_object_mut() {
            o.remove("instance");
        }
        let result = journeys.apply_line(&call.to_string()).result?;
        steps.extend(result.iter().map(StepSummary::from));
        snapshot = result.last().map(|s| s.snapshot.clone()).or(snapshot);
    }
    let Some(snapshot) = snapshot else {
        return Err(Error::input(Diagnostic::new(
            "input.missing_field",
            "start",
            "the script starts no journey",
        )));
    };
    let clocks = machine.clocks_checked(&snapshot, last)?;
    Ok(Replay {
        steps,
        snapshot,
        clocks,
    })
}

/// [`replay`] as canonical JSON.
pub fn replay_json(engine: &Engine, script: &Value) -> Result<String, Error> {
    Ok(to_canonical(&replay(engine, script)?))
}

/// [`replay`] of a script held in any form (parsed under the engine's limits), as
/// canonical JSON.
pub fn replay_document_json(engine: &Engine, script: Document<'_>) -> Result<String, Error> {
    let script: Value = parse_document(script, engine.limits())?;
    replay_json(engine, &script)
}
