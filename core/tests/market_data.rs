//! The built-in market data stays current and covers every market the default policy
//! names. The first test reads the system clock on purpose: it fails in the year the
//! holiday data stops covering the next 12 months, so the data is regenerated in time
//! (`python3 scripts/gen_market_calendars.py`).

#![allow(clippy::unwrap_used, clippy::disallowed_methods)] // a test harness

use std::collections::BTreeSet;

use amends::journey::market_calendars::MarketCalendars;
use amends::policy::Policy;
use chrono::{DateTime, Datelike, Duration, Utc};

#[test]
fn holidays_cover_the_next_twelve_months() {
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let horizon = now + Duration::days(366);
    let (_, last) = MarketCalendars::get().years;
    assert!(
        last >= horizon.year(),
        "the built-in holidays end in {last}: rerun scripts/gen_market_calendars.py"
    );
}

#[test]
fn every_market_the_default_policy_names_has_a_calendar() {
    let policy = Policy::default_policy().unwrap();
    let json = serde_json::to_value(&policy).unwrap();
    let mut named = BTreeSet::new();
    for m in json["remedy"]["markets"].as_array().unwrap() {
        for c in m["markets"].as_array().unwrap() {
            named.insert(c.as_str().unwrap().to_string());
        }
    }
    assert!(named.len() >= 35, "{named:?}");
    let builtin = MarketCalendars::get();
    let missing: Vec<_> = named
        .iter()
        .filter(|m| builtin.calendar(m).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "markets without a calendar: {missing:?}"
    );
}

/// `policy check` of the default policy reports no market without a currency rate or a
/// calendar (docs/policy.md).
#[test]
fn default_policy_covers_every_market_it_names() {
    let check = amends::api::check_policy(amends::api::PolicySource::Text(
        amends::policy::DEFAULT_POLICY_TOML,
    ));
    assert!(check.valid);
    assert!(check.warnings.is_empty(), "{:?}", check.warnings);
}

/// Every market of the embedded calendar data pays in a currency the default table
/// converts, so a case from any of them compares with USD thresholds without `fx_rates`.
#[test]
fn default_rates_cover_every_calendar_market() {
    let data = MarketCalendars::get();
    let policy = Policy::default_policy().unwrap();
    let fx = policy.fx.as_ref().unwrap();
    let missing: Vec<&str> = data
        .markets()
        .filter_map(|m| data.currency(m))
        .filter(|c| *c != fx.base.code() && !fx.to_base.keys().any(|k| k.code() == *c))
        .collect();
    assert!(missing.is_empty(), "currencies without a rate: {missing:?}");
}
