//! Entry points (values and JSON) of the operations over many records that `amends monitor`,
//! `amends simulate` and `amends audit` run: the bindings call these, so Python and
//! JavaScript offer them with the same inputs, outputs and error codes.
//!
//! A history is JSON Lines text of [`HistoryLine`] records (`{"case", "now"?,
//! "outcome"?}`, `{"outcome"}`, `{"volume"}`), the format the command line reads. A
//! malformed line is an input error whose path starts with `[i]` (line `i + 1`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{self, AuditRecord};
use crate::monitor::{BacktestBuilder, BacktestReport, HistoryLine, Monitor, MonitorReport};
use crate::{Assessment, Case, Engine, Error};

/// Parses a history: one record per non-blank line.
pub fn parse_history(text: &str) -> Result<Vec<HistoryLine>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let rec: HistoryLine =
            crate::api::parse_struct_input_with(line, &crate::limits::Limits::default())
                .map_err(|e| crate::api::under_path(e, &format!("[{i}]")))?;
        out.push(rec);
    }
    Ok(out)
}

/// The store-group monitor over a history: heat map, KPIs and alarms (what `amends
/// monitor` prints). Outcomes on their own lines join their case by id; each case is
/// assessed at its `now`, else at its `received_at`; a case that cannot be assessed is
/// left out, as the command line does.
pub fn monitor(engine: &Engine, history: &str) -> Result<MonitorReport, Error> {
    let records = parse_history(history)?;
    let mut monitor = Monitor::new(&engine.policy().monitor);
    let mut outcomes = BTreeMap::new();
    for rec in &records {
        if rec.case.is_none() {
            if let Some(o) = &rec.outcome {
                outcomes.insert(o.case_id.clone(), o.clone());
            }
        }
        if let Some(v) = &rec.volume {
            monitor.add_volume(v);
        }
    }
    for rec in &records {
        let Some(case) = &rec.case else { continue };
        let now = rec.now.unwrap_or(case.received_at);
        if let Ok(a) = engine.assess(case, now) {
            let o = rec.outcome.as_ref().or_else(|| outcomes.get(&case.id));
            monitor.observe(case, &a, o);
        }
    }
    Ok(monitor.report())
}

/// [`monitor`] as canonical JSON.
pub fn monitor_json(engine: &Engine, history: &str) -> Result<String, Error> {
    monitor(engine, history).map(|r| crate::api::to_canonical(&r))
}

/// Replays a history under `baseline` (A) and `candidate` (B) and reports what would
/// have been different (what `amends simulate` prints); `top` most changed cases are
/// listed.
pub fn backtest(
    baseline: &Engine,
    candidate: &Engine,
    history: &str,
    top: usize,
) -> Result<BacktestReport, Error> {
    let records = parse_history(history)?;
    let met_by_resolution = baseline
        .policy()
        .monitor
        .kpi
        .as_ref()
        .map(|k| k.met_by_resolution.clone())
        .unwrap_or_default();
    let mut builder = BacktestBuilder::new(
        baseline.policy_ref().clone(),
        candidate.policy_ref().clone(),
        top,
    )
    .met_by_resolution(met_by_resolution);
    for rec in &records {
        if let Some(case) = &rec.case {
            let now = rec.now.unwrap_or(case.received_at);
            let ra = baseline.assess(case, now);
            let rb = candidate.assess(case, now);
            builder.add_results(ra.as_ref(), rb.as_ref(), rec.outcome.as_ref());
        }
    }
    Ok(builder.finish())
}

/// [`backtest`] as canonical JSON.
pub fn backtest_json(
    baseline: &Engine,
    candidate: &Engine,
    history: &str,
    top: usize,
) -> Result<String, Error> {
    backtest(baseline, candidate, history, top).map(|r| crate::api::to_canonical(&r))
}

/// [`backtest`] as the self-contained HTML page `amends simulate --html` writes.
pub fn backtest_html(
    baseline: &Engine,
    candidate: &Engine,
    history: &str,
    top: usize,
) -> Result<String, Error> {
    backtest(baseline, candidate, history, top).map(|r| crate::monitor::backtest_html(&r))
}

/// What verifying an audit chain found (the report `amends audit verify` prints).
#[derive(Debug, Default, Serialize)]
pub struct AuditVerification {
    /// Whether the chain is intact (and ends at the expected head, when one is given).
    pub valid: bool,
    /// Records verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<usize>,
    /// The last record's hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// The JSON Lines line of the first broken link (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Its code (`audit.hash_mismatch`, `audit.head_mismatch` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its path (`[i].field`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Verifies an audit chain stored as JSON Lines; with `head`, also that it ends there
/// (which detects records cut from the end). A broken chain is a report, not an error.
pub fn audit_verify(chain: &str, head: Option<&str>) -> AuditVerification {
    match audit::verify_jsonl(chain) {
        Ok(summary) => {
            if let Some(want) = head {
                if !want.eq_ignore_ascii_case(&summary.head) {
                    return AuditVerification {
                        message: Some(format!(
                            "the chain ends at {} after {} records, not at the expected head",
                            summary.head, summary.records
                        )),
                        records: Some(summary.records),
                        head: Some(summary.head),
                        code: Some("audit.head_mismatch".to_owned()),
                        ..AuditVerification::default()
                    };
                }
            }
            AuditVerification {
                valid: true,
                records: Some(summary.records),
                head: Some(summary.head),
                ..AuditVerification::default()
            }
        }
        Err(d) => AuditVerification {
            line: d
                .path
                .strip_prefix('[')
                .and_then(|p| p.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .map(|i| i + 1),
            code: Some(d.code.clone()),
            path: Some(d.path.clone()),
            message: Some(d.message.clone()),
            ..AuditVerification::default()
        },
    }
}

/// [`audit_verify`] as canonical JSON.
pub fn audit_verify_json(chain: &str, head: Option<&str>) -> String {
    crate::api::to_canonical(&audit_verify(chain, head))
}

/// The decision record that follows `chain` (JSON Lines, verified first; empty starts a
/// new chain) for `case` and its `assessment`, recorded at `recorded_at`. Append its
/// canonical JSON as the chain's next line. A broken chain is an input error with the
/// verification's code and path.
pub fn audit_append(
    chain: &str,
    case: &Case,
    assessment: &Assessment,
    recorded_at: DateTime<Utc>,
) -> Result<AuditRecord, Error> {
    let chain = audit::Chain::from_jsonl(chain).map_err(Error::input)?;
    AuditRecord::decision(chain.last(), case, assessment, recorded_at)
}

/// [`audit_append`] from JSON texts (the case and its assessment), as canonical JSON.
pub fn audit_append_json(
    chain: &str,
    case: &str,
    assessment: &str,
    recorded_at: DateTime<Utc>,
) -> Result<String, Error> {
    let case = crate::api::parse_case(case)?;
    // Read strictly, as the chain reads its records: a key given twice is refused
    // anywhere, since the record would hash only one copy.
    let assessment: Assessment =
        crate::api::parse_strict_input_with(assessment, &crate::limits::Limits::default())
            .map_err(|e| crate::api::under_path(e, "assessment"))?;
    audit_append(chain, &case, &assessment, recorded_at).map(|r| crate::api::to_canonical(&r))
}
