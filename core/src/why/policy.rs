//! The `[explain]` section of the policy: the bounds of the `why_not` and
//! `what_would_change` sections, and the buyer message templates.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// The `[explain]` section of the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainPolicy {
    /// Whether assessments carry the `why_not`, `what_would_change` and `buyer_summary`
    /// sections (empty when off).
    #[serde(default = "enabled", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Most rules listed per group in `why_not` (each remedy group, the urgency rules,
    /// the routing rules, the risk bands), and most changes per list in
    /// `what_would_change`; the rest are counted in `omitted`.
    #[serde(default = "per_group")]
    pub per_group: usize,
    /// Most offers described in `what_would_change`.
    #[serde(default = "max_offers")]
    pub max_offers: usize,
    /// The language of the buyer summary when no template exists in the buyer's language.
    #[serde(default = "fallback_language")]
    pub fallback_language: String,
    /// The deadlines (by name) the buyer summary mentions, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buyer_deadlines: Vec<String>,
    /// Message templates per language (BCP 47 primary subtag or full tag): message key to
    /// text, with `{param}` placeholders.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
}

// The defaults of a policy without an `[explain]` section; the embedded default policy
// states the same values.
fn enabled() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn per_group() -> usize {
    5
}

fn max_offers() -> usize {
    12
}

fn fallback_language() -> String {
    "en".to_owned()
}

impl Default for ExplainPolicy {
    fn default() -> ExplainPolicy {
        ExplainPolicy {
            enabled: enabled(),
            per_group: per_group(),
            max_offers: max_offers(),
            fallback_language: fallback_language(),
            buyer_deadlines: Vec::new(),
            messages: BTreeMap::new(),
        }
    }
}

/// Largest `per_group` and `max_offers` accepted, so the output stays small.
const MAX_BOUND: usize = 100;

impl ExplainPolicy {
    /// Whether it is the default (left out of the canonical policy).
    pub fn is_default(&self) -> bool {
        *self == ExplainPolicy::default()
    }

    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (key, v) in [
            ("per_group", self.per_group),
            ("max_offers", self.max_offers),
        ] {
            if v > MAX_BOUND {
                out.push(
                    Diagnostic::new(
                        "policy.explain.bound",
                        format!("{path}.{key}"),
                        format!("{v} is above the largest bound, {MAX_BOUND}"),
                    )
                    .hint("the explanation sections are bounded so the output stays small"),
                );
            }
        }
        if !self.messages.is_empty() && !self.messages.contains_key(&self.fallback_language) {
            out.push(
                Diagnostic::new(
                    "policy.explain.fallback_language",
                    format!("{path}.fallback_language"),
                    format!(
                        "no messages in the fallback language `{}`",
                        self.fallback_language.chars().take(16).collect::<String>()
                    ),
                )
                .hint("add [explain.messages.<fallback_language>] or name a language that has messages"),
            );
        }
        for (lang, table) in &self.messages {
            for (key, text) in table {
                if !balanced(text) {
                    out.push(
                        Diagnostic::new(
                            "policy.explain.template",
                            format!("{path}.messages.{lang}.{key}"),
                            "unbalanced `{` or `}` in the template",
                        )
                        .hint("parameters are written {name}"),
                    );
                }
            }
        }
    }
}

fn balanced(text: &str) -> bool {
    let mut open = false;
    for c in text.chars() {
        match (c, open) {
            ('{', false) => open = true,
            ('}', true) => open = false,
            ('{', true) | ('}', false) => return false,
            _ => {}
        }
    }
    !open
}
