//! Journey definitions as data: states, events, transitions with declarative guards,
//! inert actions, timers, SLA clocks, migrations; and the load-time checks that report
//! every problem at once with its path.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::duration::PolicyDuration;
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

use super::calendar::CalendarDef;
pub use super::guard::Guard;

/// The `[journeys]` section of the policy: calendars and machines, each by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JourneysPolicy {
    /// Business calendars by name (per team, per market).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calendars: BTreeMap<String, CalendarDef>,
    /// State machines by name (`order`, `complaint`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub machines: BTreeMap<String, MachineDef>,
    /// Quiet windows for actions meant for the buyer: each gets `send_after` outside
    /// the buyer's night and the buyer market's holidays and religious observances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet: Option<super::quiet::QuietPolicy>,
}

impl JourneysPolicy {
    /// Checks every calendar and machine; reports all problems with their paths.
    pub fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (name, c) in &self.calendars {
            check_name(&format!("{path}.calendars"), name, out);
            c.validate(&format!("{path}.calendars.{name}"), out);
        }
        for (name, m) in &self.machines {
            check_name(&format!("{path}.machines"), name, out);
            m.validate(&format!("{path}.machines.{name}"), &self.calendars, out);
        }
        if let Some(q) = &self.quiet {
            q.validate(&format!("{path}.quiet"), out);
        }
    }
}

/// The calendar names that pick a calendar per journey from its context: `@market`
/// (`context.market`) and `@buyer` (`context.buyer_market`, else `context.market`).
pub const PER_CASE_CALENDARS: [&str; 2] = ["@market", "@buyer"];

/// One state machine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MachineDef {
    /// The definition's version; snapshots record it.
    pub version: String,
    /// What the machine models.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The state a journey starts in.
    pub initial: String,
    /// States by name.
    pub states: BTreeMap<String, StateDef>,
    /// SLA clocks running over the whole journey.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<ClockDef>,
    /// How snapshots taken under earlier versions are carried over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<Migration>,
}

/// One state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateDef {
    /// What the state means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A final state ends the journey: timers are dropped, clocks stop.
    #[serde(default, rename = "final", skip_serializing_if = "is_false")]
    pub is_final: bool,
    /// Free tags; `waiting` marks a state where the journey waits on someone (it must
    /// have a timer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Actions performed on entering the state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_entry: Vec<ActionDef>,
    /// Transitions on events; the first whose event matches and guard holds is taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on: Vec<TransitionDef>,
    /// Timers armed on entering the state, dropped on leaving it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timers: Vec<TimerDef>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A transition on an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionDef {
    /// The event name.
    pub event: String,
    /// Target state; left out, the machine stays where it is (no re-entry) and only
    /// performs the actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Condition on the context and the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<Guard>,
    /// Actions performed when the transition is taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDef>,
}

/// A timer: an absolute deadline computed when its state is entered.
///
/// The deadline is `from` plus exactly one of: `after` (a duration; on `calendar`, a
/// business duration), or `factor` × the context value `of` × `unit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimerDef {
    /// Name, unique within its state.
    pub name: String,
    /// Anchor: `entry` (default, the time the state was entered), `event.NAME` (the
    /// last time that event happened), or `context.FIELD` (an RFC 3339 time in the
    /// context). Without the anchor's value the timer is not armed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Duration after the anchor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<PolicyDuration>,
    /// Count `after` in business time on this calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Multiplier of a context value (`1.3` × route average transit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<PolicyDecimal>,
    /// Context field the factor multiplies (`context.route_average_transit_days`): a
    /// number or decimal string (times `unit`) or a duration string (`"5d"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The unit of a numeric `of` value (default `1s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<PolicyDuration>,
    /// Quiet hours: when the deadline falls outside this calendar's opening hours (at
    /// night, on a weekend, on a religious or public holiday), the timer waits until the
    /// calendar next opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_during: Option<String>,
    /// Fire at most once per journey: once a `once` timer of this name has fired, no
    /// state arms a timer of that name again.
    #[serde(default, skip_serializing_if = "is_false")]
    pub once: bool,
    /// Arm only if this holds on entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<Guard>,
    /// State to move to when it fires; left out, only the actions are performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Actions performed when it fires.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDef>,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// An SLA clock (Zendesk-style): counts towards a target while running, pauses in named
/// states, stops on named events or states, restarts from zero on reset events. When it
/// breaches it performs its actions once and raises the event `NAME_breached`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockDef {
    /// Name, unique within the machine.
    pub name: String,
    /// The target.
    pub target: PolicyDuration,
    /// Count in business time on this calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Start on this event; left out, the clock starts with the journey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_on: Option<String>,
    /// Start only if this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<Guard>,
    /// States in which the clock is paused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pause_in: Vec<String>,
    /// States whose entry stops the clock (final states always do).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stop_in: Vec<String>,
    /// Events that stop the clock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stop_on: Vec<String>,
    /// Events that restart the clock from zero.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reset_on: Vec<String>,
    /// Actions performed when it breaches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDef>,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// An action as inert data: the host performs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// What to do (`notify_buyer`, `escalate`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Value>,
}

/// How snapshots of an earlier version are carried over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// The earlier version.
    pub from_version: String,
    /// Renamed states, old name to new name; others keep their names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub states: BTreeMap<String, String>,
}

/// Where a timer is anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Anchor {
    /// The time its state was entered.
    Entry,
    /// The last time of an event.
    Event(String),
    /// A time in the context.
    Context(String),
}

impl Anchor {
    /// Parses `entry`, `event.NAME`, `context.FIELD`.
    pub fn parse(s: Option<&str>) -> Option<Anchor> {
        match s {
            None | Some("entry") => Some(Anchor::Entry),
            Some(s) => {
                if let Some(e) = s.strip_prefix("event.").filter(|e| !e.is_empty()) {
                    Some(Anchor::Event(e.to_owned()))
                } else {
                    s.strip_prefix("context.")
                        .filter(|f| !f.is_empty())
                        .map(|f| Anchor::Context(f.to_owned()))
                }
            }
        }
    }
}

pub(crate) fn check_name(path: &str, name: &str, out: &mut Vec<Diagnostic>) {
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    if !ok {
        out.push(
            Diagnostic::new(
                "journey.bad_name",
                format!("{path}.{name}"),
                format!("`{name}` is not a name in snake_case"),
            )
            .hint("use lower-case letters, digits and _, starting with a letter"),
        );
    }
}

fn check_actions(path: &str, actions: &[ActionDef], out: &mut Vec<Diagnostic>) {
    for (i, a) in actions.iter().enumerate() {
        if a.kind.trim().is_empty() {
            out.push(Diagnostic::new(
                "journey.empty",
                format!("{path}[{i}].type"),
                "an action needs a type",
            ));
        }
    }
}

impl MachineDef {
    /// Every problem with the machine, at once, with paths: unknown targets, unknown
    /// calendars, bad durations and guards, unreachable states, states that cannot
    /// reach a final state, dead ends, waiting states without a timer.
    pub fn validate(
        &self,
        path: &str,
        calendars: &BTreeMap<String, CalendarDef>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.version.trim().is_empty() {
            out.push(Diagnostic::new(
                "journey.empty",
                format!("{path}.version"),
                "a machine needs a version",
            ));
        }
        let state = |s: &str| self.states.contains_key(s);
        let unknown = |p: String, s: &str| {
            Diagnostic::new("journey.unknown_state", p, format!("no state named `{s}`"))
                .hint("check the spelling against the machine's states")
        };
        if !state(&self.initial) {
            out.push(unknown(format!("{path}.initial"), &self.initial));
        }
        if !self.states.values().any(|s| s.is_final) {
            out.push(Diagnostic::new(
                "journey.no_final_state",
                format!("{path}.states"),
                "a machine needs at least one final state",
            ));
        }
        let check_cal = |p: String, c: &Option<String>, out: &mut Vec<Diagnostic>| {
            if let Some(c) = c {
                if !calendars.contains_key(c) && !PER_CASE_CALENDARS.contains(&c.as_str()) {
                    out.push(
                        Diagnostic::new(
                            "journey.unknown_calendar",
                            p,
                            format!("no calendar named `{c}`"),
                        )
                        .hint("define it under [journeys.calendars]"),
                    );
                }
            }
        };
        for (name, s) in &self.states {
            check_name(&format!("{path}.states"), name, out);
            let sp = format!("{path}.states.{name}");
            check_actions(&format!("{sp}.on_entry"), &s.on_entry, out);
            for (i, t) in s.on.iter().enumerate() {
                let tp = format!("{sp}.on[{i}]");
                if t.event.trim().is_empty() {
                    out.push(Diagnostic::new(
                        "journey.empty",
                        format!("{tp}.event"),
                        "a transition needs an event",
                    ));
                }
                if let Some(to) = &t.to {
                    if !state(to) {
                        out.push(unknown(format!("{tp}.to"), to));
                    }
                }
                if let Some(g) = &t.guard {
                    g.validate(&format!("{tp}.guard"), out);
                }
                check_actions(&format!("{tp}.actions"), &t.actions, out);
            }
            let mut seen = BTreeSet::new();
            for (i, t) in s.timers.iter().enumerate() {
                let tp = format!("{sp}.timers[{i}]");
                if t.name.trim().is_empty() || !seen.insert(t.name.as_str()) {
                    out.push(Diagnostic::new(
                        "journey.bad_name",
                        format!("{tp}.name"),
                        "timer names must be present and unique within a state",
                    ));
                }
                let anchor = Anchor::parse(t.from.as_deref());
                if anchor.is_none() {
                    out.push(
                        Diagnostic::new(
                            "journey.bad_anchor",
                            format!("{tp}.from"),
                            format!("`{}` is not an anchor", t.from.as_deref().unwrap_or("")),
                        )
                        .hint("use entry, event.NAME or context.FIELD"),
                    );
                }
                match (t.after, t.factor, &t.of) {
                    (Some(d), None, None) => {
                        if d.seconds() == 0 && anchor == Some(Anchor::Entry) {
                            out.push(
                                Diagnostic::new(
                                    "journey.bad_duration",
                                    format!("{tp}.after"),
                                    "a timer from entry must wait longer than 0s",
                                )
                                .hint("use an entry action for something immediate"),
                            );
                        }
                        if t.unit.is_some() {
                            out.push(Diagnostic::new(
                                "journey.bad_duration",
                                format!("{tp}.unit"),
                                "unit applies to factor and of only",
                            ));
                        }
                    }
                    (None, Some(f), Some(of)) => {
                        if f.0 <= rust_decimal::Decimal::ZERO {
                            out.push(Diagnostic::new(
                                "journey.bad_duration",
                                format!("{tp}.factor"),
                                "the factor must be positive",
                            ));
                        }
                        if of.strip_prefix("context.").is_none_or(|r| r.is_empty()) {
                            out.push(Diagnostic::new(
                                "journey.bad_anchor",
                                format!("{tp}.of"),
                                format!("`{of}` is not a path like context.FIELD"),
                            ));
                        }
                        if t.unit.is_some_and(|u| u.seconds() == 0) {
                            out.push(Diagnostic::new(
                                "journey.bad_duration",
                                format!("{tp}.unit"),
                                "the unit must be longer than 0s",
                            ));
                        }
                        if t.calendar.is_some() {
                            out.push(Diagnostic::new(
                                "journey.bad_duration",
                                format!("{tp}.calendar"),
                                "a calendar applies to after only",
                            ));
                        }
                    }
                    _ => out.push(
                        Diagnostic::new(
                            "journey.bad_duration",
                            tp.clone(),
                            "a timer needs either `after` or both `factor` and `of`",
                        )
                        .hint("e.g. after = \"72h\", or factor = \"1.3\", of = \"context.route_average_transit_days\", unit = \"1d\""),
                    ),
                }
                check_cal(format!("{tp}.calendar"), &t.calendar, out);
                check_cal(format!("{tp}.send_during"), &t.send_during, out);
                if let Some(to) = &t.to {
                    if !state(to) {
                        out.push(unknown(format!("{tp}.to"), to));
                    }
                }
                if let Some(g) = &t.guard {
                    g.validate(&format!("{tp}.guard"), out);
                }
                check_actions(&format!("{tp}.actions"), &t.actions, out);
            }
            if s.tags.iter().any(|t| t == "waiting") && s.timers.is_empty() {
                out.push(
                    Diagnostic::new(
                        "journey.waiting_without_timer",
                        sp.clone(),
                        format!("`{name}` waits on someone but has no timer"),
                    )
                    .hint("add a timer that reminds or moves on"),
                );
            }
            if s.is_final && (!s.on.is_empty() || !s.timers.is_empty()) {
                out.push(Diagnostic::new(
                    "journey.final_has_exit",
                    sp.clone(),
                    format!("final state `{name}` has transitions or timers"),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, c) in self.clocks.iter().enumerate() {
            let cp = format!("{path}.clocks[{i}]");
            if c.name.trim().is_empty() || !seen.insert(c.name.as_str()) {
                out.push(Diagnostic::new(
                    "journey.bad_name",
                    format!("{cp}.name"),
                    "clock names must be present and unique",
                ));
            }
            if c.target.seconds() == 0 {
                out.push(Diagnostic::new(
                    "journey.bad_duration",
                    format!("{cp}.target"),
                    "a clock's target must be longer than 0s",
                ));
            }
            match c.calendar.as_deref() {
                Some(n) if PER_CASE_CALENDARS.contains(&n) => out.push(
                    Diagnostic::new(
                        "journey.buyer_calendar",
                        format!("{cp}.calendar"),
                        format!("a clock is a seller-side deadline and cannot count on `{n}`"),
                    )
                    .hint("name the team's calendar; quiet windows for the buyer are [journeys.quiet]"),
                ),
                _ => check_cal(format!("{cp}.calendar"), &c.calendar, out),
            }
            for (key, list) in [("pause_in", &c.pause_in), ("stop_in", &c.stop_in)] {
                for (j, s) in list.iter().enumerate() {
                    if !state(s) {
                        out.push(unknown(format!("{cp}.{key}[{j}]"), s));
                    }
                }
            }
            if let Some(g) = &c.guard {
                g.validate(&format!("{cp}.guard"), out);
            }
            check_actions(&format!("{cp}.actions"), &c.actions, out);
        }
        for (i, m) in self.migrations.iter().enumerate() {
            if m.from_version == self.version {
                out.push(Diagnostic::new(
                    "journey.bad_migration",
                    format!("{path}.migrations[{i}].from_version"),
                    "a migration must come from an earlier version",
                ));
            }
            for (old, new) in &m.states {
                if !state(new) {
                    out.push(unknown(format!("{path}.migrations[{i}].states.{old}"), new));
                }
            }
        }
        self.check_graph(path, out);
    }

    /// Targets reachable from a state in one move.
    pub fn successors<'a>(&'a self, s: &'a StateDef) -> Vec<&'a str> {
        let mut v: Vec<&str> =
            s.on.iter()
                .filter_map(|t| t.to.as_deref())
                .chain(s.timers.iter().filter_map(|t| t.to.as_deref()))
                .filter(|t| self.states.contains_key(*t))
                .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn check_graph(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if !self.states.contains_key(&self.initial) {
            return;
        }
        let mut reach = BTreeSet::new();
        let mut q = VecDeque::from([self.initial.as_str()]);
        while let Some(s) = q.pop_front() {
            if !reach.insert(s) {
                continue;
            }
            if let Some(def) = self.states.get(s) {
                q.extend(self.successors(def));
            }
        }
        // States from which a final state can be reached (fixpoint over predecessors).
        let mut live: BTreeSet<&str> = self
            .states
            .iter()
            .filter(|(_, s)| s.is_final)
            .map(|(n, _)| n.as_str())
            .collect();
        loop {
            let before = live.len();
            for (n, s) in &self.states {
                if self.successors(s).iter().any(|t| live.contains(t)) {
                    live.insert(n.as_str());
                }
            }
            if live.len() == before {
                break;
            }
        }
        for (name, s) in &self.states {
            let sp = format!("{path}.states.{name}");
            if !reach.contains(name.as_str()) {
                out.push(
                    Diagnostic::new(
                        "journey.unreachable",
                        sp.clone(),
                        format!("`{name}` cannot be reached from `{}`", self.initial),
                    )
                    .hint("add a transition into it or remove it"),
                );
            }
            if s.is_final {
                continue;
            }
            if self.successors(s).is_empty() {
                out.push(
                    Diagnostic::new(
                        "journey.dead_end",
                        sp,
                        format!("`{name}` is not final and has no way out"),
                    )
                    .hint("add a transition or a timer with `to`, or mark it final"),
                );
            } else if !live.contains(name.as_str()) {
                out.push(Diagnostic::new(
                    "journey.no_final_path",
                    sp,
                    format!("no final state can be reached from `{name}`"),
                ));
            }
        }
    }
}
