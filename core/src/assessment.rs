//! The one output of [`crate::Engine::assess`].

use std::str::FromStr;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};
use crate::explain::Trace;
pub use crate::stage::{Action, Warning};

/// Identity of the policy that decided: id, version and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// Policy version.
    pub version: String,
    /// SHA-256 of the policy's canonical JSON.
    pub hash: String,
}

/// Everything the engine decided about one case, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Assessment {
    /// The case's id.
    pub case_id: String,
    /// The `now` the assessment was made at.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    pub assessed_at: DateTime<Utc>,
    /// The policy that decided.
    pub policy: PolicyRef,
    /// Facts derived from the case at `now` that the rules compared.
    pub facts: crate::facts::Facts,
    /// What it is and how urgent.
    pub triage: crate::triage::Triage,
    /// How likely the claim is abusive.
    pub risk: crate::risk::RiskAssessment,
    /// What to offer and who may approve it.
    pub remedy: crate::remedy::Remedy,
    /// Who should handle it.
    pub routing: crate::routing::Route,
    /// Deadlines now running.
    pub sla: crate::sla::Sla,
    /// What the host should do.
    pub actions: Vec<Action>,
    /// What could not be done as the policy meant (a missing exchange rate) and the
    /// fallback applied; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Why.
    pub trace: Trace,
    /// What did not fire, and why.
    #[serde(default)]
    pub why_not: crate::why::WhyNot,
    /// The smallest changes that would move the decision.
    #[serde(default)]
    pub what_would_change: crate::why::WhatWouldChange,
    /// What the buyer may be told.
    #[serde(default)]
    pub buyer_summary: crate::why::BuyerSummary,
}

/// Which sections of an assessment to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Sections {
    /// Every section and the trace: the `assessment` schema.
    #[default]
    Full,
    /// What was decided, without reasons or trace: the `decision` schema.
    Decision,
}

impl Sections {
    /// Every accepted name, in order.
    pub const NAMES: [&'static str; 2] = ["full", "decision"];

    /// The name a host passes (`full`, `decision`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sections::Full => "full",
            Sections::Decision => "decision",
        }
    }

    /// Reads a host's `sections` argument; anything else is `input.unknown_sections`.
    pub fn parse(name: &str) -> Result<Sections, Error> {
        match name {
            "full" => Ok(Sections::Full),
            "decision" => Ok(Sections::Decision),
            _ => Err(Error::input(
                Diagnostic::new(
                    "input.unknown_sections",
                    "sections",
                    format!(
                        "no sections named `{}`",
                        name.chars().take(40).collect::<String>()
                    ),
                )
                .hint("use `full` (every section and the trace) or `decision`"),
            )),
        }
    }
}

impl FromStr for Sections {
    type Err = Error;
    fn from_str(s: &str) -> Result<Sections, Error> {
        Sections::parse(s)
    }
}
