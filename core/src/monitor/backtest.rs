//! Backtest: the same cases under two policies, and what differs.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::aggregate::{deadline_met, Ratio};
use super::Outcome;
use crate::assessment::{Assessment, PolicyRef};
use crate::money::Money;
use crate::remedy::{Offer, Remedy};

// ---- The one place that reads an offer's money and approving role. ----

/// The money an offer involves, if any.
pub fn offer_amount(offer: &Offer) -> Option<Money> {
    offer.value
}

/// The lowest role that may approve an offer; `blocked` when no role may.
pub fn offer_role(offer: &Offer) -> &str {
    offer.approver.as_deref().unwrap_or("blocked")
}

/// The offer a remedy puts forward: the recommended one, else the first.
pub fn chosen_offer(remedy: &Remedy) -> Option<&Offer> {
    remedy
        .recommended
        .and_then(|i| remedy.options.get(i))
        .or_else(|| remedy.options.first())
}

/// What a case would cost: the amount of the offer put forward.
pub fn case_cost(a: &Assessment) -> Option<Money> {
    chosen_offer(&a.remedy).and_then(offer_amount)
}

fn tier_name(a: &Assessment) -> String {
    chosen_offer(&a.remedy).map_or_else(|| "none".to_owned(), |o| format!("{:?}", o.tier))
}

fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The two policies compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyPair {
    /// The baseline (`--policy`).
    pub a: PolicyRef,
    /// The candidate (`--vs`).
    pub b: PolicyRef,
}

/// Cases an engine could not assess.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCounts {
    /// Under policy A.
    pub a: u64,
    /// Under policy B.
    pub b: u64,
}

/// Compensation in one currency and tier under each policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostRow {
    /// ISO 4217 code.
    pub currency: String,
    /// `L1`, `L2`, `L3`, or `all` for the currency's total.
    pub tier: String,
    /// Cases with a cost in this row under A.
    pub cases_a: u64,
    /// Cases with a cost in this row under B.
    pub cases_b: u64,
    /// Sum under A.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub a: Decimal,
    /// Sum under B.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub b: Decimal,
    /// `b - a`.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub delta: Decimal,
}

/// A count under each policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountRow {
    /// What is counted (a role, a risk action, a tier, a category).
    pub key: String,
    /// Under A.
    pub a: u64,
    /// Under B.
    pub b: u64,
    /// `b - a`.
    pub delta: i64,
}

/// Deadlines met under each policy, judged against the recorded outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaRow {
    /// The deadline's name.
    pub deadline: String,
    /// Met over judged under A.
    pub a: Ratio,
    /// Met over judged under B.
    pub b: Ratio,
}

/// One case whose decision changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseChange {
    /// The case.
    pub case_id: String,
    /// What changed: `category`, `urgency`, `risk_score`, `risk_action`, `offers`,
    /// `tier`, `approver`, `cost`, `deadlines`, `queue`.
    pub changed: Vec<String>,
    /// Risk score under A and B.
    pub risk_score: [u32; 2],
    /// Tier put forward under A and B (`none` when nothing is offered).
    pub tier: [String; 2],
    /// Cost under A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_a: Option<Money>,
    /// Cost under B.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_b: Option<Money>,
}

impl CaseChange {
    /// Absolute cost difference when both costs share a currency (a missing cost is 0).
    fn cost_delta(&self) -> Decimal {
        match (self.cost_a, self.cost_b) {
            (Some(a), Some(b)) if a.currency == b.currency => (b.amount - a.amount).abs(),
            (Some(a), Some(_)) => a.amount.abs(),
            (Some(a), None) => a.amount.abs(),
            (None, Some(b)) => b.amount.abs(),
            (None, None) => Decimal::ZERO,
        }
    }
}

/// What a backtest reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BacktestReport {
    /// The policies compared.
    pub policies: PolicyPair,
    /// Cases replayed.
    pub cases: u64,
    /// Cases an engine rejected (they are left out of every other figure).
    pub errors: ErrorCounts,
    /// Cases with any difference.
    pub cases_changed: u64,
    /// Cases whose menu of offers differs.
    pub offers_changed: u64,
    /// Compensation by currency and tier, then each currency's total (`tier = "all"`).
    pub cost: Vec<CostRow>,
    /// Cases whose offer needs each approving role.
    pub approvals: Vec<CountRow>,
    /// Cases per risk action.
    pub risk_actions: Vec<CountRow>,
    /// Cases per tier put forward.
    pub tiers: Vec<CountRow>,
    /// Cases per category.
    pub categories: Vec<CountRow>,
    /// Deadlines each policy sets that the recorded outcomes met (cases with an outcome).
    pub sla: Vec<SlaRow>,
    /// The cases that changed most: most aspects changed, then largest cost change.
    pub top_changes: Vec<CaseChange>,
}

#[derive(Debug, Clone, Default)]
struct CostAcc {
    cases_a: u64,
    cases_b: u64,
    a: Decimal,
    b: Decimal,
}

/// Accumulates pairs of assessments of the same case; [`BacktestBuilder::finish`] gives
/// the report. Use it directly to compare assessments made elsewhere.
#[derive(Debug, Clone)]
pub struct BacktestBuilder {
    policies: PolicyPair,
    top: usize,
    cases: u64,
    errors: ErrorCounts,
    cases_changed: u64,
    offers_changed: u64,
    cost: BTreeMap<(String, String), CostAcc>,
    approvals: BTreeMap<String, [u64; 2]>,
    risk_actions: BTreeMap<String, [u64; 2]>,
    tiers: BTreeMap<String, [u64; 2]>,
    categories: BTreeMap<String, [u64; 2]>,
    sla: BTreeMap<String, [(u64, u64); 2]>,
    met_by_resolution: Vec<String>,
    changes: Vec<CaseChange>,
}

fn bump(m: &mut BTreeMap<String, [u64; 2]>, key: String, side: usize) {
    if let Some(slot) = m.entry(key).or_insert([0, 0]).get_mut(side) {
        *slot += 1;
    }
}

fn rows(m: &BTreeMap<String, [u64; 2]>) -> Vec<CountRow> {
    m.iter()
        .map(|(k, [a, b])| CountRow {
            key: k.clone(),
            a: *a,
            b: *b,
            delta: i64::try_from(*b).unwrap_or(i64::MAX) - i64::try_from(*a).unwrap_or(i64::MAX),
        })
        .collect()
}

impl BacktestBuilder {
    /// A builder comparing policy `a` with `b`, keeping the `top` most changed cases.
    pub fn new(a: PolicyRef, b: PolicyRef, top: usize) -> BacktestBuilder {
        BacktestBuilder {
            policies: PolicyPair { a, b },
            top,
            cases: 0,
            errors: ErrorCounts::default(),
            cases_changed: 0,
            offers_changed: 0,
            cost: BTreeMap::new(),
            approvals: BTreeMap::new(),
            risk_actions: BTreeMap::new(),
            tiers: BTreeMap::new(),
            categories: BTreeMap::new(),
            sla: BTreeMap::new(),
            met_by_resolution: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Names the deadlines a resolution meets (`[monitor.kpi] met_by_resolution`); every
    /// other deadline is met by the first response.
    pub fn met_by_resolution(mut self, names: Vec<String>) -> BacktestBuilder {
        self.met_by_resolution = names;
        self
    }

    /// Adds the outcome of one case under both policies; a failure on either side is
    /// counted in `errors` and the case is left out of every other figure.
    pub fn add_results<E>(
        &mut self,
        a: Result<&Assessment, E>,
        b: Result<&Assessment, E>,
        outcome: Option<&Outcome>,
    ) {
        self.cases += 1;
        match (a, b) {
            (Ok(a), Ok(b)) => {
                self.compare(a, b);
                if let Some(o) = outcome {
                    self.judge(a, b, o);
                }
            }
            (a, b) => {
                self.errors.a += u64::from(a.is_err());
                self.errors.b += u64::from(b.is_err());
            }
        }
    }

    /// Adds one case assessed under both policies.
    pub fn add(&mut self, a: &Assessment, b: &Assessment) {
        self.cases += 1;
        self.compare(a, b);
    }

    /// Adds one case assessed under both policies, with what happened to it.
    pub fn add_with_outcome(&mut self, a: &Assessment, b: &Assessment, outcome: &Outcome) {
        self.add(a, b);
        self.judge(a, b, outcome);
    }

    fn judge(&mut self, a: &Assessment, b: &Assessment, o: &Outcome) {
        for (side, x) in [a, b].into_iter().enumerate() {
            for d in &x.sla.deadlines {
                let e = self.sla.entry(d.name.to_string()).or_insert([(0, 0); 2]);
                if let Some((met, judged)) = e.get_mut(side) {
                    *judged += 1;
                    if deadline_met(d, o, &self.met_by_resolution) {
                        *met += 1;
                    }
                }
            }
        }
    }

    fn side(&mut self, x: &Assessment, side: usize) {
        if let Some(m) = case_cost(x) {
            let e = self
                .cost
                .entry((m.currency.code().to_owned(), tier_name(x)))
                .or_default();
            if side == 0 {
                e.cases_a += 1;
                e.a += m.amount;
            } else {
                e.cases_b += 1;
                e.b += m.amount;
            }
        }
        if let Some(o) = chosen_offer(&x.remedy) {
            bump(&mut self.approvals, offer_role(o).to_owned(), side);
        }
        bump(&mut self.risk_actions, snake(&x.risk.action), side);
        bump(&mut self.tiers, tier_name(x), side);
        bump(&mut self.categories, snake(&x.triage.category), side);
    }

    fn compare(&mut self, a: &Assessment, b: &Assessment) {
        self.side(a, 0);
        self.side(b, 1);
        let mut changed = Vec::new();
        let mut note = |cond: bool, what: &str| {
            if cond {
                changed.push(what.to_owned());
            }
        };
        note(a.triage.category != b.triage.category, "category");
        note(a.triage.urgency != b.triage.urgency, "urgency");
        note(a.risk.score != b.risk.score, "risk_score");
        note(a.risk.action != b.risk.action, "risk_action");
        let offers = a.remedy.options != b.remedy.options;
        note(offers, "offers");
        note(tier_name(a) != tier_name(b), "tier");
        let role = |x: &Assessment| chosen_offer(&x.remedy).map(|o| offer_role(o).to_owned());
        note(role(a) != role(b), "approver");
        let (ca, cb) = (case_cost(a), case_cost(b));
        note(ca != cb, "cost");
        let due = |x: &Assessment| {
            x.sla
                .deadlines
                .iter()
                .map(|d| (d.name.clone(), d.due_at))
                .collect::<Vec<_>>()
        };
        note(due(a) != due(b), "deadlines");
        note(a.routing != b.routing, "queue");
        if offers {
            self.offers_changed += 1;
        }
        if !changed.is_empty() {
            self.cases_changed += 1;
            self.changes.push(CaseChange {
                case_id: a.case_id.clone(),
                changed,
                risk_score: [a.risk.score, b.risk.score],
                tier: [tier_name(a), tier_name(b)],
                cost_a: ca,
                cost_b: cb,
            });
            self.trim(false);
        }
    }

    fn trim(&mut self, force: bool) {
        if force || self.changes.len() > self.top.saturating_mul(2).max(64) {
            self.changes.sort_by(|x, y| {
                y.changed
                    .len()
                    .cmp(&x.changed.len())
                    .then_with(|| y.cost_delta().cmp(&x.cost_delta()))
                    .then_with(|| x.case_id.cmp(&y.case_id))
            });
            self.changes.truncate(self.top);
        }
    }

    /// The report.
    pub fn finish(mut self) -> BacktestReport {
        self.trim(true);
        let mut cost = Vec::new();
        let mut totals: BTreeMap<String, CostAcc> = BTreeMap::new();
        for ((cur, tier), acc) in &self.cost {
            let t = totals.entry(cur.clone()).or_default();
            t.cases_a += acc.cases_a;
            t.cases_b += acc.cases_b;
            t.a += acc.a;
            t.b += acc.b;
            cost.push(cost_row(cur, tier, acc));
        }
        for (cur, acc) in &totals {
            cost.push(cost_row(cur, "all", acc));
        }
        BacktestReport {
            policies: self.policies,
            cases: self.cases,
            errors: self.errors,
            cases_changed: self.cases_changed,
            offers_changed: self.offers_changed,
            cost,
            approvals: rows(&self.approvals),
            risk_actions: rows(&self.risk_actions),
            tiers: rows(&self.tiers),
            categories: rows(&self.categories),
            sla: self
                .sla
                .iter()
                .map(|(name, [(ma, ja), (mb, jb)])| SlaRow {
                    deadline: name.clone(),
                    a: Ratio::new(*ma, *ja),
                    b: Ratio::new(*mb, *jb),
                })
                .collect(),
            top_changes: self.changes,
        }
    }
}

fn cost_row(cur: &str, tier: &str, acc: &CostAcc) -> CostRow {
    CostRow {
        currency: cur.to_owned(),
        tier: tier.to_owned(),
        cases_a: acc.cases_a,
        cases_b: acc.cases_b,
        a: acc.a,
        b: acc.b,
        delta: acc.b - acc.a,
    }
}
