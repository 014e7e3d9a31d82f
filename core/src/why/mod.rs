//! Why not, what would change it, and what the buyer may be told: three sections every
//! assessment carries beside the trace.
//!
//! - `why_not`: per remedy group the rules before the one that decided (first hit) or
//!   that did not fire (collect all), each with its first failing condition, the value it
//!   saw and the threshold; the same for the urgency rules, the routing rules and the risk
//!   bands above the score. Bounded by `explain.per_group`.
//! - `what_would_change`: exact counterfactuals in decimal: per offer the value up to which
//!   its approver stays and the role needed above it, the cap that binds and by how much,
//!   what would unblock it; the least values that would raise the urgency; the points to
//!   the next risk band and the signals that carry the current one.
//! - `buyer_summary`: message keys with parameters, rendered in the buyer's language where
//!   the policy has a template: no score, no signal names, nothing about other buyers.
//!
//! The sections are computed after the stages, from their outputs and the same facts;
//! no stage is evaluated differently because of them.

mod buyer;
pub mod policy;
mod risk;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::explain::Miss;
use crate::remedy::{GroupMisses, OfferChange, Remedy};
use crate::risk::{RiskAssessment, RiskPolicy};
use crate::sla::Sla;
use crate::stage::Ctx;
use crate::triage::{Triage, UrgencyChange};

pub use buyer::{BuyerMessage, BuyerSummary};
pub use policy::ExplainPolicy;
pub use risk::{BandStep, Carrier, RiskChange};

/// Rules of one list that did not fire, bounded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleMisses {
    /// Each rule that did not fire with its first failing condition, in policy order.
    pub missed: Vec<Miss>,
    /// How many more did not fire than are listed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The `why_not` section: what did not fire, and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WhyNot {
    /// One entry per remedy rule group, in policy order.
    pub remedy: Vec<GroupMisses>,
    /// The urgency rules that did not fire.
    pub urgency: RuleMisses,
    /// The routing rules that did not fire.
    pub routing: RuleMisses,
    /// The risk bands above the score (`risk.score` below their `min_score`).
    pub risk_bands: RuleMisses,
}

/// The `what_would_change` section: the smallest changes that would move the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WhatWouldChange {
    /// Per offer of the menu (at most `explain.max_offers`), in menu order.
    pub offers: Vec<OfferChange>,
    /// The least values that would make one more urgency rule fire and raise the grade.
    pub urgency: Vec<UrgencyChange>,
    /// Points to the neighbouring risk bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskChange>,
}

/// The three sections of one assessment.
pub(crate) struct Sections {
    pub why_not: WhyNot,
    pub what_would_change: WhatWouldChange,
    pub buyer_summary: BuyerSummary,
}

/// The stage outputs the sections read.
pub(crate) struct Outputs<'a> {
    pub triage: &'a Triage,
    pub risk: &'a RiskAssessment,
    pub remedy: &'a Remedy,
    pub sla: &'a Sla,
}

/// The compiled stages the sections re-read.
pub(crate) struct Stages<'a> {
    pub triage: &'a crate::triage::Compiled,
    pub risk: &'a RiskPolicy,
    pub remedy: &'a crate::remedy::Compiled,
    pub routing: &'a crate::routing::Compiled,
    pub explain: &'a ExplainPolicy,
}

/// Builds the three sections, or leaves them empty when the policy turns them off or the
/// output does not carry them (`wanted` false: the decision form).
pub(crate) fn build_if_enabled(
    stages: &Stages<'_>,
    ctx: &Ctx<'_>,
    o: &Outputs<'_>,
    wanted: bool,
) -> Sections {
    if wanted && stages.explain.enabled {
        build(stages, ctx, o)
    } else {
        Sections {
            why_not: WhyNot::default(),
            what_would_change: WhatWouldChange::default(),
            buyer_summary: BuyerSummary::default(),
        }
    }
}

/// Builds the three sections.
fn build(stages: &Stages<'_>, ctx: &Ctx<'_>, o: &Outputs<'_>) -> Sections {
    let limit = stages.explain.per_group;
    let (u_missed, u_omitted, u_changes) = stages.triage.urgency_why(ctx, o.triage, limit);
    let (r_missed, r_omitted) = stages.routing.why_not(ctx, o.triage, limit);
    let mut offers = stages
        .remedy
        .what_would_change(ctx, o.triage, o.risk, o.remedy);
    offers.truncate(stages.explain.max_offers);
    Sections {
        why_not: WhyNot {
            remedy: stages
                .remedy
                .why_not(ctx, o.triage, o.risk, o.remedy, limit),
            urgency: RuleMisses {
                missed: u_missed,
                omitted: u_omitted,
            },
            routing: RuleMisses {
                missed: r_missed,
                omitted: r_omitted,
            },
            risk_bands: risk::bands_missed(stages.risk, o.risk, limit),
        },
        what_would_change: WhatWouldChange {
            offers,
            urgency: u_changes,
            risk: risk::change(stages.risk, o.risk),
        },
        buyer_summary: buyer::summary(stages.explain, ctx.case, o),
    }
}
