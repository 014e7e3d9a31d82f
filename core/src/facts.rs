//! Facts derived once per case and shared by every stage: delay against the estimate,
//! time waited, amounts in the policy's base currency, claim-to-order ratio.
//!
//! Stages read these instead of recomputing them, so a threshold on "delay days" means
//! the same thing in triage, risk and remedy.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Case, ShipmentStatus};
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
        }
    }
}
