//! Decimal money with ISO 4217 currencies.
//!
//! Amounts are [`Decimal`]s, never floats. Every amount the engine outputs is
//! rounded half-even to its currency's minor unit (JPY 0, EUR 2, KWD 3 ...).
//! Arithmetic is checked: overflow and mixing currencies are errors.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 4217 currency, written as its three-letter code (`"EUR"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Looks up an ISO 4217 code; only currencies with a defined minor unit are accepted.
    ///
    /// ```
    /// use amends::money::Currency;
    /// assert_eq!(Currency::from_code("JPY").map(|c| c.minor_units()), Some(0));
    /// assert!(Currency::from_code("XAU").is_none()); // gold has no minor unit
    /// ```
    pub fn from_code(code: &str) -> Option<Currency> {
        let c = iso_currency::Currency::from_code(code)?;
        c.exponent().map(|_| Currency(c))
    }

    /// The three-letter code.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point (ISO 4217 "minor unit").
    pub fn minor_units(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(0))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s).ok_or_else(|| MoneyError::UnknownCurrency(s.to_owned()))
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 alphabetic code with a defined minor unit"
        })
    }
}

/// Money errors. Each maps to a stable code via [`MoneyError::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The code is not an ISO 4217 currency with a minor unit.
    #[error("[money.unknown_currency] unknown currency `{0}`")]
    UnknownCurrency(String),
    /// Two amounts in different currencies were combined.
    #[error("[money.currency_mismatch] cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// A result does not fit the decimal range.
    #[error("[money.overflow] amount out of range")]
    Overflow,
    /// An amount string is not a plain decimal.
    #[error("[money.invalid_amount] `{0}` is not a decimal amount")]
    InvalidAmount(String),
    /// An amount carries more decimals than its currency's minor unit.
    #[error("[money.precision] {0} allows {1} decimals")]
    Precision(Currency, u32),
    /// A rate or divisor was zero or negative.
    #[error("[money.invalid_rate] rate must be positive")]
    InvalidRate,
    /// A policy number has more significant digits than a binary float keeps, so the
    /// value read could differ from the one written.
    #[error("[money.inexact_number] the number {0} has more than 15 significant digits; write it as a string, e.g. \"{0}\"")]
    InexactNumber(String),
}

impl MoneyError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::UnknownCurrency(_) => "money.unknown_currency",
            MoneyError::CurrencyMismatch(..) => "money.currency_mismatch",
            MoneyError::Overflow => "money.overflow",
            MoneyError::InvalidAmount(_) => "money.invalid_amount",
            MoneyError::Precision(..) => "money.precision",
            MoneyError::InvalidRate => "money.invalid_rate",
            MoneyError::InexactNumber(_) => "money.inexact_number",
        }
    }
}

/// Parses a decimal string strictly: digits, optional sign and point, no exponent.
pub fn parse_decimal(s: &str) -> Result<Decimal, MoneyError> {
    let ok = !s.is_empty()
        && s.len() <= 40
        && s.trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(MoneyError::InvalidAmount(s.chars().take(40).collect()));
    }
    Decimal::from_str_exact(s).map_err(|_| MoneyError::InvalidAmount(s.chars().take(40).collect()))
}

/// The decimal a number written in a document means, from the binary float a parser
/// read it as: Rust prints the shortest spelling that reads back as the same float, and
/// any spelling of at most 15 significant digits is that shortest spelling of its own
/// float, so the decimal is exactly the one written. Beyond 15 digits it may not be,
/// and the number is refused rather than changed silently.
pub fn decimal_from_f64(v: f64) -> Result<Decimal, MoneyError> {
    if !v.is_finite() {
        return Err(MoneyError::InvalidAmount(v.to_string()));
    }
    let text = format!("{v}");
    let digits = text.trim_start_matches('-').replace('.', "");
    if digits.trim_start_matches('0').trim_end_matches('0').len() > 15 {
        return Err(MoneyError::InexactNumber(text));
    }
    parse_decimal(&text)
}

/// A decimal's text as `Display` writes it (every digit of its scale, `-` when the sign
/// is negative), formatted on the stack: rust_decimal's `Display` divides its 96-bit
/// mantissa by ten once per digit and pads through a `Formatter`, and `to_string` adds
/// an allocation; every amount of an output is written this way.
pub(crate) struct DecimalText {
    buf: [u8; 48],
    len: usize,
}

impl DecimalText {
    /// The text of `d`.
    pub(crate) fn new(d: &Decimal) -> DecimalText {
        let mut t = DecimalText {
            buf: [0; 48],
            len: 0,
        };
        let m = d.mantissa().unsigned_abs();
        let scale = d.scale() as usize;
        let mut ints = (itoa::Buffer::new(), itoa::Buffer::new());
        let digits: &[u8] = match u64::try_from(m) {
            Ok(0) => b"",
            Ok(small) => ints.0.format(small).as_bytes(),
            Err(_) => ints.1.format(m).as_bytes(),
        };
        if d.is_sign_negative() {
            t.push(b"-");
        }
        match digits.len().checked_sub(scale) {
            Some(whole) if whole > 0 => {
                let (int, frac) = digits.split_at(whole);
                t.push(int);
                if scale > 0 {
                    t.push(b".");
                    t.push(frac);
                }
            }
            _ if scale == 0 => t.push(b"0"),
            _ => {
                t.push(b"0.");
                for _ in digits.len()..scale {
                    t.push(b"0");
                }
                t.push(digits);
            }
        }
        t
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(slot) = self.buf.get_mut(self.len..end) {
            slot.copy_from_slice(bytes);
            self.len = end;
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are ever pushed.
        self.buf
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// Serde helpers for a [`Decimal`] written as a JSON string (`"12.30"`).
pub mod decimal_str {
    use super::*;

    /// Writes the decimal as a string, keeping its scale.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(DecimalText::new(d).as_str())
    }

    /// Reads a decimal from a string only: a JSON number would pass through a float.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"12.30\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                parse_decimal(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// Serde helpers for an optional [`Decimal`] written as a JSON string or `null`.
pub mod decimal_str_opt {
    use super::*;

    /// Writes `Some` as a string, `None` as `null`.
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(DecimalText::new(d).as_str()),
            None => s.serialize_none(),
        }
    }

    /// Reads a decimal string or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| parse_decimal(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// An amount of money in one currency.
///
/// JSON: `{"amount": "12.30", "currency": "EUR"}`; the amount is a decimal string.
///
/// ```
/// use amends::money::{Money, Currency};
/// let eur = Currency::from_code("EUR").unwrap();
/// let m = Money::new("10.005".parse().unwrap(), eur).rounded();
/// assert_eq!(m.to_string(), "10.00 EUR"); // half-even
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Decimal amount as a string, at most the currency's minor-unit decimals on input.
    #[serde(with = "decimal_str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: Currency,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

impl Money {
    /// Money as given, not yet rounded.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in a currency, at its minor-unit scale.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::new(0, currency.minor_units()), currency)
    }

    /// Rounded half-even to the currency's minor unit, with exactly that many decimals.
    pub fn rounded(self) -> Money {
        let dp = self.currency.minor_units();
        let mut amount = self.amount;
        // An amount with no more decimals than the minor unit has nothing to round
        // (most amounts a decision adds or subtracts): only its scale is padded.
        if amount.scale() > dp {
            amount = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
        }
        amount.rescale(dp);
        Money::new(amount, self.currency)
    }

    /// Fails unless the amount already fits the currency's minor unit.
    pub fn check_precision(self) -> Result<Money, MoneyError> {
        if self.amount.scale() > self.currency.minor_units() && self.rounded().amount != self.amount
        {
            return Err(MoneyError::Precision(
                self.currency,
                self.currency.minor_units(),
            ));
        }
        Ok(self.rounded())
    }

    fn same(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// Checked sum; different currencies are an error, never a silent conversion.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let a = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(a, self.currency))
    }

    /// Checked difference.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let a = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(a, self.currency))
    }

    /// Checked product with a factor (a quantity, a percentage as a fraction); rounded.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let a = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(a, self.currency).rounded())
    }

    /// `pct` percent of this amount (`pct` = 20 means 20%), rounded half-even.
    pub fn percent(self, pct: Decimal) -> Result<Money, MoneyError> {
        let f = pct
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(MoneyError::Overflow)?;
        self.checked_mul(f)
    }

    /// The smaller of two amounts in the same currency.
    pub fn min(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        Ok(if other.amount < self.amount {
            other
        } else {
            self
        })
    }

    /// Compares two amounts in the same currency.
    pub fn cmp_amount(self, other: Money) -> Result<std::cmp::Ordering, MoneyError> {
        self.same(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// Splits into `parts` amounts that differ by at most one minor unit and sum exactly
    /// to the rounded total; earlier parts take the remainder.
    pub fn split(self, parts: u32) -> Result<Vec<Money>, MoneyError> {
        if parts == 0 {
            return Err(MoneyError::InvalidRate);
        }
        let total = self.rounded();
        let dp = total.currency.minor_units();
        let unit = Decimal::new(1, dp);
        let units = total.amount.checked_div(unit).ok_or(MoneyError::Overflow)?;
        let n = Decimal::from(parts);
        let base = units.checked_div(n).ok_or(MoneyError::Overflow)?.trunc();
        let rem = units
            .checked_sub(base.checked_mul(n).ok_or(MoneyError::Overflow)?)
            .ok_or(MoneyError::Overflow)?;
        let step = if rem.is_sign_negative() {
            -Decimal::ONE
        } else {
            Decimal::ONE
        };
        let mut extra = rem.abs();
        let mut out = Vec::with_capacity(parts as usize);
        for _ in 0..parts {
            let mut u = base;
            if extra > Decimal::ZERO {
                u = u.checked_add(step).ok_or(MoneyError::Overflow)?;
                extra -= Decimal::ONE;
            }
            let amount = u.checked_mul(unit).ok_or(MoneyError::Overflow)?;
            out.push(Money::new(amount, total.currency).rounded());
        }
        Ok(out)
    }

    /// Converts at `rate` (units of `to` per unit of `self.currency`), rounded half-even.
    pub fn convert(self, to: Currency, rate: Decimal) -> Result<Money, MoneyError> {
        if rate <= Decimal::ZERO {
            return Err(MoneyError::InvalidRate);
        }
        if to == self.currency {
            return Ok(self.rounded());
        }
        let a = self.amount.checked_mul(rate).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(a, to).rounded())
    }
}

/// A conversion the engine made, recorded in the output so it can be audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FxConversion {
    /// The amount converted.
    pub from: Money,
    /// The result.
    pub to: Money,
    /// Units of `to.currency` per unit of `from.currency`.
    #[serde(with = "decimal_str")]
    #[schemars(with = "String")]
    pub rate: Decimal,
    /// Where the rate came from: `case` (the host passed it), `policy` or `identity`.
    pub source: crate::name::Name,
}

/// A decimal in a policy: a string (`"0.3"`) or a number. Numbers are read through
/// their shortest decimal spelling, so `0.3` in TOML is exactly 0.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PolicyDecimal(pub Decimal);

impl Serialize for PolicyDecimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(DecimalText::new(&self.0.normalize()).as_str())
    }
}

impl<'de> Deserialize<'de> for PolicyDecimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PolicyDecimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number or string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PolicyDecimal, E> {
                parse_decimal(v).map(PolicyDecimal).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PolicyDecimal, E> {
                Ok(PolicyDecimal(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PolicyDecimal, E> {
                Ok(PolicyDecimal(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<PolicyDecimal, E> {
                decimal_from_f64(v).map(PolicyDecimal).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for PolicyDecimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PolicyDecimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number"], "description": "a decimal" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(cur("JPY").minor_units(), 0);
        assert_eq!(cur("USD").minor_units(), 2);
        assert_eq!(cur("KWD").minor_units(), 3);
        assert_eq!(cur("BHD").minor_units(), 3);
        assert!(Currency::from_code("ZZZ").is_none());
    }

    #[test]
    fn rounding_is_half_even_at_the_minor_unit() {
        let r = |s: &str, c: &str| {
            Money::new(s.parse().unwrap(), cur(c))
                .rounded()
                .amount
                .to_string()
        };
        assert_eq!(r("0.125", "EUR"), "0.12");
        assert_eq!(r("0.135", "EUR"), "0.14");
        assert_eq!(r("2.5", "JPY"), "2");
        assert_eq!(r("3.5", "JPY"), "4");
        assert_eq!(r("1.0005", "KWD"), "1.000");
        assert_eq!(r("7", "EUR"), "7.00");
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let a = Money::new(Decimal::ONE, cur("EUR"));
        let b = Money::new(Decimal::ONE, cur("USD"));
        assert_eq!(
            a.checked_add(b).unwrap_err().code(),
            "money.currency_mismatch"
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let a = Money::new(Decimal::MAX, cur("USD"));
        assert_eq!(a.checked_add(a).unwrap_err(), MoneyError::Overflow);
        assert_eq!(
            a.checked_mul(Decimal::TEN).unwrap_err(),
            MoneyError::Overflow
        );
    }

    #[test]
    fn amounts_must_be_plain_decimal_strings() {
        assert!(parse_decimal("1e3").is_err());
        assert!(parse_decimal("NaN").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal(" 1").is_err());
        assert_eq!(parse_decimal("-12.30").unwrap().to_string(), "-12.30");
        let err =
            serde_json::from_str::<Money>(r#"{"amount": 12.3, "currency": "EUR"}"#).unwrap_err();
        assert!(err.to_string().contains("decimal string"));
    }

    #[test]
    fn precision_beyond_the_minor_unit_is_rejected() {
        let m = Money::new("1.5".parse().unwrap(), cur("JPY"));
        assert_eq!(m.check_precision().unwrap_err().code(), "money.precision");
        let m = Money::new("1.50".parse().unwrap(), cur("EUR"));
        assert_eq!(m.check_precision().unwrap().amount.to_string(), "1.50");
    }

    #[derive(serde::Deserialize)]
    struct Doc {
        x: PolicyDecimal,
    }

    fn toml_number(literal: &str) -> Result<Decimal, String> {
        toml::from_str::<Doc>(&format!("x = {literal}"))
            .map(|d| d.x.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn policy_numbers_read_as_written_or_are_refused() {
        for (literal, read) in [
            ("0.3", "0.3"),
            ("1.16", "1.16"),
            ("0.0066", "0.0066"),
            ("-2.5", "-2.5"),
            ("1e-7", "0.0000001"),
            ("1.5e3", "1500"),
            ("12345678901234.5", "12345678901234.5"),
            ("0.000123456789012345", "0.000123456789012345"),
        ] {
            assert_eq!(toml_number(literal).unwrap().to_string(), read, "{literal}");
        }
        for literal in [
            "0.12345678901234567",
            "1.1600000000000001e1",
            "123456789012345.6",
        ] {
            let e = toml_number(literal).unwrap_err();
            assert!(e.contains("[money.inexact_number]"), "{literal}: {e}");
        }
        let json: Doc = serde_json::from_str(r#"{"x": 0.1}"#).unwrap();
        assert_eq!(json.x.0.to_string(), "0.1");
        assert!(serde_json::from_str::<Doc>(r#"{"x": 0.30000000000000004}"#).is_err());
        assert_eq!(
            decimal_from_f64(f64::NAN).unwrap_err().code(),
            "money.invalid_amount"
        );
    }

    proptest! {
        #[test]
        fn every_number_of_fifteen_digits_reads_exactly(mantissa in -999_999_999_999_999i64..=999_999_999_999_999, scale in 0u32..=20) {
            let d = Decimal::new(mantissa, scale);
            prop_assert_eq!(toml_number(&d.to_string()).map(|x| x.normalize()), Ok(d.normalize()));
        }
    }

    #[test]
    fn decimal_text_edges() {
        for d in [
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(0, 2),
            -Decimal::new(0, 2),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(5, 28),
            Decimal::new(-5, 3),
        ] {
            assert_eq!(DecimalText::new(&d).as_str(), d.to_string());
        }
    }

    #[test]
    fn conversion_records_nothing_silently() {
        let m = Money::new("100".parse().unwrap(), cur("EUR"));
        let usd = m.convert(cur("USD"), "1.0845".parse().unwrap()).unwrap();
        assert_eq!(usd.to_string(), "108.45 USD");
        assert!(m.convert(cur("USD"), Decimal::ZERO).is_err());
    }

    proptest! {
        #[test]
        fn split_conserves_every_minor_unit(units in -10_000_000i64..10_000_000, parts in 1u32..50, c in prop::sample::select(vec!["JPY", "EUR", "KWD"])) {
            let currency = cur(c);
            let total = Money::new(Decimal::new(units, currency.minor_units()), currency);
            let split = total.split(parts).unwrap();
            prop_assert_eq!(split.len(), parts as usize);
            let mut sum = Money::zero(currency);
            for p in &split { sum = sum.checked_add(*p).unwrap(); }
            prop_assert_eq!(sum.amount, total.amount);
            let max = split.iter().map(|m| m.amount).max().unwrap();
            let min = split.iter().map(|m| m.amount).min().unwrap();
            prop_assert!(max - min <= Decimal::new(1, currency.minor_units()));
        }

        #[test]
        fn rounding_is_half_even(units in -1_000_000i64..1_000_000, c in prop::sample::select(vec!["JPY", "EUR", "KWD"])) {
            // units + 0.5 minor units is exactly half way: it must go to the even neighbour.
            let currency = cur(c);
            let dp = currency.minor_units();
            let half = Decimal::new(units * 10 + 5, dp + 1);
            let r = Money::new(half, currency).rounded().amount;
            let lo = Decimal::new(units, dp);
            let hi = lo + Decimal::new(1, dp);
            let even = if units.rem_euclid(2) == 0 { lo } else { hi };
            prop_assert_eq!(r, even);
            prop_assert_eq!(r.scale(), dp);
        }

        #[test]
        fn decimal_text_is_what_display_writes(lo in any::<u64>(), mid in any::<u32>(), neg in any::<bool>(), scale in 0u32..=28) {
            let d = Decimal::from_parts(lo as u32, (lo >> 32) as u32, mid, neg, scale);
            prop_assert_eq!(DecimalText::new(&d).as_str().to_owned(), d.to_string());
            let small = Decimal::new((lo % 100_000) as i64, scale.min(6));
            prop_assert_eq!(DecimalText::new(&small).as_str().to_owned(), small.to_string());
            prop_assert_eq!(DecimalText::new(&-small).as_str().to_owned(), (-small).to_string());
        }

        #[test]
        fn checked_arithmetic_never_panics(a in any::<i64>(), b in any::<i64>(), s in 0u32..20) {
            let x = Money::new(Decimal::new(a, s), cur("USD"));
            let y = Money::new(Decimal::new(b, 0).checked_mul(Decimal::from(u64::MAX)).unwrap_or(Decimal::MAX), cur("USD"));
            let _ = x.checked_add(y);
            let _ = x.checked_mul(y.amount);
            let _ = x.split(7);
        }
    }
}
