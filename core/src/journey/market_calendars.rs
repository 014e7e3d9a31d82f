//! Built-in business calendars per market: the time zone, the weekend and the public
//! holidays of each market, generated from a maintained source into
//! `core/data/market_calendars.toml` by `scripts/gen_market_calendars.py` (embedded as
//! JSON, converted by the build script: several times faster to read than TOML).
//!
//! A policy calendar that lists a market always wins; a market no policy calendar lists
//! gets its built-in calendar (business days around the clock, closed on its weekend and
//! holidays) before the policy's `default`. A policy calendar can also take a market's
//! holidays with `holidays_of = "FR"`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;

use super::calendar::{parse_date, Calendar, CalendarDef, DAYS};

const DATA: &str = include_str!(concat!(env!("OUT_DIR"), "/market_calendars.json"));

// The embedded data, borrowed: every string is read in place, and a market's calendar
// is built on its first use (a process usually serves a few of the markets listed).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    source: &'static str,
    holidays_version: &'static str,
    #[serde(default)]
    currency_source: &'static str,
    first_year: i32,
    last_year: i32,
    #[serde(borrow)]
    markets: BTreeMap<&'static str, MarketData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketData {
    zone: &'static str,
    /// ISO 4217 currency in force (from CLDR).
    #[serde(default, borrow)]
    currency: Option<&'static str>,
    #[serde(default, borrow)]
    subdivision: Option<&'static str>,
    #[serde(borrow)]
    weekend: Vec<&'static str>,
    #[serde(borrow)]
    holidays: Vec<&'static str>,
    /// Religious observances that are not public holidays (no outreach, business as usual).
    #[serde(default, borrow)]
    observances: Vec<&'static str>,
}

/// The built-in market data, read once per process; each market compiled on first use.
#[derive(Debug, Default)]
pub struct MarketCalendars {
    /// Where the dates come from (package and version).
    pub source: String,
    /// The first and last year the holidays cover.
    pub years: (i32, i32),
    /// `source` without the package version, for each calendar's own source.
    dates_source: &'static str,
    currency_source: &'static str,
    markets: BTreeMap<&'static str, Entry>,
}

#[derive(Debug)]
struct Entry {
    data: MarketData,
    /// `None` inside when the market's data do not compile (a test rules it out).
    built: OnceLock<Option<Market>>,
}

#[derive(Debug)]
struct Market {
    calendar: Calendar,
    tz: Tz,
    closed: BTreeSet<NaiveDate>,
    observances: BTreeSet<NaiveDate>,
}

/// What kind of day a local date is in a market, for messages meant for the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday.
    Holiday,
    /// A religious observance that is not a public holiday.
    Observance,
}

impl MarketCalendars {
    /// The built-in calendars (empty only if the embedded data were broken, which a test
    /// rules out).
    pub fn get() -> &'static MarketCalendars {
        static CELL: OnceLock<MarketCalendars> = OnceLock::new();
        CELL.get_or_init(|| {
            serde_json::from_str::<Data>(DATA)
                .map(|data| MarketCalendars {
                    source: format!("{} (holidays {})", data.source, data.holidays_version),
                    years: (data.first_year, data.last_year),
                    dates_source: data.source,
                    currency_source: data.currency_source,
                    markets: data
                        .markets
                        .into_iter()
                        .map(|(code, m)| {
                            let entry = Entry {
                                data: m,
                                built: OnceLock::new(),
                            };
                            (code, entry)
                        })
                        .collect(),
                })
                .unwrap_or_default()
        })
    }

    fn market(&self, market: &str) -> Option<&Market> {
        let e = self.markets.get(market)?;
        e.built
            .get_or_init(|| build(&e.data, self.source_of(&e.data)))
            .as_ref()
    }

    fn source_of(&self, m: &MarketData) -> String {
        match m.subdivision {
            Some(s) => format!("{}, {s}", self.dates_source),
            None => self.dates_source.to_string(),
        }
    }

    /// The business calendar of `market` (an ISO 3166 country).
    pub fn calendar(&self, market: &str) -> Option<&Calendar> {
        self.market(market).map(|m| &m.calendar)
    }

    /// The public holidays of `market`, local dates as `YYYY-MM-DD`.
    pub fn holidays(&self, market: &str) -> Option<&[&'static str]> {
        self.markets.get(market).map(|e| e.data.holidays.as_slice())
    }

    /// The currency in force in `market` (ISO 4217).
    pub fn currency(&self, market: &str) -> Option<&str> {
        self.markets.get(market).and_then(|e| e.data.currency)
    }

    /// Where the currencies come from.
    pub fn currency_source(&self) -> &str {
        self.currency_source
    }

    /// The time zone of `market`.
    pub fn zone(&self, market: &str) -> Option<Tz> {
        self.market(market).map(|m| m.tz)
    }

    /// Whether the local `date` is a public holiday or a religious observance of `market`.
    pub fn day_kind(&self, market: &str, date: NaiveDate) -> Option<DayKind> {
        let m = self.market(market)?;
        if m.closed.contains(&date) {
            Some(DayKind::Holiday)
        } else if m.observances.contains(&date) {
            Some(DayKind::Observance)
        } else {
            None
        }
    }

    /// The markets with built-in data, in order.
    pub fn markets(&self) -> impl Iterator<Item = &str> {
        self.markets.keys().copied()
    }
}

/// A market's calendar: business days around the clock, closed on its weekend and
/// public holidays.
fn build(m: &MarketData, source: String) -> Option<Market> {
    let open = vec!["00:00-24:00".to_string()];
    let hours = DAYS
        .iter()
        .filter(|d| !m.weekend.contains(d))
        .map(|d| ((*d).to_string(), open.clone()))
        .collect();
    let tz: Tz = m.zone.parse().ok()?;
    let dates = |v: &[&str]| {
        v.iter()
            .filter_map(|d| parse_date(d))
            .collect::<BTreeSet<_>>()
    };
    let (closed, observances) = (dates(&m.holidays), dates(&m.observances));
    let def = CalendarDef {
        zone: m.zone.to_string(),
        hours,
        holidays: m.holidays.iter().map(|h| (*h).to_string()).collect(),
        source,
        ..CalendarDef::default()
    };
    let calendar = Calendar::new(&def)?;
    Some(Market {
        calendar,
        tz,
        closed,
        observances,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_embedded_data_compiles_every_market() {
        let data: Data = serde_json::from_str(DATA).unwrap();
        let built = MarketCalendars::get();
        assert_eq!(built.markets().count(), data.markets.len());
        assert!(built.markets().count() >= 35);
        for (code, m) in &data.markets {
            let dates = m.holidays.iter().chain(&m.observances);
            assert!(
                dates
                    .clone()
                    .all(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").is_ok()),
                "{code}"
            );
            assert!(built.calendar(code).is_some(), "{code} does not compile");
        }
    }

    #[test]
    fn gulf_weekends_are_friday_and_saturday() {
        let sa = MarketCalendars::get().calendar("SA").unwrap();
        // Thursday 2026-12-03 10:00 Riyadh + 24 business hours skips Friday and Saturday.
        let start = "2026-12-03T07:00:00Z".parse().unwrap();
        let due = sa.add_seconds(start, 24 * 3600).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-12-06T07:00:00+00:00");
    }

    #[test]
    fn french_armistice_day_is_closed() {
        let fr = MarketCalendars::get().calendar("FR").unwrap();
        // Tuesday 2026-11-10 12:00 Paris + 24 business hours skips Wednesday 11 November.
        let start = "2026-11-10T11:00:00Z".parse().unwrap();
        let due = fr.add_seconds(start, 24 * 3600).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-11-12T11:00:00+00:00");
    }
}
