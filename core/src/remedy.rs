//! Remedy: what to offer, at which tier, and who may approve it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::{Ctx, Draft};
use crate::error::{Diagnostic, Error};
use crate::money::Money;
use crate::risk::RiskAssessment;
use crate::triage::Triage;

/// Compensation tiers from the domain: L1 coupon or points, L2 partial refund or reship,
/// L3 full refund plus a gift.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Tier {
    /// Small coupon or points.
    L1,
    /// Partial refund or reship.
    L2,
    /// Full refund plus a gift.
    L3,
}

/// The `remedy` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemedyPolicy {}

impl RemedyPolicy {
    pub(crate) fn validate(&self, _path: &str, _out: &mut Vec<Diagnostic>) {}
}

/// One option offered to the buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Outcome kind (`coupon`, `partial_refund`, `reship` ...).
    pub kind: String,
    /// Its tier.
    pub tier: Tier,
    /// The money involved, rounded to the currency's minor unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The lowest role that may approve it.
    pub approver: String,
}

/// Whether a remedy was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemedyStatus {
    /// A rule group produced options.
    Offered,
    /// No rule of the policy matched this case.
    NoRuleMatched,
}

/// The `remedy` section of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// Whether anything is offered.
    pub status: RemedyStatus,
    /// The highest tier among the options.
    pub tier: Option<Tier>,
    /// The menu.
    pub options: Vec<Offer>,
    /// Index into `options` of the recommended one.
    pub recommended: Option<usize>,
}

/// Compiled remedy stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled;

impl Compiled {
    pub(crate) fn new(_policy: &RemedyPolicy) -> Compiled {
        Compiled
    }

    pub(crate) fn assess(
        &self,
        _ctx: &Ctx<'_>,
        _triage: &Triage,
        _risk: &RiskAssessment,
        out: &mut Draft,
    ) -> Result<Remedy, Error> {
        out.trace
            .push("remedy", "rule_groups", "remedy.no_rule_matched");
        Ok(Remedy {
            status: RemedyStatus::NoRuleMatched,
            tier: None,
            options: Vec::new(),
            recommended: None,
        })
    }
}
