//! The trace every decision carries: which rule fired, with which values, and why.
//!
//! A trace is written on every assessment, so it is built to be cheap: names are
//! [`Name`]s (static or shared with the compiled policy, so copying one never allocates),
//! and values keep their typed form ([`Value`]) until the trace is serialized.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::money::Money;
pub use crate::name::Name;

/// The ordered list of rules that shaped an assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Trace {
    /// Rules in evaluation order.
    pub steps: Vec<Step>,
    /// Not recorded: an assessment whose trace is not written keeps one scratch step,
    /// overwritten by each push, so no step is built for nothing.
    #[serde(skip)]
    #[schemars(skip)]
    off: bool,
}

/// One rule that fired (or, where noted, was checked and did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Step {
    /// The module that evaluated it: `triage`, `risk`, `remedy`, `routing`, `sla`.
    pub module: Name,
    /// The rule's id in the policy (`urgency.red_not_received_high_value`).
    pub rule: Name,
    /// Stable reason code for what the rule decided.
    pub reason: Name,
    /// The values the rule compared, by name.
    #[serde(default, skip_serializing_if = "Values::is_empty")]
    pub values: Values,
    /// The scratch step of a trace that is not recording: it keeps no values, so a rule
    /// does not convert and sort values nobody reads.
    #[serde(skip)]
    #[schemars(skip)]
    scratch: bool,
}

/// The named values of a step, kept sorted by name (a small map; most steps hold a few).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(Vec<(Name, Value)>);

impl Values {
    /// Sets `name` to `value`, replacing an earlier value of that name.
    pub fn insert(&mut self, name: Name, value: Value) {
        match self.0.binary_search_by(|(n, _)| n.cmp(&name)) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => {
                if self.0.capacity() == 0 {
                    self.0.reserve_exact(4);
                }
                self.0.insert(i, (name, value));
            }
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }

    /// Names and values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(n, v)| (n.as_str(), v)))
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Values, D::Error> {
        let map = std::collections::BTreeMap::<String, Value>::deserialize(d)?;
        Ok(Values(
            map.into_iter().map(|(n, v)| (Name::from(n), v)).collect(),
        ))
    }
}

impl JsonSchema for Values {
    fn schema_name() -> Cow<'static, str> {
        std::collections::BTreeMap::<String, Value>::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        std::collections::BTreeMap::<String, Value>::json_schema(g)
    }

    fn inline_schema() -> bool {
        std::collections::BTreeMap::<String, Value>::inline_schema()
    }
}

impl Trace {
    /// A trace with room for `capacity` steps; `record = false` keeps none (see
    /// [`Trace::is_recording`]).
    pub fn with_capacity(capacity: usize, record: bool) -> Trace {
        Trace {
            steps: Vec::with_capacity(if record { capacity } else { 1 }),
            off: !record,
        }
    }

    /// Whether steps are kept; when not, [`Trace::finish`] leaves the trace empty.
    pub fn is_recording(&self) -> bool {
        !self.off
    }

    /// The trace as recorded: empty when it was not recording.
    pub fn finish(mut self) -> Trace {
        if self.off {
            self.steps.clear();
        }
        self
    }

    /// Records a step.
    pub fn push(
        &mut self,
        module: &'static str,
        rule: impl Into<Name>,
        reason: impl Into<Name>,
    ) -> &mut Step {
        let (rule, reason) = (rule.into(), reason.into());
        if self.off && !self.steps.is_empty() {
            self.steps.truncate(1);
            if let Some(step) = self.steps.first_mut() {
                step.module = Name::Static(module);
                step.rule = rule;
                step.reason = reason;
            }
        } else {
            self.steps.push(Step {
                module: Name::Static(module),
                rule,
                reason,
                values: Values::default(),
                scratch: self.off,
            });
        }
        let last = self.steps.len() - 1;
        // The push above guarantees the index exists.
        #[allow(clippy::indexing_slicing)]
        &mut self.steps[last]
    }
}

impl Step {
    /// Adds a value the rule saw.
    pub fn with(&mut self, name: impl Into<Name>, value: impl Into<Value>) -> &mut Step {
        if !self.scratch {
            self.values.insert(name.into(), value.into());
        }
        self
    }

    /// Makes room for `n` more values at once, for a step that records many (a
    /// remedy option with its caps): one allocation instead of growing 4, 8, 16.
    pub fn room_for(&mut self, n: usize) -> &mut Step {
        if !self.scratch {
            self.values.0.reserve_exact(n);
        }
        self
    }
}

/// A value a rule saw. Serializes as plain JSON: numbers as numbers, decimals as
/// strings (as everywhere in amends), money as `{amount, currency}`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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
    /// An instant, written in RFC 3339 (UTC, `Z`).
    Time(DateTime<Utc>),
    /// A list.
    List(Vec<Value>),
    /// Any other JSON (policy parameters; what a parsed trace held).
    Json(Box<serde_json::Value>),
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(n) => s.serialize_i64(*n),
            Value::UInt(n) => s.serialize_u64(*n),
            Value::Text(t) => s.serialize_str(t),
            Value::Decimal(d) => s.serialize_str(crate::money::DecimalText::new(d).as_str()),
            Value::Money(m) => m.serialize(s),
            Value::Time(t) => crate::rfc3339::serialize(t, s),
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
                _ => Value::Json(Box::new(J::Number(n))),
            },
            J::String(s) => Value::Text(Name::from(s)),
            J::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            o @ J::Object(_) => Value::Json(Box::new(o)),
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
        Value::Text(Name::Static(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(Name::from(s))
    }
}

impl From<Name> for Value {
    fn from(s: Name) -> Value {
        Value::Text(s)
    }
}

impl From<&Name> for Value {
    fn from(s: &Name) -> Value {
        Value::Text(s.clone())
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(t: DateTime<Utc>) -> Value {
        Value::Time(t)
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

/// A rule that did not fire, and the first of its conditions that failed: the value it
/// saw and the threshold it wanted (the `why_not` section of an assessment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Miss {
    /// The rule's name, as the trace names it.
    pub rule: Name,
    /// The field (or fact) the failing condition compared.
    pub field: Name,
    /// The comparison: `eq`, `ne`, `in`, `not_in`, `gt`, `gte`, `lt`, `lte`, `exists`, or
    /// one of these prefixed `not_` when a negated condition held.
    pub op: Name,
    /// The value the rule saw (`null` when the case has none).
    pub value: Value,
    /// The threshold or list it compared the value with.
    pub threshold: Value,
}

impl Miss {
    /// A miss of `rule` on `field`.
    pub fn new(
        rule: impl Into<Name>,
        field: impl Into<Name>,
        op: impl Into<Name>,
        value: impl Into<Value>,
        threshold: impl Into<Value>,
    ) -> Miss {
        Miss {
            rule: rule.into(),
            field: field.into(),
            op: op.into(),
            value: value.into(),
            threshold: threshold.into(),
        }
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
