//! Replaying stored decisions: each record `{case, now, assessment}` is assessed again
//! under the current engine and policy, and the stored assessment compared with the new
//! one field by field, so an upgrade can be checked against history before it ships.
//!
//! The CLI (`amends replay DECISIONS.jsonl`), Python (`Engine.replay`) and JavaScript
//! (`Engine.replay`) all call [`replay_document`].

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse_document, parse_now, parse_value_with, under_path, Document};
use crate::case::Case;
use crate::error::{Diagnostic, Error};
use crate::Engine;

/// One difference between a stored assessment and the current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Difference {
    /// The top-level section (`remedy`, `risk`, `why_not` ...).
    pub section: String,
    /// The field's path (`remedy.options[0].value.amount`).
    pub path: String,
    /// The stored value (absent: the field is new).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<Value>,
    /// The current value (absent: the field is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Value>,
}

/// The result of replaying one stored decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Replay {
    /// The case's id.
    pub case_id: String,
    /// Whether the current assessment is the stored one, field for field.
    pub identical: bool,
    /// Every difference, in the order of the fields (stored order first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    /// The current engine refused the case (the stored assessment is then one
    /// difference at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Diagnostic>,
}

/// Replays one record held in any form.
pub fn replay_document(engine: &Engine, record: Document<'_>) -> Result<Replay, Error> {
    let v: Value = parse_document(record, engine.limits())?;
    replay_value(engine, &v)
}

/// Replays one record given as a JSON value.
pub fn replay_value(engine: &Engine, record: &Value) -> Result<Replay, Error> {
    let field = |name: &str| {
        record.get(name).ok_or_else(|| {
            Error::input(
                Diagnostic::new(
                    "input.missing_field",
                    name,
                    format!("a stored decision needs `{name}`"),
                )
                .hint("store each decision as {\"case\": ..., \"now\": ..., \"assessment\": ...}"),
            )
        })
    };
    let case: Case =
        parse_value_with(field("case")?, engine.limits()).map_err(|e| under_path(e, "case"))?;
    let now: DateTime<Utc> = match field("now")? {
        Value::String(s) => parse_now(s)?,
        _ => {
            return Err(Error::input(Diagnostic::new(
                "input.invalid_time",
                "now",
                "`now` must be an RFC 3339 time",
            )))
        }
    };
    let stored = field("assessment")?;
    let mut out = Replay {
        case_id: case.id.clone(),
        identical: true,
        differences: Vec::new(),
        error: None,
    };
    match engine.assess(&case, now) {
        Ok(a) => {
            let current = serde_json::to_value(&a).unwrap_or(Value::Null);
            diff(stored, &current, &mut String::new(), &mut out.differences);
        }
        Err(e) => {
            out.error = e.diagnostics().first().cloned();
            out.differences.push(Difference {
                section: String::new(),
                path: String::new(),
                stored: Some(stored.clone()),
                current: None,
            });
        }
    }
    out.identical = out.differences.is_empty();
    Ok(out)
}

/// Replays one record; the result (or the error) as canonical JSON.
pub fn replay_json(engine: &Engine, record: Document<'_>) -> String {
    match replay_document(engine, record) {
        Ok(r) => super::to_canonical(&r),
        Err(e) => super::error_json(&e),
    }
}

fn section_of(path: &str) -> String {
    path.split(['.', '[']).next().unwrap_or_default().to_owned()
}

fn push(out: &mut Vec<Difference>, path: &str, stored: Option<&Value>, current: Option<&Value>) {
    out.push(Difference {
        section: section_of(path),
        path: path.to_owned(),
        stored: stored.cloned(),
        current: current.cloned(),
    });
}

/// Appends the differences between `a` (stored) and `b` (current) under `path`.
fn diff(a: &Value, b: &Value, path: &mut String, out: &mut Vec<Difference>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                match y.get(k) {
                    Some(vb) => diff(va, vb, path, out),
                    None => push(out, path, Some(va), None),
                }
                path.truncate(len);
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                push(out, path, None, Some(vb));
                path.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => diff(va, vb, path, out),
                    (va, vb) => push(out, path, va, vb),
                }
                path.truncate(len);
            }
        }
        _ if a == b => {}
        _ => push(out, path, Some(a), Some(b)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn an_unchanged_decision_is_identical_and_a_changed_one_names_its_fields() {
        let e = Engine::default();
        let case = serde_json::json!({"id": "c1", "received_at": "2026-11-20T09:00:00Z",
            "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
            "channel": "email", "text": "my parcel never arrived",
            "order": {"id": "o", "placed_at": "2026-11-01T10:00:00Z",
                      "total": {"amount": "49.90", "currency": "GBP"}}});
        let now = "2026-11-23T12:00:00Z";
        let a = e
            .assess(
                &serde_json::from_value(case.clone()).unwrap(),
                now.parse().unwrap(),
            )
            .unwrap();
        let mut stored = serde_json::to_value(&a).unwrap();
        let rec = serde_json::json!({"case": case, "now": now, "assessment": stored});
        let r = replay_value(&e, &rec).unwrap();
        assert!(r.identical, "{:?}", r.differences);

        stored["risk"]["score"] = serde_json::json!(99);
        stored["routing"].as_object_mut().unwrap().remove("queue");
        let rec = serde_json::json!({"case": rec["case"], "now": now, "assessment": stored});
        let r = replay_value(&e, &rec).unwrap();
        assert!(!r.identical);
        let paths: Vec<(&str, &str)> = r
            .differences
            .iter()
            .map(|d| (d.section.as_str(), d.path.as_str()))
            .collect();
        assert_eq!(
            paths,
            [("risk", "risk.score"), ("routing", "routing.queue")]
        );
        assert_eq!(r.differences[1].stored, None);
    }
}
