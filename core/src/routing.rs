//! Routing: which queue, which skills, front line or back line.
//!
//! Every rule whose conditions hold adds its skills; the first one that names a queue
//! decides the queue and the line. The language skill (`lang.<code>`) is always added,
//! and a language the front line does not cover makes the case a minor-language case.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, LoyaltyTier};
use crate::error::Diagnostic;
use crate::name::Name;
use crate::remedy::Remedy;
use crate::risk::RiskAssessment;
use crate::stage::{Ctx, Draft};
use crate::triage::{Triage, Urgency};

/// Front line (bot and generalists) or back line (specialists).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Line {
    /// Bot and generalist agents.
    #[default]
    Front,
    /// Specialists.
    Back,
}

/// Conditions of a routing rule; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteWhen {
    /// The category is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// The buyer's loyalty tier is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<LoyaltyTier>,
    /// The urgency is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_urgency: Option<Urgency>,
    /// The language is (true) or is not (false) outside the front line's languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor_language: Option<bool>,
    /// At least one of these triage signals was seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals_any: Vec<String>,
    /// An item of the order belongs to one of these product lines (`product_category`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_lines: Vec<String>,
    /// The order total in the policy's base currency is at least this; an order without
    /// a rate counts as above it when `[fx] missing_rate = "high_value"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_order_total_base: Option<crate::money::PolicyDecimal>,
    /// The bot failed to resolve at least this many turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_unresolved_bot_turns: Option<u32>,
}

/// One routing rule (`[[routing.rules]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteRule {
    /// The rule's name, shown in the trace as `route.<name>`.
    pub name: String,
    /// When it applies.
    #[serde(default)]
    pub when: RouteWhen,
    /// The queue it sends the case to (the first matching rule with a queue wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// The line of that queue.
    #[serde(default)]
    pub line: Line,
    /// Skills the handler needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The `routing` section of the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingPolicy {
    /// Queue for cases no rule routes elsewhere.
    #[serde(default = "front_line")]
    pub default_queue: String,
    /// Line of the default queue.
    #[serde(default)]
    pub default_line: Line,
    /// Languages the front line answers (BCP 47 primary subtags or full tags). Empty:
    /// every language counts as covered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub front_languages: Vec<String>,
    /// Rules in order of precedence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RouteRule>,
}

fn front_line() -> String {
    "front_line".to_owned()
}

impl Default for RoutingPolicy {
    fn default() -> Self {
        RoutingPolicy {
            default_queue: front_line(),
            default_line: Line::Front,
            front_languages: Vec::new(),
            rules: Vec::new(),
        }
    }
}

impl RoutingPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if self.default_queue.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    "policy.empty",
                    format!("{path}.default_queue"),
                    "a default queue is required",
                )
                .hint("e.g. default_queue = \"front_line\""),
            );
        }
        for (i, r) in self.rules.iter().enumerate() {
            if r.name.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{path}.rules[{i}].name"),
                    "every routing rule needs a name",
                ));
            }
            if r.queue.as_deref().is_some_and(|q| q.trim().is_empty()) {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{path}.rules[{i}].queue"),
                    "the queue name is empty",
                ));
            }
            if r.queue.is_none() && r.skills.is_empty() {
                out.push(
                    Diagnostic::new(
                        "policy.invalid_rule",
                        format!("{path}.rules[{i}]"),
                        "the rule neither names a queue nor adds skills",
                    )
                    .hint("add queue = \"...\" or skills = [\"...\"]"),
                );
            }
        }
    }
}

/// The `routing` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Route {
    /// Queue name.
    pub queue: String,
    /// Front or back line.
    pub line: Line,
    /// Skills the handler needs (`lang.pt`, `customs`), sorted.
    pub skills: Vec<String>,
    /// Priority, the triage urgency.
    pub priority: Urgency,
}

/// Compiled routing stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: RoutingPolicy,
    /// `route.<name>` of each rule, as the trace and `why_not` name it.
    names: Vec<Name>,
}

impl Compiled {
    /// Validates the `routing` section (problems added to `out`, under `path`) and
    /// compiles it.
    pub(crate) fn compile(
        policy: &RoutingPolicy,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Compiled {
        crate::stage::compiled("routing");
        policy.validate(path, out);
        Compiled {
            policy: policy.clone(),
            names: (policy.rules.iter())
                .map(|r| Name::shared(format!("route.{}", r.name)))
                .collect(),
        }
    }

    fn minor_language(&self, language: Option<&str>) -> bool {
        let p = &self.policy;
        match language {
            None => false,
            Some(_) if p.front_languages.is_empty() => false,
            Some(l) => {
                let primary = l.split(['-', '_']).next().unwrap_or(l);
                !p.front_languages
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(l) || f.eq_ignore_ascii_case(primary))
            }
        }
    }

    pub(crate) fn assess(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        _risk: &RiskAssessment,
        _remedy: &Remedy,
        out: &mut Draft,
    ) -> Route {
        let tier = ctx.facts.loyalty_tier;
        let minor = self.minor_language(triage.language.as_deref());
        let mut skills: Vec<String> = triage
            .language
            .iter()
            .map(|l| format!("lang.{l}"))
            .collect();
        let mut chosen: Option<(&str, Line, &str)> = None;
        for (r, name) in self.policy.rules.iter().zip(&self.names) {
            let w = &r.when;
            let fires = (w.categories.is_empty() || w.categories.contains(&triage.category))
                && (w.tiers.is_empty() || w.tiers.contains(&tier))
                // Urgency orders Red first: "at least orange" is `<= Orange`.
                && w.min_urgency.is_none_or(|u| triage.urgency <= u)
                && w.minor_language.is_none_or(|m| m == minor)
                && (w.signals_any.is_empty()
                    || w.signals_any.iter().any(|s| triage.signals.contains(s)))
                && (w.product_lines.is_empty()
                    || ctx.case.order.as_ref().is_some_and(|o| {
                        o.items.iter().any(|i| {
                            i.product_category
                                .as_ref()
                                .is_some_and(|c| w.product_lines.contains(c))
                        })
                    }))
                && w.min_order_total_base.is_none_or(|min| {
                    ctx.facts.order_total_base.as_ref().map_or(
                        ctx.case.order.is_some()
                            && ctx.fx.missing_rate() == crate::fx::MissingRate::HighValue,
                        |t| t.to.amount >= min.0,
                    )
                })
                && w.min_unresolved_bot_turns
                    .is_none_or(|n| ctx.case.unresolved_bot_turns >= n);
            if !fires {
                continue;
            }
            skills.extend(r.skills.iter().cloned());
            let decides = chosen.is_none() && r.queue.is_some();
            let step = out.trace.push(
                "routing",
                name.clone(),
                if decides {
                    "routing.queue"
                } else {
                    "routing.skills"
                },
            );
            if let Some(q) = &r.queue {
                step.with("queue", q.clone());
            }
            if !r.skills.is_empty() {
                step.with("skills", r.skills.clone());
            }
            if decides {
                if let Some(q) = &r.queue {
                    chosen = Some((q.as_str(), r.line, r.name.as_str()));
                }
            }
        }
        skills.sort();
        skills.dedup();
        let (queue, line) = match chosen {
            Some((q, l, _)) => (q.to_owned(), l),
            None => {
                out.trace
                    .push("routing", "default_queue", "routing.default")
                    .with("queue", self.policy.default_queue.clone());
                (self.policy.default_queue.clone(), self.policy.default_line)
            }
        };
        Route {
            queue,
            line,
            skills,
            priority: triage.urgency,
        }
    }
}

impl Compiled {
    /// The routing rules that did not fire, each with its first failing condition (at
    /// most `limit`), and how many more did not.
    pub(crate) fn why_not(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        limit: usize,
    ) -> (Vec<crate::explain::Miss>, usize) {
        use crate::explain::{Miss, Value};
        fn json<T: Serialize>(x: &T) -> Value {
            serde_json::to_value(x).map_or(Value::Null, Value::from)
        }
        let tier = ctx.facts.loyalty_tier;
        let minor = self.minor_language(triage.language.as_deref());
        let mut missed = Vec::new();
        let mut omitted = 0;
        for (r, name) in self.policy.rules.iter().zip(&self.names) {
            let w = &r.when;
            let (field, op, value, threshold) =
                if !w.categories.is_empty() && !w.categories.contains(&triage.category) {
                    (
                        "category",
                        "in",
                        Value::Text(crate::name::Name::Static(triage.category.as_str())),
                        Value::List(
                            w.categories
                                .iter()
                                .map(|c| Value::Text(crate::name::Name::Static(c.as_str())))
                                .collect(),
                        ),
                    )
                } else if !w.tiers.is_empty() && !w.tiers.contains(&tier) {
                    ("tier", "in", json(&tier), json(&w.tiers))
                } else if let Some(u) = w.min_urgency.filter(|u| triage.urgency > *u) {
                    ("urgency", "at_least", json(&triage.urgency), json(&u))
                } else if let Some(m) = w.minor_language.filter(|m| *m != minor) {
                    ("minor_language", "eq", Value::Bool(minor), Value::Bool(m))
                } else if !w.signals_any.is_empty()
                    && !w.signals_any.iter().any(|s| triage.signals.contains(s))
                {
                    (
                        "signals",
                        "any_in",
                        Value::from(triage.signals.clone()),
                        Value::from(w.signals_any.clone()),
                    )
                } else {
                    continue;
                };
            if missed.len() >= limit {
                omitted += 1;
                continue;
            }
            missed.push(Miss::new(name.clone(), field, op, value, threshold));
        }
        (missed, omitted)
    }
}
