//! Business calendars: an IANA time zone, weekly opening hours (several periods a day),
//! dated holidays; business-duration arithmetic across weekends, holidays and DST changes.
//!
//! ```
//! use amends::journey::calendar::{Calendar, CalendarDef};
//! let def: CalendarDef = toml::from_str(r#"
//!     zone = "Europe/Berlin"
//!     holidays = ["2026-12-25"]
//!     [hours]
//!     mon = ["09:00-12:00", "13:00-18:00"]
//!     fri = ["09:00-12:00"]
//! "#).unwrap();
//! let cal = Calendar::new(&def).unwrap();
//! // Friday 11:00 Berlin + 2 business hours = Monday 10:00 Berlin (09:00 UTC).
//! let start = "2026-11-20T10:00:00Z".parse().unwrap();
//! let due = cal.add_seconds(start, 7200).unwrap();
//! assert_eq!(due.to_rfc3339(), "2026-11-23T09:00:00+00:00");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::market_calendars::MarketCalendars;
use crate::error::Diagnostic;

/// How many days business arithmetic looks ahead before giving up (ten years).
const MAX_DAYS: i64 = 3660;

/// Day keys of [`CalendarDef::hours`], Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A business calendar as written in the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    /// IANA time zone of the hours (`Europe/Berlin`, `America/Sao_Paulo`).
    pub zone: String,
    /// Opening periods per weekday (`mon` .. `sun`), local time, `"HH:MM-HH:MM"`; the
    /// end may be `24:00`. A day left out is closed.
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<String>>,
    /// Closed dates, local (`2026-12-25`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
    /// Also closed on the public holidays of this market (ISO country), from the built-in
    /// data generated from a maintained source (see `journey::market_calendars`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays_of: Option<String>,
    /// Markets (ISO countries) this calendar serves; a deadline rule whose calendar is
    /// `"@market"` uses the calendar listing the case's market.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    /// Teams working on this calendar (for the host's reference).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    /// What it is, where the dates come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A compiled calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    week: [Vec<(u32, u32)>; 7],
    holidays: BTreeSet<NaiveDate>,
}

/// A date written `YYYY-MM-DD`, as `NaiveDate::parse_from_str(s, "%Y-%m-%d")` reads it.
/// The common spelling (ten ASCII characters, digits around the dashes) is read directly,
/// without interpreting a format string: the built-in market data hold thousands of dates
/// and are read when the first engine is built. Anything else goes through chrono.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')))
    };
    if b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if let Some(date) = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            {
                return Some(date);
            }
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 3600 + m * 60)
}

fn parse_period(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (parse_hm(a.trim())?, parse_hm(b.trim())?);
    (a < b).then_some((a, b))
}

impl CalendarDef {
    /// Reports every problem with its path.
    pub fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if self.zone.parse::<Tz>().is_err() {
            out.push(
                Diagnostic::new(
                    "journey.unknown_zone",
                    format!("{path}.zone"),
                    format!("`{}` is not an IANA time zone", self.zone),
                )
                .hint("e.g. \"Europe/Berlin\" or \"America/Sao_Paulo\""),
            );
        }
        let mut any = false;
        for (day, periods) in &self.hours {
            if !DAYS.contains(&day.as_str()) {
                out.push(
                    Diagnostic::new(
                        "journey.bad_hours",
                        format!("{path}.hours.{day}"),
                        format!("`{day}` is not a weekday key"),
                    )
                    .hint("use mon, tue, wed, thu, fri, sat, sun"),
                );
                continue;
            }
            let mut parsed = Vec::new();
            for (i, p) in periods.iter().enumerate() {
                match parse_period(p) {
                    Some(r) => parsed.push(r),
                    None => out.push(
                        Diagnostic::new(
                            "journey.bad_hours",
                            format!("{path}.hours.{day}[{i}]"),
                            format!("`{p}` is not a period like \"09:00-18:00\""),
                        )
                        .hint("start before end, 24-hour clock, end at most 24:00"),
                    ),
                }
            }
            parsed.sort_unstable();
            if parsed.windows(2).any(|w| matches!(w, [a, b] if b.0 < a.1)) {
                out.push(Diagnostic::new(
                    "journey.bad_hours",
                    format!("{path}.hours.{day}"),
                    "periods overlap",
                ));
            }
            any |= !parsed.is_empty();
        }
        if !any {
            out.push(
                Diagnostic::new(
                    "journey.bad_hours",
                    format!("{path}.hours"),
                    "a calendar needs at least one opening period",
                )
                .hint("e.g. mon = [\"09:00-18:00\"]"),
            );
        }
        for (i, h) in self.holidays.iter().enumerate() {
            if parse_date(h).is_none() {
                out.push(Diagnostic::new(
                    "journey.bad_holiday",
                    format!("{path}.holidays[{i}]"),
                    format!("`{h}` is not a date like 2026-12-25"),
                ));
            }
        }
        if let Some(m) = &self.holidays_of {
            let known = MarketCalendars::get();
            if known.holidays(m).is_none() {
                out.push(
                    Diagnostic::new(
                        "journey.unknown_holidays_market",
                        format!("{path}.holidays_of"),
                        format!("no built-in holidays for market `{m}`"),
                    )
                    .hint(format!(
                        "use an ISO country with built-in data: {}",
                        known.markets().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
    }
}

impl Calendar {
    /// Compiles a calendar; `None` when it does not validate.
    pub fn new(def: &CalendarDef) -> Option<Calendar> {
        let mut diags = Vec::new();
        def.validate("", &mut diags);
        if !diags.is_empty() {
            return None;
        }
        Calendar::build(def)
    }

    /// Builds a calendar already validated.
    pub(crate) fn build(def: &CalendarDef) -> Option<Calendar> {
        let tz: Tz = def.zone.parse().ok()?;
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        for (day, periods) in &def.hours {
            let idx = DAYS.iter().position(|d| d == day)?;
            let slot = week.get_mut(idx)?;
            for p in periods {
                slot.push(parse_period(p)?);
            }
            slot.sort_unstable();
        }
        let builtin = match &def.holidays_of {
            Some(m) => MarketCalendars::get().holidays(m)?,
            None => &[],
        };
        let holidays = def
            .holidays
            .iter()
            .map(String::as_str)
            .chain(builtin.iter().copied())
            .filter_map(parse_date)
            .collect();
        Some(Calendar { tz, week, holidays })
    }

    /// The time zone.
    pub fn zone(&self) -> Tz {
        self.tz
    }

    /// A local wall time as an instant: the earlier of two in a fall-back overlap, the
    /// first instant after the gap in a spring-forward gap.
    pub fn resolve_local(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        resolve_local(self.tz, t)
    }

    /// Opening intervals of one local date, as instants, in order.
    fn intervals(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let idx = date.weekday().num_days_from_monday() as usize;
        let Some(periods) = self.week.get(idx) else {
            return Vec::new();
        };
        let at = |secs: u32| -> Option<DateTime<Utc>> {
            let naive = date.and_hms_opt(0, 0, 0)? + Duration::seconds(i64::from(secs));
            self.resolve_local(naive)
        };
        periods
            .iter()
            .filter_map(|&(a, b)| {
                let (s, e) = (at(a)?, at(b)?);
                (s < e).then_some((s, e))
            })
            .collect()
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// The instant `secs` business seconds after `start`; `None` when the calendar has no
    /// opening in the next ten years.
    pub fn add_seconds(&self, start: DateTime<Utc>, secs: i64) -> Option<DateTime<Utc>> {
        if secs <= 0 {
            return Some(start);
        }
        let mut left = secs;
        let mut date = self.local_date(start).pred_opt()?;
        for _ in 0..MAX_DAYS {
            for (s, e) in self.intervals(date) {
                if e <= start {
                    continue;
                }
                let from = s.max(start);
                let avail = e.signed_duration_since(from).num_seconds();
                if left <= avail {
                    return from.checked_add_signed(Duration::try_seconds(left)?);
                }
                left -= avail;
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The first instant at or after `t` when the calendar is open; `None` when it has
    /// no opening in the next ten years.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut date = self.local_date(t).pred_opt()?;
        for _ in 0..MAX_DAYS {
            if let Some((s, _)) = self.intervals(date).into_iter().find(|(_, e)| *e > t) {
                return Some(s.max(t));
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// Business seconds in `[a, b)`; 0 when `b <= a`.
    pub fn seconds_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        let mut total = 0;
        let Some(mut date) = self.local_date(a).pred_opt() else {
            return 0;
        };
        let last = self.local_date(b).succ_opt().unwrap_or(date);
        for _ in 0..MAX_DAYS {
            if date > last {
                break;
            }
            for (s, e) in self.intervals(date) {
                let (from, to) = (s.max(a), e.min(b));
                if to > from {
                    total += to.signed_duration_since(from).num_seconds();
                }
            }
            match date.succ_opt() {
                Some(d) => date = d,
                None => break,
            }
        }
        total
    }

    /// Whether `t` falls in an opening period.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let d = self.local_date(t);
        [d.pred_opt(), Some(d)]
            .into_iter()
            .flatten()
            .flat_map(|d| self.intervals(d))
            .any(|(s, e)| s <= t && t < e)
    }
}

/// A local wall time in `tz` as an instant (earlier of an overlap; first instant after a gap).
pub fn resolve_local(tz: Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(x) => Some(x.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        LocalResult::None => {
            // Inside a spring-forward gap: the first valid minute after it.
            for k in 1..=360 {
                let probe = t + Duration::minutes(k);
                if let Some(x) = tz.from_local_datetime(&probe).earliest() {
                    return Some(x.with_timezone(&Utc));
                }
            }
            None
        }
    }
}

/// Compiles every calendar of a policy section (those that validate).
pub fn compile_all(defs: &BTreeMap<String, CalendarDef>) -> BTreeMap<String, Calendar> {
    defs.iter()
        .filter_map(|(k, d)| Calendar::new(d).map(|c| (k.clone(), c)))
        .collect()
}

/// Builds every calendar of a section already validated.
pub(crate) fn build_all(defs: &BTreeMap<String, CalendarDef>) -> BTreeMap<String, Calendar> {
    defs.iter()
        .filter_map(|(k, d)| Calendar::build(d).map(|c| (k.clone(), c)))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cal(src: &str) -> Calendar {
        Calendar::new(&toml::from_str(src).unwrap()).unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        let samples = [
            "2026-12-25",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "9999-12-31",
            "2026-1-05",
            "2026-01-5",
            "26-01-05",
            " 2026-01-05",
            "2026-01-05 ",
            "2026/01/05",
            "2026-01-0x",
            "+2026-01-05",
            "２０２６-01-05",
            "",
            "2026-011-05",
        ];
        for s in samples {
            assert_eq!(
                parse_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn business_hours_skip_weekend_and_holiday() {
        let c = cal("zone='Europe/London'\nholidays=['2026-12-28']\n[hours]\nmon=['09:00-17:00']\ntue=['09:00-17:00']\nwed=['09:00-17:00']\nthu=['09:00-17:00']\nfri=['09:00-17:00']\n");
        // Friday 16:00 + 2h: 1h Friday, Monday is a holiday, 1h Tuesday.
        assert_eq!(
            c.add_seconds(t("2026-12-25T16:00:00Z"), 7200).unwrap(),
            t("2026-12-29T10:00:00Z")
        );
        assert_eq!(
            c.seconds_between(t("2026-12-25T16:00:00Z"), t("2026-12-29T10:00:00Z")),
            7200
        );
    }

    #[test]
    fn dst_spring_forward_day_is_an_hour_shorter() {
        // Europe/Berlin springs forward on 2026-03-29 at 02:00.
        let c = cal("zone='Europe/Berlin'\n[hours]\nsun=['00:00-24:00']\n");
        assert_eq!(
            c.seconds_between(t("2026-03-28T00:00:00Z"), t("2026-03-31T00:00:00Z")),
            23 * 3600
        );
    }

    #[test]
    fn gap_resolves_to_first_instant_after() {
        let tz: Tz = "America/Sao_Paulo".parse().unwrap();
        // 2017-10-15 00:00 did not exist in Sao Paulo (clocks went to 01:00, UTC-2).
        let naive = NaiveDate::from_ymd_opt(2017, 10, 15)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(resolve_local(tz, naive).unwrap(), t("2017-10-15T03:00:00Z"));
    }
}
