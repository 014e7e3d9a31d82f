//! Half-even rounding to a currency's minor unit, and percentages of amounts, on the
//! 128-bit integer form of a decimal.
//!
//! A decision rounds two to six times (caps, percentages, bonuses, headroom), and
//! `rust_decimal`'s general rounding was a sixth of a decision's instructions. Amounts
//! here are small enough for plain integer division, which gives the same digits;
//! anything this path cannot prove exact (a negative zero, a product past 96 bits or 28
//! decimals) takes the general path, so results never differ from [`Money::rounded`].

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::money::Money;

/// `m` rounded half-even to its currency's minor unit, with exactly that many decimals:
/// the same as [`Money::rounded`].
pub(crate) fn round(m: Money) -> Money {
    let dp = m.currency.minor_units();
    let scale = m.amount.scale();
    if scale <= dp || m.amount.is_sign_negative() {
        return m.rounded(); // only padding, or a sign the general path keeps
    }
    let mant = m.amount.mantissa();
    let Some(p) = 10i128.checked_pow(scale - dp) else {
        return m.rounded();
    };
    let (q, r) = (mant / p, mant % p);
    // `r < p <= 10^28`, so twice it fits.
    let up = match r.saturating_mul(2).cmp(&p) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => q % 2 != 0,
    };
    let q = if up { q.saturating_add(1) } else { q };
    match Decimal::try_from_i128_with_scale(q, dp) {
        Ok(d) => Money::new(d, m.currency),
        Err(_) => m.rounded(),
    }
}

/// `pct` percent of `m`, rounded half-even to the minor unit, when the exact product fits
/// a decimal (96 bits, at most 28 decimals once divided by 100); `None` otherwise, for the
/// general path.
pub(crate) fn pct_of(m: Money, pct: Decimal) -> Option<Money> {
    let scale = m.amount.scale().checked_add(pct.scale())?.checked_add(2)?;
    if scale > 28 {
        return None;
    }
    let prod = m.amount.mantissa().checked_mul(pct.mantissa())?;
    // A zero product keeps whatever sign and scale the general path gives it.
    if prod <= 0 || prod >= 1i128 << 96 {
        return None;
    }
    let exact = Decimal::try_from_i128_with_scale(prod, scale).ok()?;
    Some(round(Money::new(exact, m.currency)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::money::Currency;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    /// The general path: `rust_decimal` arithmetic, then `Money::rounded`.
    fn general_pct_of(m: Money, pct: Decimal) -> Option<Money> {
        let mut p = m.amount.checked_mul(pct)?;
        let scale = p.scale() + 2;
        if p.set_scale(scale).is_err() {
            p = p.checked_div(Decimal::ONE_HUNDRED)?;
        }
        Some(Money::new(p, m.currency).rounded())
    }

    fn same(a: Money, b: Money) -> bool {
        a.currency == b.currency
            && a.amount.mantissa() == b.amount.mantissa()
            && a.amount.scale() == b.amount.scale()
            && a.amount.is_sign_negative() == b.amount.is_sign_negative()
    }

    fn currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(vec!["USD", "JPY", "KWD", "EUR", "BRL"])
            .prop_map(|c| Currency::from_code(c).unwrap())
    }

    proptest! {
        #[test]
        fn rounds_like_money_rounded(mant in any::<i64>(), scale in 0u32..=28, cur in currency()) {
            let m = Money::new(Decimal::new(mant, scale), cur);
            let fast = round(m);
            let slow = m.rounded();
            prop_assert!(same(fast, slow), "{m:?}: {fast:?} vs {slow:?}");
            // And the digits of rust_decimal's half-even rounding.
            if scale > cur.minor_units() {
                let r = m.amount.round_dp_with_strategy(cur.minor_units(), RoundingStrategy::MidpointNearestEven);
                prop_assert_eq!(fast.amount, r);
            }
        }

        #[test]
        fn percentages_like_the_general_path(
            mant in 0i64..10_000_000_000,
            scale in 0u32..=6,
            pct in 0i64..200_000,
            pct_scale in 0u32..=4,
            cur in currency(),
        ) {
            let m = Money::new(Decimal::new(mant, scale), cur);
            let p = Decimal::new(pct, pct_scale);
            if let Some(fast) = pct_of(m, p) {
                let slow = general_pct_of(m, p).unwrap();
                prop_assert!(same(fast, slow), "{m:?} x {p}: {fast:?} vs {slow:?}");
            }
        }
    }

    #[test]
    fn ties_go_to_the_even_neighbour() {
        let usd = Currency::from_code("USD").unwrap();
        let r = |s: &str| {
            round(Money::new(s.parse().unwrap(), usd))
                .amount
                .to_string()
        };
        assert_eq!(r("0.125"), "0.12");
        assert_eq!(r("0.135"), "0.14");
        assert_eq!(r("2.5050"), "2.50");
        assert_eq!(r("2.5051"), "2.51");
        assert_eq!(r("-0.135"), "-0.14");
        assert_eq!(r("7"), "7.00");
        let jpy = Currency::from_code("JPY").unwrap();
        let p = pct_of(Money::new("4980".parse().unwrap(), jpy), Decimal::from(5)).unwrap();
        assert_eq!(p.amount.to_string(), "249");
    }
}
