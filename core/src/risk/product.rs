//! The product (SKU) risk index: how much more often a SKU draws complaints than the other
//! products of its category, smoothed so that a handful of orders cannot make a SKU look
//! broken or spotless.
//!
//! ```text
//! peer_rate = (peer_complaints + default_rate * prior_orders) / (peer_orders + prior_orders)
//! sku_rate  = (complaints + peer_rate * prior_orders) / (orders + prior_orders)
//! index     = sku_rate / peer_rate
//! ```
//!
//! An index of 1 means "like its peers"; the trade press reports one product class at
//! 2.3 times its peers.

use rust_decimal::Decimal;

use crate::case::ProductStats;

use super::policy::ProductIndexRule;

/// The product risk index of one SKU, rounded to 4 decimals; `None` when the arithmetic
/// cannot be done (a zero peer rate with no prior).
///
/// ```
/// use amends::case::ProductStats;
/// use amends::risk::{product_risk_index, ProductIndexRule};
/// use amends::policy::PolicyDecimal;
/// let rule = ProductIndexRule {
///     weight: -15,
///     threshold: PolicyDecimal("1.5".parse().unwrap()),
///     prior_orders: PolicyDecimal("50".parse().unwrap()),
///     default_rate: PolicyDecimal("0.05".parse().unwrap()),
///     min_orders: 20,
/// };
/// let sku = ProductStats { sku: "LAMP-1".into(), orders: 400, complaints: 60,
///                          peer_orders: 10_000, peer_complaints: 650 };
/// assert_eq!(product_risk_index(&sku, &rule).unwrap().to_string(), "2.1648");
/// ```
pub fn product_risk_index(stats: &ProductStats, rule: &ProductIndexRule) -> Option<Decimal> {
    let prior = rule.prior_orders.0;
    let peer_rate = smoothed(
        stats.peer_complaints,
        stats.peer_orders,
        rule.default_rate.0,
        prior,
    )?;
    if peer_rate <= Decimal::ZERO {
        return None;
    }
    let sku_rate = smoothed(stats.complaints, stats.orders, peer_rate, prior)?;
    sku_rate
        .checked_div(peer_rate)
        .map(|r| r.round_dp(4).normalize())
}

/// `(events + prior_rate * prior_n) / (n + prior_n)`; `None` when the denominator is 0.
pub(crate) fn smoothed(
    events: u32,
    n: u32,
    prior_rate: Decimal,
    prior_n: Decimal,
) -> Option<Decimal> {
    let num = Decimal::from(events).checked_add(prior_rate.checked_mul(prior_n)?)?;
    let den = Decimal::from(n).checked_add(prior_n)?;
    if den.is_zero() {
        return None;
    }
    num.checked_div(den)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::money::PolicyDecimal;

    fn rule() -> ProductIndexRule {
        ProductIndexRule {
            weight: -15,
            threshold: PolicyDecimal(Decimal::new(15, 1)),
            prior_orders: PolicyDecimal(Decimal::from(50)),
            default_rate: PolicyDecimal(Decimal::new(5, 2)),
            min_orders: 20,
        }
    }

    fn stats(orders: u32, complaints: u32) -> ProductStats {
        ProductStats {
            sku: "S".into(),
            orders,
            complaints,
            peer_orders: 10_000,
            peer_complaints: 500,
        }
    }

    #[test]
    fn a_sku_like_its_peers_scores_one() {
        assert_eq!(
            product_risk_index(&stats(1000, 50), &rule()).unwrap(),
            Decimal::ONE
        );
    }

    #[test]
    fn small_counts_are_pulled_toward_the_peers() {
        // 2 complaints in 4 orders is a raw 50%, ten times the peers; smoothed it is far less.
        let i = product_risk_index(&stats(4, 2), &rule()).unwrap();
        assert!(i < Decimal::from(2), "{i}");
        assert!(i > Decimal::ONE, "{i}");
    }

    #[test]
    fn a_class_at_two_point_three_times_its_peers_reads_near_that() {
        let i = product_risk_index(&stats(5000, 575), &rule()).unwrap();
        assert_eq!(i.round_dp(1), Decimal::new(23, 1));
    }

    #[test]
    fn peers_without_counts_fall_back_to_the_default_rate() {
        let s = ProductStats {
            sku: "S".into(),
            orders: 100,
            complaints: 15,
            peer_orders: 0,
            peer_complaints: 0,
        };
        // peer 0.05; sku (15 + 2.5) / 150 = 0.11666..; index 2.3333
        assert_eq!(
            product_risk_index(&s, &rule()).unwrap().to_string(),
            "2.3333"
        );
    }
}
