//! The operations over many records (`amends.monitor`, `amends.backtest`,
//! `amends.backtest_html`, `amends.audit_verify`, `amends.audit_append`): thin wrappers
//! of `amends::tools`, the same functions the command line and the web build use.

use amends::api;
use amends::tools;
use amends::{Diagnostic, Error};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::{self, py_to_json};
use crate::shape::Shape;
use crate::{guard, now_arg, ok, output_to_py, to_pyerr, Doc, Engine};

/// A history or a chain: JSON Lines as `str` or UTF-8 `bytes`, or an iterable of records
/// (dicts, or JSON texts), one per line.
fn lines_arg(obj: &Bound<'_, PyAny>, what: &str) -> Result<String, Error> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| c.into_owned())
            .map_err(|_| convert::invalid_string(""));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return api::utf8(b.as_bytes()).map(str::to_owned);
    }
    let not_lines = || {
        Error::input(
            Diagnostic::new(
                "input.invalid_type",
                "",
                format!(
                    "{what} is JSON Lines text or an iterable of records, not {}",
                    convert::type_name(obj)
                ),
            )
            .hint("pass the file's text, or a list of dicts"),
        )
    };
    if convert::is_mapping(obj) {
        return Err(not_lines());
    }
    let iter = obj.try_iter().map_err(|_| not_lines())?;
    let mut out = String::new();
    for (i, item) in iter.enumerate() {
        let item = item.map_err(|_| not_lines())?;
        let line = match item.cast::<PyString>() {
            Ok(s) => s
                .to_cow()
                .map(|c| c.into_owned())
                .map_err(|_| convert::invalid_string(&format!("[{i}]")))?,
            Err(_) => py_to_json(&item, "input")
                .map_err(|e| api::under_path(e, &format!("[{i}]")))?
                .to_string(),
        };
        out.push_str(line.trim_end_matches(['\r', '\n']));
        out.push('\n');
    }
    Ok(out)
}

/// The store-group monitor over a history (JSON Lines of `{"case", "now"?, "outcome"?}`,
/// `{"outcome"}` and `{"volume"}` records, or a list of them): heat map, KPIs, alarms.
#[pyfunction]
pub fn monitor<'py>(
    py: Python<'py>,
    engine: &Bound<'py, Engine>,
    history: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text = ok(py, lines_arg(history, "the history"))?;
        let engine = engine.get();
        let report = ok(py, py.detach(|| tools::monitor(&engine.inner, &text)))?;
        output_to_py(py, &report, &Shape::Plain)
    })
}

/// Replays a history under `baseline` and `candidate`; what would have been different.
#[pyfunction]
#[pyo3(signature = (baseline, candidate, history, top = 20))]
pub fn backtest<'py>(
    py: Python<'py>,
    baseline: &Bound<'py, Engine>,
    candidate: &Bound<'py, Engine>,
    history: &Bound<'py, PyAny>,
    top: usize,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text = ok(py, lines_arg(history, "the history"))?;
        let (a, b) = (baseline.get(), candidate.get());
        let report = ok(
            py,
            py.detach(|| tools::backtest(&a.inner, &b.inner, &text, top)),
        )?;
        output_to_py(py, &report, &Shape::Plain)
    })
}

/// `backtest` as the self-contained HTML report (`amends simulate --html`).
#[pyfunction]
#[pyo3(signature = (baseline, candidate, history, top = 20))]
pub fn backtest_html(
    py: Python<'_>,
    baseline: &Bound<'_, Engine>,
    candidate: &Bound<'_, Engine>,
    history: &Bound<'_, PyAny>,
    top: usize,
) -> PyResult<String> {
    guard(py, || {
        let text = ok(py, lines_arg(history, "the history"))?;
        let (a, b) = (baseline.get(), candidate.get());
        ok(
            py,
            py.detach(|| tools::backtest_html(&a.inner, &b.inner, &text, top)),
        )
    })
}

/// Verifies an audit chain (JSON Lines, or a list of records); with `head`, also that it
/// ends there. `{"valid": True, "records", "head"}` or `{"valid": False, "line", "code",
/// "path", "message"}`: a broken chain is a report, not an exception.
#[pyfunction]
#[pyo3(signature = (chain, head = None))]
pub fn audit_verify<'py>(
    py: Python<'py>,
    chain: &Bound<'py, PyAny>,
    head: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text = ok(py, lines_arg(chain, "the chain"))?;
        let report = py.detach(|| tools::audit_verify(&text, head));
        output_to_py(py, &report, &Shape::Plain)
    })
}

/// The decision record that follows `chain` for `case` and its `assessment` (as
/// `Engine.assess` returned it), recorded at `recorded_at`; append its JSON (e.g.
/// `amends.dumps(record)`) as the chain's next line. A broken chain raises `InputError`
/// with the verification's code.
#[pyfunction]
pub fn audit_append<'py>(
    py: Python<'py>,
    chain: &Bound<'py, PyAny>,
    case: &Bound<'py, PyAny>,
    assessment: &Bound<'py, PyAny>,
    recorded_at: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let text = ok(py, lines_arg(chain, "the chain"))?;
        let at = ok(py, now_arg(recorded_at))?;
        let case_doc = ok(py, Doc::from_py(case, "a case", "case"))?;
        let assessment = ok(
            py,
            py_to_json(assessment, "input").map_err(|e| api::under_path(e, "assessment")),
        )?;
        let record = py.detach(|| -> Result<_, Error> {
            let case: amends::Case = api::parse_document(case_doc.document(), &Default::default())
                .map_err(|e| api::under_path(e, "case"))?;
            let assessment: amends::Assessment =
                serde_json::from_value(assessment).map_err(|e| {
                    Error::input(Diagnostic::new(
                        "input.invalid_value",
                        "assessment",
                        format!("not an assessment: {e}"),
                    ))
                })?;
            tools::audit_append(&text, &case, &assessment, at)
        });
        let record = record.map_err(|e| to_pyerr(py, &e))?;
        output_to_py(py, &record, &Shape::Plain)
    })
}
