//! The trace every decision carries: which rule fired, with which values, and why.
//!
//! A trace is written on every assessment, so it is built to be cheap: names that are
//! known when the engine is built are borrowed (`&'static str`), and values keep their
//! typed form ([`Value`]) until the trace is serialized.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// A module, rule, reason or value name: borrowed when fixed, owned when built.
pub type Name = Cow<'static, str>;

/// The ordered list of rules that shaped an assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Rules in evaluation order.
    pub steps: Vec<Step>,
}

/// One rule that fired (or, where noted, was checked and did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The module that evaluated it: `triage`, `risk`, `remedy`, `routing`, `sla`.
    pub module: Name,
    /// The rule's id in the policy (`urgency.red_not_received_high_value`).
    pub rule: Name,
    /// Stable reason code for what the rule decided.
    pub reason: Name,
    /// The values the rule compared, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<Name, Value>,
}

impl Trace {
    /// Records a step.
    pub fn push(
        &mut self,
        module: &'static str,
        rule: impl Into<Name>,
        reason: impl Into<Name>,
    ) -> &mut Step {
        self.steps.push(Step {
            module: Cow::Borrowed(module),
            rule: rule.into(),
            reason: reason.into(),
            values: BTreeMap::new(),
        });
        let last = self.steps.len() - 1;
        // The push above guarantees the index exists.
        #[allow(clippy::indexing_slicing)]
        &mut self.steps[last]
    }
}

impl Step {
    /// Adds a value the rule saw.
    pub fn with(&mut self, name: impl Into<Name>, value: impl Into<Value>) -> &mut Step {
        self.values.insert(name.into(), value.into());
        self
    }
}

/// A value a rule saw. Serializes as plain JSON: numbers as numbers, decimals as
/// strings (as everywhere in amends), money as `{amount, currency}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// A flag.
    Bool(bool),
    /// A signed count, score or day number.
    Int(i64),
    /// An unsigned count or index.
    UInt(u64),
    /// A code, id or formatted value.
    Text(Name),
    /// A decimal, written as its string.
    Decimal(Decimal),
    /// An amount of money.
    Money(Money),
    /// A list.
    List(Vec<Value>),
    /// Any other JSON (policy parameters; what a parsed trace held).
    Json(serde_json::Value),
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(n) => s.serialize_i64(*n),
            Value::UInt(n) => s.serialize_u64(*n),
            Value::Text(t) => s.serialize_str(t),
            Value::Decimal(d) => s.collect_str(d),
            Value::Money(m) => m.serialize(s),
            Value::List(l) => l.serialize(s),
            Value::Json(j) => j.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        serde_json::Value::deserialize(d).map(Value::from)
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        serde_json::Value::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        serde_json::Value::json_schema(g)
    }

    fn inline_schema() -> bool {
        serde_json::Value::inline_schema()
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(b),
            J::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Value::Int(i),
                (None, Some(u)) => Value::UInt(u),
                _ => Value::Json(J::Number(n)),
            },
            J::String(s) => Value::Text(Cow::Owned(s)),
            J::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            o @ J::Object(_) => Value::Json(o),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

macro_rules! from_int {
    ($variant:ident, $wide:ty: $($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::$variant(<$wide>::from(n))
            }
        }
    )*};
}
from_int!(Int, i64: i64, i32, u32, u8);
from_int!(UInt, u64: u64);

impl From<&'static str> for Value {
    fn from(s: &'static str) -> Value {
        Value::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(Cow::Owned(s))
    }
}

impl From<Name> for Value {
    fn from(s: Name) -> Value {
        Value::Text(s)
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Decimal(d)
    }
}

impl From<Money> for Value {
    fn from(m: Money) -> Value {
        Value::Money(m)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(l: Vec<T>) -> Value {
        Value::List(l.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn values_serialize_as_plain_json() {
        let eur = crate::money::Currency::from_code("EUR").unwrap();
        let mut t = Trace::default();
        t.push("remedy", "r", String::from("x"))
            .with("n", -3i64)
            .with("u", 7u64)
            .with("d", Decimal::new(1250, 2))
            .with("m", Money::new(Decimal::new(1005, 2), eur))
            .with(String::from("list"), vec!["a", "b"])
            .with("none", Option::<bool>::None);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"steps":[{"module":"remedy","rule":"r","reason":"x","values":{"d":"12.50","list":["a","b"],"m":{"amount":"10.05","currency":"EUR"},"n":-3,"none":null,"u":7}}]}"#
        );
        let back: Trace = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
