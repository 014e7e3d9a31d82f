//! Malicious-claim risk: a 0-100 score, a band, an action, and the reasons.
//!
//! Every signal is a rule of the policy with a weight in points (negative lowers the
//! score), the value it saw and the threshold it crossed. The score is
//! `clamp(base_score + sum(points), 0, 100)`, after the fairness guard; the band and its
//! action come from the policy. Each signal's formula, default weight and source are in
//! `docs/risk.md`; the product (SKU) index is [`product_risk_index`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::name::Name;
use crate::stage::Action;
use crate::stage::{Ctx, Draft};
use crate::triage::Triage;

/// The names of a built-in signal, all static text: `signal!("claim_ratio")` is reason
/// code `risk.claim_ratio`, text key `risk.reason.claim_ratio` and trace rule
/// `signals.claim_ratio`, so a signal that fires allocates none of them.
macro_rules! signal {
    ($name:literal) => {
        $crate::risk::SignalName {
            code: $crate::name::Name::Static(concat!("risk.", $name)),
            text_key: $crate::name::Name::Static(concat!("risk.reason.", $name)),
            rule: $crate::name::Name::Static(concat!("signals.", $name)),
        }
    };
}

mod external;
mod policy;
mod product;
mod signals;
#[cfg(test)]
mod tests;

pub use external::{ExternalBand, ExternalScorePolicy};
pub use policy::{
    AddressMatch, AtLeast, AtMost, Below, ClaimLatency, ClaimRate, Fairness, Flag, GoodHistory,
    Premature, ProductIndexRule, ProofContradiction, ProofStrength, RiskPolicy, SerialReturns,
    Signals,
};
pub use product::product_risk_index;

/// What to do with a claim in a band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

/// How a signal compared the value it saw with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum Op {
    /// The value is at or above the threshold.
    #[serde(rename = ">=")]
    AtLeast,
    /// The value is at or below the threshold.
    #[serde(rename = "<=")]
    AtMost,
    /// The value is strictly below the threshold.
    #[serde(rename = "<")]
    Below,
    /// The value is the named state.
    #[serde(rename = "=")]
    Is,
}

/// One reason that moved the score (or, with 0 points, that shaped the outcome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Reason {
    /// Stable signal code (`risk.claim_ratio`).
    pub code: Name,
    /// Points contributed (negative lowers the score).
    pub points: i32,
    /// Key of the human-readable text (`risk.reason.claim_ratio`), for the host's translations.
    pub text_key: Name,
    /// The value the signal saw, as a string (`"1"`, `"signature"`, `"true"`).
    pub value: Name,
    /// How the value was compared with the threshold.
    pub op: Op,
    /// The threshold it crossed.
    pub threshold: Name,
    /// The factor the weight was scaled by (proof strength x address match), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<Name>,
    /// What it is about (a SKU, the counts behind a rate), if useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Name>,
}

/// A signal's reason code, text key and trace rule (see `signal!`).
#[derive(Debug, Clone)]
pub(crate) struct SignalName {
    pub code: Name,
    pub text_key: Name,
    pub rule: Name,
}

impl SignalName {
    /// The names of triage signal `code` (`risk.triage.anger`), known only at run time.
    fn triage(code: &str) -> SignalName {
        SignalName {
            code: Name::Owned(["risk.triage.", code].concat()),
            text_key: Name::Owned(["risk.reason.triage.", code].concat()),
            rule: Name::Owned(["signals.triage.", code].concat()),
        }
    }
}

/// A reason with the trace rule it is recorded under.
#[derive(Debug)]
pub(crate) struct Fired {
    reason: Reason,
    rule: Name,
}

impl Fired {
    fn new(
        name: SignalName,
        points: i32,
        value: impl Into<Name>,
        op: Op,
        threshold: impl Into<Name>,
    ) -> Fired {
        Fired {
            reason: Reason {
                code: name.code,
                points,
                text_key: name.text_key,
                value: value.into(),
                op,
                threshold: threshold.into(),
                factor: None,
                subject: None,
            },
            rule: name.rule,
        }
    }
}

impl std::ops::Deref for Fired {
    type Target = Reason;
    fn deref(&self) -> &Reason {
        &self.reason
    }
}

impl std::ops::DerefMut for Fired {
    fn deref_mut(&mut self) -> &mut Reason {
        &mut self.reason
    }
}

/// The `risk` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RiskAssessment {
    /// 0 (no concern) to 100.
    pub score: u32,
    /// The band's name.
    pub band: String,
    /// The band's action.
    pub action: RiskAction,
    /// Reasons by contribution: largest absolute points first, raising before lowering,
    /// then by code. `score = clamp(base_score + sum(points), 0, 100)`.
    pub reasons: Vec<Reason>,
}

/// Compiled risk stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: RiskPolicy,
}

impl Compiled {
    /// Validates the `risk` section (problems added to `out`, under `path`) and
    /// compiles it.
    pub(crate) fn compile(policy: &RiskPolicy, path: &str, out: &mut Vec<Diagnostic>) -> Compiled {
        crate::stage::compiled("risk");
        policy.validate(path, out);
        Compiled {
            policy: policy.clone(),
        }
    }

    /// Scores the case: every signal of the policy, the fairness guard, the band.
    pub(crate) fn assess(&self, ctx: &Ctx<'_>, triage: &Triage, out: &mut Draft) -> RiskAssessment {
        let found = signals::evaluate(&self.policy, ctx, triage);
        let mut reasons = found.reasons;
        if let (Some(p), Some(rc)) = (&self.policy.external_scores, &ctx.case.risk_context) {
            reasons.extend(p.reason(rc));
        }
        let raw = raw_score(self.policy.base_score, &reasons);
        let mut score = clamp(raw);
        if let (Some(f), true) = (&self.policy.fairness, found.good_history) {
            let positive: Vec<&Fired> = reasons.iter().filter(|r| r.points > 0).collect();
            let weak = positive.len() <= 1
                && positive
                    .iter()
                    .all(|r| i64::from(r.points) <= i64::from(f.weak_signal_points));
            if weak && score > f.good_history_cap {
                let cap = f.good_history_cap;
                let lowered = i64::from(cap) - raw;
                let mut r = Fired::new(
                    signal!("fairness.good_history_cap"),
                    i32::try_from(lowered).unwrap_or(0),
                    score.to_string(),
                    Op::AtMost,
                    cap.to_string(),
                );
                r.subject = positive.first().map(|p| p.code.clone());
                reasons.push(r);
                score = cap;
            }
        }
        reasons.sort_by(|a, b| {
            b.points
                .unsigned_abs()
                .cmp(&a.points.unsigned_abs())
                .then_with(|| b.points.cmp(&a.points))
                .then_with(|| a.code.cmp(&b.code))
        });
        for r in &reasons {
            let step = out.trace.push("risk", r.rule.clone(), r.code.clone());
            step.with("points", r.points)
                .with("value", r.value.clone())
                .with("threshold", r.threshold.clone());
            if let Some(f) = &r.factor {
                step.with("factor", f.clone());
            }
            if let Some(s) = &r.subject {
                step.with("subject", s.clone());
            }
        }
        if let Some(w) = found.wait_until {
            out.actions.push(Action {
                kind: "wait_for_carrier_window".into(),
                due_at: Some(w),
                send_after: None,
                params: [(
                    "reason".to_owned(),
                    serde_json::Value::from("risk.premature_not_received"),
                )]
                .into_iter()
                .collect(),
            });
        }
        let band = self
            .policy
            .bands
            .iter()
            .rev()
            .find(|b| b.min_score <= score);
        let band_name = band.map_or_else(|| "unbanded".to_owned(), |b| b.name.clone());
        out.trace
            .push("risk", "bands", format!("risk.band.{band_name}"))
            .with("score", score)
            .with("base_score", self.policy.base_score);
        RiskAssessment {
            score,
            band: band_name,
            action: band.map_or(RiskAction::Proceed, |b| b.action),
            reasons: reasons.into_iter().map(|f| f.reason).collect(),
        }
    }
}

/// `base + sum(points)`, unclamped.
fn raw_score(base: u32, reasons: &[Fired]) -> i64 {
    reasons.iter().fold(i64::from(base), |acc, r| {
        acc.saturating_add(i64::from(r.points))
    })
}

fn clamp(raw: i64) -> u32 {
    u32::try_from(raw.clamp(0, 100)).unwrap_or(0)
}
