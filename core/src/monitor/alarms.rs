//! Alarms over rolling windows, raised at the day a threshold is crossed.

use std::collections::{BTreeMap, VecDeque};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::aggregate::{ratio, Daily, Monitor};
use super::{ClusterRule, RateRule, Scope};
use crate::case::Category;

/// The figures of one window an alarm judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowFigure {
    /// First day of the window.
    pub from: NaiveDate,
    /// Last day of the window (the day judged).
    pub to: NaiveDate,
    /// Disputes or complaints in the window (for SKU clusters: of the category).
    pub events: u64,
    /// Orders or shipments in the window (for SKU clusters: all the SKU's complaints).
    pub volume: u64,
    /// `events / volume` to 4 places.
    #[serde(with = "crate::money::decimal_str_opt")]
    #[schemars(with = "Option<String>")]
    pub rate: Option<Decimal>,
}

/// A threshold crossed: which rule, about whom, over which window, with which figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    /// The day the threshold was crossed.
    pub raised_on: NaiveDate,
    /// The policy rule (`monitor.store_disputes`, `monitor.provider_complaints`,
    /// `monitor.sku_clusters`).
    pub rule: String,
    /// What the rule asks for.
    pub action: String,
    /// `store`, `carrier`, `warehouse` or `sku`.
    pub scope: String,
    /// The store, carrier, warehouse or SKU.
    pub subject: String,
    /// For SKU clusters: the category that clusters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// First day of the earliest window judged.
    pub window_from: NaiveDate,
    /// Last day of the latest window judged.
    pub window_to: NaiveDate,
    /// The rate exceeded (rate rules: strictly above) or the share reached (clusters).
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub threshold: Decimal,
    /// The windows that crossed it, oldest first.
    pub figures: Vec<WindowFigure>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

fn window_start(day: NaiveDate, window_days: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(window_days.saturating_sub(1))))
        .unwrap_or(day)
}

fn sum(d: Option<&Daily>, from: NaiveDate, to: NaiveDate) -> u64 {
    d.map_or(0, |m| m.range(from..=to).map(|(_, n)| *n).sum())
}

fn rate_alarms(
    rule: &RateRule,
    name: &str,
    scope: Scope,
    subject: &str,
    events: &Daily,
    volume: Option<&Daily>,
    out: &mut Vec<Alarm>,
) {
    let keys = events
        .keys()
        .chain(volume.into_iter().flat_map(|v| v.keys()));
    let (Some(first), Some(last)) = (keys.clone().min(), keys.max()) else {
        return;
    };
    let need = usize::try_from(rule.consecutive_days).unwrap_or(usize::MAX);
    let mut run: VecDeque<WindowFigure> = VecDeque::new();
    let mut run_len = 0usize;
    for day in days(*first, *last) {
        let from = window_start(day, rule.window_days);
        let ev = sum(Some(events), from, day);
        let vol = sum(volume, from, day);
        let exceeds = vol > 0
            && vol >= rule.min_volume
            && rule
                .max_rate
                .0
                .checked_mul(Decimal::from(vol))
                .is_some_and(|limit| Decimal::from(ev) > limit);
        if !exceeds {
            run.clear();
            run_len = 0;
            continue;
        }
        run_len += 1;
        run.push_back(WindowFigure {
            from,
            to: day,
            events: ev,
            volume: vol,
            rate: ratio(ev, vol),
        });
        while run.len() > need {
            run.pop_front();
        }
        if run_len == need {
            out.push(Alarm {
                raised_on: day,
                rule: format!("monitor.{name}"),
                action: rule.action.clone(),
                scope: scope.as_str().to_owned(),
                subject: subject.to_owned(),
                category: None,
                window_from: run.front().map_or(from, |f| f.from),
                window_to: day,
                threshold: rule.max_rate.0,
                figures: run.iter().cloned().collect(),
                source: rule.source.clone(),
            });
        }
    }
}

fn cluster_alarms(
    rule: &ClusterRule,
    sku: &str,
    daily: &BTreeMap<NaiveDate, BTreeMap<Category, u64>>,
    out: &mut Vec<Alarm>,
) {
    let (Some(first), Some(last)) = (daily.keys().next(), daily.keys().next_back()) else {
        return;
    };
    let end = last
        .checked_add_days(Days::new(u64::from(rule.window_days.saturating_sub(1))))
        .unwrap_or(*last);
    for watched in &rule.actions {
        let mut was = false;
        for day in days(*first, end) {
            let from = window_start(day, rule.window_days);
            let (mut k, mut total) = (0u64, 0u64);
            for (_, cats) in daily.range(from..=day) {
                for (c, n) in cats {
                    total += n;
                    if *c == watched.category {
                        k += n;
                    }
                }
            }
            let now = k >= u64::from(rule.min_complaints)
                && rule
                    .min_share
                    .0
                    .checked_mul(Decimal::from(total))
                    .is_some_and(|need| Decimal::from(k) >= need);
            if now && !was {
                out.push(Alarm {
                    raised_on: day,
                    rule: "monitor.sku_clusters".to_owned(),
                    action: watched.action.clone(),
                    scope: "sku".to_owned(),
                    subject: sku.to_owned(),
                    category: Some(watched.category),
                    window_from: from,
                    window_to: day,
                    threshold: rule.min_share.0,
                    figures: vec![WindowFigure {
                        from,
                        to: day,
                        events: k,
                        volume: total,
                        rate: ratio(k, total),
                    }],
                    source: rule.source.clone(),
                });
            }
            was = now;
        }
    }
}

/// Every alarm the monitor's data raises under its policy, sorted by day, rule, scope,
/// subject and category.
pub(crate) fn evaluate(m: &Monitor) -> Vec<Alarm> {
    let mut out = Vec::new();
    if let Some(rule) = &m.policy.store_disputes {
        for (store, events) in &m.disputes {
            let vol = m.volumes.get(&(Scope::Store, store.clone()));
            rate_alarms(
                rule,
                "store_disputes",
                Scope::Store,
                store,
                events,
                vol,
                &mut out,
            );
        }
    }
    if let Some(rule) = &m.policy.provider_complaints {
        for ((scope, id), events) in &m.provider_events {
            let vol = m.volumes.get(&(*scope, id.clone()));
            rate_alarms(
                rule,
                "provider_complaints",
                *scope,
                id,
                events,
                vol,
                &mut out,
            );
        }
    }
    if let Some(rule) = &m.policy.sku_clusters {
        for (sku, daily) in &m.sku {
            cluster_alarms(rule, sku, daily, &mut out);
        }
    }
    out.sort_by(|a, b| {
        (a.raised_on, &a.rule, &a.scope, &a.subject, a.category).cmp(&(
            b.raised_on,
            &b.rule,
            &b.scope,
            &b.subject,
            b.category,
        ))
    });
    out
}
