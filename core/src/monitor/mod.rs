//! Store-group monitoring and policy simulation.
//!
//! - [`Monitor`] aggregates a stream of cases, their assessments and their [`Outcome`]s,
//!   together with daily order and shipment counts ([`DailyVolume`]), into a weekly heat
//!   map, service KPIs and alarms ([`MonitorReport`]).
//! - [`Engine::backtest`](crate::Engine::backtest) replays the same cases under two engines and reports what differs
//!   ([`BacktestReport`]); [`backtest_html`] renders that report as one self-contained,
//!   offline HTML page with inline SVG charts.
//!
//! Every threshold comes from the `[monitor]` section of the policy ([`MonitorPolicy`]).
//! Like the rest of the core, nothing here reads a clock or does I/O.

mod aggregate;
mod alarms;
mod backtest;
mod html;
pub(crate) mod policy;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Case;

pub use aggregate::{DurationStats, HeatCell, Kpis, Monitor, MonitorReport, Nps, Ratio};
pub use alarms::{Alarm, WindowFigure};
pub use backtest::{
    case_cost, chosen_offer, offer_amount, offer_role, BacktestBuilder, BacktestReport, CaseChange,
    CostRow, CountRow, ErrorCounts, PolicyPair,
};
pub use html::backtest_html;
pub use policy::{ClusterAction, ClusterRule, KpiPolicy, MonitorPolicy, RateRule};

/// What happened to a case after it was assessed, as the host recorded it.
///
/// JSON: `{"case_id": "c1", "first_response_at": "...", "resolved_at": "...",
/// "contacts": 1, "csat": 5, "nps": 9, "resolution": "partial_refund"}`; everything but
/// `case_id` may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The case it belongs to.
    pub case_id: String,
    /// When the seller first answered the buyer (a person or a bot that answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<DateTime<Utc>>,
    /// When the case was resolved; absent while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Buyer contacts about this case until it was resolved (1 = resolved at first
    /// contact; 0 = not recorded).
    #[serde(default)]
    pub contacts: u32,
    /// The buyer's satisfaction survey answer, on the policy's CSAT scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<u8>,
    /// The buyer's 0-10 answer to "would you recommend us".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<u8>,
    /// What the buyer finally got (`refund`, `reship`, `coupon`, `none` ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The warehouse that shipped the order, when the host tracks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<String>,
}

/// What a daily volume counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// Orders a store received.
    Store,
    /// Parcels a carrier was handed.
    Carrier,
    /// Parcels a warehouse shipped.
    Warehouse,
}

impl Scope {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Store => "store",
            Scope::Carrier => "carrier",
            Scope::Warehouse => "warehouse",
        }
    }
}

/// The denominator of the rate alarms: a day's orders for a store, or a day's
/// shipments for a carrier or warehouse (UTC days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DailyVolume {
    /// The day (`2026-11-20`).
    pub date: NaiveDate,
    /// What is counted.
    pub scope: Scope,
    /// The store, carrier or warehouse id.
    pub id: String,
    /// Orders (stores) or shipments (carriers, warehouses).
    pub count: u64,
}

/// One line of a history file (JSON Lines): a case with an optional outcome and the time
/// to assess it at, or an outcome on its own, or a daily volume.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryLine {
    /// A case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Case>,
    /// When to assess the case; its `received_at` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<DateTime<Utc>>,
    /// What happened to a case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// A daily order or shipment count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<DailyVolume>,
}
