//! One call on a machine: events, timers and transitions applied to a snapshot.

use super::*;

pub(super) struct Run<'m> {
    pub(super) m: &'m Machine,
    pub(super) snap: Snapshot,
    pub(super) now: DateTime<Utc>,
    pub(super) actions: Vec<FiredAction>,
    pub(super) trace: Trace,
    pub(super) origin: String,
    pub(super) counter: usize,
}

pub(super) enum Due {
    Timer(usize),
    Clock(usize),
}

impl<'m> Run<'m> {
    pub(super) fn new(m: &'m Machine, snap: Snapshot, now: DateTime<Utc>) -> Run<'m> {
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

    pub(super) fn def(&self) -> &'m MachineDef {
        &self.m.inner.def
    }

    pub(super) fn origin(&mut self, o: &str) {
        self.origin = o.to_owned();
        self.counter = 0;
    }

    pub(super) fn trace(
        &mut self,
        reason: &'static str,
        f: impl FnOnce(&mut crate::explain::Step),
    ) {
        let rule = format!("journey.{}", self.m.inner.reference.id);
        let step = self.trace.push("journey", rule, reason);
        f(step);
    }

    pub(super) fn emit(&mut self, defs: &[ActionDef], cause: &str, due_at: Option<DateTime<Utc>>) {
        for a in defs {
            let id = format!("{}:{}:{}", self.snap.instance, self.origin, self.counter);
            let send_after = self.quiet_shift(&id, &a.kind);
            self.actions.push(FiredAction {
                id,
                kind: a.kind.clone(),
                params: a.params.clone(),
                cause: cause.to_owned(),
                due_at,
                send_after,
                fired_at: self.now,
            });
            self.counter += 1;
        }
    }

    /// `send_after` of an action meant for the buyer: `now`, moved out of the buyer's
    /// night, holidays and observances; traced when it moves.
    fn quiet_shift(&mut self, id: &str, kind: &str) -> Option<DateTime<Utc>> {
        let quiet = self.m.quiet().filter(|q| q.applies(kind))?;
        let market = market_of(&self.snap.context, true).map(str::to_owned);
        let shift = quiet.shift(self.now, market.as_deref());
        if !shift.reasons.is_empty() || !shift.market_known {
            let now = self.now;
            self.trace("journey.quiet_shift", |s| {
                s.with("action", id.to_owned())
                    .with("type", kind.to_owned())
                    .with("from", rfc(now))
                    .with("send_after", rfc(shift.send_after))
                    .with("zone", shift.zone.name())
                    .with("market", market.map_or(Value::Null, Value::from))
                    .with("windows", shift.reasons.join(", "));
            });
        }
        Some(shift.send_after)
    }

    pub(super) fn advance(&mut self, t: DateTime<Utc>) {
        if t > self.snap.clock_time {
            self.snap.clock_time = t;
        }
    }

    /// Fires everything due at or before `t`, earliest first (timers before clocks at
    /// the same instant, then by state and name).
    pub(super) fn fire_due(&mut self, t: DateTime<Utc>) -> Result<(), Error> {
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

    pub(super) fn fire_timer(&mut self, i: usize, due: DateTime<Utc>) {
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

    pub(super) fn breach(&mut self, i: usize, due: DateTime<Utc>) {
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
    pub(super) fn event(
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

    pub(super) fn transition(&mut self, to: &str, at: DateTime<Utc>) {
        let from = std::mem::take(&mut self.snap.state);
        self.snap.timers.retain(|t| t.state != from);
        self.enter(to, at);
    }

    pub(super) fn enter(&mut self, name: &str, at: DateTime<Utc>) {
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

    pub(super) fn arm(&mut self, state: &str, t: &TimerDef, entered: DateTime<Utc>) {
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
            (Some(d), _, _) => match self.m.calendar_for(t.calendar.as_ref(), &self.snap.context) {
                Some(c) => c.add_seconds(a, d.seconds()),
                None => a.checked_add_signed(Duration::seconds(d.seconds())),
            },
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
                (secs >= 0).then(|| a.checked_add_signed(Duration::try_seconds(secs)?))?
            }
            _ => None,
        });
        let due = match (due, &t.send_during) {
            (Some(d), Some(c)) => match self.m.calendar_for(Some(c), &self.snap.context) {
                Some(cal) => cal.next_open(d),
                None => Some(d),
            },
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

    /// The step of the call. `Err` (`journey.out_of_range`) when a deadline armed by
    /// it falls where RFC 3339 cannot write it, so that no host is handed a time it
    /// cannot pass back.
    pub(super) fn finish(mut self) -> Result<Step, Error> {
        let beyond: Vec<Diagnostic> = self
            .snap
            .problems()
            .into_iter()
            .map(|d| {
                Diagnostic::new("journey.out_of_range", d.path, d.message).hint(
                    "a deadline falls past 9999-12-31T23:59:59Z: check `now` and the durations",
                )
            })
            .collect();
        if !beyond.is_empty() {
            return Err(Error::Evaluation(beyond));
        }
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
        Ok(Step {
            snapshot: self.snap,
            actions: self.actions,
            next_deadline,
            trace: self.trace,
        })
    }
}
