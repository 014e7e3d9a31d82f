//! Python values to the core's JSON: plain data only, every refusal an `input.*`
//! diagnostic with the path of the offending value.

use amends::{Diagnostic, Error};
use chrono::{DateTime, SecondsFormat, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted, the same as the core's JSON parser.
pub const MAX_DEPTH: usize = 128;

/// The name of a value's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A `str` holding lone surrogates, which no UTF-8 document can carry.
pub fn invalid_string(path: &str) -> Error {
    Error::input(
        Diagnostic::new(
            "input.invalid_utf8",
            path,
            "the string holds characters that are not valid Unicode (lone surrogates)",
        )
        .hint("send text encoded as UTF-8"),
    )
}

fn err(prefix: &str, kind: &str, path: &str, message: String) -> Error {
    Error::input(Diagnostic::new(format!("{prefix}.{kind}"), path, message))
}

fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<pyo3::types::PyType>>,
    module: &str,
    name: &str,
) -> PyResult<&'py Bound<'py, pyo3::types::PyType>> {
    cell.import(py, module, name)
}

/// A `dict`, or any other `collections.abc.Mapping` (converted with `dict(obj)`).
pub fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    static MAPPING: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    obj.cast::<PyDict>().is_ok()
        || class(obj.py(), &MAPPING, "collections.abc", "Mapping")
            .and_then(|m| obj.is_instance(m.as_any()))
            .unwrap_or(false)
}

/// Converts a Python value into JSON. `prefix` is the code prefix (`input`, `policy`).
pub fn py_to_json(obj: &Bound<'_, PyAny>, prefix: &str) -> Result<Value, Error> {
    walk(obj, prefix, "", 0)
}

fn child_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(obj: &Bound<'_, PyAny>, prefix: &str, path: &str, depth: usize) -> Result<Value, Error> {
    static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    static DATETIME: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(err(
            prefix,
            "too_deep",
            path,
            format!("nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| Value::String(c.into_owned()))
            .map_err(|_| invalid_string(path));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(err(
            prefix,
            "number_out_of_range",
            path,
            "integer does not fit in 64 bits".to_owned(),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let f = f.value();
        return Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            err(
                prefix,
                "not_finite",
                path,
                format!("{f} is not a finite number"),
            )
        });
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_cow().map_err(|_| invalid_string(path))?.into_owned(),
                Err(_) => {
                    return Err(err(
                        prefix,
                        "invalid_key",
                        path,
                        format!("object keys must be str, not {}", type_name(&k)),
                    ))
                }
            };
            let sub = child_key(path, &key);
            let value = walk(&v, prefix, &sub, depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut out = Vec::new();
        let iter = obj
            .try_iter()
            .map_err(|e| err(prefix, "invalid_type", path, e.to_string()))?;
        for (i, item) in iter.enumerate() {
            let item = item.map_err(|e| err(prefix, "invalid_type", path, e.to_string()))?;
            let sub = format!("{path}[{i}]");
            out.push(walk(&item, prefix, &sub, depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(cls) = class(py, &DECIMAL, "decimal", "Decimal") {
        if obj.is_instance(cls.as_any()).unwrap_or(false) {
            let finite = obj
                .call_method0("is_finite")
                .and_then(|b| b.is_truthy())
                .unwrap_or(false);
            if !finite {
                return Err(err(
                    prefix,
                    "not_finite",
                    path,
                    "a Decimal NaN or Infinity is not a number".to_owned(),
                ));
            }
            let s = obj
                .str()
                .and_then(|s| s.to_cow().map(|c| c.into_owned()))
                .map_err(|e| err(prefix, "invalid_value", path, e.to_string()))?;
            return Ok(Value::String(s));
        }
    }
    if let Ok(cls) = class(py, &DATETIME, "datetime", "datetime") {
        if obj.is_instance(cls.as_any()).unwrap_or(false) {
            let t = py_to_utc(obj, path)?;
            return Ok(Value::String(
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            ));
        }
    }
    // Other mappings (`MappingProxyType`, custom `Mapping`s) as their `dict(...)`.
    if is_mapping(obj) {
        let as_dict = py
            .get_type::<PyDict>()
            .call1((obj,))
            .map_err(|e| err(prefix, "invalid_type", path, e.to_string()))?;
        return walk(&as_dict, prefix, path, depth);
    }
    // Integer-like objects (numpy and pandas integers) through `__index__`.
    if obj.hasattr("__index__").unwrap_or(false) {
        if let Ok(i) = obj.call_method0("__index__") {
            if i.cast::<PyInt>().is_ok() {
                return walk(&i, prefix, path, depth + 1);
            }
        }
    }
    Err(err(
        prefix,
        "invalid_type",
        path,
        format!(
            "{} is not a JSON value (use dict, list, str, int, bool, None, Decimal or an aware datetime)",
            type_name(obj)
        ),
    ))
}

/// Converts an aware `datetime` (any `tzinfo`, including `zoneinfo`) to UTC; a naive
/// one is refused with `input.naive_time`.
pub fn py_to_utc(obj: &Bound<'_, PyAny>, path: &str) -> Result<DateTime<Utc>, Error> {
    static DATETIME: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = obj.py();
    let invalid = |m: String| {
        Error::input(
            Diagnostic::new("input.invalid_time", path, m)
                .hint("pass an aware datetime or an RFC 3339 string such as 2026-11-23T10:00:00Z"),
        )
    };
    let is_datetime = class(py, &DATETIME, "datetime", "datetime")
        .map(|c| obj.is_instance(c.as_any()).unwrap_or(false))
        .unwrap_or(false);
    if !is_datetime {
        return Err(Error::input(
            Diagnostic::new(
                "input.invalid_type",
                path,
                format!(
                    "expected an aware datetime or an RFC 3339 str, not {}",
                    type_name(obj)
                ),
            )
            .hint("e.g. datetime.now(timezone.utc) or \"2026-11-23T10:00:00Z\""),
        ));
    }
    let offset = obj
        .call_method0("utcoffset")
        .map_err(|e| invalid(e.to_string()))?;
    if offset.is_none() {
        return Err(Error::input(
            Diagnostic::new(
                "input.naive_time",
                path,
                "the datetime has no time zone, so the instant it names is unknown",
            )
            .hint("attach a tzinfo, e.g. datetime(..., tzinfo=timezone.utc)"),
        ));
    }
    let utc = UTC
        .get_or_try_init(py, || {
            py.import("datetime")
                .and_then(|m| m.getattr("timezone"))
                .and_then(|tz| tz.getattr("utc"))
                .map(|u| u.unbind())
        })
        .map_err(|e| invalid(e.to_string()))?;
    obj.call_method1("astimezone", (utc.bind(py),))
        .and_then(|t| t.extract::<DateTime<Utc>>())
        .map_err(|e| invalid(e.to_string()))
}
