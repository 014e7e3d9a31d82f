//! Urgency rules: policy data over facts and triage. `at_least` rules set a floor (the
//! highest floor wins), then `raise` rules lift the grade one step each, capped at red.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, Channel, LoyaltyTier};
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;
use crate::name::Name;
use crate::stage::{Ctx, Draft};

use super::Urgency;

/// Conditions of an urgency rule; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgencyWhen {
    /// The category is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// At least one of these signals was seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals_any: Vec<String>,
    /// The order total, in the policy's base currency, is above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_order_total_base: Option<PolicyDecimal>,
    /// A marketplace or payment dispute is open (true) or not (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute_open: Option<bool>,
    /// The buyer's loyalty tier is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<LoyaltyTier>,
    /// The parcel is at least this many days late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_delay_days: Option<i64>,
    /// The complaint has waited at least this many hours since it was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hours_waiting: Option<i64>,
    /// The bot has had at least this many turns without resolving the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_unresolved_bot_turns: Option<u32>,
    /// The complaint came through one of these channels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
}

/// One urgency rule (`[[triage.urgency]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgencyRule {
    /// The rule's name, shown in the trace as `urgency.<name>`.
    pub name: String,
    /// When it fires.
    #[serde(default)]
    pub when: UrgencyWhen,
    /// The grade it guarantees at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Urgency>,
    /// Grades it raises by (1 = one step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raise: Option<u8>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl UrgencyRule {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if self.name.trim().is_empty() {
            out.push(Diagnostic::new(
                "policy.empty",
                format!("{path}.name"),
                "every urgency rule needs a name",
            ));
        }
        match (self.at_least, self.raise) {
            (Some(_), None) => {}
            (None, Some(n)) if (1..=3).contains(&n) => {}
            (None, Some(_)) => out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.raise"),
                "raise must be 1 to 3 grades",
            )),
            _ => out.push(
                Diagnostic::new(
                    "policy.invalid_rule",
                    path.to_owned(),
                    "give exactly one of at_least or raise",
                )
                .hint("at_least = \"orange\" or raise = 1"),
            ),
        }
    }
}

fn step_up(u: Urgency) -> Urgency {
    match u {
        Urgency::Green => Urgency::Yellow,
        Urgency::Yellow => Urgency::Orange,
        Urgency::Orange | Urgency::Red => Urgency::Red,
    }
}

/// Applies the rules; every firing rule is traced.
pub(crate) fn grade(
    rules: &[UrgencyRule],
    names: &[Name],
    default: Urgency,
    ctx: &Ctx<'_>,
    category: Category,
    signals: &[String],
    out: &mut Draft,
) -> Urgency {
    let case = ctx.case;
    let facts = &ctx.facts;
    let tier = facts.loyalty_tier;
    let total_base = facts.order_total_base.as_ref().map(|f| f.to.amount);
    // An order whose total has no rate into the base counts as high value when the
    // policy says so (the assessment carries the warning).
    let assume_high = total_base.is_none()
        && case.order.is_some()
        && ctx.fx.missing_rate() == crate::fx::MissingRate::HighValue;
    let fires = |w: &UrgencyWhen| {
        (w.categories.is_empty() || w.categories.contains(&category))
            && (w.signals_any.is_empty() || w.signals_any.iter().any(|s| signals.contains(s)))
            && w.min_order_total_base
                .is_none_or(|min| total_base.map_or(assume_high, |t| t > min.0))
            && w.dispute_open.is_none_or(|d| d == case.dispute.is_some())
            && (w.tiers.is_empty() || w.tiers.contains(&tier))
            && w.min_delay_days
                .is_none_or(|min| facts.delay_days.is_some_and(|d| d >= min))
            && w.min_hours_waiting
                .is_none_or(|min| facts.hours_since_received >= min)
            && w.min_unresolved_bot_turns
                .is_none_or(|min| case.unresolved_bot_turns >= min)
            && (w.channels.is_empty() || w.channels.contains(&case.channel))
    };
    let mut urgency = default;
    let firing: Vec<(&UrgencyRule, &Name)> = rules
        .iter()
        .zip(names)
        .filter(|(r, _)| fires(&r.when))
        .collect();
    for (r, rule) in firing.iter().filter(|(r, _)| r.at_least.is_some()) {
        let floor = r.at_least.unwrap_or(default);
        let step = out
            .trace
            .push("triage", *rule, "urgency.at_least")
            .with("grade", name(floor));
        describe(step, &r.when, ctx, total_base);
        if assume_high && r.when.min_order_total_base.is_some() {
            step.with("fx_fallback", "high_value");
        }
        // Urgency orders Red first: the smaller value is the more urgent.
        urgency = urgency.min(floor);
    }
    for (r, rule) in firing.iter().filter(|(r, _)| r.raise.is_some()) {
        let before = urgency;
        for _ in 0..r.raise.unwrap_or(0) {
            urgency = step_up(urgency);
        }
        let step = out
            .trace
            .push("triage", *rule, "urgency.raise")
            .with("from", name(before))
            .with("grade", name(urgency));
        describe(step, &r.when, ctx, total_base);
    }
    urgency
}

fn describe(
    step: &mut crate::explain::Step,
    w: &UrgencyWhen,
    ctx: &Ctx<'_>,
    total_base: Option<Decimal>,
) {
    if let (Some(min), Some(t)) = (w.min_order_total_base, total_base) {
        step.with("order_total_base", t)
            .with("min_order_total_base", min.0);
    }
    if w.min_delay_days.is_some() {
        step.with("delay_days", ctx.facts.delay_days);
    }
    if w.min_hours_waiting.is_some() {
        step.with("hours_waiting", ctx.facts.hours_since_received);
    }
    if w.min_unresolved_bot_turns.is_some() {
        step.with("unresolved_bot_turns", ctx.case.unresolved_bot_turns);
    }
}

/// The snake_case name of a grade.
pub(crate) fn name(u: Urgency) -> &'static str {
    match u {
        Urgency::Red => "red",
        Urgency::Orange => "orange",
        Urgency::Yellow => "yellow",
        Urgency::Green => "green",
    }
}
