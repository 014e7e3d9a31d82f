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

/// `policy check` of the default policy names every market whose currency has no rate;
/// only TWD and VND lack a maintained offline source today (docs/policy.md).
#[test]
fn default_policy_coverage_warnings_are_known() {
    let check = amends::api::check_policy(amends::api::PolicySource::Text(
        amends::policy::DEFAULT_POLICY_TOML,
    ));
    assert!(check.valid);
    let mut paths: Vec<&str> = check.warnings.iter().map(|w| w.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["fx.to_base.TWD", "fx.to_base.VND"]);
    assert!(check
        .warnings
        .iter()
        .all(|w| w.code == "policy.market_without_rate"));
}
