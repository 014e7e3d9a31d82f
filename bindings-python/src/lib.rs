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

mod arrow;
mod convert;
mod shape;
mod tools;

use std::panic::{catch_unwind, AssertUnwindSafe};

use amends::api;
use amends::{Diagnostic, Error};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::convert::{py_to_json, py_to_utc};
use crate::shape::Shape;

/// Runs `f`, turning a Rust panic into the core's `internal.panic` error
/// ([`Error::internal_panic`]) instead of letting it cross into Python.
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(to_pyerr(py, &Error::internal_panic(payload.as_ref()))),
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

/// A document argument (a case, a start input, a snapshot, an event), read while the
/// GIL is held into what the core parses: text, bytes, or the JSON value of a `dict`
/// (handed over as a value, not written out as text and parsed again, so the engine's
/// limits apply to it as to text).
enum Doc {
    Text(String),
    Bytes(Vec<u8>),
    Value(serde_json::Value),
}

impl Doc {
    /// Reads a `str`, `bytes` or mapping. `what` names the argument in messages;
    /// conversion problems are reported under the path `root` (`snapshot.seq`).
    fn from_py(obj: &Bound<'_, PyAny>, what: &str, root: &str) -> Result<Doc, Error> {
        if let Ok(s) = obj.cast::<PyString>() {
            return s
                .to_cow()
                .map(|c| Doc::Text(c.into_owned()))
                .map_err(|_| convert::invalid_string(root));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Doc::Bytes(b.as_bytes().to_vec()));
        }
        if convert::is_mapping(obj) {
            return py_to_json(obj, "input")
                .map(Doc::Value)
                .map_err(|e| api::under_path(e, root));
        }
        Err(Error::input(
            Diagnostic::new(
                "input.invalid_type",
                root,
                format!(
                    "{what} is a dict, a JSON str or JSON bytes, not {}",
                    convert::type_name(obj)
                ),
            )
            .hint("pass it as a dict or as JSON text"),
        ))
    }

    fn document(&self) -> api::Document<'_> {
        match self {
            Doc::Text(s) => api::Document::Text(s),
            Doc::Bytes(b) => api::Document::Bytes(b),
            Doc::Value(v) => api::Document::Value(v),
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
    fn assessment(
        &self,
        case: &Doc,
        now: DateTime<Utc>,
        sections: api::Sections,
    ) -> Result<amends::Assessment, Error> {
        self.inner
            .assess_document_sections(case.document(), now, sections)
    }
}

/// The `sections` keyword: `"full"` (the default) or `"decision"`.
fn sections_arg(sections: &str) -> Result<api::Sections, Error> {
    api::Sections::parse(sections)
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (policy=None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
        guard(py, || {
            let inner = match policy.filter(|p| !p.is_none()) {
                None => ok(py, amends::Engine::embedded())?,
                Some(p) => PolicyArg::from_py(py, p, "a policy is")?.engine(py)?,
            };
            Ok(Engine { inner })
        })
    }

    /// The engine on the embedded default policy.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Engine> {
        guard(py, || {
            Ok(Engine {
                inner: ok(py, amends::Engine::embedded())?,
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
    /// with the GIL released; the dict is built with it held. `sections="decision"`
    /// returns the decision form (schema `decision`) instead.
    #[pyo3(signature = (case, now, *, sections="full"))]
    fn assess<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        sections: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let sections = ok(py, sections_arg(sections))?;
            let now = ok(py, now_arg(now))?;
            let case = ok(py, Doc::from_py(case, "a case", ""))?;
            let a = ok(py, py.detach(|| self.assessment(&case, now, sections)))?;
            match sections {
                api::Sections::Decision => {
                    output_to_py(py, &api::DecisionView::of(&a), shape::decision())
                }
                _ => output_to_py(py, &a, shape::assessment()),
            }
        })
    }

    /// Assesses one case at `now`; returns the canonical JSON, byte for byte the core's.
    /// Parsing, evaluation and serialization run with the GIL released.
    #[pyo3(signature = (case, now, *, sections="full"))]
    fn assess_json(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        sections: &str,
    ) -> PyResult<String> {
        guard(py, || {
            let sections = ok(py, sections_arg(sections))?;
            let now = ok(py, now_arg(now))?;
            let case = ok(py, Doc::from_py(case, "a case", ""))?;
            let out = py.detach(|| {
                self.assessment(&case, now, sections)
                    .map(|a| sections.write(&a))
            });
            ok(py, out)
        })
    }

    /// Assesses every row of an Arrow table, batch or stream (anything with
    /// `__arrow_c_stream__` or `__arrow_c_array__`: pyarrow, Polars, DuckDB…) at `now`,
    /// on `threads` threads (default: every core) with the GIL released. Returns a
    /// `pyarrow.Table` when pyarrow is installed, else an Arrow C stream object; its
    /// schema is in `docs/scale-out.md`. Bad rows fill the error columns.
    #[pyo3(signature = (data, now, *, assessment_json=false, threads=None))]
    fn assess_arrow<'py>(
        &self,
        py: Python<'py>,
        data: pyo3_arrow::input::AnyRecordBatch,
        now: &Bound<'py, PyAny>,
        assessment_json: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let now = ok(py, now_arg(now))?;
            let options = amends::columnar::Options { assessment_json };
            let table = ok(
                py,
                arrow::assess(py, &self.inner, data, now, options, threads)?,
            )?;
            match py.import("pyarrow") {
                Ok(_) => table.into_pyarrow(py),
                Err(_) => Ok(table.into_pyobject(py)?.into_any()),
            }
        })
    }

    /// Assesses many cases at the same `now`, without holding the GIL while the engine
    /// runs. Returns one tagged dict per case, in order:
    /// `{"type": "success", "assessment": {...}}` or `{"type": "failure", "error": {...}}`.
    #[pyo3(signature = (cases, now, *, sections="full"))]
    fn assess_batch<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        sections: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let sections = ok(py, sections_arg(sections))?;
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
                    &Error::input(
                        Diagnostic::new(
                            "input.invalid_type",
                            "",
                            format!(
                                "assess_batch takes an iterable of cases, not {}",
                                convert::type_name(cases)
                            ),
                        )
                        .hint("pass a list of cases"),
                    ),
                )
            })?;
            let mut inputs = Vec::new();
            for item in iter {
                inputs.push(Doc::from_py(&item?, "a case", ""));
            }
            let results: Vec<Result<amends::Assessment, Error>> = py.detach(|| {
                inputs
                    .iter()
                    .map(|c| match c {
                        Ok(c) => self.assessment(c, now, sections),
                        Err(e) => Err(e.clone()),
                    })
                    .collect()
            });
            let out = PyList::empty(py);
            for r in &results {
                let item = match sections {
                    api::Sections::Decision => output_to_py(
                        py,
                        &api::batch::decision_entry(r),
                        shape::decision_batch_entry(),
                    )?,
                    _ => output_to_py(py, &api::batch::batch_entry(r), shape::batch_entry())?,
                };
                out.append(item)?;
            }
            Ok(out)
        })
    }

    /// Assesses a JSON array of cases (`str` or `bytes`) without holding the GIL; returns
    /// the core's canonical JSON array of tagged results.
    #[pyo3(signature = (cases, now, *, sections="full"))]
    fn assess_batch_json(
        &self,
        py: Python<'_>,
        cases: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        sections: &str,
    ) -> PyResult<String> {
        guard(py, || {
            let sections = ok(py, sections_arg(sections))?;
            let now = ok(py, now_arg(now))?;
            let text = match ok(py, Doc::from_py(cases, "a batch", ""))? {
                Doc::Text(s) => s,
                Doc::Bytes(b) => ok(py, api::utf8(&b).map(str::to_owned))?,
                Doc::Value(_) => {
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
            let out = py.detach(|| engine.assess_batch_json_sections(&text, now, sections));
            ok(py, out)
        })
    }

    /// Replays a journey script, the `journey` op of the conformance vectors:
    /// `{"machine", "instance"?, "context"?, "start", "calls": [...]}`. Returns
    /// `{"steps", "snapshot", "clocks"}` as canonical JSON.
    fn replay_journey_json(&self, py: Python<'_>, script: &Bound<'_, PyAny>) -> PyResult<String> {
        guard(py, || {
            let script = ok(py, Doc::from_py(script, "a journey script", ""))?;
            let engine = &self.inner;
            ok(
                py,
                py.detach(|| api::journey::replay_document_json(engine, script.document())),
            )
        })
    }

    /// Re-assesses a stored decision `{"case", "now", "assessment"}` (a dict, `str` or
    /// `bytes`, as JSON) under this engine and policy; returns `{"case_id", "identical",
    /// "differences"?, "error"?}`, each difference naming its section and field path with
    /// the stored and the current value. The engine runs with the GIL released.
    fn replay<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let record = ok(py, Doc::from_py(record, "a stored decision", ""))?;
            let engine = &self.inner;
            let r = ok(
                py,
                py.detach(|| api::replay::replay_document(engine, record.document())),
            )?;
            output_to_py(py, &r, &Shape::Plain)
        })
    }

    /// As `replay`, as canonical JSON text.
    fn replay_json(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<String> {
        guard(py, || {
            let record = ok(py, Doc::from_py(record, "a stored decision", ""))?;
            let engine = &self.inner;
            let r = ok(
                py,
                py.detach(|| api::replay::replay_document(engine, record.document())),
            )?;
            Ok(api::to_canonical(&r))
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
        let input = ok(py, Doc::from_py(input, "a start input", ""))?;
        ok(
            py,
            py.detach(|| {
                let input = api::journey::start_of(input.document())?;
                Ok(api::to_canonical(&self.inner.start(&input, now)?))
            }),
        )
    }

    fn step_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        event: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, Doc::from_py(snapshot, "a snapshot", "snapshot"))?;
        let event = ok(py, Doc::from_py(event, "an event", "event"))?;
        ok(
            py,
            py.detach(|| {
                let s = api::journey::snapshot_of(snapshot.document())?;
                let e = api::journey::event_of(event.document())?;
                Ok(api::to_canonical(&self.inner.step(&s, &e, now)?))
            }),
        )
    }

    fn tick_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, Doc::from_py(snapshot, "a snapshot", "snapshot"))?;
        ok(
            py,
            py.detach(|| {
                let s = api::journey::snapshot_of(snapshot.document())?;
                Ok(api::to_canonical(&self.inner.tick(&s, now)?))
            }),
        )
    }

    fn clocks_text(
        &self,
        py: Python<'_>,
        snapshot: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let now = ok(py, now_arg(now))?;
        let snapshot = ok(py, Doc::from_py(snapshot, "a snapshot", "snapshot"))?;
        ok(
            py,
            py.detach(|| {
                let s = api::journey::snapshot_of(snapshot.document())?;
                Ok(api::to_canonical(&self.inner.clocks_checked(&s, now)?))
            }),
        )
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

/// The shape of a journey step, read once from the core's schema registry.
fn journey_step_shape() -> &'static Shape {
    static SHAPE: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    SHAPE.get_or_init(|| shape::of_schema("journey_step"))
}

/// The shape of a clocks report, read once from the core's schema registry.
fn clocks_shape() -> &'static Shape {
    static SHAPE: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    SHAPE.get_or_init(|| shape::of_schema("journey_clocks"))
}

/// A policy argument, read once for `Engine(...)` and `check_policy(...)`: TOML or JSON
/// text (`str` or `bytes`), a `dict` (handed to the core as a value), or an
/// `os.PathLike` (the file is read here).
enum PolicyArg {
    /// A `str`: policy text, never a file name.
    Str(String),
    Bytes(Vec<u8>),
    Value(serde_json::Value),
}

impl PolicyArg {
    fn from_py(py: Python<'_>, p: &Bound<'_, PyAny>, what: &str) -> PyResult<PolicyArg> {
        if let Ok(s) = p.cast::<PyString>() {
            let text = ok(py, s.to_cow().map_err(|_| policy_utf8_error()))?;
            return Ok(PolicyArg::Str(text.into_owned()));
        }
        if let Ok(b) = p.cast::<PyBytes>() {
            return Ok(PolicyArg::Bytes(b.as_bytes().to_vec()));
        }
        if convert::is_mapping(p) {
            let value = ok(py, py_to_json(p, "policy").map_err(as_policy_error))?;
            return Ok(PolicyArg::Value(value));
        }
        if let Some(bytes) = read_path(py, p)? {
            return Ok(PolicyArg::Bytes(bytes));
        }
        Err(to_pyerr(
            py,
            &Error::Policy(vec![Diagnostic::new(
                "policy.invalid_type",
                "",
                format!(
                    "{what} None, TOML or JSON text (str or bytes), a dict or an os.PathLike, not {}",
                    convert::type_name(p)
                ),
            )
            .hint("pass the policy text, a dict, or pathlib.Path(\"policy.toml\")")]),
        ))
    }

    fn source(&self) -> api::PolicySource<'_> {
        match self {
            PolicyArg::Str(s) => api::PolicySource::Text(s),
            PolicyArg::Bytes(b) => api::PolicySource::Bytes(b),
            PolicyArg::Value(v) => api::PolicySource::Value(v.clone()),
        }
    }

    /// Compiles the policy.
    fn engine(self, py: Python<'_>) -> PyResult<amends::Engine> {
        let result = match self {
            PolicyArg::Str(text) => api::PolicySource::Text(&text)
                .engine()
                .map_err(|e| hint_path(&text, e)),
            PolicyArg::Value(v) => api::PolicySource::Value(v).engine(),
            bytes @ PolicyArg::Bytes(_) => bytes.source().engine(),
        };
        ok(py, result)
    }
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
    )
    .hint("save the policy as UTF-8")])
}

/// A conversion problem in a policy dict is a policy error.
fn as_policy_error(e: Error) -> Error {
    Error::Policy(e.diagnostics().to_vec())
}

/// Validates a policy (TOML or JSON text, `bytes`, a `dict` or a path) without compiling
/// it and returns `{"valid", "policy": {"id", "version", "hash"}, "diagnostics": [...]}`
/// with every problem found.
#[pyfunction]
fn check_policy<'py>(py: Python<'py>, policy: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let arg = PolicyArg::from_py(py, policy, "check_policy takes")?;
        let report = py.detach(|| api::check_policy(arg.source()));
        output_to_py(py, &report, &Shape::Plain)
    })
}

/// The JSON Schema of any published document (see `SCHEMAS`: `"case"`, `"assessment"`,
/// `"policy"` and the journey documents), as a dict (an object, as in JavaScript).
#[pyfunction]
fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text = api::schema(name)
            .ok_or_else(|| to_pyerr(py, &api::schema::unknown_schema(name, None)))?;
        py.import("json")?.call_method1("loads", (text,))
    })
}

/// The embedded default policy as TOML text: the starting point for your own.
#[pyfunction]
fn default_policy_toml() -> &'static str {
    amends::policy::DEFAULT_POLICY_TOML
}

#[pymodule]
#[pyo3(name = "_amends")]
fn amends_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<PolicyInfo>()?;
    m.add_function(wrap_pyfunction!(check_policy, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(default_policy_toml, m)?)?;
    m.add_function(wrap_pyfunction!(tools::monitor, m)?)?;
    m.add_function(wrap_pyfunction!(tools::backtest, m)?)?;
    m.add_function(wrap_pyfunction!(tools::backtest_html, m)?)?;
    m.add_function(wrap_pyfunction!(tools::audit_verify, m)?)?;
    m.add_function(wrap_pyfunction!(tools::audit_append, m)?)?;
    m.add_class::<Machine>()?;
    m.add("SCHEMAS", api::SCHEMAS.to_vec())?;
    m.add(
        "JOURNEY_SCHEMAS",
        api::schema::names(api::SchemaGroup::Journey),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
