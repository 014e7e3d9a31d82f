//! What the stages share: the per-case context they read (`Ctx`), the draft they add
//! to (`Draft`) and the host's [`Action`]s.
//!
//! Every stage (triage, risk, remedy, routing, sla) imports this module; it imports
//! nothing above the stages (not the engine, not the policy document).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::explain::Trace;
use crate::facts::Facts;
use crate::fx::FxTable;

/// Something the host should do, as inert data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What to do (`freeze_linked_orders`, `send_template` ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// When it is due, if it is scheduled.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::rfc3339::serialize_opt"
    )]
    pub due_at: Option<DateTime<Utc>>,
    /// For an action meant for the buyer (`[journeys.quiet]`): the earliest moment to
    /// send it, outside the buyer's local night, holidays and religious observances.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::rfc3339::serialize_opt"
    )]
    pub send_after: Option<DateTime<Utc>>,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
}

/// Something the engine could not do as the policy meant, said out loud instead of
/// skipped silently (a rule that needed a missing exchange rate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Stable code (`money.missing_rate`).
    pub code: String,
    /// The input or policy path concerned (`order.total.currency`).
    pub path: String,
    /// What happened and which fallback applied.
    pub message: String,
}

/// What every stage may read: the case, `now`, the exchange rates in force and the
/// facts derived from them.
pub(crate) struct Ctx<'a> {
    pub case: &'a Case,
    pub now: DateTime<Utc>,
    pub fx: FxTable,
    pub facts: Facts,
}

/// What every stage may add to: the trace and the host's actions.
pub(crate) struct Draft {
    pub trace: Trace,
    pub actions: Vec<Action>,
    pub warnings: Vec<Warning>,
}

impl Draft {
    /// Adds a warning once (the same code and path are not repeated).
    pub fn warn(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        if !self
            .warnings
            .iter()
            .any(|w| w.code == code && w.path == path)
        {
            self.warnings.push(Warning {
                code: code.to_owned(),
                path,
                message: message.into(),
            });
        }
    }
}

impl Default for Draft {
    fn default() -> Draft {
        Draft::recording(true)
    }
}

impl Draft {
    /// A draft whose trace is not kept (`record = false`): for outputs that do not
    /// write it.
    pub fn recording(record: bool) -> Draft {
        Draft {
            // Room for a typical trace, so the steps are not moved as they are added.
            trace: Trace::with_capacity(32, record),
            actions: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Records that a policy section was compiled. Counted under `cfg(test)` only, so a test
/// can prove that loading a policy compiles each section exactly once.
#[inline]
pub(crate) fn compiled(section: &'static str) {
    #[cfg(test)]
    compile_count::bump(section);
    let _ = section;
}

/// How many times each section was compiled on this thread (tests only).
#[cfg(test)]
pub(crate) mod compile_count {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    thread_local! {
        static COUNTS: RefCell<BTreeMap<&'static str, usize>> = const { RefCell::new(BTreeMap::new()) };
    }

    pub(crate) fn bump(section: &'static str) {
        COUNTS.with(|c| *c.borrow_mut().entry(section).or_default() += 1);
    }

    /// The counts so far, which are reset.
    pub(crate) fn take() -> BTreeMap<&'static str, usize> {
        COUNTS.with(|c| std::mem::take(&mut *c.borrow_mut()))
    }
}
