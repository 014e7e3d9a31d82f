//! Market overrides: what changes with the market whose rules apply.
//!
//! Every entry whose `markets` list holds the case's market applies, in policy order;
//! for the template style and language the last matching entry wins, so list a region
//! (EU) before a country (DE).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::outcomes::OutcomeSpec;
use crate::duration::PolicyDuration;
use crate::error::Diagnostic;

/// One market override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketRule {
    /// Stable id, shown in the trace.
    pub id: String,
    /// ISO countries it applies to.
    pub markets: Vec<String>,
    /// Outcomes added to every option (Japan: apology and a gift).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_to_all: Vec<OutcomeSpec>,
    /// Recommend the first option without cash when the recommended one pays cash.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prefer_non_cash: bool,
    /// Options that pay cash must be paid within this time of the complaint (Brazil).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_within: Option<PolicyDuration>,
    /// Notes for the host to show or respect (`withdrawal_right`, `avoid_green_templates`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteSpec>,
    /// The reply style (`direct`, `explanatory`, `detailed_explanation` ...): the template
    /// key is `remedy.<style>.<language>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// The template language when triage found none (BCP 47 primary tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A note a market rule attaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteSpec {
    /// Stable key for the host (`withdrawal_right`).
    pub key: String,
    /// A number of days the note is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

pub(crate) fn validate(rules: &[MarketRule], path: &str, out: &mut Vec<Diagnostic>) {
    for (i, m) in rules.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if m.id.trim().is_empty() {
            out.push(Diagnostic::new(
                "policy.empty",
                format!("{p}.id"),
                "an id is needed",
            ));
        }
        if m.markets.is_empty() {
            out.push(Diagnostic::new(
                "policy.remedy.markets",
                format!("{p}.markets"),
                "list at least one market",
            ));
        }
        for (j, c) in m.markets.iter().enumerate() {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                out.push(
                    Diagnostic::new(
                        "policy.invalid_country",
                        format!("{p}.markets[{j}]"),
                        format!("`{c}` is not an ISO 3166-1 alpha-2 code"),
                    )
                    .hint("use two upper-case letters, e.g. \"JP\""),
                );
            }
        }
        for (j, o) in m.add_to_all.iter().enumerate() {
            o.validate(&format!("{p}.add_to_all[{j}]"), out);
        }
        for (j, n) in m.notes.iter().enumerate() {
            if n.key.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{p}.notes[{j}].key"),
                    "a note needs a key",
                ));
            }
        }
    }
}
