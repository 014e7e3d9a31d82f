//! Facts derived once per case and shared by every stage: delay against the estimate,
//! time waited, amounts in the policy's base currency, claim-to-order ratio.
//!
//! Stages read these instead of recomputing them, so a threshold on "delay days" means
//! the same thing in triage, risk and remedy.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Case, LoyaltyTier, ShipmentStatus};
use crate::fx::FxTable;
use crate::money::FxConversion;

/// Facts about one case at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Facts {
    /// The market whose rules apply (ISO country).
    pub market: String,
    /// Whole days the parcel is (or was) late against the estimate: delivered minus
    /// estimate if delivered, else `now` minus estimate; 0 when on time, `None` without
    /// an estimate.
    pub delay_days: Option<i64>,
    /// Whole hours since the complaint was received.
    pub hours_since_received: i64,
    /// Whole days since the order was placed.
    pub days_since_order: Option<i64>,
    /// Whole days since delivery, if delivered.
    pub days_since_delivery: Option<i64>,
    /// Whole days since the buyer's account was created.
    pub account_age_days: Option<i64>,
    /// Whether the carrier reports delivery.
    pub delivered: bool,
    /// The order total converted into the policy's base currency, when a rate is known.
    pub order_total_base: Option<FxConversion>,
    /// Claimed amount divided by order total (same currency), 4 decimals.
    #[serde(with = "crate::money::decimal_str_opt")]
    #[schemars(with = "Option<String>")]
    pub claim_ratio: Option<Decimal>,
    /// The buyer's loyalty tier: as the host passed it, else derived from the buyer's
    /// history with the policy's `[loyalty]` thresholds; left out when none.
    #[serde(default, skip_serializing_if = "is_no_tier")]
    pub loyalty_tier: LoyaltyTier,
}

fn is_no_tier(t: &LoyaltyTier) -> bool {
    *t == LoyaltyTier::None
}

/// The `[loyalty]` section: how a buyer's tier is derived when the host does not pass it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoyaltyPolicy {
    /// Orders placed that make a buyer silver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silver_min_orders: Option<u32>,
    /// Spend over the last 12 months, in the `[fx]` base currency, that makes a buyer gold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold_min_spend: Option<crate::money::PolicyDecimal>,
    /// Spend over the last 12 months, in the `[fx]` base currency, that makes a buyer
    /// platinum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platinum_min_spend: Option<crate::money::PolicyDecimal>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// How a derived tier was reached, for the trace.
#[derive(Debug, Clone, PartialEq)]
pub struct TierDerivation {
    /// The tier.
    pub tier: LoyaltyTier,
    /// The yearly spend in the base currency, when it was converted.
    pub spend_base: Option<Decimal>,
    /// The spend could not be converted for want of a rate.
    pub missing_rate: bool,
}

impl LoyaltyPolicy {
    /// The tier of a buyer from the history: platinum or gold by yearly spend (in the
    /// base currency), silver by orders placed.
    pub fn derive(&self, case: &Case, fx: &FxTable) -> TierDerivation {
        let hist = case.buyer.as_ref().map(|b| &b.history);
        let spend = hist.and_then(|h| h.spend_last_year);
        let converted = match (spend, fx.base()) {
            (Some(m), Some(b)) => fx.convert(m, b).map(|x| x.to.amount),
            (Some(m), None) => Some(m.amount),
            _ => None,
        };
        let reaches = |min: Option<crate::money::PolicyDecimal>| matches!((min, converted), (Some(min), Some(v)) if v >= min.0);
        let tier = if reaches(self.platinum_min_spend) {
            LoyaltyTier::Platinum
        } else if reaches(self.gold_min_spend) {
            LoyaltyTier::Gold
        } else if self
            .silver_min_orders
            .is_some_and(|n| hist.is_some_and(|h| h.orders >= n))
        {
            LoyaltyTier::Silver
        } else {
            LoyaltyTier::None
        };
        TierDerivation {
            tier,
            spend_base: converted,
            missing_rate: spend.is_some() && converted.is_none(),
        }
    }
}

fn whole_days(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    to.signed_duration_since(from).num_days()
}

impl Facts {
    /// Derives the facts of `case` at `now`. `base` is the policy's base currency.
    pub fn derive(
        case: &Case,
        now: DateTime<Utc>,
        fx: &FxTable,
        base: Option<crate::money::Currency>,
    ) -> Facts {
        let order = case.order.as_ref();
        let shipment = case.shipment();
        let delivered = shipment
            .is_some_and(|s| s.status == ShipmentStatus::Delivered || s.delivered_at.is_some());
        let delay_days = shipment.and_then(|s| {
            let est = s.estimated_delivery_at?;
            let end = s.delivered_at.unwrap_or(now);
            Some(whole_days(est, end).max(0))
        });
        let claim_ratio = match (order, case.claim.as_ref().and_then(|c| c.amount)) {
            (Some(o), Some(claimed))
                if o.total.currency == claimed.currency && !o.total.amount.is_zero() =>
            {
                claimed
                    .amount
                    .checked_div(o.total.amount)
                    .map(|r| r.round_dp(4).normalize())
            }
            _ => None,
        };
        Facts {
            market: case.market().to_owned(),
            delay_days,
            hours_since_received: now.signed_duration_since(case.received_at).num_hours(),
            days_since_order: order.map(|o| whole_days(o.placed_at, now)),
            days_since_delivery: shipment
                .and_then(|s| s.delivered_at)
                .map(|d| whole_days(d, now)),
            account_age_days: case
                .buyer
                .as_ref()
                .and_then(|b| b.account_created_at)
                .map(|t| whole_days(t, now)),
            delivered,
            order_total_base: match (order, base) {
                (Some(o), Some(b)) => fx.convert(o.total, b),
                _ => None,
            },
            claim_ratio,
            loyalty_tier: case.buyer.as_ref().and_then(|b| b.tier).unwrap_or_default(),
        }
    }
}
