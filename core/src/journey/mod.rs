//! Journeys: order and complaint state machines, timers, SLA clocks, calendars.

pub mod sla;
