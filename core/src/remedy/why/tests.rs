#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use super::*;
use proptest::prelude::*;

fn roles() -> Vec<Role> {
    crate::policy::Policy::default_policy()
        .unwrap()
        .remedy
        .roles
}

fn usd(s: &str) -> Money {
    Money::new(s.parse().unwrap(), Currency::from_code("USD").unwrap())
}

proptest! {
    /// At the reported bound the same role approves; one cent past it the reported
    /// role (or none) does.
    #[test]
    fn the_bound_keeps_the_approver_and_one_cent_past_it_moves_it(
        cents in 1i64..500_000, total_cents in 1i64..500_000, role_kinds in 0usize..3
    ) {
        let roles = roles();
        let fx = FxTable::new(crate::policy::Policy::default_policy().unwrap().fx.as_ref(), &[]);
        let kinds: &[Kind] = match role_kinds {
            0 => &[Kind::Coupon],
            1 => &[Kind::PartialRefund],
            _ => &[Kind::FullRefund, Kind::Gift],
        };
        let v = Money::new(Decimal::new(cents, 2), usd("1").currency);
        let total = Some(Money::new(Decimal::new(total_cents, 2), v.currency));
        let Some(ai) = first_approver(&roles, 0, kinds, Some(v), total, &fx) else {
            return Ok(());
        };
        if let Bound::UpTo(up) = role_bound(&roles[ai], v.currency, total, &fx) {
            prop_assert!(up >= v.amount);
            let at = Money::new(up, v.currency);
            prop_assert_eq!(first_approver(&roles, 0, kinds, Some(at), total, &fx), Some(ai));
            let past = Money::new(up + minor_unit(v.currency), v.currency);
            let j = first_approver(&roles, 0, kinds, Some(past), total, &fx);
            prop_assert!(j.is_none_or(|j| j > ai));
        }
    }

    /// A limit in another currency is inverted exactly: the bound converts within the
    /// limit, one minor unit more does not.
    #[test]
    fn a_converted_limit_is_exact(limit_cents in 1i64..10_000_000, from in 0usize..4) {
        let fx = FxTable::new(crate::policy::Policy::default_policy().unwrap().fx.as_ref(), &[]);
        let from = Currency::from_code(["EUR", "GBP", "JPY", "BRL"][from]).unwrap();
        let limit = Money::new(Decimal::new(limit_cents, 2), usd("1").currency);
        let x = largest_converting_within(from, limit, &fx).unwrap();
        let conv = |x: Decimal| fx.convert(Money::new(x, from), limit.currency).unwrap().to.amount;
        prop_assert!(x.is_zero() || conv(x) <= limit.amount);
        prop_assert!(conv(x + minor_unit(from)) > limit.amount);
    }
}
