//! The runtime: a compiled [`Machine`], its [`Snapshot`]s, and the three calls
//! `start`, `step` and `tick`, each returning a [`Step`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Error};
use crate::explain::Trace;

use super::calendar::{Calendar, CalendarDef};
use super::def::{ActionDef, Anchor, ClockDef, Guard, JourneysPolicy, MachineDef, TimerDef};

/// Most timers and clock breaches one call may fire before it stops (a guard against
/// definitions that loop through zero-length timers).
pub const MAX_FIRINGS_PER_CALL: usize = 10_000;

/// Identity of a machine definition: name, version, content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MachineRef {
    /// The machine's name in the policy.
    pub id: String,
    /// The definition's version.
    pub version: String,
    /// SHA-256 of the definition and the calendars it uses, canonical JSON, hex.
    pub hash: String,
}

/// A compiled machine. Cheap to clone (an `Arc`), `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Machine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    reference: MachineRef,
    def: MachineDef,
    calendars: BTreeMap<String, Calendar>,
}

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
    /// The `now` of the call that fired it.
    pub fired_at: DateTime<Utc>,
}

/// The result of `start`, `step` or `tick`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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

fn input_err(code: &str, path: &str, msg: impl Into<String>) -> Error {
    Error::input(Diagnostic::new(code, path, msg))
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

impl Machine {
    /// Validates and compiles the machine `name` of a journeys section.
    pub fn new(journeys: &JourneysPolicy, name: &str) -> Result<Machine, Error> {
        let def = journeys.machines.get(name).ok_or_else(|| {
            Error::input(
                Diagnostic::new(
                    "journey.unknown_machine",
                    "machine",
                    format!("no machine named `{name}`"),
                )
                .hint(format!(
                    "known machines: {}",
                    journeys
                        .machines
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )
        })?;
        let mut diags = Vec::new();
        for (k, c) in &journeys.calendars {
            c.validate(&format!("journeys.calendars.{k}"), &mut diags);
        }
        def.validate(
            &format!("journeys.machines.{name}"),
            &journeys.calendars,
            &mut diags,
        );
        if !diags.is_empty() {
            return Err(Error::Policy(diags));
        }
        let compiled = super::calendar::build_all(&journeys.calendars);
        Ok(Machine::compile(
            name,
            def.clone(),
            &journeys.calendars,
            &compiled,
        ))
    }

    /// Compiles a validated machine with the calendars it names (`defs` are the
    /// section's calendars, `compiled` the ones already built from them).
    pub(crate) fn compile(
        name: &str,
        def: MachineDef,
        defs: &BTreeMap<String, CalendarDef>,
        compiled: &BTreeMap<String, Calendar>,
    ) -> Machine {
        let mut used = BTreeMap::new();
        let names: BTreeSet<&String> = def
            .states
            .values()
            .flat_map(|s| {
                s.timers
                    .iter()
                    .flat_map(|t| t.calendar.iter().chain(t.send_during.iter()))
            })
            .chain(def.clocks.iter().filter_map(|c| c.calendar.as_ref()))
            .collect();
        for n in names {
            if let Some(c) = defs.get(n) {
                used.insert(n.clone(), c.clone());
            }
        }
        let calendars = &used;
        #[derive(Serialize)]
        struct Hashed<'a> {
            machine: &'a MachineDef,
            calendars: &'a BTreeMap<String, CalendarDef>,
        }
        let json = serde_json::to_string(&Hashed {
            machine: &def,
            calendars,
        })
        .unwrap_or_default();
        let hash = Sha256::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Machine {
            inner: Arc::new(Inner {
                reference: MachineRef {
                    id: name.to_owned(),
                    version: def.version.clone(),
                    hash,
                },
                calendars: calendars
                    .keys()
                    .filter_map(|k| compiled.get(k).map(|c| (k.clone(), c.clone())))
                    .collect(),
                def,
            }),
        }
    }

    /// A machine from a standalone journeys document (TOML or JSON, sniffed) with
    /// `[calendars]` and `[machines]` tables, read under the policy size and depth limits.
    pub fn from_text(text: &str, name: &str) -> Result<Machine, Error> {
        let format = crate::document::Format::sniff(text);
        let value = crate::document::parse_value(text, format, &crate::limits::Limits::default())?;
        let journeys: JourneysPolicy = serde_path_to_error::deserialize(value).map_err(|e| {
            Error::Policy(vec![crate::error::from_serde(
                e.path().to_string(),
                e.inner(),
                "policy",
            )])
        })?;
        Machine::new(&journeys, name)
    }

    /// Id, version and hash.
    pub fn reference(&self) -> &MachineRef {
        &self.inner.reference
    }

    /// The definition.
    pub fn definition(&self) -> &MachineDef {
        &self.inner.def
    }

    /// Starts a journey at `now` in the initial state.
    pub fn start(&self, input: &StartInput, now: DateTime<Utc>) -> Result<Step, Error> {
        if input.instance.trim().is_empty() {
            return Err(input_err("input.empty", "instance", "must not be empty"));
        }
        let def = &self.inner.def;
        let snapshot = Snapshot {
            machine: self.inner.reference.clone(),
            instance: input.instance.clone(),
            seq: 1,
            state: def.initial.clone(),
            entered_at: now,
            clock_time: now,
            done: false,
            context: input.context.clone(),
            events: BTreeMap::new(),
            timers: Vec::new(),
            clocks: def
                .clocks
                .iter()
                .map(|c| ClockState {
                    name: c.name.clone(),
                    status: ClockStatus::Pending,
                    elapsed_seconds: 0,
                    running_since: None,
                    due_at: None,
                    breached_at: None,
                    generation: 0,
                })
                .collect(),
            fired_once: BTreeSet::new(),
        };
        let mut run = Run::new(self, snapshot, now);
        run.origin("start");
        run.trace("journey.start", |s| {
            s.with("state", def.initial.clone());
        });
        for i in 0..def.clocks.len() {
            if let Some(c) = def.clocks.get(i) {
                if c.start_on.is_none() {
                    run.start_clock(i, now);
                }
            }
        }
        run.enter(&def.initial, now);
        run.fire_due(now)?;
        Ok(run.finish())
    }

    /// Applies one event. Timers due up to the event's time fire first, then the event,
    /// then timers due up to `now`.
    pub fn step(
        &self,
        snapshot: &Snapshot,
        event: &Event,
        now: DateTime<Utc>,
    ) -> Result<Step, Error> {
        if event.event.trim().is_empty() {
            return Err(input_err("input.empty", "event", "must not be empty"));
        }
        if event.at > now {
            return Err(Error::input(
                Diagnostic::new(
                    "journey.event_in_future",
                    "at",
                    format!(
                        "the event is at {}, after now ({})",
                        rfc(event.at),
                        rfc(now)
                    ),
                )
                .hint("pass events once they have happened"),
            ));
        }
        let mut run = Run::new(self, self.load(snapshot)?, now);
        run.snap.seq += 1;
        let at = if event.at < run.snap.clock_time {
            let late = run.snap.clock_time;
            run.trace("journey.event_late", |s| {
                s.with("event", event.event.clone())
                    .with("at", rfc(event.at))
                    .with("processed_at", rfc(late));
            });
            late
        } else {
            event.at
        };
        run.fire_due(at)?;
        run.origin(&format!("s{}", run.snap.seq));
        run.event(&event.event, &event.data, at, true);
        run.fire_due(now)?;
        Ok(run.finish())
    }

    /// Fires every timer and clock due at or before `now`, in deadline order.
    pub fn tick(&self, snapshot: &Snapshot, now: DateTime<Utc>) -> Result<Step, Error> {
        let mut run = Run::new(self, self.load(snapshot)?, now);
        run.snap.seq += 1;
        run.fire_due(now)?;
        Ok(run.finish())
    }

    /// Time until breach of every clock at `now`.
    pub fn clocks(&self, snapshot: &Snapshot, now: DateTime<Utc>) -> Vec<ClockReport> {
        let def = &self.inner.def;
        snapshot
            .clocks
            .iter()
            .filter_map(|c| {
                let d = def.clocks.iter().find(|d| d.name == c.name)?;
                let elapsed = c.elapsed_seconds
                    + c.running_since
                        .map_or(0, |rs| self.measure(d, rs, now.max(rs)));
                let target = d.target.seconds();
                Some(ClockReport {
                    name: c.name.clone(),
                    status: c.status,
                    target_seconds: target,
                    elapsed_seconds: elapsed,
                    remaining_seconds: target - elapsed,
                    due_at: c.due_at,
                    breached: c.breached_at.is_some() || elapsed >= target,
                })
            })
            .collect()
    }

    /// Checks that a snapshot belongs to this definition, migrating it when the
    /// definition declares a migration from the snapshot's version.
    pub fn load(&self, snapshot: &Snapshot) -> Result<Snapshot, Error> {
        let me = &self.inner.reference;
        let def = &self.inner.def;
        if snapshot.machine.id != me.id {
            return Err(Error::input(Diagnostic::new(
                "journey.wrong_machine",
                "snapshot.machine.id",
                format!(
                    "the snapshot is of `{}`, not `{}`",
                    snapshot.machine.id, me.id
                ),
            )));
        }
        let mut s = snapshot.clone();
        if s.machine.hash != me.hash {
            if s.machine.version == me.version {
                return Err(Error::input(
                    Diagnostic::new(
                        "journey.definition_changed",
                        "snapshot.machine.hash",
                        format!(
                            "`{}` version {} changed since the snapshot was taken",
                            me.id, me.version
                        ),
                    )
                    .hint("give the changed definition a new version and declare a migration"),
                ));
            }
            let Some(m) = def
                .migrations
                .iter()
                .find(|m| m.from_version == s.machine.version)
            else {
                return Err(Error::input(
                    Diagnostic::new(
                        "journey.version_mismatch",
                        "snapshot.machine.version",
                        format!(
                            "the snapshot is of version {}, the definition is {} and declares no migration from it",
                            s.machine.version, me.version
                        ),
                    )
                    .hint("add a [[migrations]] entry with from_version"),
                ));
            };
            let rename = |n: &str| m.states.get(n).cloned().unwrap_or_else(|| n.to_owned());
            s.state = rename(&s.state);
            for t in &mut s.timers {
                t.state = rename(&t.state);
            }
            s.timers.retain(|t| {
                def.states
                    .get(&t.state)
                    .is_some_and(|st| st.timers.iter().any(|d| d.name == t.name))
            });
            s.clocks
                .retain(|c| def.clocks.iter().any(|d| d.name == c.name));
            for (i, d) in def.clocks.iter().enumerate() {
                if !s.clocks.iter().any(|c| c.name == d.name) {
                    let c = ClockState {
                        name: d.name.clone(),
                        status: ClockStatus::Pending,
                        elapsed_seconds: 0,
                        running_since: None,
                        due_at: None,
                        breached_at: None,
                        generation: 0,
                    };
                    s.clocks.insert(i.min(s.clocks.len()), c);
                }
            }
            s.machine = me.clone();
        }
        if !def.states.contains_key(&s.state) {
            return Err(input_err(
                "journey.unknown_state",
                "snapshot.state",
                format!("`{}` is not a state of `{}`", s.state, me.id),
            ));
        }
        Ok(s)
    }

    fn calendar(&self, name: Option<&String>) -> Option<&Calendar> {
        name.and_then(|n| self.inner.calendars.get(n))
    }

    fn measure(&self, d: &ClockDef, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        match self.calendar(d.calendar.as_ref()) {
            Some(c) => c.seconds_between(from, to),
            None => to.signed_duration_since(from).num_seconds().max(0),
        }
    }

    fn add(&self, cal: Option<&String>, from: DateTime<Utc>, secs: i64) -> Option<DateTime<Utc>> {
        match self.calendar(cal) {
            Some(c) => c.add_seconds(from, secs),
            None => from.checked_add_signed(Duration::seconds(secs)),
        }
    }
}

/// Reads `context.a.b` or `event.a` from the context and the event's data.
fn lookup<'a>(
    path: &str,
    ctx: &'a BTreeMap<String, Value>,
    data: &'a BTreeMap<String, Value>,
) -> Option<&'a Value> {
    let (map, rest) = if let Some(r) = path.strip_prefix("context.") {
        (ctx, r)
    } else {
        (data, path.strip_prefix("event.")?)
    };
    let mut parts = rest.split('.');
    let mut v = map.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v).filter(|v| !v.is_null())
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n.as_i64().map(Decimal::from).or_else(|| {
            n.as_f64()
                .and_then(|f| crate::money::parse_decimal(&format!("{f}")).ok())
        }),
        Value::String(s) => crate::money::parse_decimal(s).ok(),
        _ => None,
    }
}

/// Evaluates a guard.
pub fn holds(g: &Guard, ctx: &BTreeMap<String, Value>, data: &BTreeMap<String, Value>) -> bool {
    if let Some(all) = &g.all {
        return all.iter().all(|g| holds(g, ctx, data));
    }
    if let Some(any) = &g.any {
        return any.iter().any(|g| holds(g, ctx, data));
    }
    if let Some(not) = &g.not {
        return !holds(not, ctx, data);
    }
    let Some(path) = &g.path else { return false };
    let v = lookup(path, ctx, data);
    if let Some(e) = g.exists {
        return v.is_some() == e;
    }
    if let Some(x) = &g.eq {
        return v == Some(x);
    }
    if let Some(x) = &g.ne {
        return v != Some(x);
    }
    if let Some(xs) = &g.one_of {
        return v.is_some_and(|v| xs.contains(v));
    }
    let Some(n) = v.and_then(as_decimal) else {
        return false;
    };
    g.gt.is_none_or(|x| n > x.0)
        && g.gte.is_none_or(|x| n >= x.0)
        && g.lt.is_none_or(|x| n < x.0)
        && g.lte.is_none_or(|x| n <= x.0)
}

struct Run<'m> {
    m: &'m Machine,
    snap: Snapshot,
    now: DateTime<Utc>,
    actions: Vec<FiredAction>,
    trace: Trace,
    origin: String,
    counter: usize,
}

enum Due {
    Timer(usize),
    Clock(usize),
}

impl<'m> Run<'m> {
    fn new(m: &'m Machine, snap: Snapshot, now: DateTime<Utc>) -> Run<'m> {
        Run {
            m,
            snap,
            now,
            actions: Vec::new(),
            trace: Trace::default(),
            origin: String::new(),
            counter: 0,
        }
    }

    fn def(&self) -> &'m MachineDef {
        &self.m.inner.def
    }

    fn origin(&mut self, o: &str) {
        self.origin = o.to_owned();
        self.counter = 0;
    }

    fn trace(&mut self, reason: &'static str, f: impl FnOnce(&mut crate::explain::Step)) {
        let rule = format!("journey.{}", self.m.inner.reference.id);
        let step = self.trace.push("journey", rule, reason);
        f(step);
    }

    fn emit(&mut self, defs: &[ActionDef], cause: &str, due_at: Option<DateTime<Utc>>) {
        for a in defs {
            self.actions.push(FiredAction {
                id: format!("{}:{}:{}", self.snap.instance, self.origin, self.counter),
                kind: a.kind.clone(),
                params: a.params.clone(),
                cause: cause.to_owned(),
                due_at,
                fired_at: self.now,
            });
            self.counter += 1;
        }
    }

    fn advance(&mut self, t: DateTime<Utc>) {
        if t > self.snap.clock_time {
            self.snap.clock_time = t;
        }
    }

    /// Fires everything due at or before `t`, earliest first (timers before clocks at
    /// the same instant, then by state and name).
    fn fire_due(&mut self, t: DateTime<Utc>) -> Result<(), Error> {
        for _ in 0..MAX_FIRINGS_PER_CALL {
            let timer = self
                .snap
                .timers
                .iter()
                .enumerate()
                .filter(|(_, x)| x.due_at <= t)
                .min_by(|(_, a), (_, b)| {
                    (a.due_at, &a.state, &a.name).cmp(&(b.due_at, &b.state, &b.name))
                })
                .map(|(i, x)| (x.due_at, Due::Timer(i)));
            let clock = self
                .snap
                .clocks
                .iter()
                .enumerate()
                .filter(|(_, c)| c.breached_at.is_none() && c.status == ClockStatus::Running)
                .filter_map(|(i, c)| c.due_at.filter(|d| *d <= t).map(|d| (d, i)))
                .min()
                .map(|(d, i)| (d, Due::Clock(i)));
            let next = match (timer, clock) {
                (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
                (a, b) => a.or(b),
            };
            match next {
                None => {
                    self.advance(t);
                    return Ok(());
                }
                Some((due, Due::Timer(i))) => {
                    self.advance(due);
                    self.fire_timer(i, due);
                }
                Some((due, Due::Clock(i))) => {
                    self.advance(due);
                    self.breach(i, due);
                }
            }
        }
        Err(Error::Evaluation(vec![Diagnostic::new(
            "journey.loop_limit",
            "",
            format!("more than {MAX_FIRINGS_PER_CALL} timers fired in one call"),
        )
        .hint("a timer of 0s probably leads back into its own state")]))
    }

    fn fire_timer(&mut self, i: usize, due: DateTime<Utc>) {
        if i >= self.snap.timers.len() {
            return;
        }
        let t = self.snap.timers.remove(i);
        let Some(def) = self
            .def()
            .states
            .get(&t.state)
            .and_then(|s| s.timers.iter().find(|d| d.name == t.name))
        else {
            return;
        };
        if def.once {
            self.snap.fired_once.insert(t.name.clone());
        }
        self.origin(&format!("t{}.{}.{}", t.armed_seq, t.state, t.name));
        let cause = format!("timer.{}.{}", t.state, t.name);
        let late = self.now.signed_duration_since(due).num_seconds();
        self.trace("journey.timer_fired", |s| {
            s.with("timer", cause.clone())
                .with("due_at", rfc(due))
                .with("late_seconds", late);
        });
        self.emit(&def.actions, &cause, Some(due));
        if let Some(to) = &def.to {
            self.transition(to, due);
        }
    }

    fn breach(&mut self, i: usize, due: DateTime<Utc>) {
        let Some(c) = self.snap.clocks.get_mut(i) else {
            return;
        };
        c.breached_at = Some(due);
        let (name, generation) = (c.name.clone(), c.generation);
        let Some(def) = self.def().clocks.iter().find(|d| d.name == name) else {
            return;
        };
        self.origin(&format!("c{generation}.{name}"));
        let cause = format!("clock.{name}");
        self.trace("journey.clock_breached", |s| {
            s.with("clock", name.clone()).with("due_at", rfc(due));
        });
        self.emit(&def.actions, &cause, Some(due));
        self.event(&format!("{name}_breached"), &BTreeMap::new(), due, false);
    }

    /// Applies an event at `at`: context update, clocks, then the first matching
    /// transition of the current state.
    fn event(
        &mut self,
        name: &str,
        data: &BTreeMap<String, Value>,
        at: DateTime<Utc>,
        external: bool,
    ) {
        if self.snap.done {
            self.trace("journey.event_after_end", |s| {
                s.with("event", name.to_owned());
            });
            return;
        }
        for (k, v) in data {
            self.snap.context.insert(k.clone(), v.clone());
        }
        self.snap.events.insert(name.to_owned(), at);
        self.advance(at);
        let defs = &self.def().clocks;
        for (i, d) in defs.iter().enumerate() {
            if d.reset_on.iter().any(|e| e == name) {
                self.reset_clock(i, at);
            } else if d.stop_on.iter().any(|e| e == name) {
                self.stop_clock(i, at);
            } else if d.start_on.as_deref() == Some(name)
                && self
                    .snap
                    .clocks
                    .get(i)
                    .is_some_and(|c| c.status == ClockStatus::Pending)
            {
                self.start_clock(i, at);
            }
        }
        let Some(state) = self.def().states.get(&self.snap.state) else {
            return;
        };
        let ctx = &self.snap.context;
        let taken = state
            .on
            .iter()
            .find(|t| t.event == name && t.guard.as_ref().is_none_or(|g| holds(g, ctx, data)));
        match taken {
            None => {
                if external {
                    let st = self.snap.state.clone();
                    self.trace("journey.event_ignored", |s| {
                        s.with("event", name.to_owned()).with("state", st);
                    });
                }
            }
            Some(t) => {
                let from = self.snap.state.clone();
                self.trace("journey.transition", |s| {
                    s.with("event", name.to_owned())
                        .with("from", from)
                        .with("to", t.to.clone().map_or(Value::Null, Value::from))
                        .with("at", rfc(at));
                });
                self.emit(&t.actions, &format!("event.{name}"), None);
                if let Some(to) = &t.to {
                    self.transition(to, at);
                }
            }
        }
    }

    fn transition(&mut self, to: &str, at: DateTime<Utc>) {
        let from = std::mem::take(&mut self.snap.state);
        self.snap.timers.retain(|t| t.state != from);
        self.enter(to, at);
    }

    fn enter(&mut self, name: &str, at: DateTime<Utc>) {
        let Some(state) = self.def().states.get(name) else {
            return;
        };
        self.snap.state = name.to_owned();
        self.snap.entered_at = at;
        self.advance(at);
        // Clocks first: pause, resume or stop on entering.
        for (i, d) in self.def().clocks.iter().enumerate() {
            if state.is_final || d.stop_in.iter().any(|s| s == name) {
                self.stop_clock(i, at);
            } else if d.pause_in.iter().any(|s| s == name) {
                self.pause_clock(i, at);
            } else {
                self.resume_clock(i, at);
            }
        }
        self.emit(&state.on_entry, &format!("entry.{name}"), None);
        if state.is_final {
            self.snap.done = true;
            self.snap.timers.clear();
            self.trace("journey.done", |s| {
                s.with("state", name.to_owned()).with("at", rfc(at));
            });
            return;
        }
        for t in &state.timers {
            self.arm(name, t, at);
        }
        self.snap
            .timers
            .sort_by(|a, b| (a.due_at, &a.state, &a.name).cmp(&(b.due_at, &b.state, &b.name)));
    }

    fn arm(&mut self, state: &str, t: &TimerDef, entered: DateTime<Utc>) {
        let key = format!("{state}.{}", t.name);
        if t.once && self.snap.fired_once.contains(&t.name) {
            return;
        }
        let empty = BTreeMap::new();
        if let Some(g) = &t.guard {
            if !holds(g, &self.snap.context, &empty) {
                self.trace("journey.timer_skipped", |s| {
                    s.with("timer", key.clone()).with("why", "guard");
                });
                return;
            }
        }
        let anchor = match Anchor::parse(t.from.as_deref()) {
            Some(Anchor::Entry) => Some(entered),
            Some(Anchor::Event(e)) => self.snap.events.get(&e).copied(),
            Some(Anchor::Context(f)) => lookup(&format!("context.{f}"), &self.snap.context, &empty)
                .and_then(Value::as_str)
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.with_timezone(&Utc)),
            None => None,
        };
        let due = anchor.and_then(|a| match (t.after, t.factor, &t.of) {
            (Some(d), _, _) => self.m.add(t.calendar.as_ref(), a, d.seconds()),
            (None, Some(f), Some(of)) => {
                let v = lookup(of, &self.snap.context, &empty)?;
                let secs = match v
                    .as_str()
                    .and_then(|s| s.parse::<crate::duration::PolicyDuration>().ok())
                {
                    Some(d) => Decimal::from(d.seconds()),
                    None => as_decimal(v)?
                        .checked_mul(Decimal::from(t.unit.map_or(1, |u| u.seconds())))?,
                };
                let secs =
                    f.0.checked_mul(secs)?
                        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
                        .to_i64()?;
                (secs >= 0).then(|| a.checked_add_signed(Duration::seconds(secs)))?
            }
            _ => None,
        });
        let due = match (due, &t.send_during) {
            (Some(d), Some(c)) => self.m.calendar(Some(c)).and_then(|cal| cal.next_open(d)),
            (d, _) => d,
        };
        match due {
            Some(due_at) => {
                self.trace("journey.timer_armed", |s| {
                    s.with("timer", key.clone()).with("due_at", rfc(due_at));
                });
                self.snap.timers.push(TimerState {
                    state: state.to_owned(),
                    name: t.name.clone(),
                    due_at,
                    armed_seq: self.snap.seq,
                });
            }
            None => self.trace("journey.timer_skipped", |s| {
                s.with("timer", key.clone()).with("why", "no_anchor_value");
            }),
        }
    }

    fn clock_due(&self, i: usize) -> Option<DateTime<Utc>> {
        let d = self.def().clocks.get(i)?;
        let c = self.snap.clocks.get(i)?;
        let rs = c.running_since?;
        self.m.add(
            d.calendar.as_ref(),
            rs,
            (d.target.seconds() - c.elapsed_seconds).max(0),
        )
    }

    fn start_clock(&mut self, i: usize, at: DateTime<Utc>) {
        let Some(d) = self.def().clocks.get(i) else {
            return;
        };
        let empty = BTreeMap::new();
        if let Some(g) = &d.guard {
            if !holds(g, &self.snap.context, &empty) {
                return;
            }
        }
        let paused = self
            .def()
            .clocks
            .get(i)
            .is_some_and(|d| d.pause_in.contains(&self.snap.state));
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.generation += 1;
            c.elapsed_seconds = 0;
            c.breached_at = None;
            if paused {
                c.status = ClockStatus::Paused;
                c.running_since = None;
            } else {
                c.status = ClockStatus::Running;
                c.running_since = Some(at);
            }
        }
        self.refresh_due(i);
    }

    fn refresh_due(&mut self, i: usize) {
        let due = self.clock_due(i);
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.due_at = due;
        }
    }

    fn settle(&mut self, i: usize, at: DateTime<Utc>) {
        let Some(d) = self.def().clocks.get(i) else {
            return;
        };
        let Some(rs) = self.snap.clocks.get(i).and_then(|c| c.running_since) else {
            return;
        };
        let add = self.m.measure(d, rs, at.max(rs));
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.elapsed_seconds += add;
            c.running_since = None;
            c.due_at = None;
        }
    }

    fn stop_clock(&mut self, i: usize, at: DateTime<Utc>) {
        if self
            .snap
            .clocks
            .get(i)
            .is_none_or(|c| matches!(c.status, ClockStatus::Stopped | ClockStatus::Pending))
        {
            return;
        }
        self.settle(i, at);
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.status = ClockStatus::Stopped;
        }
    }

    fn pause_clock(&mut self, i: usize, at: DateTime<Utc>) {
        if self
            .snap
            .clocks
            .get(i)
            .is_some_and(|c| c.status == ClockStatus::Running)
        {
            self.settle(i, at);
            if let Some(c) = self.snap.clocks.get_mut(i) {
                c.status = ClockStatus::Paused;
            }
        }
    }

    fn resume_clock(&mut self, i: usize, at: DateTime<Utc>) {
        if let Some(c) = self.snap.clocks.get_mut(i) {
            if c.status == ClockStatus::Paused {
                c.status = ClockStatus::Running;
                c.running_since = Some(at);
            } else {
                return;
            }
        }
        self.refresh_due(i);
    }

    fn reset_clock(&mut self, i: usize, at: DateTime<Utc>) {
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.status = ClockStatus::Pending;
            c.running_since = None;
            c.due_at = None;
        }
        self.start_clock(i, at);
    }

    fn finish(mut self) -> Step {
        self.snap
            .timers
            .sort_by(|a, b| (a.due_at, &a.state, &a.name).cmp(&(b.due_at, &b.state, &b.name)));
        let next_timer = self.snap.timers.iter().map(|t| t.due_at).min();
        let next_clock = self
            .snap
            .clocks
            .iter()
            .filter(|c| c.breached_at.is_none() && c.status == ClockStatus::Running)
            .filter_map(|c| c.due_at)
            .min();
        let next_deadline = match (next_timer, next_clock) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Step {
            snapshot: self.snap,
            actions: self.actions,
            next_deadline,
            trace: self.trace,
        }
    }
}
