//! The buyer summary: what a host may show or send the buyer, as message keys with
//! parameters and the text rendered from the policy's templates in the buyer's language.
//!
//! It reads only the remedy menu (the recommended offer and its outcomes), the notes, the
//! deadlines the policy names and the case id: never the risk score or band, the signals
//! or the reasons, nor anything about another buyer.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::explain::{Value, Values};
use crate::name::Name;
use crate::remedy::{Band, Kind, Outcome};

use super::{ExplainPolicy, Outputs};

/// One message for the buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BuyerMessage {
    /// Stable key (`buyer.offer`, `buyer.outcome.full_refund` ...), for the host's own
    /// translations.
    pub key: Name,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "Values::is_empty")]
    pub params: Values,
    /// The text rendered from the policy's template, when one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The `buyer_summary` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BuyerSummary {
    /// The language of the texts: the buyer's, the message's, else the policy's fallback.
    pub language: String,
    /// The messages, in the order to show them.
    pub messages: Vec<BuyerMessage>,
}

/// The template table for the first of `candidates` the policy has messages in.
fn pick<'p>(
    p: &'p ExplainPolicy,
    candidates: &[Option<&str>],
) -> (String, Option<&'p BTreeMap<String, String>>) {
    for c in candidates.iter().flatten() {
        let primary = c.split(['-', '_']).next().unwrap_or(c);
        for tag in [*c, primary] {
            if let Some((k, t)) = p.messages.iter().find(|(k, _)| k.eq_ignore_ascii_case(tag)) {
                return (k.clone(), Some(t));
            }
        }
    }
    (
        p.fallback_language.clone(),
        p.messages.get(&p.fallback_language),
    )
}

fn param_text(v: &Value) -> String {
    match v {
        Value::Money(m) => format!("{} {}", m.amount, m.currency),
        Value::Text(t) => t.to_string(),
        Value::Time(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        other => serde_json::to_value(other)
            .map(|j| match j {
                serde_json::Value::String(s) => s,
                j => j.to_string(),
            })
            .unwrap_or_default(),
    }
}

/// Replaces each `{name}` of `template` by its parameter.
fn render(template: &str, params: &Values) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 1..).unwrap_or_default();
        let Some(j) = after.find('}') else {
            out.push_str(rest.get(i..).unwrap_or_default());
            return out;
        };
        let name = after.get(..j).unwrap_or_default();
        match params.get(name) {
            Some(v) => out.push_str(&param_text(v)),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after.get(j + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn outcome_params(o: &Outcome) -> Values {
    let mut v = Values::default();
    if let Some(a) = o.amount {
        v.insert(Name::Static("amount"), Value::Money(a));
    }
    if let Some(p) = o.percent {
        v.insert(Name::Static("percent"), Value::Decimal(p.normalize()));
    }
    if let Some(d) = o.days {
        v.insert(Name::Static("days"), Value::from(d));
    }
    if let Some(p) = o.points {
        v.insert(Name::Static("points"), Value::from(p));
    }
    v
}

/// Builds the summary.
pub(crate) fn summary(p: &ExplainPolicy, case: &Case, o: &Outputs<'_>) -> BuyerSummary {
    let buyer_lang = case.buyer.as_ref().and_then(|b| b.language.as_deref());
    let (language, table) = pick(p, &[buyer_lang, o.triage.language.as_deref()]);
    let fallback = p.messages.get(&p.fallback_language);
    let mut messages = Vec::with_capacity(8);
    let mut say = |key: String, params: Values| {
        let template = table
            .and_then(|t| t.get(&key))
            .or_else(|| fallback.and_then(|t| t.get(&key)));
        messages.push(BuyerMessage {
            text: template.map(|t| render(t, &params)),
            key: Name::from(key),
            params,
        });
    };
    say("buyer.received".to_owned(), Values::default());
    let offer = o
        .remedy
        .recommended
        .and_then(|i| o.remedy.options.get(i))
        .filter(|x| x.band != Band::Blocked);
    match offer {
        Some(x) => {
            let key = if x.band == Band::Auto {
                "buyer.offer"
            } else {
                "buyer.offer_pending"
            };
            say(key.to_owned(), Values::default());
            for out in &x.outcomes {
                let kind = out.kind.as_str();
                let key = if out.kind == Kind::Coupon && out.amount.is_some() {
                    "buyer.outcome.coupon_amount".to_owned()
                } else {
                    format!("buyer.outcome.{kind}")
                };
                say(key, outcome_params(out));
            }
        }
        None => say("buyer.reviewing".to_owned(), Values::default()),
    }
    let has = |key: &str| {
        table.is_some_and(|t| t.contains_key(key)) || fallback.is_some_and(|t| t.contains_key(key))
    };
    // Notes and deadlines are told only when the policy has a template for them: the
    // others are for the host.
    for n in &o.remedy.notes {
        if !has(&format!("buyer.note.{}", n.key)) {
            continue;
        }
        let mut v = Values::default();
        if let Some(d) = n.days {
            v.insert(Name::Static("days"), Value::from(d));
        }
        say(format!("buyer.note.{}", n.key), v);
    }
    for name in &p.buyer_deadlines {
        if let Some(d) = o
            .sla
            .deadlines
            .iter()
            .find(|d| d.name == name.as_str() && !d.breached)
        {
            let mut v = Values::default();
            v.insert(Name::Static("due_at"), Value::Time(d.due_at));
            say(format!("buyer.deadline.{name}"), v);
        }
    }
    let mut v = Values::default();
    v.insert(Name::Static("case_id"), Value::from(case.id.clone()));
    say("buyer.dispute".to_owned(), v);
    BuyerSummary { language, messages }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_their_parameters() {
        let mut v = Values::default();
        v.insert(Name::Static("days"), Value::from(14u32));
        assert_eq!(render("within {days} days {x}", &v), "within 14 days {x}");
        assert_eq!(render("open {", &v), "open {");
    }
}
