//! Python bindings for the amends decision engine: the native module `amends._amends`.
//!
//! Thin by design: this crate converts Python values to the core's JSON inputs and the
//! core's outputs to Python values, and maps [`amends::Error`] to Python exceptions. Every
//! decision, every JSON entry point and every canonical byte comes from the core
//! (`amends::api`), so Python, Rust and the web agree byte for byte.
//!
//! Conversion rules (documented in `docs/python.md`):
//! - inputs: `dict`/`list`/`tuple`/`str`/`int`/`bool`/`None`, finite `float`, finite
//!   `decimal.Decimal` (written as its string) and aware `datetime` (written in RFC 3339
//!   UTC) become JSON; anything else is an `InputError` naming its path;
//! - outputs: the JSON Schema the core publishes for a document decides which strings
//!   become `decimal.Decimal` (strings with the decimal pattern or `format: decimal`) and
//!   which become aware `datetime` in UTC (`format: date-time`); see [`shape`].
//!
//! No panic crosses into Python: every entry point runs inside `catch_unwind` and a
//! panic becomes an `EvaluationError` with code `internal.panic`.

mod convert;
mod shape;

use std::panic::{catch_unwind, AssertUnwindSafe};

use amends::api;
use amends::{Diagnostic, Error};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::convert::{py_to_json, py_to_utc};
use crate::shape::Shape;

/// Runs `f`, turning a Rust panic into an `EvaluationError` instead of letting it cross
/// into Python.
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(to_pyerr(
                py,
                &Error::Evaluation(vec![Diagnostic::new(
                    "internal.panic",
                    "",
                    format!("the engine failed unexpectedly: {what}"),
                )
                .hint("this is a bug in amends; please report it with the input")]),
            ))
        }
    }
}

/// The Python exception for a core error: `PolicyError`, `InputError` or
/// `EvaluationError` from `amends._errors`, with `.code`, `.path`, `.diagnostics`.
fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    match build_pyerr(py, e) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn build_pyerr(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    static ERRORS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let module = ERRORS.get_or_try_init(py, || {
        py.import("amends._errors").map(|m| m.into_any().unbind())
    })?;
    let class_name = match e.kind() {
        "policy" => "PolicyError",
        "input" => "InputError",
        "evaluation" => "EvaluationError",
        _ => "AmendsError",
    };
    let cls = module.bind(py).getattr(class_name)?;
    let diagnostics = PyList::empty(py);
    for d in e.diagnostics() {
        let item = PyDict::new(py);
        item.set_item("code", &d.code)?;
        item.set_item("path", &d.path)?;
        item.set_item("message", &d.message)?;
        if let Some(hint) = &d.hint {
            item.set_item("hint", hint)?;
        }
        diagnostics.append(item)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("path", e.path())?;
    kwargs.set_item("diagnostics", diagnostics)?;
    let exc = cls.call((e.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// Converts a core output to Python values following `shape`. Serialization cannot fail
/// on the core's output types; should it, that is an `EvaluationError`, never a `None`.
fn output_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
    shape: &Shape,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| output_error(py, &e))?;
    shape::json_to_py(py, &text, shape)
}

fn output_error(py: Python<'_>, e: &serde_json::Error) -> PyErr {
    to_pyerr(
        py,
        &Error::Evaluation(vec![Diagnostic::new(
            "output.serialize",
            "",
            format!("the result could not be converted: {e}"),
        )]),
    )
}

/// Maps a core result into Python.
fn ok<T>(py: Python<'_>, r: Result<T, Error>) -> PyResult<T> {
    r.map_err(|e| to_pyerr(py, &e))
}

/// A case argument, read into owned text while the GIL is held.
enum CaseText {
    Text(String),
    Bytes(Vec<u8>),
}

impl CaseText {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<CaseText, Error> {
        if let Ok(s) = obj.cast::<PyString>() {
            return s
                .to_cow()
                .map(|c| CaseText::Text(c.into_owned()))
                .map_err(|_| convert::invalid_string(""));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(CaseText::Bytes(b.as_bytes().to_vec()));
        }
        if convert::is_mapping(obj) {
            let value = py_to_json(obj, "input")?;
            return Ok(CaseText::Text(value.to_string()));
        }
        Err(Error::input(
            Diagnostic::new(
                "input.invalid_type",
                "",
                format!(
                    "a case is a dict, a JSON str or JSON bytes, not {}",
                    convert::type_name(obj)
                ),
            )
            .hint("pass the case as a dict or as JSON text"),
        ))
    }

    fn parse(&self) -> Result<amends::Case, Error> {
        match self {
            CaseText::Text(s) => api::parse_case(s),
            CaseText::Bytes(b) => api::parse_case_bytes(b),
        }
    }
}

/// Reads `now`: an aware `datetime` or an RFC 3339 `str`.
fn now_arg(obj: &Bound<'_, PyAny>) -> Result<DateTime<Utc>, Error> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow().map_err(|_| convert::invalid_string("now"))?;
        return api::parse_now(&s);
    }
    py_to_utc(obj, "now")
}

/// Identity of a compiled policy: id, version and SHA-256 content hash.
#[pyclass(frozen, module = "amends", name = "PolicyInfo", eq)]
#[derive(Clone, PartialEq)]
struct PolicyInfo {
    #[pyo3(get)]
    id: String,
    #[pyo3(get)]
    version: String,
    #[pyo3(get)]
    hash: String,
}

#[pymethods]
impl PolicyInfo {
    fn __repr__(&self) -> String {
        format!(
            "PolicyInfo(id={:?}, version={:?}, hash={:?})",
            self.id, self.version, self.hash
        )
    }
}

/// A compiled policy. Immutable and thread-safe; compile once, assess many cases.
#[pyclass(frozen, module = "amends", name = "Engine")]
struct Engine {
    inner: amends::Engine,
}

impl Engine {
    fn assessment(&self, case: &CaseText, now: DateTime<Utc>) -> Result<amends::Assessment, Error> {
        self.inner.assess(&case.parse()?, now)
    }
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (policy=None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
        guard(py, || {
            let inner = match policy {
                None => amends::Engine::default(),
                Some(p) if p.is_none() => amends::Engine::default(),
                Some(p) => compile_policy(py, p)?,
            };
            Ok(Engine { inner })
        })
    }

    /// The engine on the embedded default policy.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Engine> {
        guard(py, || {
            Ok(Engine {
                inner: amends::Engine::default(),
            })
        })
    }

    /// Id, version and hash of the compiled policy.
    #[getter]
    fn policy(&self) -> PolicyInfo {
        let r = self.inner.policy_ref();
        PolicyInfo {
            id: r.id.clone(),
            version: r.version.clone(),
            hash: r.hash.clone(),
        }
    }

    /// Assesses one case at `now`; returns the assessment as a dict. The engine runs
    /// with the GIL released; the dict is built with it held.
    fn assess<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = ok(py, now_arg(now))?;
            let case = ok(py, CaseText::from_py(case))?;
            let a = ok(py, py.detach(|| self.assessment(&case, now)))?;
            output_to_py(py, &a, shape::assessment())
        })
    }

    /// Assesses one case at `now`; returns the canonical JSON, byte for byte the core's.
    /// Parsing, evaluation and serialization run with the GIL released.
    fn assess_json(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || {
            let now = ok(py, now_arg(now))?;
            let case = ok(py, CaseText::from_py(case))?;
            let out = py.detach(|| match &case {
                CaseText::Text(s) => self.inner.assess_json(s, now),
                CaseText::Bytes(_) => self.assessment(&case, now).map(|a| api::to_canonical(&a)),
            });
            ok(py, out)
        })
    }

    /// Assesses many cases at the same `now`, without holding the GIL while the engine
    /// runs. Returns one tagged dict per case, in order:
    /// `{"type": "success", "assessment": {...}}` or `{"type": "failure", "error": {...}}`.
    fn assess_batch<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let now = ok(py, now_arg(now))?;
            if cases.cast::<PyString>().is_ok()
                || cases.cast::<PyBytes>().is_ok()
                || convert::is_mapping(cases)
            {
                return Err(to_pyerr(
                    py,
                    &Error::input(
                        Diagnostic::new(
                            "input.invalid_type",
                            "",
                            "assess_batch takes an iterable of cases (a list of dicts, str or bytes)",
                        )
                        .hint("use assess_batch_json for a JSON array as text"),
                    ),
                ));
            }
            let iter = cases.try_iter().map_err(|_| {
                to_pyerr(
                    py,
                    &Error::input(Diagnostic::new(
                        "input.invalid_type",
                        "",
                        format!(
                            "assess_batch takes an iterable of cases, not {}",
                            convert::type_name(cases)
                        ),
                    )),
                )
            })?;
            let mut inputs = Vec::new();
            for item in iter {
                inputs.push(CaseText::from_py(&item?));
            }
            let engine = &self.inner;
            let results: Vec<Result<amends::Assessment, Error>> = py.detach(|| {
                inputs
                    .iter()
                    .map(|c| match c {
                        Ok(c) => c.parse().and_then(|case| engine.assess(&case, now)),
                        Err(e) => Err(e.clone()),
                    })
                    .collect()
            });
            let out = PyList::empty(py);
            for r in &results {
                let entry = PyDict::new(py);
                match r {
                    Ok(a) => {
                        entry.set_item("type", "success")?;
                        entry.set_item("assessment", output_to_py(py, a, shape::assessment())?)?;
                    }
                    Err(e) => {
                        let report = amends::error::ErrorReport::from(e);
                        entry.set_item("type", "failure")?;
                        entry.set_item("error", output_to_py(py, &report, &Shape::Plain)?)?;
                    }
                }
                out.append(entry)?;
            }
            Ok(out)
        })
    }

    /// Assesses a JSON array of cases (`str` or `bytes`) without holding the GIL; returns
    /// the core's canonical JSON array of tagged results.
    fn assess_batch_json(
        &self,
        py: Python<'_>,
        cases: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || {
            let now = ok(py, now_arg(now))?;
            let text = match ok(py, CaseText::from_py(cases))? {
                CaseText::Text(s) if cases.cast::<PyString>().is_ok() => s,
                CaseText::Bytes(b) => ok(
                    py,
                    String::from_utf8(b).map_err(|e| {
                        Error::input(Diagnostic::new(
                            "input.invalid_utf8",
                            "",
                            format!("not UTF-8: {e}"),
                        ))
                    }),
                )?,
                CaseText::Text(_) => {
                    return Err(to_pyerr(
                        py,
                        &Error::input(
                            Diagnostic::new(
                                "input.invalid_type",
                                "",
                                "assess_batch_json takes a JSON array as str or bytes",
                            )
                            .hint("use assess_batch for a list of cases"),
                        ),
                    ))
                }
            };
            let engine = &self.inner;
            let out = py.detach(|| engine.assess_batch_json(&text, now));
            ok(py, out)
        })
    }

    /// The journey machine `name` of this engine's policy (`"order"`, `"complaint"` ...),
    /// compiled with the engine. Raises `InputError` (`journey.unknown_machine`).
    fn machine(&self, py: Python<'_>, name: &str) -> PyResult<Machine> {
        guard(py, || Machine::of(py, &self.inner, name))
    }

    /// Pickles as the policy's canonical JSON, so an engine can be sent to worker
    /// processes (`multiprocessing`, `concurrent.futures.ProcessPoolExecutor`); the copy
    /// has the same policy hash.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let text = slf.get().inner.policy().canonical_json();
        Ok((slf.get_type().into_any(), (text,)))
    }

    fn __repr__(&self) -> String {
        let r = self.inner.policy_ref();
        format!("Engine(policy={:?} version {:?})", r.id, r.version)
    }
}

/// A JSON document argument (a start input, snapshot or event): a `dict`, JSON `str` or
/// JSON `bytes`, read into owned text while the GIL is held. Conversion problems are
/// reported under `prefix` (`snapshot.timers[0].due_at`).
fn json_arg(obj: &Bound<'_, PyAny>, prefix: &str) -> Result<String, Error> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| c.into_owned())
            .map_err(|_| convert::invalid_string(prefix));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|e| {
            Error::input(Diagnostic::new(
                "input.invalid_utf8",
                prefix,
                format!("not UTF-8: {e}"),
            ))
        });
    }
    if convert::is_mapping(obj) {
        return py_to_json(obj, prefix).map(|v| v.to_string());
    }
    Err(Error::input(
        Diagnostic::new(
            "input.invalid_type",
            prefix,
            format!(
                "a {prefix} is a dict, a JSON str or JSON bytes, not {}",
                convert::type_name(obj)
            ),
        )
        .hint("pass it as a dict or as JSON text"),
    ))
}

/// A journey state machine (order journey, complaint lifecycle) of a compiled policy.
/// Pure: the host stores each journey's snapshot, passes events in and calls `tick` at
/// the returned `next_deadline`. Immutable and thread-safe.
#[pyclass(frozen, module = "amends", name = "Machine")]
struct Machine {
    inner: amends::journey::Machine,
}

impl Machine {
    fn of(py: Python<'_>, engine: &amends::Engine, name: &str) -> PyResult<Machine> {
        let inner = ok(py, amends::journey::Machine::from_policy(engine, name))?;
        Ok(Machine { inner })
    }

    fn start_text(
        &self,
        py: Python<'_>,
        input: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let input = ok(py, json_arg(input, "input"))?;
        ok(py, py.detach(|| self.inner.start_json(&input, now)))
    }

    fn step_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        event: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, json_arg(snapshot, "snapshot"))?;
        let event = ok(py, json_arg(event, "event"))?;
        ok(
            py,
            py.detach(|| self.inner.step_json(&snapshot, &event, now)),
        )
    }

    fn tick_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, json_arg(snapshot, "snapshot"))?;
        ok(py, py.detach(|| self.inner.tick_json(&snapshot, now)))
    }

    fn clocks_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, json_arg(snapshot, "snapshot"))?;
        ok(py, py.detach(|| self.inner.clocks_json(&snapshot, now)))
    }
}

#[pymethods]
impl Machine {
    /// The machine `name` of `engine`'s policy; same as `engine.machine(name)`.
    #[new]
    fn new(py: Python<'_>, engine: &Bound<'_, Engine>, name: &str) -> PyResult<Machine> {
        guard(py, || Machine::of(py, &engine.get().inner, name))
    }

    /// The machine's id.
    #[getter]
    fn id(&self) -> String {
        self.inner.reference().id.clone()
    }

    /// The machine's version.
    #[getter]
    fn version(&self) -> String {
        self.inner.reference().version.clone()
    }

    /// SHA-256 of the machine's definition and the calendars it uses.
    #[getter]
    fn hash(&self) -> String {
        self.inner.reference().hash.clone()
    }

    /// Starts a journey: `input` is `{"instance": ID, "context": {...}}`. Returns the step
    /// `{snapshot, actions, next_deadline?, trace}` as a dict (times are aware datetimes).
    fn start<'py>(
        &self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let out = self.start_text(py, input, now);
            let text = out?;
            shape::json_to_py(py, &text, journey_step_shape())
        })
    }

    /// Like `start`, as canonical JSON text.
    fn start_json(
        &self,
        py: Python<'_>,
        input: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || self.start_text(py, input, now))
    }

    /// Applies `event` (`{"event", "at", "data"?}`) to `snapshot` at `now`, firing every
    /// timer and clock due first. Returns the step as a dict.
    fn step<'py>(
        &self,
        py: Python<'py>,
        snapshot: &Bound<'py, PyAny>,
        event: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let text = self.step_text(py, snapshot, event, now)?;
            shape::json_to_py(py, &text, journey_step_shape())
        })
    }

    /// Like `step`, as canonical JSON text.
    fn step_json(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        event: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || self.step_text(py, snapshot, event, now))
    }

    /// Fires every timer and clock of `snapshot` due at or before `now`, in deadline
    /// order. Returns the step as a dict.
    fn tick<'py>(
        &self,
        py: Python<'py>,
        snapshot: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let text = self.tick_text(py, snapshot, now)?;
            shape::json_to_py(py, &text, journey_step_shape())
        })
    }

    /// Like `tick`, as canonical JSON text.
    fn tick_json(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || self.tick_text(py, snapshot, now))
    }

    /// Each SLA clock of `snapshot` at `now`: a list of `{name, status, target_seconds,
    /// elapsed_seconds, remaining_seconds, due_at?, breached}` (`due_at` a datetime).
    fn clocks<'py>(
        &self,
        py: Python<'py>,
        snapshot: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let text = self.clocks_text(py, snapshot, now)?;
            shape::json_to_py(py, &text, clocks_shape())
        })
    }

    /// Like `clocks`, as canonical JSON text.
    fn clocks_json(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        guard(py, || self.clocks_text(py, snapshot, now))
    }

    /// The machine drawn as `"mermaid"` (default) or `"dot"` text.
    #[pyo3(signature = (format="mermaid"))]
    fn diagram(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        guard(py, || ok(py, self.inner.diagram(format)))
    }

    fn __repr__(&self) -> String {
        let r = self.inner.reference();
        format!("Machine(id={:?}, version={:?})", r.id, r.version)
    }
}

/// The shape of a journey step, read once from the core's schema.
fn journey_step_shape() -> &'static Shape {
    static SHAPE: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    SHAPE.get_or_init(|| {
        amends::journey::json::schema("journey_step")
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .map(|v| Shape::from_schema(&v))
            .unwrap_or(Shape::Plain)
    })
}

/// The shape of a clocks report: a list whose items' `due_at` is a time.
fn clocks_shape() -> &'static Shape {
    static SHAPE: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    SHAPE.get_or_init(|| {
        let item = Shape::Object(
            [("due_at".to_owned(), Shape::Time)].into_iter().collect(),
            Box::new(Shape::Plain),
        );
        Shape::Array(Box::new(item))
    })
}

/// Compiles a policy given as text (`str`), UTF-8 `bytes`, a `dict`, or a path
/// (`os.PathLike`).
fn compile_policy(py: Python<'_>, p: &Bound<'_, PyAny>) -> PyResult<amends::Engine> {
    if let Ok(s) = p.cast::<PyString>() {
        let text = ok(py, s.to_cow().map_err(|_| policy_utf8_error()))?;
        return ok(
            py,
            amends::Engine::from_policy_text(&text).map_err(|e| hint_path(&text, e)),
        );
    }
    if let Ok(b) = p.cast::<PyBytes>() {
        let text = ok(
            py,
            std::str::from_utf8(b.as_bytes()).map_err(|_| policy_utf8_error()),
        )?;
        return ok(py, amends::Engine::from_policy_text(text));
    }
    if convert::is_mapping(p) {
        let value = ok(py, py_to_json(p, "policy").map_err(as_policy_error))?;
        let policy = ok(py, amends::Policy::from_value(value))?;
        return ok(py, amends::Engine::new(policy));
    }
    if let Some(bytes) = read_path(py, p)? {
        let text = ok(
            py,
            std::str::from_utf8(&bytes).map_err(|_| policy_utf8_error()),
        )?;
        return ok(py, amends::Engine::from_policy_text(text));
    }
    Err(to_pyerr(
        py,
        &Error::Policy(vec![Diagnostic::new(
            "policy.invalid_type",
            "",
            format!(
                "a policy is None, TOML or JSON text (str or bytes), a dict or an os.PathLike, not {}",
                convert::type_name(p)
            ),
        )]),
    ))
}

/// A `str` policy that fails to parse and looks like a file name gets a hint: a `str` is
/// policy text, a path is passed as `pathlib.Path`.
fn hint_path(text: &str, e: Error) -> Error {
    let looks_like_path = !text.contains('\n')
        && [".toml", ".json"]
            .iter()
            .any(|ext| text.trim_end().ends_with(ext));
    match e {
        Error::Policy(mut diags) if looks_like_path => {
            if let Some(first) = diags.first_mut() {
                first.hint = Some(format!(
                    "a str is policy text; to read the file, pass pathlib.Path({text:?})"
                ));
            }
            Error::Policy(diags)
        }
        other => other,
    }
}

/// Reads the file an `os.PathLike` names; `None` when `p` is not a path. I/O failures are
/// the usual `OSError`s.
fn read_path(py: Python<'_>, p: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    static PATHLIKE: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    if !p.is_instance(PATHLIKE.import(py, "os", "PathLike")?.as_any())? {
        return Ok(None);
    }
    let path: std::path::PathBuf = py.import("os")?.call_method1("fspath", (p,))?.extract()?;
    std::fs::read(&path).map(Some).map_err(|e| {
        let msg = format!("{}: {e}", path.display());
        match e.kind() {
            std::io::ErrorKind::NotFound => pyo3::exceptions::PyFileNotFoundError::new_err(msg),
            std::io::ErrorKind::PermissionDenied => {
                pyo3::exceptions::PyPermissionError::new_err(msg)
            }
            _ => pyo3::exceptions::PyOSError::new_err(msg),
        }
    })
}

fn policy_utf8_error() -> Error {
    Error::Policy(vec![Diagnostic::new(
        "policy.invalid_utf8",
        "",
        "the policy is not valid UTF-8",
    )])
}

/// A conversion problem in a policy dict is a policy error.
fn as_policy_error(e: Error) -> Error {
    Error::Policy(e.diagnostics().to_vec())
}

/// Validates a policy (TOML or JSON text, `bytes`, a `dict` or a path) without compiling it and
/// returns `{"valid", "policy": {"id", "version", "hash"}, "diagnostics": [...]}` with
/// every problem found.
#[pyfunction]
fn check_policy<'py>(py: Python<'py>, policy: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text: String = if let Ok(s) = policy.cast::<PyString>() {
            ok(py, s.to_cow().map_err(|_| policy_utf8_error()))?.into_owned()
        } else if let Ok(b) = policy.cast::<PyBytes>() {
            ok(
                py,
                std::str::from_utf8(b.as_bytes()).map_err(|_| policy_utf8_error()),
            )?
            .to_owned()
        } else if convert::is_mapping(policy) {
            ok(py, py_to_json(policy, "policy").map_err(as_policy_error))?.to_string()
        } else if let Some(bytes) = read_path(py, policy)? {
            ok(
                py,
                String::from_utf8(bytes).map_err(|_| policy_utf8_error()),
            )?
        } else {
            return Err(to_pyerr(
                py,
                &Error::Policy(vec![Diagnostic::new(
                    "policy.invalid_type",
                    "",
                    format!(
                        "check_policy takes TOML or JSON text (str or bytes), a dict or an os.PathLike, not {}",
                        convert::type_name(policy)
                    ),
                )]),
            ));
        };
        let report = api::check_policy_json(&text);
        shape::json_to_py(py, &report, &Shape::Plain)
    })
}

/// The JSON Schema of `"case"`, `"assessment"`, `"policy"` or a journey document
/// (`"journey_start"`, `"journey_event"`, `"journey_snapshot"`, `"journey_step"`), as JSON
/// text.
#[pyfunction]
fn schema(py: Python<'_>, name: &str) -> PyResult<String> {
    guard(py, || {
        match api::schema(name).or_else(|| amends::journey::json::schema(name)) {
            Some(s) => Ok(s),
            None => Err(to_pyerr(
                py,
                &Error::input(
                    Diagnostic::new(
                        "input.unknown_schema",
                        "",
                        format!("no schema named `{name}`"),
                    )
                    .hint(format!(
                        "use one of: {}, {}",
                        api::SCHEMAS.join(", "),
                        amends::journey::json::SCHEMAS.join(", ")
                    )),
                ),
            )),
        }
    })
}

#[pymodule]
#[pyo3(name = "_amends")]
fn amends_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<PolicyInfo>()?;
    m.add_function(wrap_pyfunction!(check_policy, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_class::<Machine>()?;
    m.add("SCHEMAS", api::SCHEMAS.to_vec())?;
    m.add("JOURNEY_SCHEMAS", amends::journey::json::SCHEMAS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
