//! The `[monitor]` section of the policy: alarm rules and KPI definitions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Category;
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

/// The `monitor` section of the policy. Each rule is optional: a rule left out raises
/// no alarm, and KPIs that need a definition left out are reported as `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorPolicy {
    /// Store dispute rate over a rolling window (disputes / orders) → inventory freeze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_disputes: Option<RateRule>,
    /// Carrier and warehouse complaint rate (complaints / shipments) → backup provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_complaints: Option<RateRule>,
    /// A SKU's complaints clustering in one category → delist or fix the listing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_clusters: Option<ClusterRule>,
    /// Definitions the KPIs need (CSAT and NPS scales, which deadlines a resolution meets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi: Option<KpiPolicy>,
}

/// A rate alarm: events / volume summed over `window_days` days ending on a day; the
/// alarm is raised on the day the rate has been strictly above `max_rate` for
/// `consecutive_days` days running (once per run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateRule {
    /// The rate that must be exceeded (strictly), as a fraction (`"0.025"` = 2.5%).
    pub max_rate: PolicyDecimal,
    /// Days summed into each window, ending on the day judged (at least 1).
    pub window_days: u32,
    /// Windows in a row that must exceed the rate (at least 1).
    pub consecutive_days: u32,
    /// Windows with a volume below this are not judged (too few orders to mean anything).
    #[serde(default)]
    pub min_volume: u64,
    /// Complaint categories that count as events; empty counts every complaint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// The action the alarm asks for (`freeze_inventory`, `switch_to_backup_provider`).
    pub action: String,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A SKU clustering alarm: within `window_days` days ending on a day, at least
/// `min_complaints` complaints about one SKU fall in one watched category and make up
/// at least `min_share` of that SKU's complaints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterRule {
    /// Days in the rolling window (at least 1).
    pub window_days: u32,
    /// Complaints of the category needed (at least 1).
    pub min_complaints: u32,
    /// The category's share of the SKU's complaints needed, a fraction in (0, 1].
    pub min_share: PolicyDecimal,
    /// The watched categories and the action each asks for.
    pub actions: Vec<ClusterAction>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// A watched category and its action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterAction {
    /// The complaint category.
    pub category: Category,
    /// What to do (`delist_sku`, `fix_listing`).
    pub action: String,
}

/// Definitions the KPIs need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiPolicy {
    /// Highest CSAT score on the survey scale (5 on a 1-5 scale).
    pub csat_scale_max: u8,
    /// Lowest CSAT score counted as satisfied (4 on a 1-5 scale).
    pub csat_satisfied_min: u8,
    /// Lowest 0-10 score counted as a promoter (9).
    pub nps_promoter_min: u8,
    /// Highest 0-10 score counted as a detractor (6).
    pub nps_detractor_max: u8,
    /// Deadline names met by the resolution; every other deadline is met by the first
    /// response.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub met_by_resolution: Vec<String>,
}

fn positive_fraction(path: String, d: PolicyDecimal, out: &mut Vec<Diagnostic>) {
    if d.0 <= rust_decimal::Decimal::ZERO || d.0 > rust_decimal::Decimal::ONE {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            path,
            "a rate is a fraction above 0 and at most 1 (\"0.025\" = 2.5%)",
        ));
    }
}

fn at_least_one(path: String, n: u32, out: &mut Vec<Diagnostic>) {
    if n == 0 {
        out.push(Diagnostic::new(
            "policy.out_of_range",
            path,
            "must be at least 1",
        ));
    }
}

fn non_empty(path: String, s: &str, out: &mut Vec<Diagnostic>) {
    if s.trim().is_empty() {
        out.push(Diagnostic::new("policy.empty", path, "name the action"));
    }
}

impl RateRule {
    fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        positive_fraction(format!("{path}.max_rate"), self.max_rate, out);
        at_least_one(format!("{path}.window_days"), self.window_days, out);
        at_least_one(
            format!("{path}.consecutive_days"),
            self.consecutive_days,
            out,
        );
        non_empty(format!("{path}.action"), &self.action, out);
    }
}

impl MonitorPolicy {
    /// Whether no rule and no KPI definition is set (the section is then left out of the
    /// canonical JSON, so policies without it keep their hash).
    pub fn is_empty(&self) -> bool {
        *self == MonitorPolicy::default()
    }

    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if let Some(r) = &self.store_disputes {
            r.validate(&format!("{path}.store_disputes"), out);
        }
        if let Some(r) = &self.provider_complaints {
            r.validate(&format!("{path}.provider_complaints"), out);
        }
        if let Some(c) = &self.sku_clusters {
            let p = format!("{path}.sku_clusters");
            at_least_one(format!("{p}.window_days"), c.window_days, out);
            at_least_one(format!("{p}.min_complaints"), c.min_complaints, out);
            positive_fraction(format!("{p}.min_share"), c.min_share, out);
            for (i, a) in c.actions.iter().enumerate() {
                non_empty(format!("{p}.actions[{i}].action"), &a.action, out);
            }
        }
        if let Some(k) = &self.kpi {
            let p = format!("{path}.kpi");
            if k.csat_satisfied_min == 0 || k.csat_satisfied_min > k.csat_scale_max {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{p}.csat_satisfied_min"),
                    "must lie on the CSAT scale (1 to csat_scale_max)",
                ));
            }
            if k.nps_promoter_min > 10 || k.nps_detractor_max >= k.nps_promoter_min {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{p}.nps_detractor_max"),
                    "NPS scores run 0-10 and detractors must score below promoters",
                ));
            }
        }
    }
}
