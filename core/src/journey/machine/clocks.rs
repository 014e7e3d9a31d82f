//! SLA clocks within a run: started, paused, resumed, reset, stopped, breached.

use super::*;

impl Run<'_> {
    pub(super) fn clock_due(&self, i: usize) -> Option<DateTime<Utc>> {
        let d = self.def().clocks.get(i)?;
        let c = self.snap.clocks.get(i)?;
        let rs = c.running_since?;
        self.m.add(
            d.calendar.as_ref(),
            rs,
            d.target.seconds().saturating_sub(c.elapsed_seconds).max(0),
        )
    }

    pub(super) fn start_clock(&mut self, i: usize, at: DateTime<Utc>) {
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
            c.generation = c.generation.saturating_add(1);
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

    pub(super) fn refresh_due(&mut self, i: usize) {
        let due = self.clock_due(i);
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.due_at = due;
        }
    }

    pub(super) fn settle(&mut self, i: usize, at: DateTime<Utc>) {
        let Some(d) = self.def().clocks.get(i) else {
            return;
        };
        let Some(rs) = self.snap.clocks.get(i).and_then(|c| c.running_since) else {
            return;
        };
        let add = self.m.measure(d, rs, at.max(rs));
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.elapsed_seconds = c.elapsed_seconds.saturating_add(add);
            c.running_since = None;
            c.due_at = None;
        }
    }

    pub(super) fn stop_clock(&mut self, i: usize, at: DateTime<Utc>) {
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

    pub(super) fn pause_clock(&mut self, i: usize, at: DateTime<Utc>) {
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

    pub(super) fn resume_clock(&mut self, i: usize, at: DateTime<Utc>) {
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

    pub(super) fn reset_clock(&mut self, i: usize, at: DateTime<Utc>) {
        if let Some(c) = self.snap.clocks.get_mut(i) {
            c.status = ClockStatus::Pending;
            c.running_since = None;
            c.due_at = None;
        }
        self.start_clock(i, at);
    }
}
