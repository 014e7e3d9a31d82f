//! Quiet windows for messages meant for the buyer: no proactive notice, follow-up, survey
//! or satisfaction check arrives in the buyer's local night or on the buyer market's
//! public holidays and religious observances (DOMAIN §4). An action of a listed type
//! gets `send_after`, the first moment outside every quiet window, in the time zone and
//! calendar of the buyer's market; the trace says why it moved.
//!
//! Seller-side deadlines (SLA targets, journey clocks) never use these windows: they
//! count on the team's or the market's business calendar.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::calendar::resolve_local;
use super::market_calendars::{DayKind, MarketCalendars};
use crate::error::Diagnostic;

/// How many quiet windows one shift may cross before giving up (a year of nights).
const MAX_SHIFTS: usize = 800;

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The `[journeys.quiet]` section: when messages meant for the buyer may be sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietPolicy {
    /// The buyer's night, local time, `"HH:MM-HH:MM"` (may wrap midnight: `21:00-08:00`).
    pub night: String,
    /// Also keep out of the buyer market's public holidays (whole local days).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub holidays: bool,
    /// Also keep out of the buyer market's religious observances that are not public
    /// holidays (Christmas Eve, Good Friday, Eid where it is not a holiday...).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub observances: bool,
    /// Action types meant for the buyer (`notify_buyer`, `survey` ...).
    pub actions: Vec<String>,
    /// The time zone used when the buyer's market has no built-in calendar or is unknown.
    #[serde(default = "utc", skip_serializing_if = "is_utc")]
    pub zone: String,
    /// Where the window comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn utc() -> String {
    "UTC".to_owned()
}

fn is_utc(s: &String) -> bool {
    s == "UTC"
}

fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(h * 60 + m)
}

fn parse_night(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (parse_hm(a)?, parse_hm(b)?);
    (a != b).then_some((a, b))
}

impl QuietPolicy {
    /// Reports every problem with its path.
    pub fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if parse_night(&self.night).is_none() {
            out.push(
                Diagnostic::new(
                    "journey.bad_hours",
                    format!("{path}.night"),
                    format!("`{}` is not a window like \"21:00-08:00\"", self.night),
                )
                .hint("start and end differ, 24-hour clock; the window may wrap midnight"),
            );
        }
        if self.zone.parse::<Tz>().is_err() {
            out.push(
                Diagnostic::new(
                    "journey.unknown_zone",
                    format!("{path}.zone"),
                    format!("`{}` is not an IANA time zone", self.zone),
                )
                .hint("e.g. \"UTC\" or \"Europe/Berlin\""),
            );
        }
        for (i, a) in self.actions.iter().enumerate() {
            if a.trim().is_empty() {
                out.push(Diagnostic::new(
                    "journey.empty",
                    format!("{path}.actions[{i}]"),
                    "an action type must not be empty",
                ));
            }
        }
    }
}

/// A compiled quiet window.
#[derive(Debug, Clone)]
pub struct Quiet {
    night: (u32, u32),
    holidays: bool,
    observances: bool,
    actions: BTreeSet<String>,
    zone: Tz,
    def: QuietPolicy,
}

/// Where a message meant for the buyer moved, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The first moment outside every quiet window, at or after the asked time.
    pub send_after: DateTime<Utc>,
    /// The time zone it was judged in.
    pub zone: Tz,
    /// Whether the zone is the buyer market's own (else the policy's fallback).
    pub market_known: bool,
    /// The windows crossed, in order: `night 2027-03-08`, `holiday 2027-03-09`,
    /// `observance 2027-12-24` (local dates).
    pub reasons: Vec<String>,
}

impl Quiet {
    /// Compiles a validated section; `None` when it does not validate.
    pub fn new(p: &QuietPolicy) -> Option<Quiet> {
        Some(Quiet {
            night: parse_night(&p.night)?,
            holidays: p.holidays,
            observances: p.observances,
            actions: p.actions.iter().cloned().collect(),
            zone: p.zone.parse().ok()?,
            def: p.clone(),
        })
    }

    /// The section it was compiled from.
    pub fn def(&self) -> &QuietPolicy {
        &self.def
    }

    /// Whether actions of this type are meant for the buyer.
    pub fn applies(&self, kind: &str) -> bool {
        self.actions.contains(kind)
    }

    /// The first moment at or after `t` outside the night, holidays and observances of
    /// `market` (the buyer's market).
    pub fn shift(&self, t: DateTime<Utc>, market: Option<&str>) -> Shift {
        let data = MarketCalendars::get();
        let known = market.and_then(|m| data.zone(m).map(|z| (m, z)));
        let zone = known.map_or(self.zone, |(_, z)| z);
        let mut at = t;
        let mut reasons = Vec::new();
        let (start, end) = self.night;
        let end_time = NaiveTime::from_hms_opt(end / 60 % 24, end % 60, 0).unwrap_or_default();
        let morning = |d: NaiveDate| resolve_local(zone, d.and_time(end_time));
        for _ in 0..MAX_SHIFTS {
            let local = at.with_timezone(&zone).naive_local();
            let date = local.date();
            let kind = known.and_then(|(m, _)| data.day_kind(m, date));
            let closed = match kind {
                Some(DayKind::Holiday) if self.holidays => Some("holiday"),
                Some(DayKind::Observance) if self.observances => Some("observance"),
                _ => None,
            };
            let next = if let Some(why) = closed {
                reasons.push(format!("{why} {date}"));
                date.succ_opt().and_then(|d| {
                    // The next day's night ends at `end`; a night ending at midnight opens then.
                    if end < start || end == 0 {
                        morning(d)
                    } else {
                        resolve_local(zone, d.and_time(NaiveTime::MIN))
                    }
                })
            } else {
                let minute = local
                    .time()
                    .signed_duration_since(NaiveTime::MIN)
                    .num_minutes();
                let minute = u32::try_from(minute).unwrap_or(0);
                let in_night = if start < end {
                    start <= minute && minute < end
                } else {
                    minute >= start || minute < end
                };
                if !in_night {
                    break;
                }
                reasons.push(format!("night {date}"));
                if start > end && minute >= start {
                    date.succ_opt().and_then(morning)
                } else {
                    morning(date)
                }
            };
            match next {
                Some(n) if n > at => at = n,
                _ => {
                    at = at.checked_add_signed(Duration::hours(1)).unwrap_or(at);
                }
            }
        }
        Shift {
            send_after: at,
            zone,
            market_known: known.is_some(),
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn quiet() -> Quiet {
        Quiet::new(&QuietPolicy {
            night: "21:00-08:00".into(),
            holidays: true,
            observances: true,
            actions: vec!["survey".into()],
            zone: "UTC".into(),
            source: String::new(),
        })
        .unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn daytime_on_a_working_day_is_not_moved() {
        let s = quiet().shift(t("2026-12-02T10:00:00Z"), Some("DE"));
        assert_eq!(s.send_after, t("2026-12-02T10:00:00Z"));
        assert!(s.reasons.is_empty());
    }

    #[test]
    fn riyadh_eve_of_eid_waits_until_after_the_holidays() {
        // 23:00 Riyadh on 8 March 2027, the eve of Eid al-Fitr (9-12 March, 14 March observed).
        let s = quiet().shift(t("2027-03-08T20:00:00Z"), Some("SA"));
        assert_eq!(s.send_after, t("2027-03-13T05:00:00Z"));
        assert_eq!(
            s.reasons.first().map(String::as_str),
            Some("night 2027-03-08")
        );
    }

    #[test]
    fn unknown_market_uses_the_fallback_zone() {
        let s = quiet().shift(t("2026-12-02T22:00:00Z"), Some("ZZ"));
        assert!(!s.market_known);
        assert_eq!(s.send_after, t("2026-12-03T08:00:00Z"));
    }
}
