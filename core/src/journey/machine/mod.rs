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

mod clocks;
mod guards;
mod run;
mod snapshot;

pub use guards::holds;
use guards::{as_decimal, lookup};
use run::Run;
pub use snapshot::{
    rfc3339_writable, ClockReport, ClockState, ClockStatus, Event, FiredAction, Snapshot,
    StartInput, Step, TimerState, MAX_ELAPSED_SECONDS, MAX_SEQ,
};

use super::calendar::{Calendar, CalendarDef};
use super::def::PER_CASE_CALENDARS;
use super::def::{ActionDef, Anchor, ClockDef, Guard, JourneysPolicy, MachineDef, TimerDef};
use super::market_calendars::MarketCalendars;
use super::quiet::Quiet;

/// Most timers and clock breaches one call may fire before it stops (a guard against
/// definitions that loop through zero-length timers).
pub const MAX_FIRINGS_PER_CALL: usize = 10_000;

/// Identity of a machine definition: name, version, content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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
    /// Market -> the policy calendar serving it (for `@market` and `@buyer`).
    markets: BTreeMap<String, String>,
    quiet: Option<Quiet>,
}

fn input_err(code: &str, path: &str, msg: impl Into<String>) -> Error {
    Error::input(Diagnostic::new(code, path, msg))
}

fn rfc(t: DateTime<Utc>) -> String {
    crate::rfc3339::text(&t)
}

/// `Err` when a time a call is given cannot be written back in RFC 3339 (after the year
/// 9999 or before 0000 in UTC).
fn writable(t: DateTime<Utc>, path: &str) -> Result<(), Error> {
    if rfc3339_writable(t) {
        return Ok(());
    }
    Err(Error::input(
        Diagnostic::new(
            "input.invalid_time",
            path,
            format!("{t} is outside the years 0000 to 9999 in UTC"),
        )
        .hint("pass a time RFC 3339 can write, e.g. 2026-11-23T10:00:00Z"),
    ))
}

/// The next call's sequence number, never wrapping.
fn next_seq(seq: u64) -> Result<u64, Error> {
    seq.checked_add(1).filter(|n| *n < MAX_SEQ).ok_or_else(|| {
        input_err(
            "journey.bad_snapshot",
            "snapshot.seq",
            format!("seq {seq} cannot grow past {MAX_SEQ}"),
        )
    })
}

impl Machine {
    /// Validates and compiles the machine `name` of a journeys section.
    pub fn new(journeys: &JourneysPolicy, name: &str) -> Result<Machine, Error> {
        let def = journeys
            .machines
            .get(name)
            .ok_or_else(|| unknown_machine(name, journeys.machines.keys()))?;
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
        if let Some(q) = &journeys.quiet {
            q.validate("journeys.quiet", &mut diags);
        }
        if !diags.is_empty() {
            return Err(Error::Policy(diags));
        }
        let compiled = super::calendar::build_all(&journeys.calendars);
        let quiet = journeys.quiet.as_ref().and_then(Quiet::new);
        Ok(Machine::compile(
            name,
            def.clone(),
            &journeys.calendars,
            &compiled,
            quiet.as_ref(),
        ))
    }

    /// Compiles a validated machine with the calendars it names (`defs` are the
    /// section's calendars, `compiled` the ones already built from them).
    pub(crate) fn compile(
        name: &str,
        def: MachineDef,
        defs: &BTreeMap<String, CalendarDef>,
        compiled: &BTreeMap<String, Calendar>,
        quiet: Option<&Quiet>,
    ) -> Machine {
        let mut used = BTreeMap::new();
        let mut names: BTreeSet<&String> = def
            .states
            .values()
            .flat_map(|s| {
                s.timers
                    .iter()
                    .flat_map(|t| t.calendar.iter().chain(t.send_during.iter()))
            })
            .chain(def.clocks.iter().filter_map(|c| c.calendar.as_ref()))
            .collect();
        let per_case = names
            .iter()
            .any(|n| PER_CASE_CALENDARS.contains(&n.as_str()));
        let mut markets = BTreeMap::new();
        if per_case {
            // A per-case calendar may pick any calendar serving a market, or `default`.
            for (k, c) in defs {
                for m in &c.markets {
                    markets.entry(m.clone()).or_insert_with(|| k.clone());
                }
                if !c.markets.is_empty() || k == "default" {
                    names.insert(k);
                }
            }
        }
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
        // Quiet windows are left out: they only add `send_after` to actions, so a stored
        // snapshot stays valid when they change.
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
                markets,
                quiet: quiet.cloned(),
                def,
            }),
        }
    }

    /// A machine from a standalone journeys document (TOML or JSON, sniffed) with
    /// `[calendars]` and `[machines]` tables, read under the policy size and depth limits.
    pub fn from_text(text: &str, name: &str) -> Result<Machine, Error> {
        let format = crate::document::Format::sniff(text);
        let value = crate::document::parse_value(text, format, &crate::limits::Limits::default())?;
        let journeys: JourneysPolicy = serde_path_to_error::deserialize(&value).map_err(|e| {
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
        writable(now, "now")?;
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
                .map(|c| ClockState::pending(&c.name))
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
        run.finish()
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
        writable(now, "now")?;
        writable(event.at, "event.at")?;
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
        run.snap.seq = next_seq(run.snap.seq)?;
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
        run.finish()
    }

    /// Fires every timer and clock due at or before `now`, in deadline order.
    pub fn tick(&self, snapshot: &Snapshot, now: DateTime<Utc>) -> Result<Step, Error> {
        writable(now, "now")?;
        let mut run = Run::new(self, self.load(snapshot)?, now);
        run.snap.seq = next_seq(run.snap.seq)?;
        run.fire_due(now)?;
        run.finish()
    }

    /// Time until breach of every clock at `now`.
    pub fn clocks(&self, snapshot: &Snapshot, now: DateTime<Utc>) -> Vec<ClockReport> {
        let def = &self.inner.def;
        snapshot
            .clocks
            .iter()
            .filter_map(|c| {
                let d = def.clocks.iter().find(|d| d.name == c.name)?;
                let elapsed = c.elapsed_seconds.saturating_add(
                    c.running_since
                        .map_or(0, |rs| self.measure(d, rs, now.max(rs))),
                );
                let target = d.target.seconds();
                Some(ClockReport {
                    name: c.name.clone(),
                    status: c.status,
                    target_seconds: target,
                    elapsed_seconds: elapsed,
                    remaining_seconds: target.saturating_sub(elapsed),
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
        let problems = snapshot.problems();
        if !problems.is_empty() {
            return Err(Error::Input(problems));
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
                    s.clocks
                        .insert(i.min(s.clocks.len()), ClockState::pending(&d.name));
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

    /// A calendar by name for one journey: `@market` and `@buyer` pick the calendar of
    /// the market in its context (the policy calendar serving it, else the market's
    /// built-in calendar, else `default`).
    fn calendar_for<'a>(
        &'a self,
        name: Option<&String>,
        context: &BTreeMap<String, Value>,
    ) -> Option<&'a Calendar> {
        let n = name?;
        let market = match n.as_str() {
            "@market" => market_of(context, false),
            "@buyer" => market_of(context, true),
            _ => return self.inner.calendars.get(n),
        };
        let by_market = market.and_then(|m| {
            self.inner
                .markets
                .get(m)
                .and_then(|c| self.inner.calendars.get(c))
                .or_else(|| MarketCalendars::get().calendar(m))
        });
        by_market.or_else(|| self.inner.calendars.get("default"))
    }

    /// The quiet windows, if the policy has them.
    pub(crate) fn quiet(&self) -> Option<&Quiet> {
        self.inner.quiet.as_ref()
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
            None => from.checked_add_signed(Duration::try_seconds(secs)?),
        }
    }
}

/// The market of a journey's context: `buyer_market` (when `buyer`), else `market`.
pub(crate) fn market_of(context: &BTreeMap<String, Value>, buyer: bool) -> Option<&str> {
    let get = |k: &str| context.get(k).and_then(Value::as_str);
    buyer
        .then(|| get("buyer_market"))
        .flatten()
        .or_else(|| get("market"))
}

/// The error for a machine name a journeys section does not define.
pub(crate) fn unknown_machine<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Error {
    let known: Vec<&str> = known.map(String::as_str).collect();
    Error::input(
        Diagnostic::new(
            "journey.unknown_machine",
            "machine",
            format!("no machine named `{name}`"),
        )
        .hint(format!("known machines: {}", known.join(", "))),
    )
}
