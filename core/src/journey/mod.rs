//! Journeys: declarative state machines (the order journey, the complaint lifecycle)
//! with timers stored as absolute deadlines, SLA clocks, business calendars and
//! diagram export. The assessment's deadlines are the [`crate::sla`] stage, which counts
//! business time on the calendars compiled here.
//!
//! The engine is pure: the host keeps each journey's [`Snapshot`], passes events to
//! [`Machine::step`], and calls [`Machine::tick`] at the returned `next_deadline`.
//!
//! ```
//! use amends::journey::{Machine, StartInput, Event};
//! use amends::Engine;
//! let engine = Engine::default();
//! let order = Machine::from_policy(&engine, "order").unwrap();
//! let placed = "2026-11-02T10:00:00Z".parse().unwrap();
//! let s = order.start(&StartInput { instance: "o-1".into(), ..Default::default() }, placed).unwrap();
//! assert_eq!(s.snapshot.state, "placed");
//! // Nobody paid for three days: the stall timer fires once the host ticks.
//! let later = "2026-11-05T10:00:00Z".parse().unwrap();
//! let t = order.tick(&s.snapshot, later).unwrap();
//! assert_eq!(t.actions[0].kind, "proactive_outreach");
//! ```

use std::collections::BTreeMap;

pub mod calendar;
pub mod def;
pub mod diagram;
mod guard;
pub mod machine;
pub mod market_calendars;
pub mod quiet;

pub use calendar::{Calendar, CalendarDef};
pub use def::{
    ActionDef, ClockDef, Guard, JourneysPolicy, MachineDef, StateDef, TimerDef, TransitionDef,
};
pub use machine::{
    ClockReport, ClockState, ClockStatus, Event, FiredAction, Machine, MachineRef, Snapshot,
    StartInput, Step, TimerState,
};
pub use quiet::{Quiet, QuietPolicy, Shift};

use crate::error::{Diagnostic, Error};
use market_calendars::MarketCalendars;

/// Every machine and calendar of a policy, compiled once with the engine.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    machines: BTreeMap<String, Machine>,
    calendars: BTreeMap<String, Calendar>,
    markets: BTreeMap<String, String>,
    quiet: Option<Quiet>,
}

impl Compiled {
    /// Validates the journeys section (problems added to `out`, under `path`) and
    /// compiles it: each calendar and each machine checked and built once. A machine or
    /// calendar with problems is left out (the problems are reported).
    pub(crate) fn compile(p: &JourneysPolicy, path: &str, out: &mut Vec<Diagnostic>) -> Compiled {
        crate::stage::compiled("journeys");
        let mut calendars = BTreeMap::new();
        for (name, c) in &p.calendars {
            def::check_name(&format!("{path}.calendars"), name, out);
            let before = out.len();
            c.validate(&format!("{path}.calendars.{name}"), out);
            if out.len() == before {
                crate::stage::compiled("journeys.calendar");
                if let Some(cal) = Calendar::build(c) {
                    calendars.insert(name.clone(), cal);
                }
            }
        }
        let quiet = p.quiet.as_ref().and_then(|q| {
            let before = out.len();
            q.validate(&format!("{path}.quiet"), out);
            (out.len() == before).then(|| Quiet::new(q)).flatten()
        });
        let mut machines = BTreeMap::new();
        for (name, m) in &p.machines {
            def::check_name(&format!("{path}.machines"), name, out);
            let before = out.len();
            m.validate(&format!("{path}.machines.{name}"), &p.calendars, out);
            if out.len() == before {
                crate::stage::compiled("journeys.machine");
                let machine =
                    Machine::compile(name, m.clone(), &p.calendars, &calendars, quiet.as_ref());
                machines.insert(name.clone(), machine);
            }
        }
        let mut markets = BTreeMap::new();
        for (name, c) in &p.calendars {
            for m in &c.markets {
                markets.entry(m.clone()).or_insert_with(|| name.clone());
            }
        }
        Compiled {
            machines,
            calendars,
            markets,
            quiet,
        }
    }

    /// The quiet windows for actions meant for the buyer, if the policy has them.
    pub fn quiet(&self) -> Option<&Quiet> {
        self.quiet.as_ref()
    }

    /// The compiled machine `name`.
    pub fn machine(&self, name: &str) -> Result<Machine, Error> {
        self.machines
            .get(name)
            .cloned()
            .ok_or_else(|| machine::unknown_machine(name, self.machines.keys()))
    }

    /// Names of the compiled machines.
    pub fn names(&self) -> Vec<&str> {
        self.machines.keys().map(String::as_str).collect()
    }

    /// A calendar by name; `@market` picks the policy calendar serving `market`, else the
    /// market's built-in calendar, else the one named `default`.
    pub fn calendar(&self, name: &str, market: &str) -> Option<&Calendar> {
        if name == "@market" {
            if let Some(n) = self.markets.get(market) {
                return self.calendars.get(n);
            }
            return MarketCalendars::get()
                .calendar(market)
                .or_else(|| self.calendars.get("default"));
        }
        self.calendars.get(name)
    }
}
