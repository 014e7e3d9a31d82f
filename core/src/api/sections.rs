//! Which sections of an assessment a host asks for: `full` (every section and the trace,
//! the default) or `decision` (what was decided, without the reasons): category,
//! urgency, risk score/band/action, the recommended option, the queue, the deadlines and
//! the policy. The `decision` form is a document of its own (schema `decision`), written
//! straight from the assessment it borrows from: no intermediate JSON tree, no copied
//! strings.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{Assessment, PolicyRef};
use crate::case::Category;
use crate::money::Money;
use crate::remedy::{Band, RemedyStatus, Tier};
use crate::risk::RiskAction;
use crate::triage::Urgency;

pub use crate::assessment::Sections;

impl Sections {
    /// Writes `a` in this form, as canonical JSON.
    pub fn write(self, a: &Assessment) -> String {
        // Room for a typical output, so the buffer rarely grows (and copies) as it fills.
        let room = match self {
            Sections::Full => 8 << 10,
            Sections::Decision => 1 << 10,
        };
        let mut out = Vec::with_capacity(room);
        self.write_into(a, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`Sections::write`] appended to `out`.
    pub fn write_into(self, a: &Assessment, out: &mut Vec<u8>) {
        match self {
            Sections::Full => super::to_canonical_into(a, out),
            Sections::Decision => super::to_canonical_into(&DecisionView::of(a), out),
        }
    }
}

/// The `decision` form of an assessment: what was decided, borrowed from the
/// `Assessment`. Its fields are a subset of the full assessment's, under the same
/// names where they are the same values.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Decision")]
pub struct DecisionView<'a> {
    /// The case's id.
    pub case_id: &'a str,
    /// The `now` the assessment was made at.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    pub assessed_at: &'a DateTime<Utc>,
    /// The policy that decided.
    pub policy: &'a PolicyRef,
    /// The complaint's category (`triage.category`).
    pub category: Category,
    /// How urgent (`triage.urgency`).
    pub urgency: Urgency,
    /// The risk score, band and action (`risk` without its reasons).
    pub risk: DecisionRisk<'a>,
    /// Whether anything is offered, and the recommended option.
    pub remedy: DecisionRemedy<'a>,
    /// The queue that should handle it (`routing.queue`).
    pub queue: &'a str,
    /// Running deadlines, earliest first (`sla.deadlines`, name, due time and whether
    /// breached).
    pub deadlines: Vec<DecisionDeadline<'a>>,
}

/// `risk` without its reasons.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct DecisionRisk<'a> {
    /// 0 (no concern) to 100.
    pub score: u32,
    /// The band's name.
    pub band: &'a str,
    /// The band's action.
    pub action: RiskAction,
}

/// `remedy` reduced to its status and the recommended option.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionRemedy<'a> {
    /// Whether anything is offered (`remedy.status`).
    pub status: RemedyStatus,
    /// The highest tier among the options that are not blocked (`remedy.tier`).
    pub tier: Option<Tier>,
    /// The recommended option, if any.
    pub recommended: Option<RecommendedOption<'a>>,
}

/// The recommended option.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecommendedOption<'a> {
    /// The option's id in its rule.
    pub id: &'a str,
    /// The rule that offered it (`group.rule`).
    pub rule: &'a str,
    /// The highest tier among its outcomes.
    pub tier: Tier,
    /// The sum of its amounts, if any: amount and currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a Money>,
    /// The lowest role that may approve it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approver: Option<&'a str>,
    /// Auto, needs approval, or blocked.
    pub band: Band,
}

/// A running deadline.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionDeadline<'a> {
    /// Its name.
    pub name: &'a str,
    /// When it falls due.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    pub due_at: &'a DateTime<Utc>,
    /// Whether `now` is past it.
    pub breached: bool,
}

impl<'a> DecisionView<'a> {
    /// The decision of an assessment.
    pub fn of(a: &'a Assessment) -> DecisionView<'a> {
        let r = &a.remedy;
        let recommended = r
            .recommended
            .and_then(|i| r.options.get(i))
            .map(|o| RecommendedOption {
                id: &o.id,
                rule: &o.rule,
                tier: o.tier,
                value: o.value.as_ref(),
                approver: o.approver.as_deref(),
                band: o.band,
            });
        DecisionView {
            case_id: &a.case_id,
            assessed_at: &a.assessed_at,
            policy: &a.policy,
            category: a.triage.category,
            urgency: a.triage.urgency,
            risk: DecisionRisk {
                score: a.risk.score,
                band: &a.risk.band,
                action: a.risk.action,
            },
            remedy: DecisionRemedy {
                status: r.status,
                tier: r.tier,
                recommended,
            },
            queue: &a.routing.queue,
            deadlines: a
                .sla
                .deadlines
                .iter()
                .map(|d| DecisionDeadline {
                    name: &d.name,
                    due_at: &d.due_at,
                    breached: d.breached,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for name in Sections::NAMES {
            assert_eq!(Sections::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(Sections::default(), Sections::Full);
        let e = Sections::parse("trace").unwrap_err();
        assert_eq!(e.code(), "input.unknown_sections");
        assert_eq!(e.diagnostics()[0].path, "sections");
    }

    /// Not recording the trace and the explanations (which the decision form does not
    /// write) changes nothing else: every example gives the same sections, and the same
    /// decision, as the full assessment.
    #[test]
    fn the_decision_path_changes_nothing_but_the_trace_and_explanations() {
        let engine = crate::Engine::default();
        let now = super::super::parse_now("2026-11-23T10:00:00Z").unwrap();
        let examples = include_str!("../../../examples/cases.jsonl");
        for line in examples.lines().filter(|l| !l.trim().is_empty()) {
            let case = super::super::parse_case(line).unwrap();
            let full = engine.assess(&case, now).unwrap();
            let lean = engine
                .assess_sections(&case, now, Sections::Decision)
                .unwrap();
            assert!(!full.trace.steps.is_empty());
            assert!(lean.trace.steps.is_empty());
            let mut same = lean.clone();
            same.trace = full.trace.clone();
            same.why_not = full.why_not.clone();
            same.what_would_change = full.what_would_change.clone();
            same.buyer_summary = full.buyer_summary.clone();
            assert_eq!(same, full, "{}", case.id);
            assert_eq!(
                Sections::Decision.write(&lean),
                Sections::Decision.write(&full)
            );
        }
    }
}
