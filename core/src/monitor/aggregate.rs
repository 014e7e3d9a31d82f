//! Aggregation: heat map, KPIs, and the event counts the alarms read.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Alarm, DailyVolume, MonitorPolicy, Outcome, Scope};
use crate::assessment::Assessment;
use crate::case::{Case, Category};

/// Decimal places of the ratios in reports.
pub(crate) const RATIO_DP: u32 = 4;

/// `num / den` rounded half-even to [`RATIO_DP`] places; `None` when `den` is 0.
pub(crate) fn ratio(num: u64, den: u64) -> Option<Decimal> {
    if den == 0 {
        return None;
    }
    Decimal::from(num)
        .checked_div(Decimal::from(den))
        .map(|r| r.round_dp(RATIO_DP).normalize())
}

/// One cell of the heat map: complaints of one category, at one store, from one region,
/// in one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeatCell {
    /// The store id.
    pub store: String,
    /// The category triage assigned.
    pub category: Category,
    /// The case's market (ISO country): explicit, else destination, buyer, store.
    pub region: String,
    /// The ISO week the complaint arrived in (`2026-W47`, UTC).
    pub week: String,
    /// Complaints.
    pub count: u64,
}

/// A count over a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// Cases meeting the definition.
    pub numerator: u64,
    /// Cases the definition applies to.
    pub denominator: u64,
    /// `numerator / denominator` to 4 places; `null` when nothing applies.
    #[serde(with = "crate::money::decimal_str_opt")]
    #[schemars(with = "Option<String>")]
    pub rate: Option<Decimal>,
}

impl Ratio {
    pub(crate) fn new(numerator: u64, denominator: u64) -> Ratio {
        Ratio {
            numerator,
            denominator,
            rate: ratio(numerator, denominator),
        }
    }
}

/// Durations in whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationStats {
    /// Cases measured.
    pub count: u64,
    /// Mean, rounded down; `null` when none.
    pub mean_seconds: Option<i64>,
    /// Median (the mean of the two middle values, rounded down, for an even count).
    pub median_seconds: Option<i64>,
}

/// Net promoter score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nps {
    /// Answers.
    pub responses: u64,
    /// Promoters.
    pub promoters: u64,
    /// Detractors.
    pub detractors: u64,
    /// `100 × (promoters − detractors) / responses`, -100 to 100, to 2 places.
    #[serde(with = "crate::money::decimal_str_opt")]
    #[schemars(with = "Option<String>")]
    pub score: Option<Decimal>,
}

/// Service KPIs over a set of cases (definitions in `docs/monitor.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpis {
    /// Cases seen.
    pub cases: u64,
    /// Cases with an outcome.
    pub with_outcome: u64,
    /// From `received_at` to the first response.
    pub first_response: DurationStats,
    /// From `received_at` to resolution.
    pub resolution: DurationStats,
    /// Resolved cases resolved at the first contact, over resolved cases with a
    /// recorded contact count.
    pub first_contact_resolution: Ratio,
    /// Satisfied answers over answers; `null` rate without a `[monitor.kpi]` policy.
    pub csat: Ratio,
    /// Net promoter score; `null` score without a `[monitor.kpi]` policy.
    pub nps: Nps,
    /// Deadlines met over deadlines of cases with an outcome.
    pub sla_achievement: Ratio,
}

#[derive(Debug, Clone, Default)]
struct KpiAcc {
    cases: u64,
    with_outcome: u64,
    first_response: Vec<i64>,
    resolution: Vec<i64>,
    fcr: u64,
    fcr_base: u64,
    csat: BTreeMap<u8, u64>,
    nps: BTreeMap<u8, u64>,
    sla_met: u64,
    sla_judged: u64,
}

/// Whether an outcome met a deadline: by the resolution for the deadlines named in
/// `met_by_resolution`, else by the first response; an event that never happened misses.
pub(crate) fn deadline_met(
    d: &crate::sla::Deadline,
    o: &Outcome,
    met_by_resolution: &[String],
) -> bool {
    let event: Option<DateTime<Utc>> = if met_by_resolution.iter().any(|m| *m == *d.name) {
        o.resolved_at
    } else {
        o.first_response_at
    };
    event.is_some_and(|t| t <= d.due_at)
}

fn stats(values: &[i64]) -> DurationStats {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let sum: i128 = v.iter().map(|x| i128::from(*x)).sum();
    let mean = i64::try_from(n)
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| i64::try_from(sum.div_euclid(i128::from(n))).ok());
    let median = if n == 0 {
        None
    } else if n % 2 == 1 {
        v.get(n / 2).copied()
    } else {
        match (v.get(n / 2 - 1), v.get(n / 2)) {
            (Some(a), Some(b)) => {
                i64::try_from((i128::from(*a) + i128::from(*b)).div_euclid(2)).ok()
            }
            _ => None,
        }
    };
    DurationStats {
        count: n as u64,
        mean_seconds: mean,
        median_seconds: median,
    }
}

impl KpiAcc {
    fn add(
        &mut self,
        case: &Case,
        assessment: &Assessment,
        outcome: Option<&Outcome>,
        met_by_resolution: &[String],
    ) {
        self.cases += 1;
        let Some(o) = outcome else { return };
        self.with_outcome += 1;
        if let Some(t) = o.first_response_at {
            self.first_response
                .push((t - case.received_at).num_seconds());
        }
        if let Some(t) = o.resolved_at {
            self.resolution.push((t - case.received_at).num_seconds());
            if o.contacts > 0 {
                self.fcr_base += 1;
                if o.contacts == 1 {
                    self.fcr += 1;
                }
            }
        }
        if let Some(s) = o.csat {
            *self.csat.entry(s).or_default() += 1;
        }
        if let Some(s) = o.nps {
            *self.nps.entry(s).or_default() += 1;
        }
        for d in &assessment.sla.deadlines {
            self.sla_judged += 1;
            if deadline_met(d, o, met_by_resolution) {
                self.sla_met += 1;
            }
        }
    }

    fn finish(&self, policy: &MonitorPolicy) -> Kpis {
        let csat_n: u64 = self.csat.values().sum();
        let nps_n: u64 = self.nps.values().sum();
        let (csat, nps) = match &policy.kpi {
            Some(k) => {
                let sat = self
                    .csat
                    .iter()
                    .filter(|(s, _)| **s >= k.csat_satisfied_min && **s <= k.csat_scale_max)
                    .map(|(_, n)| n)
                    .sum();
                let promoters: u64 = self
                    .nps
                    .iter()
                    .filter(|(s, _)| **s >= k.nps_promoter_min)
                    .map(|(_, n)| n)
                    .sum();
                let detractors: u64 = self
                    .nps
                    .iter()
                    .filter(|(s, _)| **s <= k.nps_detractor_max)
                    .map(|(_, n)| n)
                    .sum();
                let score = if nps_n == 0 {
                    None
                } else {
                    (Decimal::from(promoters) - Decimal::from(detractors))
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|x| x.checked_div(Decimal::from(nps_n)))
                        .map(|x| x.round_dp(2).normalize())
                };
                (
                    Ratio::new(sat, csat_n),
                    Nps {
                        responses: nps_n,
                        promoters,
                        detractors,
                        score,
                    },
                )
            }
            None => (
                Ratio {
                    numerator: 0,
                    denominator: csat_n,
                    rate: None,
                },
                Nps {
                    responses: nps_n,
                    promoters: 0,
                    detractors: 0,
                    score: None,
                },
            ),
        };
        Kpis {
            cases: self.cases,
            with_outcome: self.with_outcome,
            first_response: stats(&self.first_response),
            resolution: stats(&self.resolution),
            first_contact_resolution: Ratio::new(self.fcr, self.fcr_base),
            csat,
            nps,
            sla_achievement: Ratio::new(self.sla_met, self.sla_judged),
        }
    }
}

/// Daily counts per subject.
pub(crate) type Daily = BTreeMap<NaiveDate, u64>;

/// Accumulates cases, assessments, outcomes and daily volumes; [`Monitor::report`]
/// gives the heat map, the KPIs and the alarms. Memory grows with distinct
/// (store, category, region, week) cells, subjects × days, and cases with outcomes
/// (for medians), not with raw case size.
///
/// ```
/// use amends::{api, Engine, monitor::{Monitor, Outcome}};
/// let engine = Engine::default();
/// let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
///   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
///   "channel": "email", "text": "late"}"#).unwrap();
/// let a = engine.assess(&case, case.received_at).unwrap();
/// let mut m = Monitor::new(&engine.policy().monitor);
/// let o = Outcome { case_id: "c1".into(), contacts: 1, csat: Some(5), ..Default::default() };
/// m.observe(&case, &a, Some(&o));
/// let r = m.report();
/// assert_eq!(r.kpis.cases, 1);
/// assert_eq!(r.heat_map[0].week, "2026-W47");
/// ```
#[derive(Debug, Clone)]
pub struct Monitor {
    pub(crate) policy: MonitorPolicy,
    heat: BTreeMap<(String, Category, String, String), u64>,
    kpi: KpiAcc,
    kpi_by_store: BTreeMap<String, KpiAcc>,
    pub(crate) disputes: BTreeMap<String, Daily>,
    pub(crate) provider_events: BTreeMap<(Scope, String), Daily>,
    pub(crate) volumes: BTreeMap<(Scope, String), Daily>,
    pub(crate) sku: BTreeMap<String, BTreeMap<NaiveDate, BTreeMap<Category, u64>>>,
}

/// What [`Monitor::report`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitorReport {
    /// Complaint counts by store, category, region and ISO week, sorted.
    pub heat_map: Vec<HeatCell>,
    /// KPIs over every case.
    pub kpis: Kpis,
    /// KPIs per store.
    pub kpis_by_store: BTreeMap<String, Kpis>,
    /// Alarms in the order raised (by day, then rule, then subject).
    pub alarms: Vec<Alarm>,
}

impl Monitor {
    /// A monitor judging by this policy section.
    pub fn new(policy: &MonitorPolicy) -> Monitor {
        Monitor {
            policy: policy.clone(),
            heat: BTreeMap::new(),
            kpi: KpiAcc::default(),
            kpi_by_store: BTreeMap::new(),
            disputes: BTreeMap::new(),
            provider_events: BTreeMap::new(),
            volumes: BTreeMap::new(),
            sku: BTreeMap::new(),
        }
    }

    /// Adds one case with its assessment and, when known, its outcome.
    pub fn observe(&mut self, case: &Case, assessment: &Assessment, outcome: Option<&Outcome>) {
        let category = assessment.triage.category;
        let day = case.received_at.date_naive();
        let iso = case.received_at.iso_week();
        let week = format!("{}-W{:02}", iso.year(), iso.week());
        *self
            .heat
            .entry((
                case.store.id.clone(),
                category,
                case.market().to_owned(),
                week,
            ))
            .or_default() += 1;

        let met: &[String] = self
            .policy
            .kpi
            .as_ref()
            .map_or(&[], |k| k.met_by_resolution.as_slice());
        self.kpi.add(case, assessment, outcome, met);
        self.kpi_by_store
            .entry(case.store.id.clone())
            .or_default()
            .add(case, assessment, outcome, met);

        if let Some(d) = &case.dispute {
            let counts = self
                .policy
                .store_disputes
                .as_ref()
                .is_none_or(|r| r.categories.is_empty() || r.categories.contains(&category));
            if counts {
                *self
                    .disputes
                    .entry(case.store.id.clone())
                    .or_default()
                    .entry(d.opened_at.date_naive())
                    .or_default() += 1;
            }
        }

        let provider_counts = self
            .policy
            .provider_complaints
            .as_ref()
            .is_none_or(|r| r.categories.is_empty() || r.categories.contains(&category));
        if provider_counts {
            if let Some(carrier) = case.shipment().and_then(|s| s.carrier.as_ref()) {
                *self
                    .provider_events
                    .entry((Scope::Carrier, carrier.clone()))
                    .or_default()
                    .entry(day)
                    .or_default() += 1;
            }
            if let Some(w) = outcome.and_then(|o| o.warehouse.as_ref()) {
                *self
                    .provider_events
                    .entry((Scope::Warehouse, w.clone()))
                    .or_default()
                    .entry(day)
                    .or_default() += 1;
            }
        }

        let mut skus: Vec<&String> = match &case.claim {
            Some(c) if !c.skus.is_empty() => c.skus.iter().collect(),
            _ => case
                .order
                .iter()
                .flat_map(|o| o.items.iter().map(|i| &i.sku))
                .collect(),
        };
        skus.sort();
        skus.dedup();
        for sku in skus {
            *self
                .sku
                .entry(sku.clone())
                .or_default()
                .entry(day)
                .or_default()
                .entry(category)
                .or_default() += 1;
        }
    }

    /// Adds a daily order or shipment count (counts for the same day and subject add up).
    pub fn add_volume(&mut self, v: &DailyVolume) {
        let e = self
            .volumes
            .entry((v.scope, v.id.clone()))
            .or_default()
            .entry(v.date)
            .or_default();
        *e = e.saturating_add(v.count);
    }

    /// The heat map, KPIs and alarms of everything observed so far.
    pub fn report(&self) -> MonitorReport {
        let heat_map = self
            .heat
            .iter()
            .map(|((store, category, region, week), n)| HeatCell {
                store: store.clone(),
                category: *category,
                region: region.clone(),
                week: week.clone(),
                count: *n,
            })
            .collect();
        MonitorReport {
            heat_map,
            kpis: self.kpi.finish(&self.policy),
            kpis_by_store: self
                .kpi_by_store
                .iter()
                .map(|(s, k)| (s.clone(), k.finish(&self.policy)))
                .collect(),
            alarms: super::alarms::evaluate(self),
        }
    }
}
