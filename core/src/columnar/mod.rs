//! Assessing Arrow record batches (feature `arrow`): a batch of cases in, a batch of
//! decisions out, with a fixed output schema ([`output_schema`]). Each row is parsed and
//! assessed exactly as the row API does, so the optional `assessment_json` column holds
//! the same bytes as `Engine::assess_json`; a bad row fills the error columns instead of
//! failing the batch. Hosts split large inputs into batches and assess them on their own
//! threads (the Python binding does); this module itself is single-threaded.

mod input;
mod output;

use arrow_array::RecordBatch;
use chrono::{DateTime, Utc};

pub use output::output_schema;

use crate::{api, Engine, Error};

/// What the output batch carries beyond the typed decision columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Add the `assessment_json` column: each row's canonical assessment, byte for byte
    /// the output of `Engine::assess_json` (off by default: it is most of the cost).
    pub assessment_json: bool,
}

impl Engine {
    /// Assesses every row of `batch` at `now`. The cases are either a `case` column of
    /// JSON text (Utf8, LargeUtf8 or Utf8View) or the case's fields as columns (nested
    /// objects as structs, lists as lists, money amounts as decimals or strings, times
    /// as UTC timestamps or RFC 3339 strings). Rows keep their order; a row that does
    /// not parse or assess fills `error_code`, `error_path` and `error_message`. Only
    /// a batch whose columns cannot be read as cases at all is an `Err`.
    pub fn assess_record_batch(
        &self,
        batch: &RecordBatch,
        now: DateTime<Utc>,
        options: Options,
    ) -> Result<RecordBatch, Error> {
        let rows = input::rows(batch)?;
        let mut out = output::Builder::new(rows.len(), options);
        for row in rows.iter() {
            match row {
                Some(text) => {
                    let result = api::catch_panic(|| {
                        api::parse_case_with(text, self.limits()).and_then(|c| self.assess(&c, now))
                    });
                    match result {
                        Ok(a) => out.assessment(&a),
                        Err(e) => out.error(&e),
                    }
                }
                None => out.error(&input::null_case()),
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests;
