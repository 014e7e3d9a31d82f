//! What a host keeps and passes: the inputs, the snapshot of a running journey, and
//! each call's result.

use super::*;

/// What `start` needs: the host's id for this journey and its initial context.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartInput {
    /// The host's id for the journey (an order id, a case id); prefixes every action id.
    pub instance: String,
    /// Facts the guards and timers read (`estimated_delivery_at`, `channel` ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, Value>,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Its name (`shipped`, `respond`).
    pub event: String,
    /// When it happened; not after `now`.
    pub at: DateTime<Utc>,
    /// Data that updates the context (merged field by field); guards also read it as
    /// `event.FIELD`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, Value>,
}

/// A running timer, as an absolute deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimerState {
    /// The state that armed it.
    pub state: String,
    /// The timer's name in that state.
    pub name: String,
    /// When it falls due.
    pub due_at: DateTime<Utc>,
    /// The sequence number of the call that armed it.
    pub armed_seq: u64,
}

/// Where an SLA clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClockStatus {
    /// Waiting for its start event.
    Pending,
    /// Counting.
    Running,
    /// Paused in a pause state.
    Paused,
    /// Stopped for good (until a reset).
    Stopped,
}

/// An SLA clock in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockState {
    /// The clock's name.
    pub name: String,
    /// Where it stands.
    pub status: ClockStatus,
    /// Seconds counted before `running_since` (business seconds on a calendar).
    pub elapsed_seconds: i64,
    /// When the current running stretch began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_since: Option<DateTime<Utc>>,
    /// When it breaches if it keeps running (absolute; only while running).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// When it breached, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breached_at: Option<DateTime<Utc>>,
    /// How many times it was (re)started; part of its action ids.
    pub generation: u32,
}

impl ClockState {
    /// A clock that has not started.
    pub(crate) fn pending(name: &str) -> ClockState {
        ClockState {
            name: name.to_owned(),
            status: ClockStatus::Pending,
            elapsed_seconds: 0,
            running_since: None,
            due_at: None,
            breached_at: None,
            generation: 0,
        }
    }
}

/// The whole state of one journey. Public API: the host stores it as JSON and passes it
/// back; its format is pinned by golden files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The definition it runs under.
    pub machine: MachineRef,
    /// The host's id for the journey.
    pub instance: String,
    /// Incremented by every call.
    pub seq: u64,
    /// The current state.
    pub state: String,
    /// When it was entered.
    pub entered_at: DateTime<Utc>,
    /// The latest time the journey has processed.
    pub clock_time: DateTime<Utc>,
    /// Whether a final state was reached.
    pub done: bool,
    /// Facts the guards and timers read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, Value>,
    /// The last time each event happened.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub events: BTreeMap<String, DateTime<Utc>>,
    /// Running timers, earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timers: Vec<TimerState>,
    /// SLA clocks, in definition order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<ClockState>,
    /// Names of `once` timers that have fired (a name fires once across all states).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub fired_once: BTreeSet<String>,
}

/// An action to perform, with a stable id for de-duplication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FiredAction {
    /// `INSTANCE:ORIGIN:N`, the same whenever the same occurrence is processed again.
    pub id: String,
    /// What to do.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Value>,
    /// What caused it: `entry.STATE`, `event.NAME`, `timer.STATE.NAME`, `clock.NAME`.
    pub cause: String,
    /// When it was due (timers and clocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// For an action meant for the buyer (`[journeys.quiet]`): the earliest moment to
    /// send it, outside the buyer's local night, holidays and religious observances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_after: Option<DateTime<Utc>>,
    /// The `now` of the call that fired it.
    pub fired_at: DateTime<Utc>,
}

/// The result of `start`, `step` or `tick`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Step {
    /// The new snapshot; store it.
    pub snapshot: Snapshot,
    /// What to do now, in order.
    pub actions: Vec<FiredAction>,
    /// When to call `tick` next (the earliest timer or clock deadline), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_deadline: Option<DateTime<Utc>>,
    /// Why.
    pub trace: Trace,
}

/// Time until breach of one clock at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ClockReport {
    /// The clock's name.
    pub name: String,
    /// Where it stands.
    pub status: ClockStatus,
    /// The target, in seconds.
    pub target_seconds: i64,
    /// Seconds counted so far (business seconds on a calendar).
    pub elapsed_seconds: i64,
    /// Seconds left before breach (negative once breached).
    pub remaining_seconds: i64,
    /// When it breaches if it keeps running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// Whether it has breached.
    pub breached: bool,
}

/// The largest `seq` a snapshot may carry: 2^53 − 1, the largest integer every host
/// (JavaScript's numbers included) reads back exactly. A journey makes one call per
/// event or tick, so no real journey comes near it.
pub const MAX_SEQ: u64 = (1 << 53) - 1;

/// The most seconds an SLA clock may have counted: the span of the times RFC 3339 can
/// write (years 0000 to 9999).
pub const MAX_ELAPSED_SECONDS: i64 = 315_537_897_599;

/// Whether `t` can be written in RFC 3339 in UTC (years 0000 to 9999), so that a host
/// can pass it back as `now`.
pub fn rfc3339_writable(t: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    (0..=9999).contains(&t.year())
}

impl Snapshot {
    /// Every problem of a snapshot read from outside: a `seq` past [`MAX_SEQ`], an
    /// elapsed time outside `0..=`[`MAX_ELAPSED_SECONDS`], a timer armed after the
    /// current call, a clock generation that cannot grow, a time RFC 3339 cannot write.
    /// Paths start with `snapshot`. Empty for every snapshot the engine wrote.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let hint = "pass back the snapshot the engine returned, unchanged";
        let mut bad = |path: String, msg: String| {
            out.push(Diagnostic::new("journey.bad_snapshot", path, msg).hint(hint));
        };
        if self.seq == 0 || self.seq >= MAX_SEQ {
            bad(
                "snapshot.seq".into(),
                format!("seq {} is outside 1..{MAX_SEQ}", self.seq),
            );
        }
        let mut time = |path: String, t: DateTime<Utc>| {
            if !rfc3339_writable(t) {
                bad(path, format!("{t} is outside the years 0000 to 9999"));
            }
        };
        time("snapshot.entered_at".into(), self.entered_at);
        time("snapshot.clock_time".into(), self.clock_time);
        for (name, t) in &self.events {
            time(format!("snapshot.events.{name}"), *t);
        }
        for (i, t) in self.timers.iter().enumerate() {
            time(format!("snapshot.timers[{i}].due_at"), t.due_at);
        }
        for (i, c) in self.clocks.iter().enumerate() {
            for (field, t) in [
                ("running_since", c.running_since),
                ("due_at", c.due_at),
                ("breached_at", c.breached_at),
            ] {
                if let Some(t) = t {
                    time(format!("snapshot.clocks[{i}].{field}"), t);
                }
            }
        }
        let mut bad = |path: String, msg: String| {
            out.push(Diagnostic::new("journey.bad_snapshot", path, msg).hint(hint));
        };
        for (i, t) in self.timers.iter().enumerate() {
            if t.armed_seq > self.seq {
                bad(
                    format!("snapshot.timers[{i}].armed_seq"),
                    format!(
                        "armed at seq {}, after the snapshot's seq {}",
                        t.armed_seq, self.seq
                    ),
                );
            }
        }
        for (i, c) in self.clocks.iter().enumerate() {
            if !(0..=MAX_ELAPSED_SECONDS).contains(&c.elapsed_seconds) {
                bad(
                    format!("snapshot.clocks[{i}].elapsed_seconds"),
                    format!("{} is outside 0..={MAX_ELAPSED_SECONDS}", c.elapsed_seconds),
                );
            }
            if c.generation == u32::MAX {
                bad(
                    format!("snapshot.clocks[{i}].generation"),
                    format!("generation {} cannot grow", c.generation),
                );
            }
        }
        out
    }
}
