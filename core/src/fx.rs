//! Exchange rates: the policy's reference table, a case's own rates, and conversion
//! with the rate and its source recorded.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::money::{Currency, FxConversion, Money, PolicyDecimal};
use crate::name::Name;

/// Reference exchange rates into one base currency, used to compare amounts in
/// different currencies with thresholds. A case may bring its own rates, which win.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FxPolicy {
    /// The base currency of the table.
    pub base: Currency,
    /// The date the rates were taken (ISO 8601), for the record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub as_of: String,
    /// Units of `base` per one unit of each currency (`EUR = "1.08"`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub to_base: BTreeMap<Currency, PolicyDecimal>,
    /// What a rule does when an amount it needs cannot be converted for want of a rate
    /// (the assessment always carries a `money.missing_rate` warning then).
    #[serde(default, skip_serializing_if = "MissingRate::is_ignore")]
    pub missing_rate: MissingRate,
}

/// The fallback when a rate is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MissingRate {
    /// The rule that needs the amount does not fire; a cap whose limit cannot be
    /// converted blocks the outcome.
    #[default]
    Ignore,
    /// Conservative: the amount counts as high value. Urgency rules with a minimum
    /// order total fire; a cap whose limit cannot be converted raises the approval
    /// (`remedy.caps.approve_past`) instead of blocking. Risk points are never added
    /// on an unknown amount (a genuine buyer is not punished).
    HighValue,
}

impl MissingRate {
    fn is_ignore(&self) -> bool {
        *self == MissingRate::Ignore
    }
}

impl FxPolicy {
    /// Checks the rates (each must be positive); problems are added to `out`.
    pub fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (c, rate) in &self.to_base {
            if rate.0 <= Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.invalid_rate",
                    format!("{path}.to_base.{c}"),
                    "rates must be positive",
                ));
            }
        }
    }
}

/// Exchange rates for one assessment: the case's own rates first, then the policy's
/// reference table (crossed through its base currency).
#[derive(Debug, Clone, Default)]
pub struct FxTable {
    base: Option<Currency>,
    /// The policy's table, shared by every case an engine assesses.
    to_base: std::sync::Arc<BTreeMap<Currency, Decimal>>,
    /// The policy's cross rates, as conversions use them (rounded).
    cross: std::sync::Arc<Cross>,
    direct: BTreeMap<(Currency, Currency), Decimal>,
    missing: MissingRate,
}

impl FxTable {
    /// Builds the table from the policy and the case's rates.
    pub fn new(policy: Option<&FxPolicy>, case_rates: &[crate::case::FxRate]) -> FxTable {
        let mut t = FxTable::default();
        if let Some(p) = policy {
            t.base = Some(p.base);
            t.missing = p.missing_rate;
            let mut to_base: BTreeMap<_, _> = p.to_base.iter().map(|(c, r)| (*c, r.0)).collect();
            to_base.insert(p.base, Decimal::ONE);
            t.cross = std::sync::Arc::new(Cross::new(&to_base));
            t.to_base = std::sync::Arc::new(to_base);
        }
        t.with_case(case_rates)
    }

    /// This table (the policy's rates) with a case's own rates added; the policy's
    /// table is shared, not copied.
    pub fn with_case(&self, case_rates: &[crate::case::FxRate]) -> FxTable {
        FxTable {
            base: self.base,
            to_base: self.to_base.clone(),
            cross: self.cross.clone(),
            direct: case_rates
                .iter()
                .map(|r| ((r.from, r.to), r.rate))
                .collect(),
            missing: self.missing,
        }
    }

    /// The policy's fallback for a missing rate.
    pub fn missing_rate(&self) -> MissingRate {
        self.missing
    }

    /// The policy's base currency, if it has a table.
    pub fn base(&self) -> Option<Currency> {
        self.base
    }

    /// Whether the policy's table (or the identity) has a rate for `c` into its base.
    pub fn has_policy_rate(&self, c: Currency) -> bool {
        self.to_base.contains_key(&c)
    }

    /// The rate from one currency to another and where it came from.
    pub fn rate(&self, from: Currency, to: Currency) -> Option<(Decimal, &'static str)> {
        if from == to {
            return Some((Decimal::ONE, "identity"));
        }
        if let Some(r) = self.direct.get(&(from, to)) {
            return Some((*r, "case"));
        }
        if let Some(r) = self.direct.get(&(to, from)) {
            return Decimal::ONE.checked_div(*r).map(|r| (r, "case"));
        }
        let a = self.to_base.get(&from)?;
        let b = self.to_base.get(&to)?;
        a.checked_div(*b).map(|r| (r, "policy"))
    }

    /// Converts `m` into `to`, rounded; `None` when no rate is known.
    pub fn convert(&self, m: Money, to: Currency) -> Option<FxConversion> {
        let from = m.currency;
        // The case's own rates come first (as in `rate`); otherwise the precomputed one.
        let case_rate =
            self.direct.contains_key(&(from, to)) || self.direct.contains_key(&(to, from));
        let policy_rate = if from == to || case_rate {
            None
        } else {
            self.cross.get(from, to, &self.to_base)
        };
        let (rate, source) = match policy_rate {
            Some(r) => (r, "policy"),
            None => {
                let (r, source) = self.rate(from, to)?;
                (conversion_rate(r), source)
            }
        };
        let converted = m.convert(to, rate).ok()?;
        Some(FxConversion {
            from: m,
            to: converted,
            rate,
            source: Name::Static(source),
        })
    }
}

/// The cross rates of a policy's table, each computed on its first use and kept, so a
/// conversion multiplies instead of dividing; a policy lists dozens of currencies, and
/// the whole square of them was a tenth of building an engine.
#[derive(Debug, Default)]
struct Cross {
    /// The table's currencies, sorted (the keys of `to_base`).
    currencies: Vec<Currency>,
    /// Row `from`, column `to`; `None` inside when the division overflows.
    rates: Box<[OnceLock<Option<Decimal>>]>,
}

impl Cross {
    fn new(to_base: &BTreeMap<Currency, Decimal>) -> Cross {
        let n = to_base.len();
        Cross {
            currencies: to_base.keys().copied().collect(),
            rates: (0..n * n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn get(
        &self,
        from: Currency,
        to: Currency,
        to_base: &BTreeMap<Currency, Decimal>,
    ) -> Option<Decimal> {
        let row = self.currencies.binary_search(&from).ok()?;
        let column = self.currencies.binary_search(&to).ok()?;
        let cell = self.rates.get(row * self.currencies.len() + column)?;
        *cell.get_or_init(|| {
            let (a, b) = (to_base.get(&from)?, to_base.get(&to)?);
            Some(conversion_rate(a.checked_div(*b)?))
        })
    }
}

/// A rate as conversions apply and record it: ten decimals, trailing zeros dropped.
fn conversion_rate(r: Decimal) -> Decimal {
    r.round_dp(10).normalize()
}

/// One minor unit of a currency (0.01 for euros, 1 for yen).
pub fn minor_unit(c: Currency) -> Decimal {
    Decimal::new(1, c.minor_units())
}

/// Floors `d` to the minor unit of `c`.
pub fn floor_to(d: Decimal, c: Currency) -> Decimal {
    let mut x = d.round_dp_with_strategy(c.minor_units(), rust_decimal::RoundingStrategy::ToZero);
    if x > d {
        x = x.checked_sub(minor_unit(c)).unwrap_or(x);
    }
    x.rescale(c.minor_units());
    x
}

/// The largest amount `x` in `from` (a multiple of its minor unit) whose conversion into
/// `limit`'s currency stays at or below `limit`, or `None` without a rate. The conversion
/// rounds half-even and is monotone, so the estimate `limit / rate` is corrected by
/// checking its neighbours with the engine's own conversion.
pub fn largest_converting_within(from: Currency, limit: Money, fx: &FxTable) -> Option<Decimal> {
    let unit = minor_unit(from);
    let conv = |x: Decimal| {
        fx.convert(Money::new(x, from), limit.currency)
            .map(|c| c.to.amount)
    };
    let rate = fx
        .convert(Money::new(Decimal::ONE, from), limit.currency)?
        .rate;
    let mut x = floor_to(limit.amount.checked_div(rate)?, from);
    // Move up while the next unit still fits, then down while this one does not.
    for _ in 0..8 {
        let next = x.checked_add(unit)?;
        if conv(next)? <= limit.amount {
            x = next;
        } else {
            break;
        }
    }
    for _ in 0..8 {
        if conv(x)? <= limit.amount || x <= Decimal::ZERO {
            break;
        }
        x = x.checked_sub(unit)?;
    }
    Some(x.max(Decimal::ZERO))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn cross_rates_are_computed_on_use_and_kept() {
        let mut to_base = BTreeMap::new();
        to_base.insert(cur("EUR"), PolicyDecimal(Decimal::new(108, 2)));
        to_base.insert(cur("JPY"), PolicyDecimal(Decimal::new(67, 4)));
        let policy = FxPolicy {
            base: cur("USD"),
            as_of: String::new(),
            to_base,
            missing_rate: MissingRate::Ignore,
        };
        let t = FxTable::new(Some(&policy), &[]);
        let eur = Money::new(Decimal::new(10000, 2), cur("EUR"));
        for _ in 0..2 {
            let c = t.convert(eur, cur("JPY")).unwrap();
            // 1.08 / 0.0067 = 161.19402985074626..., kept to ten decimals.
            assert_eq!(c.rate, "161.1940298507".parse::<Decimal>().unwrap());
            assert_eq!(c.to.amount, Decimal::new(16119, 0));
            assert_eq!(c.source.as_str(), "policy");
        }
        assert_eq!(
            t.convert(eur, cur("USD")).unwrap().rate,
            Decimal::new(108, 2)
        );
        assert!(t.convert(eur, cur("GBP")).is_none());
        let own = [crate::case::FxRate {
            from: cur("EUR"),
            to: cur("JPY"),
            rate: Decimal::new(160, 0),
        }];
        let c = t.with_case(&own).convert(eur, cur("JPY")).unwrap();
        assert_eq!((c.rate, c.source.as_str()), (Decimal::new(160, 0), "case"));
    }
}
