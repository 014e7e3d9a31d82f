//! The core's JSON to Python values, typed by the JSON Schema the core publishes.
//!
//! No field list is written here by hand: the shape of a document is read once from
//! `amends::api::schema`, and a string becomes
//! - a `decimal.Decimal` where the schema gives it `format: "decimal"` or the decimal
//!   pattern `^-?[0-9]+(\.[0-9]+)?$` (money amounts),
//! - an aware `datetime` in UTC where the schema gives it `format: "date-time"`.
//!
//! Everything else keeps its JSON type (str, int, bool, None, list, dict). Free-form
//! values (trace values, action parameters) stay as JSON gives them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

/// The decimal pattern the core's schema gives money amounts.
const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";
/// How deep `$ref`s are followed; deeper parts convert as plain JSON.
const MAX_REF_DEPTH: usize = 24;

/// What a JSON value converts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Keep the JSON type.
    Plain,
    /// A decimal string: `decimal.Decimal`.
    Decimal,
    /// An RFC 3339 string: an aware `datetime`.
    Time,
    /// An object: known properties, and the shape of any other key.
    Object(BTreeMap<String, Shape>, Box<Shape>),
    /// An array of one shape.
    Array(Box<Shape>),
}

impl Shape {
    fn merge(self, other: Shape) -> Shape {
        match (self, other) {
            (Shape::Plain, s) | (s, Shape::Plain) => s,
            (Shape::Object(mut a, ax), Shape::Object(b, bx)) => {
                for (k, v) in b {
                    let merged = match a.remove(&k) {
                        Some(old) => old.merge(v),
                        None => v,
                    };
                    a.insert(k, merged);
                }
                Shape::Object(a, Box::new(ax.merge(*bx)))
            }
            (Shape::Array(a), Shape::Array(b)) => Shape::Array(Box::new(a.merge(*b))),
            (a, b) if a == b => a,
            // Conflicting shapes (never in the published schemas): keep the JSON type.
            _ => Shape::Plain,
        }
    }

    fn is_plain(&self) -> bool {
        matches!(self, Shape::Plain)
    }

    /// Builds the shape of a schema node, following `$ref`s into `$defs`.
    pub fn from_schema(root: &Value) -> Shape {
        let defs = root.get("$defs").or_else(|| root.get("definitions"));
        build(root, defs, 0)
    }
}

fn build(node: &Value, defs: Option<&Value>, depth: usize) -> Shape {
    if depth > MAX_REF_DEPTH {
        return Shape::Plain;
    }
    let mut shape = Shape::Plain;
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        if let Some(target) = defs.and_then(|d| d.get(name)) {
            shape = shape.merge(build(target, defs, depth + 1));
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = node.get(key) {
            for sub in list {
                shape = shape.merge(build(sub, defs, depth + 1));
            }
        }
    }
    let format = node.get("format").and_then(Value::as_str);
    let pattern = node.get("pattern").and_then(Value::as_str);
    if format == Some("date-time") {
        shape = shape.merge(Shape::Time);
    } else if format == Some("decimal") || pattern == Some(DECIMAL_PATTERN) {
        shape = shape.merge(Shape::Decimal);
    }
    if let Some(Value::Object(props)) = node.get("properties") {
        let fields: BTreeMap<String, Shape> = props
            .iter()
            .map(|(k, v)| (k.clone(), build(v, defs, depth + 1)))
            .filter(|(_, s)| !s.is_plain())
            .collect();
        if !fields.is_empty() {
            shape = shape.merge(Shape::Object(fields, Box::new(Shape::Plain)));
        }
    }
    if let Some(extra @ Value::Object(_)) = node.get("additionalProperties") {
        let extra = build(extra, defs, depth + 1);
        if !extra.is_plain() {
            shape = shape.merge(Shape::Object(BTreeMap::new(), Box::new(extra)));
        }
    }
    if let Some(items @ Value::Object(_)) = node.get("items") {
        let items = build(items, defs, depth + 1);
        if !items.is_plain() {
            shape = shape.merge(Shape::Array(Box::new(items)));
        }
    }
    shape
}

/// The shape of a document of the core's schema registry (`amends::api::schema`).
pub fn of_schema(name: &str) -> Shape {
    amends::api::schema::schema_value(name)
        .map(|v| Shape::from_schema(&v))
        .unwrap_or(Shape::Plain)
}

/// The shape of an assessment, read once from the core's schema.
pub fn assessment() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| of_schema("assessment"))
}

/// The shape of a batch entry: `{"type", "assessment"?, "error"?}`.
pub fn batch_entry() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        Shape::Object(
            [("assessment".to_owned(), assessment().clone())]
                .into_iter()
                .collect(),
            Box::new(Shape::Plain),
        )
    })
}

/// The shape of the decision form of an assessment (`sections="decision"`).
pub fn decision() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| of_schema("decision"))
}

/// The shape of a batch entry in the decision form.
pub fn decision_batch_entry() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        Shape::Object(
            [("assessment".to_owned(), decision().clone())]
                .into_iter()
                .collect(),
            Box::new(Shape::Plain),
        )
    })
}

/// Converts JSON text (the core's canonical output) to Python following `shape`, in one
/// streaming pass: no intermediate JSON tree is built, so the cost is parsing plus the
/// Python objects themselves.
pub fn json_to_py<'py>(py: Python<'py>, json: &str, shape: &Shape) -> PyResult<Bound<'py, PyAny>> {
    use serde::de::DeserializeSeed;
    let mut failure = None;
    let mut de = serde_json::Deserializer::from_str(json);
    let seed = Seed {
        py,
        shape,
        failure: &mut failure,
    };
    match seed.deserialize(&mut de) {
        Ok(v) => Ok(v),
        Err(e) => Err(failure.unwrap_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!("invalid output JSON: {e}"))
        })),
    }
}

/// Builds one Python value; the first Python error is kept in `failure` (serde errors
/// carry only text).
struct Seed<'a, 'py> {
    py: Python<'py>,
    shape: &'a Shape,
    failure: &'a mut Option<PyErr>,
}

impl<'a, 'py> Seed<'a, 'py> {
    fn fail<E: serde::de::Error>(self, e: PyErr) -> E {
        let msg = e.to_string();
        *self.failure = Some(e);
        E::custom(msg)
    }

    fn string<E: serde::de::Error>(self, s: &str) -> Result<Bound<'py, PyAny>, E> {
        static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
        let py = self.py;
        let made = match self.shape {
            Shape::Decimal => DECIMAL
                .import(py, "decimal", "Decimal")
                .and_then(|d| d.call1((s,))),
            Shape::Time => match DateTime::parse_from_rfc3339(s) {
                Ok(t) => t.with_timezone(&Utc).into_pyobject(py).map(Bound::into_any),
                Err(_) => Ok(pyo3::types::PyString::new(py, s).into_any()),
            },
            _ => Ok(pyo3::types::PyString::new(py, s).into_any()),
        };
        made.map_err(|e| self.fail(e))
    }
}

impl<'de, 'a, 'py> serde::de::DeserializeSeed<'de> for Seed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'a, 'py> serde::de::Visitor<'de> for Seed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.py, b).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Self::Value, E> {
        i.into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|e| self.fail(e.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Self::Value, E> {
        u.into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|e| self.fail(e.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Self::Value, E> {
        // Outputs carry no floats; kept for completeness.
        f.into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|e| self.fail(e.into()))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        self.string(s)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let inner = match self.shape {
            Shape::Array(s) => s.as_ref(),
            _ => &Shape::Plain,
        };
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(Seed {
            py: self.py,
            shape: inner,
            failure: self.failure,
        })? {
            if let Err(e) = list.append(item) {
                return Err(self.fail(e));
            }
        }
        Ok(list.into_any())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let sub = match self.shape {
                Shape::Object(fields, extra) => fields.get(key.as_ref()).unwrap_or(extra),
                _ => &Shape::Plain,
            };
            let value = map.next_value_seed(Seed {
                py: self.py,
                shape: sub,
                failure: self.failure,
            })?;
            if let Err(e) = dict.set_item(key.as_ref(), value) {
                return Err(self.fail(e));
            }
        }
        Ok(dict.into_any())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)] // tests
mod tests {
    use super::*;

    fn field<'a>(shape: &'a Shape, path: &[&str]) -> &'a Shape {
        path.iter().fold(shape, |s, key| match s {
            Shape::Object(fields, extra) => fields.get(*key).unwrap_or(extra),
            Shape::Array(items) if *key == "[]" => items,
            _ => &Shape::Plain,
        })
    }

    #[test]
    fn assessment_times_come_from_the_schema() {
        let a = assessment();
        assert_eq!(field(a, &["assessed_at"]), &Shape::Time);
        assert_eq!(
            field(a, &["sla", "deadlines", "[]", "due_at"]),
            &Shape::Time
        );
    }

    #[test]
    fn money_amounts_come_from_the_schema() {
        let a = assessment();
        let amount = field(a, &["facts", "order_total_base", "from", "amount"]);
        assert_eq!(amount, &Shape::Decimal);
    }

    #[test]
    fn unmarked_strings_stay_plain() {
        let a = assessment();
        assert_eq!(field(a, &["case_id"]), &Shape::Plain);
        assert_eq!(field(a, &["policy", "hash"]), &Shape::Plain);
    }

    #[test]
    fn refs_options_and_maps_are_followed() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {
                "when": {"anyOf": [{"$ref": "#/$defs/T"}, {"type": "null"}]},
                "by_name": {"type": "object", "additionalProperties": {"$ref": "#/$defs/M"}},
                "label": {"type": "string"}
            },
            "$defs": {
                "T": {"type": "string", "format": "date-time"},
                "M": {"type": "object", "properties": {"amount": {"type": "string", "format": "decimal"}}}
            }
        });
        let s = Shape::from_schema(&schema);
        assert_eq!(field(&s, &["when"]), &Shape::Time);
        assert_eq!(field(&s, &["by_name", "any", "amount"]), &Shape::Decimal);
        assert_eq!(field(&s, &["label"]), &Shape::Plain);
    }
}
