//! Outcomes: the things a remedy option is made of, their tiers and their amounts.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::money::PolicyDecimal;
use crate::money::{Currency, Money};

/// Compensation tiers from the domain: L1 coupon or points, L2 partial refund or reship,
/// L3 full refund plus a gift.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[non_exhaustive]
pub enum Tier {
    /// Small coupon or points.
    L1,
    /// Partial refund or reship.
    L2,
    /// Full refund plus a gift.
    L3,
}

impl Tier {
    /// `L1`, `L2` or `L3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::L1 => "L1",
            Tier::L2 => "L2",
            Tier::L3 => "L3",
        }
    }
}

/// What an outcome is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A discount code: a percentage off the next order, or a fixed amount.
    Coupon,
    /// Loyalty points.
    Points,
    /// Store credit, optionally with a bonus on top.
    StoreCredit,
    /// Part of the price back (a percentage of a base, or a fixed amount).
    PartialRefund,
    /// Everything paid back.
    FullRefund,
    /// Send the goods again (optionally with priority shipping).
    Reship,
    /// Swap for another size, colour or unit.
    Exchange,
    /// The shipping cost back.
    ShippingRefund,
    /// A gift (a product or voucher of the stated value).
    Gift,
    /// An apology; alone in an option it is "apology only".
    Apology,
    /// An explanation of what happened (customs, carrier) without other remedy.
    Explanation,
    /// The buyer keeps the item.
    KeepItem,
    /// The item must be returned first.
    ReturnRequired,
    /// Ask the buyer for evidence (photos, video) before deciding.
    RequestEvidence,
    /// Wait for the carrier's delivery window to run out.
    WaitCarrierWindow,
    /// Hand to a person with more authority.
    Escalate,
    /// Send the tracking link.
    TrackingLink,
    /// Offer a local pickup point.
    LocalPickup,
}

impl Kind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Coupon => "coupon",
            Kind::Points => "points",
            Kind::StoreCredit => "store_credit",
            Kind::PartialRefund => "partial_refund",
            Kind::FullRefund => "full_refund",
            Kind::Reship => "reship",
            Kind::Exchange => "exchange",
            Kind::ShippingRefund => "shipping_refund",
            Kind::Gift => "gift",
            Kind::Apology => "apology",
            Kind::Explanation => "explanation",
            Kind::KeepItem => "keep_item",
            Kind::ReturnRequired => "return_required",
            Kind::RequestEvidence => "request_evidence",
            Kind::WaitCarrierWindow => "wait_carrier_window",
            Kind::Escalate => "escalate",
            Kind::TrackingLink => "tracking_link",
            Kind::LocalPickup => "local_pickup",
        }
    }

    /// The tier an outcome of this kind has unless the policy says otherwise.
    pub fn default_tier(self) -> Tier {
        match self {
            Kind::PartialRefund | Kind::Reship | Kind::Exchange | Kind::StoreCredit => Tier::L2,
            Kind::FullRefund => Tier::L3,
            _ => Tier::L1,
        }
    }

    /// How the outcome is funded, which decides the caps that apply to it.
    pub fn funding(self) -> Funding {
        match self {
            Kind::PartialRefund | Kind::FullRefund | Kind::ShippingRefund => Funding::Cash,
            Kind::StoreCredit | Kind::Coupon => Funding::Credit,
            Kind::Gift => Funding::Goods,
            _ => Funding::None,
        }
    }
}

/// How an outcome is funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Funding {
    /// Money back to the buyer's payment method.
    Cash,
    /// Credit to spend in the store (store credit, fixed-value coupons).
    Credit,
    /// A gift of the stated value.
    Goods,
    /// No money value.
    None,
}

/// What a percentage is taken of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Base {
    /// The order total the buyer paid.
    #[default]
    OrderTotal,
    /// The amount the buyer claims (the order total when none is stated).
    Claim,
    /// The value of the claimed items (all items when the claim names none).
    Items,
    /// The shipping the buyer paid: the order total less the items.
    Shipping,
}

/// A fixed amount in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyMoney {
    /// The amount.
    pub amount: PolicyDecimal,
    /// Its currency; converted into the case's currency at the case's or the policy's rate.
    pub currency: Currency,
}

impl PolicyMoney {
    /// As money.
    pub fn money(self) -> Money {
        Money::new(self.amount.0, self.currency)
    }
}

/// An outcome as written in the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// What it is.
    pub kind: Kind,
    /// Its tier; defaults to the kind's (L1 coupon/points/messages, L2 partial refund,
    /// reship, exchange, store credit, L3 full refund).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// A percentage: of `of` for money outcomes, or the discount of a coupon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pct: Option<PolicyDecimal>,
    /// What `pct` is taken of (money outcomes; coupons with `of` become a fixed amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Base>,
    /// A fixed amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<PolicyMoney>,
    /// Points granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// Store credit: bonus on top, in percent of the credit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_pct: Option<PolicyDecimal>,
    /// Reship: with priority shipping.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priority: bool,
    /// Raise the amount by the policy's `uplift_pct` ("exceed the expectation"); caps
    /// still apply after the uplift.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uplift: bool,
    /// Coupons: valid on the next order only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub next_order: bool,
    /// Waiting outcomes: days to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

impl OutcomeSpec {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        let money_kind = matches!(
            self.kind,
            Kind::Coupon
                | Kind::StoreCredit
                | Kind::PartialRefund
                | Kind::ShippingRefund
                | Kind::Gift
        );
        if self.pct.is_some() && self.fixed.is_some() {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                path,
                "give either `pct` or `fixed`, not both",
            ));
        }
        if !money_kind && (self.pct.is_some() || self.fixed.is_some() || self.of.is_some()) {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                path,
                format!("`{}` carries no amount", self.kind.as_str()),
            ));
        }
        if matches!(
            self.kind,
            Kind::Coupon | Kind::StoreCredit | Kind::PartialRefund
        ) && self.pct.is_none()
            && self.fixed.is_none()
        {
            out.push(
                Diagnostic::new(
                    "policy.remedy.outcome",
                    path,
                    format!("`{}` needs `pct` or `fixed`", self.kind.as_str()),
                )
                .hint("e.g. pct = 10 or fixed = { amount = \"5\", currency = \"USD\" }"),
            );
        }
        if self.kind == Kind::Points && self.points.is_none() {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                format!("{path}.points"),
                "`points` needs a number of points",
            ));
        }
        if self.kind != Kind::Points && self.points.is_some() {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                format!("{path}.points"),
                "only `points` outcomes grant points",
            ));
        }
        if self.bonus_pct.is_some() && self.kind != Kind::StoreCredit {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                format!("{path}.bonus_pct"),
                "only store credit carries a bonus",
            ));
        }
        if self.priority && self.kind != Kind::Reship {
            out.push(Diagnostic::new(
                "policy.remedy.outcome",
                format!("{path}.priority"),
                "only a reship has priority",
            ));
        }
        for (key, v) in [("pct", self.pct), ("bonus_pct", self.bonus_pct)] {
            if let Some(v) = v {
                if v.0 < Decimal::ZERO || v.0 > Decimal::from(1000) {
                    out.push(Diagnostic::new(
                        "policy.out_of_range",
                        format!("{path}.{key}"),
                        "percentages run from 0 to 1000",
                    ));
                }
            }
        }
        if let Some(f) = self.fixed {
            if f.amount.0 < Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.fixed.amount"),
                    "amounts must not be negative",
                ));
            }
            if f.money().check_precision().is_err() {
                out.push(Diagnostic::new(
                    "money.precision",
                    format!("{path}.fixed.amount"),
                    format!(
                        "{} allows {} decimals",
                        f.currency,
                        f.currency.minor_units()
                    ),
                ));
            }
        }
    }

    /// The outcome's tier.
    pub fn tier(&self) -> Tier {
        self.tier.unwrap_or_else(|| self.kind.default_tier())
    }
}

/// `pct` percent of `m`, rounded half-even to the minor unit. Dividing by 100 is done by
/// moving the decimal point, which is exact and needs no division.
pub(crate) fn pct_of(m: Money, pct: Decimal) -> Option<Money> {
    if let Some(fast) = super::half_even::pct_of(m, pct) {
        return Some(fast);
    }
    let prod = match m.amount.checked_mul(pct) {
        Some(mut p) => {
            let scale = p.scale() + 2;
            if p.set_scale(scale).is_err() {
                p = p.checked_div(Decimal::ONE_HUNDRED)?;
            }
            p
        }
        // Near the top of the decimal range: divide first.
        None => m
            .amount
            .checked_div(Decimal::ONE_HUNDRED)?
            .checked_mul(pct)?,
    };
    Some(Money::new(prod, m.currency).rounded())
}

/// Splits `total` over `weights` in proportion, rounding half-even per part and handing
/// the remainder out one minor unit at a time (largest fractional share first, then the
/// earlier part), so the parts always sum exactly to the rounded total.
///
/// ```
/// use amends::remedy::allocate;
/// use amends::money::{Currency, Money};
/// let eur = Currency::from_code("EUR").unwrap();
/// let parts = allocate(Money::new("10.00".parse().unwrap(), eur), &["1".parse().unwrap(); 3]).unwrap();
/// let s: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
/// assert_eq!(s, ["3.34", "3.33", "3.33"]);
/// ```
pub fn allocate(total: Money, weights: &[Decimal]) -> Option<Vec<Money>> {
    let total = total.rounded();
    let cur = total.currency;
    let unit = Decimal::new(1, cur.minor_units());
    let units = total.amount.checked_div(unit)?;
    let sum: Decimal = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))?;
    if weights.is_empty() || sum <= Decimal::ZERO || weights.iter().any(|w| *w < Decimal::ZERO) {
        return None;
    }
    let mut floors = Vec::with_capacity(weights.len());
    let mut given = Decimal::ZERO;
    for (i, w) in weights.iter().enumerate() {
        let exact = units.checked_mul(*w)?.checked_div(sum)?;
        let fl = exact.floor();
        given = given.checked_add(fl)?;
        floors.push((i, fl, exact.checked_sub(fl)?));
    }
    let mut rest = units.checked_sub(given)?;
    let mut order: Vec<usize> = (0..floors.len()).collect();
    order.sort_by(|a, b| {
        let fa = floors.get(*a).map(|f| f.2).unwrap_or_default();
        let fb = floors.get(*b).map(|f| f.2).unwrap_or_default();
        fb.cmp(&fa).then(a.cmp(b))
    });
    for i in order {
        if rest <= Decimal::ZERO {
            break;
        }
        if let Some(f) = floors.get_mut(i) {
            f.1 = f.1.checked_add(Decimal::ONE)?;
            rest -= Decimal::ONE;
        }
    }
    floors
        .into_iter()
        .map(|(_, u, _)| u.checked_mul(unit).map(|a| Money::new(a, cur).rounded()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn kinds_name_themselves_like_serde() {
        for k in [Kind::Coupon, Kind::WaitCarrierWindow, Kind::ShippingRefund] {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().into())
            );
        }
    }

    proptest! {
        #[test]
        fn percentages_match_money_percent(units in -10_000_000i64..10_000_000, pct in 0i64..100_000, c in prop::sample::select(vec!["JPY", "EUR", "KWD"])) {
            let currency = cur(c);
            let m = Money::new(Decimal::new(units, currency.minor_units()), currency);
            let p = Decimal::new(pct, 2);
            prop_assert_eq!(pct_of(m, p).unwrap(), m.percent(p).unwrap());
        }

        #[test]
        fn allocation_conserves_every_minor_unit(
            units in 0i64..100_000_000,
            weights in prop::collection::vec(1i64..1_000_000, 1..12),
            c in prop::sample::select(vec!["JPY", "EUR", "KWD"]),
        ) {
            let currency = cur(c);
            let total = Money::new(Decimal::new(units, currency.minor_units()), currency);
            let w: Vec<Decimal> = weights.iter().map(|x| Decimal::new(*x, 2)).collect();
            let parts = allocate(total, &w).unwrap();
            prop_assert_eq!(parts.len(), w.len());
            let sum = parts.iter().fold(Decimal::ZERO, |a, p| a + p.amount);
            prop_assert_eq!(sum, total.amount);
            for p in &parts {
                prop_assert!(p.amount >= Decimal::ZERO);
                prop_assert_eq!(p.amount.scale(), currency.minor_units());
            }
        }
    }
}
