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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    source: String,
    holidays_version: String,
    #[serde(default)]
    currency_source: String,
    first_year: i32,
    last_year: i32,
    markets: BTreeMap<String, MarketData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketData {
    zone: String,
    /// ISO 4217 currency in force (from CLDR).
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    subdivision: Option<String>,
    weekend: Vec<String>,
    holidays: Vec<String>,
    /// Religious observances that are not public holidays (no outreach, business as usual).
    #[serde(default)]
    observances: Vec<String>,
}

/// The built-in market data, parsed and compiled once per process.
#[derive(Debug, Default)]
pub struct MarketCalendars {
    /// Where the dates come from (package and version).
    pub source: String,
    /// The first and last year the holidays cover.
    pub years: (i32, i32),
    currency_source: String,
    markets: BTreeMap<String, Market>,
}

#[derive(Debug)]
struct Market {
    holidays: Vec<String>,
    currency: Option<String>,
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
                .map(build)
                .unwrap_or_default()
        })
    }

    /// The business calendar of `market` (an ISO 3166 country).
    pub fn calendar(&self, market: &str) -> Option<&Calendar> {
        self.markets.get(market).map(|m| &m.calendar)
    }

    /// The public holidays of `market`, local dates as `YYYY-MM-DD`.
    pub fn holidays(&self, market: &str) -> Option<&[String]> {
        self.markets.get(market).map(|m| m.holidays.as_slice())
    }

    /// The currency in force in `market` (ISO 4217).
    pub fn currency(&self, market: &str) -> Option<&str> {
        self.markets.get(market).and_then(|m| m.currency.as_deref())
    }

    /// Where the currencies come from.
    pub fn currency_source(&self) -> &str {
        &self.currency_source
    }

    /// The time zone of `market`.
    pub fn zone(&self, market: &str) -> Option<Tz> {
        self.markets.get(market).map(|m| m.tz)
    }

    /// Whether the local `date` is a public holiday or a religious observance of `market`.
    pub fn day_kind(&self, market: &str, date: NaiveDate) -> Option<DayKind> {
        let m = self.markets.get(market)?;
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
        self.markets.keys().map(String::as_str)
    }
}

fn build(data: Data) -> MarketCalendars {
    let markets = data
        .markets
        .into_iter()
        .filter_map(|(code, m)| {
            let open = vec!["00:00-24:00".to_string()];
            let hours = DAYS
                .iter()
                .filter(|d| !m.weekend.iter().any(|w| w == *d))
                .map(|d| ((*d).to_string(), open.clone()))
                .collect();
            let tz: Tz = m.zone.parse().ok()?;
            let dates = |v: &[String]| {
                v.iter()
                    .filter_map(|d| parse_date(d))
                    .collect::<BTreeSet<_>>()
            };
            let (closed, observances) = (dates(&m.holidays), dates(&m.observances));
            let def = CalendarDef {
                zone: m.zone,
                hours,
                holidays: m.holidays.clone(),
                source: format!(
                    "{}{}",
                    data.source,
                    m.subdivision.map(|s| format!(", {s}")).unwrap_or_default()
                ),
                ..CalendarDef::default()
            };
            let calendar = Calendar::new(&def)?;
            Some((
                code,
                Market {
                    holidays: m.holidays,
                    currency: m.currency,
                    calendar,
                    tz,
                    closed,
                    observances,
                },
            ))
        })
        .collect();
    MarketCalendars {
        source: format!("{} (holidays {})", data.source, data.holidays_version),
        years: (data.first_year, data.last_year),
        currency_source: data.currency_source,
        markets,
    }
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
