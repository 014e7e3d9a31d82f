//! Why not, and what would change it, for the urgency rules: each rule that did not fire
//! with its first failing condition, and for each rule that misses by one numeric
//! condition the exact value at which it would fire and the grade the case would get.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::explain::{Miss, Value};
use crate::fx::{floor_to, largest_converting_within, minor_unit};
use crate::money::Money;
use crate::name::Name;
use crate::stage::Ctx;

use super::urgency::{UrgencyRule, UrgencyWhen};
use super::{Triage, Urgency};

/// The nearest change that would make one more urgency rule fire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UrgencyChange {
    /// The rule that would fire.
    pub rule: Name,
    /// The grade the case would get.
    pub grade: Urgency,
    /// The fact that would have to change: `order_total_base`, `delay_days`,
    /// `hours_waiting` or `unresolved_bot_turns`.
    pub field: Name,
    /// Its value now (`null` when the case has none).
    pub value: Value,
    /// The least value at which the rule fires.
    pub at: Value,
    /// For `order_total_base`: the least order total in the order's own currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_order_total: Option<Money>,
    /// For `hours_waiting`: when the complaint will have waited that long.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::rfc3339::serialize_opt"
    )]
    pub at_time: Option<DateTime<Utc>>,
}

fn step_up(u: Urgency) -> Urgency {
    match u {
        Urgency::Green => Urgency::Yellow,
        Urgency::Yellow => Urgency::Orange,
        Urgency::Orange | Urgency::Red => Urgency::Red,
    }
}

/// The grade the rules give when exactly the rules `fires` says fire.
fn grade_of(rules: &[UrgencyRule], default: Urgency, fires: impl Fn(usize) -> bool) -> Urgency {
    let mut u = default;
    for (i, r) in rules.iter().enumerate() {
        if let (Some(floor), true) = (r.at_least, fires(i)) {
            u = u.min(floor);
        }
    }
    for (i, r) in rules.iter().enumerate() {
        if let (Some(n), true) = (r.raise, fires(i)) {
            for _ in 0..n {
                u = step_up(u);
            }
        }
    }
    u
}

fn names<T: Serialize>(list: &[T]) -> Value {
    Value::List(
        list.iter()
            .filter_map(|x| serde_json::to_value(x).ok())
            .map(Value::from)
            .collect(),
    )
}

fn one<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).map_or(Value::Null, Value::from)
}

/// A condition of an urgency rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Category,
    Signals,
    OrderTotal,
    Dispute,
    Tier,
    Delay,
    Hours,
    BotTurns,
    Channel,
}

/// The conditions of `w` that fail, in order: the first, and how many fail.
fn failing(w: &UrgencyWhen, ctx: &Ctx<'_>, triage: &Triage) -> (Option<Part>, u8) {
    let case = ctx.case;
    let facts = &ctx.facts;
    let tier = facts.loyalty_tier;
    let total_base = facts.order_total_base.as_ref().map(|f| f.to.amount);
    let parts = [
        (
            Part::Category,
            !w.categories.is_empty() && !w.categories.contains(&triage.category),
        ),
        (
            Part::Signals,
            !w.signals_any.is_empty() && !w.signals_any.iter().any(|s| triage.signals.contains(s)),
        ),
        (
            Part::OrderTotal,
            w.min_order_total_base
                .is_some_and(|min| total_base.is_none_or(|t| t <= min.0)),
        ),
        (
            Part::Dispute,
            w.dispute_open.is_some_and(|d| d != case.dispute.is_some()),
        ),
        (Part::Tier, !w.tiers.is_empty() && !w.tiers.contains(&tier)),
        (
            Part::Delay,
            w.min_delay_days
                .is_some_and(|min| facts.delay_days.is_none_or(|d| d < min)),
        ),
        (
            Part::Hours,
            w.min_hours_waiting
                .is_some_and(|min| facts.hours_since_received < min),
        ),
        (
            Part::BotTurns,
            w.min_unresolved_bot_turns
                .is_some_and(|min| case.unresolved_bot_turns < min),
        ),
        (
            Part::Channel,
            !w.channels.is_empty() && !w.channels.contains(&case.channel),
        ),
    ];
    let mut first = None;
    let mut n = 0u8;
    for (p, fails) in parts {
        if fails {
            first.get_or_insert(p);
            n += 1;
        }
    }
    (first, n)
}

fn category_list(list: &[crate::case::Category]) -> Value {
    Value::List(
        list.iter()
            .map(|c| Value::Text(Name::Static(c.as_str())))
            .collect(),
    )
}

/// The miss of `rule` on the failing condition `p`, with the value seen and the threshold.
fn describe(p: Part, rule: &Name, w: &UrgencyWhen, ctx: &Ctx<'_>, triage: &Triage) -> Miss {
    let case = ctx.case;
    let facts = &ctx.facts;
    let total_base = facts.order_total_base.as_ref().map(|f| f.to);
    let (field, op, value, threshold) = match p {
        Part::Category => (
            "category",
            "in",
            Value::Text(Name::Static(triage.category.as_str())),
            category_list(&w.categories),
        ),
        Part::Signals => (
            "signals",
            "any_in",
            Value::from(triage.signals.clone()),
            Value::from(w.signals_any.clone()),
        ),
        Part::OrderTotal => {
            let min = w
                .min_order_total_base
                .map_or(rust_decimal::Decimal::ZERO, |m| m.0);
            let threshold = match total_base {
                Some(t) => Value::Money(Money::new(min, t.currency)),
                None => Value::Decimal(min),
            };
            ("order_total_base", "gt", Value::from(total_base), threshold)
        }
        Part::Dispute => (
            "dispute_open",
            "eq",
            Value::Bool(case.dispute.is_some()),
            Value::from(w.dispute_open),
        ),
        Part::Tier => (
            "tier",
            "in",
            one(&case.buyer.as_ref().map(|b| b.tier).unwrap_or_default()),
            names(&w.tiers),
        ),
        Part::Delay => (
            "delay_days",
            "gte",
            Value::from(facts.delay_days),
            Value::from(w.min_delay_days),
        ),
        Part::Hours => (
            "hours_waiting",
            "gte",
            Value::Int(facts.hours_since_received),
            Value::from(w.min_hours_waiting),
        ),
        Part::BotTurns => (
            "unresolved_bot_turns",
            "gte",
            Value::from(case.unresolved_bot_turns),
            Value::from(w.min_unresolved_bot_turns),
        ),
        Part::Channel => ("channel", "in", one(&case.channel), names(&w.channels)),
    };
    Miss::new(rule.clone(), field, op, value, threshold)
}

/// Why not and what would change it for the urgency rules: the rules that did not fire
/// (at most `limit`, and how many more) and the nearest changes that would raise the grade
/// (at most `limit`).
pub(crate) fn explain(
    rules: &[UrgencyRule],
    rule_names: &[Name],
    default: Urgency,
    ctx: &Ctx<'_>,
    triage: &Triage,
    limit: usize,
) -> (Vec<Miss>, usize, Vec<UrgencyChange>) {
    let fails: Vec<(Option<Part>, u8)> = rules
        .iter()
        .map(|r| failing(&r.when, ctx, triage))
        .collect();
    let fires = |i: usize| fails.get(i).is_some_and(|f| f.1 == 0);
    let mut missed = Vec::new();
    let mut omitted = 0;
    let mut changes = Vec::new();
    for (((i, (first, n)), rule), r) in fails.iter().enumerate().zip(rule_names).zip(rules) {
        let Some(first) = *first else { continue };
        if missed.len() < limit {
            missed.push(describe(first, rule, &r.when, ctx, triage));
        } else {
            omitted += 1;
        }
        let numeric = matches!(
            first,
            Part::OrderTotal | Part::Delay | Part::Hours | Part::BotTurns
        );
        if *n != 1 || !numeric || changes.len() >= limit {
            continue;
        }
        let grade = grade_of(rules, default, |k| k == i || fires(k));
        if grade >= triage.urgency {
            continue; // not more urgent than now
        }
        let m = describe(first, rule, &r.when, ctx, triage);
        if let Some(c) = change(&m, rule, grade, Some(r), ctx) {
            changes.push(c);
        }
    }
    (missed, omitted, changes)
}

/// The exact least value at which a rule missing by one numeric condition fires.
fn change(
    m: &Miss,
    rule: &Name,
    grade: Urgency,
    r: Option<&UrgencyRule>,
    ctx: &Ctx<'_>,
) -> Option<UrgencyChange> {
    let w = &r?.when;
    let mut c = UrgencyChange {
        rule: rule.clone(),
        grade,
        field: m.field.clone(),
        value: m.value.clone(),
        at: Value::Null,
        at_order_total: None,
        at_time: None,
    };
    match m.field.as_str() {
        "order_total_base" => {
            let min = w.min_order_total_base?.0;
            let x = ctx.facts.order_total_base.as_ref()?;
            let base = x.to.currency;
            // Strictly above the threshold: the next minor unit of the base currency.
            let at = floor_to(min, base).checked_add(minor_unit(base))?;
            c.at = Value::Money(Money::new(at, base));
            let from = x.from.currency;
            c.at_order_total = if from == base {
                Some(Money::new(at, base))
            } else {
                let last = largest_converting_within(from, Money::new(min, base), &ctx.fx)?;
                Some(Money::new(last.checked_add(minor_unit(from))?, from))
            };
        }
        "delay_days" => {
            // Only a late parcel has a delay to grow.
            ctx.facts.delay_days?;
            c.at = Value::Int(w.min_delay_days?);
        }
        "hours_waiting" => {
            let h = w.min_hours_waiting?;
            c.at = Value::Int(h);
            c.at_time = ctx
                .case
                .received_at
                .checked_add_signed(chrono::TimeDelta::try_hours(h)?);
        }
        "unresolved_bot_turns" => c.at = Value::from(w.min_unresolved_bot_turns?),
        _ => return None,
    }
    Some(c)
}

impl super::Compiled {
    /// Why not and what would change it for the urgency rules (see [`explain`]).
    pub(crate) fn urgency_why(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        limit: usize,
    ) -> (Vec<Miss>, usize, Vec<UrgencyChange>) {
        explain(
            &self.policy.urgency,
            &self.urgency_rules,
            self.policy.default_urgency,
            ctx,
            triage,
            limit,
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use crate::{api, Engine};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn case(total: &str, currency: &str) -> crate::case::Case {
        api::parse_case(&format!(
            r#"{{"id": "c1", "received_at": "2026-11-20T09:00:00Z", "channel": "email",
              "store": {{"id": "s1", "marketplace": "ebay", "country": "US"}},
              "category_hint": "not_received", "text": "where is it",
              "order": {{"id": "o1", "placed_at": "2026-11-01T10:00:00Z",
                        "total": {{"amount": "{total}", "currency": "{currency}"}}}}}}"#
        ))
        .unwrap()
    }

    proptest! {
        /// The reported order total makes the case red; one minor unit less does not.
        #[test]
        fn the_reported_order_total_moves_the_grade(cents in 1i64..49_000, cur in 0usize..3) {
            let currency = ["USD", "EUR", "JPY"][cur];
            let e = Engine::default();
            let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
            let scale = if currency == "JPY" { 0 } else { 2 };
            let amount = Decimal::new(cents, scale);
            let a = e.assess(&case(&amount.to_string(), currency), now).unwrap();
            let Some(ch) = a.what_would_change.urgency.iter()
                .find(|c| c.field == "order_total_base") else { return Ok(()); };
            let at = ch.at_order_total.unwrap();
            let hit = e.assess(&case(&at.amount.to_string(), currency), now).unwrap();
            prop_assert_eq!(hit.triage.urgency, ch.grade);
            let unit = crate::fx::minor_unit(at.currency);
            let below = e.assess(&case(&(at.amount - unit).to_string(), currency), now).unwrap();
            prop_assert!(below.triage.urgency > ch.grade);
        }
    }

    #[test]
    fn red_at_500_01_usd() {
        let e = Engine::default();
        let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
        let a = e.assess(&case("489.90", "USD"), now).unwrap();
        let ch = a
            .what_would_change
            .urgency
            .iter()
            .find(|c| c.field == "order_total_base")
            .unwrap();
        assert_eq!(
            serde_json::to_string(&ch.at).unwrap(),
            r#"{"amount":"500.01","currency":"USD"}"#
        );
        assert_eq!(ch.grade, crate::triage::Urgency::Red);
    }
}
