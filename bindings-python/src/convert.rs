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

/// Most values one conversion produces, counting a list or dict once per reference to
/// it (the core's budget for a policy, `amends.limits.MAX_POLICY_NODES`).
pub const MAX_NODES: usize = amends::limits::MAX_POLICY_NODES;

/// Converts a Python value into JSON. `prefix` is the code prefix (`input`, `policy`).
///
/// Two iterative passes, neither recursing on the value's depth. The first sizes the
/// value as JSON would copy it out, visiting each list and dict once however often it is
/// referenced (`[x, x]` nested 22 deep is sized in 22 steps, not 2^22), and refuses a
/// value past [`MAX_NODES`] or [`MAX_DEPTH`], or one that contains itself. The second
/// converts it, within the same bounds. Every refusal names the path in the value
/// (`order.items[2].unit_price`).
pub fn py_to_json(obj: &Bound<'_, PyAny>, prefix: &str) -> Result<Value, Error> {
    measure(obj, prefix)?;
    convert(obj, prefix)
}

fn child_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn too_large(prefix: &str, path: &str, shared: usize) -> Error {
    let mut message = format!("the value holds more than {MAX_NODES} values");
    let mut hint = "split the data, or pass it as JSON text".to_owned();
    if shared > 0 {
        message.push_str(&format!(
            " once its {shared} repeated references to the same list or dict are copied out"
        ));
        hint = "a list or dict referenced many times is copied once per reference \
                (a structure like [x, x] doubles at every level): share less"
            .to_owned();
    }
    Error::input(Diagnostic::new(format!("{prefix}.too_large"), path, message).hint(hint))
}

fn too_deep(prefix: &str, path: &str, cycle: bool) -> Error {
    let message = if cycle {
        "the value contains itself (a cycle), so it has no JSON form".to_owned()
    } else {
        format!("nested deeper than {MAX_DEPTH} levels")
    };
    Error::input(Diagnostic::new(format!("{prefix}.too_deep"), path, message))
}

/// A list, tuple or dict's entries, keyed or not, once its length fits the budget.
type Entries<'py> = Vec<(Option<Bound<'py, PyAny>>, Bound<'py, PyAny>)>;

fn entries<'py>(
    obj: &Bound<'py, PyAny>,
    prefix: &str,
    path: &str,
    used: usize,
) -> Result<Option<Entries<'py>>, Error> {
    let len = if let Ok(d) = obj.cast::<PyDict>() {
        d.len()
    } else if let Ok(l) = obj.cast::<PyList>() {
        l.len()
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        t.len()
    } else {
        return Ok(None);
    };
    if used.saturating_add(len) > MAX_NODES {
        return Err(too_large(prefix, path, 0));
    }
    Ok(Some(if let Ok(d) = obj.cast::<PyDict>() {
        d.iter().map(|(k, v)| (Some(k), v)).collect()
    } else if let Ok(l) = obj.cast::<PyList>() {
        l.iter().map(|v| (None, v)).collect()
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        t.iter().map(|v| (None, v)).collect()
    } else {
        Vec::new()
    }))
}

/// The path of an entry: `path.key` or `path[i]`.
fn entry_path(path: &str, key: Option<&Bound<'_, PyAny>>, index: usize) -> String {
    match key {
        Some(k) => match k.cast::<PyString>().ok().and_then(|s| s.to_cow().ok()) {
            Some(k) => child_key(path, &k),
            None => child_key(path, "?"),
        },
        None => format!("{path}[{index}]"),
    }
}

/// The first pass: sizes the value as its JSON copy, each distinct list, tuple and dict
/// visited once.
fn measure(obj: &Bound<'_, PyAny>, prefix: &str) -> Result<(), Error> {
    use std::collections::{HashMap, HashSet};
    struct Open<'py> {
        ptr: usize,
        entries: Entries<'py>,
        next: usize,
        size: usize,
        path: String,
    }
    let Some(root) = entries(obj, prefix, "", 0)? else {
        return Ok(());
    };
    let ptr = |o: &Bound<'_, PyAny>| o.as_ptr() as usize;
    let mut sized: HashMap<usize, usize> = HashMap::new();
    let mut open: HashSet<usize> = HashSet::from([ptr(obj)]);
    let mut shared = 0usize;
    let mut stack = vec![Open {
        ptr: ptr(obj),
        entries: root,
        next: 0,
        size: 1,
        path: String::new(),
    }];
    while let Some(top) = stack.last_mut() {
        let i = top.next;
        let Some((key, value)) = top.entries.get(i).cloned() else {
            let Some(done) = stack.pop() else { break };
            open.remove(&done.ptr);
            sized.insert(done.ptr, done.size);
            if let Some(parent) = stack.last_mut() {
                parent.size = parent.size.saturating_add(done.size);
                if parent.size > MAX_NODES {
                    return Err(too_large(prefix, &parent.path, shared));
                }
            }
            continue;
        };
        top.next += 1;
        let p = ptr(&value);
        if let Some(size) = sized.get(&p) {
            shared += 1;
            top.size = top.size.saturating_add(*size);
            if top.size > MAX_NODES {
                return Err(too_large(prefix, &top.path, shared));
            }
            continue;
        }
        let is_container = value.cast::<PyDict>().is_ok()
            || value.cast::<PyList>().is_ok()
            || value.cast::<PyTuple>().is_ok();
        if !is_container {
            top.size = top.size.saturating_add(1);
            if top.size > MAX_NODES {
                return Err(too_large(prefix, &top.path, shared));
            }
            continue;
        }
        let path = entry_path(&top.path, key.as_ref(), i);
        if open.contains(&p) {
            return Err(too_deep(prefix, &path, true));
        }
        if stack.len() > MAX_DEPTH {
            return Err(too_deep(prefix, &path, false));
        }
        let Some(inner) = entries(&value, prefix, &path, 0)? else {
            continue;
        };
        open.insert(p);
        stack.push(Open {
            ptr: p,
            entries: inner,
            next: 0,
            size: 1,
            path,
        });
    }
    Ok(())
}

/// A list or dict being converted.
enum Frame<'py> {
    List {
        items: Entries<'py>,
        out: Vec<Value>,
        path: String,
    },
    Dict {
        items: Entries<'py>,
        keys: Vec<String>,
        out: Map<String, Value>,
        path: String,
    },
}

/// What one Python value is: a JSON scalar, or a container to descend into.
enum Node<'py> {
    Leaf(Value),
    Open(Frame<'py>),
}

/// The second pass: converts iteratively with an explicit stack.
fn convert(obj: &Bound<'_, PyAny>, prefix: &str) -> Result<Value, Error> {
    let mut nodes = 0usize;
    let mut stack: Vec<(Frame<'_>, usize)> = Vec::new();
    let mut pending = Some((obj.clone(), String::new()));
    loop {
        if let Some((o, path)) = pending.take() {
            nodes += 1;
            if nodes > MAX_NODES {
                return Err(too_large(prefix, &path, 0));
            }
            if stack.len() > MAX_DEPTH {
                return Err(too_deep(prefix, &path, false));
            }
            match node(&o, prefix, path, nodes)? {
                Node::Leaf(v) => match stack.last_mut() {
                    Some((f, next)) => push(f, *next - 1, v),
                    None => return Ok(v),
                },
                Node::Open(f) => stack.push((f, 0)),
            }
        }
        // The next entry of the innermost open container, or close it.
        let Some((frame, next)) = stack.last_mut() else {
            return Ok(Value::Null);
        };
        let i = *next;
        *next += 1;
        let (items, path) = match frame {
            Frame::List { items, path, .. } | Frame::Dict { items, path, .. } => (items, path),
        };
        if let Some((key, value)) = items.get(i) {
            pending = Some((value.clone(), entry_path(path, key.as_ref(), i)));
            continue;
        }
        let Some((done, _)) = stack.pop() else {
            return Ok(Value::Null);
        };
        let v = match done {
            Frame::List { out, .. } => Value::Array(out),
            Frame::Dict { out, .. } => Value::Object(out),
        };
        match stack.last_mut() {
            Some((f, next)) => push(f, *next - 1, v),
            None => return Ok(v),
        }
    }
}

/// Adds the converted entry `i` to its container (a dict's keys were read in order).
fn push(frame: &mut Frame<'_>, i: usize, v: Value) {
    match frame {
        Frame::List { out, .. } => out.push(v),
        Frame::Dict { keys, out, .. } => {
            if let Some(k) = keys.get(i) {
                out.insert(k.clone(), v);
            }
        }
    }
}

fn node<'py>(
    obj: &Bound<'py, PyAny>,
    prefix: &str,
    path: String,
    used: usize,
) -> Result<Node<'py>, Error> {
    static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    static DATETIME: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    let py = obj.py();
    let path = path.as_str();
    if obj.is_none() {
        return Ok(Node::Leaf(Value::Null));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Node::Leaf(Value::Bool(b.is_true())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| Node::Leaf(Value::String(c.into_owned())))
            .map_err(|_| invalid_string(path));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Node::Leaf(Value::Number(i.into())));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Node::Leaf(Value::Number(u.into())));
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
        return Number::from_f64(f)
            .map(|n| Node::Leaf(Value::Number(n)))
            .ok_or_else(|| {
                err(
                    prefix,
                    "not_finite",
                    path,
                    format!("{f} is not a finite number"),
                )
            });
    }
    if obj.cast::<PyDict>().is_ok() {
        let items = entries(obj, prefix, path, used)?.unwrap_or_default();
        let mut keys = Vec::with_capacity(items.len());
        for (k, _) in &items {
            let key = match k.as_ref().map(|k| (k, k.cast::<PyString>())) {
                Some((_, Ok(s))) => s.to_cow().map_err(|_| invalid_string(path))?.into_owned(),
                Some((k, Err(_))) => {
                    return Err(err(
                        prefix,
                        "invalid_key",
                        path,
                        format!("object keys must be str, not {}", type_name(k)),
                    ))
                }
                None => String::new(),
            };
            keys.push(key);
        }
        return Ok(Node::Open(Frame::Dict {
            items,
            keys,
            out: Map::new(),
            path: path.to_owned(),
        }));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let items = entries(obj, prefix, path, used)?.unwrap_or_default();
        return Ok(Node::Open(Frame::List {
            out: Vec::with_capacity(items.len()),
            items,
            path: path.to_owned(),
        }));
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
            return Ok(Node::Leaf(Value::String(s)));
        }
    }
    if let Ok(cls) = class(py, &DATETIME, "datetime", "datetime") {
        if obj.is_instance(cls.as_any()).unwrap_or(false) {
            let t = py_to_utc(obj, path)?;
            return Ok(Node::Leaf(Value::String(
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            )));
        }
    }
    // Other mappings (`MappingProxyType`, custom `Mapping`s) as their `dict(...)`: a
    // new dict, sized here since the first pass saw only the mapping.
    if is_mapping(obj) {
        let as_dict = py
            .get_type::<PyDict>()
            .call1((obj,))
            .map_err(|e| err(prefix, "invalid_type", path, e.to_string()))?;
        if as_dict.cast::<PyDict>().is_ok() {
            measure(&as_dict, prefix).map_err(|e| amends::api::under_path(e, path))?;
            return node(&as_dict, prefix, path.to_owned(), used);
        }
    }
    // Integer-like objects (numpy and pandas integers) through `__index__`.
    if obj.hasattr("__index__").unwrap_or(false) {
        if let Ok(i) = obj.call_method0("__index__") {
            if i.cast::<PyInt>().is_ok() {
                return node(&i, prefix, path.to_owned(), used);
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
