//! Malicious-claim risk: a 0-100 score, a band, an action, and the reasons.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::{Ctx, Draft};
use crate::error::Diagnostic;
use crate::triage::Triage;

/// What to do with a claim in a band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskAction {
    /// Handle normally.
    #[default]
    Proceed,
    /// Ask for evidence before paying.
    CollectEvidence,
    /// A person reviews before anything is granted.
    ManualReview,
}

/// A score band: scores at or above `min_score` (up to the next band) fall in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Band name (`low`, `elevated`, `high`).
    pub name: String,
    /// Lowest score in the band, 0-100.
    pub min_score: u32,
    /// What the band asks for.
    pub action: RiskAction,
}

/// The `risk` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskPolicy {
    /// Bands in ascending `min_score`, the first starting at 0.
    #[serde(default)]
    pub bands: Vec<Band>,
}

impl RiskPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if let Some(first) = self.bands.first() {
            if first.min_score != 0 {
                out.push(Diagnostic::new(
                    "policy.risk.bands",
                    format!("{path}.bands[0].min_score"),
                    "the first band must start at 0",
                ));
            }
        }
        for (i, pair) in self.bands.windows(2).enumerate() {
            if let [a, b] = pair {
                if b.min_score <= a.min_score {
                    out.push(Diagnostic::new(
                        "policy.risk.bands",
                        format!("{path}.bands[{}].min_score", i + 1),
                        "bands must be in strictly ascending min_score",
                    ));
                }
            }
        }
        for (i, b) in self.bands.iter().enumerate() {
            if b.min_score > 100 {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.bands[{i}].min_score"),
                    "scores run from 0 to 100",
                ));
            }
        }
    }
}

/// One reason that moved the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Stable signal code (`risk.claim_ratio`).
    pub code: String,
    /// Points contributed (negative lowers the score).
    pub points: i32,
}

/// The `risk` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    /// 0 (no concern) to 100.
    pub score: u32,
    /// The band's name.
    pub band: String,
    /// The band's action.
    pub action: RiskAction,
    /// Reasons by contribution, largest first.
    pub reasons: Vec<Reason>,
}

/// Compiled risk stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: RiskPolicy,
}

impl Compiled {
    pub(crate) fn new(policy: &RiskPolicy) -> Compiled {
        Compiled {
            policy: policy.clone(),
        }
    }

    /// No signals are scored yet: the score is 0 and falls in the policy's lowest band.
    pub(crate) fn assess(
        &self,
        _ctx: &Ctx<'_>,
        _triage: &Triage,
        out: &mut Draft,
    ) -> RiskAssessment {
        let score = 0;
        let band = self
            .policy
            .bands
            .iter()
            .rev()
            .find(|b| b.min_score <= score);
        out.trace
            .push("risk", "bands", "risk.no_signals")
            .with("score", score);
        RiskAssessment {
            score,
            band: band.map_or_else(|| "unbanded".to_owned(), |b| b.name.clone()),
            action: band.map_or(RiskAction::Proceed, |b| b.action),
            reasons: Vec::new(),
        }
    }
}
