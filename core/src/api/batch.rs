//! The tagged result every host gives for one item of a batch: `{"type": "success", ...}`
//! or `{"type": "failure", "error": {...}}`. Built here once for `assess_batch_json`,
//! the Python `assess_batch` and the lines of `amends journey run`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{parse_array, parse_case_with, to_canonical, DecisionView, Sections};
use crate::error::{Error, ErrorReport};
use crate::limits::Limits;
use crate::{Assessment, Engine};

/// One tagged result. `T` is the success payload, a struct whose fields follow the tag
/// (`{"type": "success", "assessment": ...}`).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outcome<'a, T> {
    /// It worked; the payload's fields follow the tag.
    Success(T),
    /// It failed; the error in its canonical form.
    Failure {
        /// The error report (`kind`, `code`, `path`, `message`, `diagnostics`).
        error: ErrorReport<'a>,
    },
}

impl<'a, T> Outcome<'a, T> {
    /// The outcome of `result`, with `payload` building the success payload.
    pub fn of<U>(result: &'a Result<U, Error>, payload: impl FnOnce(&'a U) -> T) -> Self {
        match result {
            Ok(value) => Outcome::Success(payload(value)),
            Err(e) => Outcome::Failure {
                error: ErrorReport::from(e),
            },
        }
    }
}

/// The success payload of one batch entry: `{"assessment": ...}`.
#[derive(Debug, Clone, Serialize)]
pub struct Assessed<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
}

/// One entry of a batch of assessments.
pub type BatchEntry<'a> = Outcome<'a, Assessed<'a>>;

/// The batch entry of one assessment result.
pub fn batch_entry(result: &Result<Assessment, Error>) -> BatchEntry<'_> {
    Outcome::of(result, |assessment| Assessed { assessment })
}

/// The success payload of one batch entry in the `decision` form: `{"assessment": ...}`.
#[derive(Debug, Clone, Serialize)]
pub struct AssessedDecision<'a> {
    /// The decision form of the assessment.
    pub assessment: DecisionView<'a>,
}

/// One entry of a batch of assessments in the `decision` form.
pub type DecisionEntry<'a> = Outcome<'a, AssessedDecision<'a>>;

/// The batch entry of one assessment result, in the `decision` form.
pub fn decision_entry(result: &Result<Assessment, Error>) -> DecisionEntry<'_> {
    Outcome::of(result, |a| AssessedDecision {
        assessment: DecisionView::of(a),
    })
}

/// The batch entry of one assessment result written as `sections`, as canonical JSON.
pub fn entry_json(result: &Result<Assessment, Error>, sections: Sections) -> String {
    match sections {
        Sections::Full => to_canonical(&batch_entry(result)),
        Sections::Decision => to_canonical(&decision_entry(result)),
    }
}

impl Engine {
    /// Assesses a JSON array of cases; returns a JSON array of tagged results in input
    /// order. Only a malformed array as a whole is an `Err`. Each case is held to the
    /// engine's limits; the array's length is the caller's to bound.
    pub fn assess_batch_json(&self, cases_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        self.assess_batch_json_sections(cases_json, now, Sections::Full)
    }

    /// [`Engine::assess_batch_json`] with each assessment written in `sections`: with
    /// `decision`, each success is `{"type": "success", "assessment": DECISION}`.
    pub fn assess_batch_json_sections(
        &self,
        cases_json: &str,
        now: DateTime<Utc>,
        sections: Sections,
    ) -> Result<String, Error> {
        let limits = Limits {
            max_json_depth: self.limits().max_json_depth.saturating_add(1),
            max_case_bytes: usize::MAX,
            ..*self.limits()
        };
        // One syntax pass splits the array into borrowed slices; each case is then
        // parsed once, from its slice.
        let raw = parse_array(cases_json, &limits)?;
        let results: Vec<_> = raw
            .iter()
            .map(|r| {
                parse_case_with(r.get(), self.limits())
                    .and_then(|c| self.assess_sections(&c, now, sections))
            })
            .collect();
        Ok(match sections {
            Sections::Full => {
                let entries: Vec<BatchEntry<'_>> = results.iter().map(batch_entry).collect();
                to_canonical(&entries)
            }
            Sections::Decision => {
                let entries: Vec<DecisionEntry<'_>> = results.iter().map(decision_entry).collect();
                to_canonical(&entries)
            }
        })
    }
}
