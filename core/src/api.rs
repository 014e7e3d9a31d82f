//! JSON-facing entry points shared by the CLI and the Python and wasm bindings, so that
//! each binding is conversion and error mapping only and all give the same bytes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::case::Case;
use crate::error::{from_serde, Diagnostic, Error, ErrorReport};
use crate::limits::{Limits, Syntax};
use crate::Engine;

/// Serializes any output in canonical JSON: compact, fields in declaration order,
/// maps sorted, decimals as strings, times in RFC 3339 UTC.
pub fn to_canonical<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(
            "{{\"kind\":\"evaluation\",\"code\":\"output.serialize\",\"message\":{:?}}}",
            e.to_string()
        )
    })
}

/// Parses a case from JSON, reporting the path of the first offending field.
pub fn parse_case(json: &str) -> Result<Case, Error> {
    parse_input(json)
}

/// Parses a case from JSON under the given limits.
pub fn parse_case_with(json: &str, limits: &Limits) -> Result<Case, Error> {
    parse_input_with(json, limits)
}

/// Parses any input document from JSON with size, depth and path-aware errors.
pub fn parse_input<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
    parse_input_with(json, &Limits::default())
}

/// Parses any input document from JSON under the given size and depth limits.
pub fn parse_input_with<'a, T: serde::Deserialize<'a>>(
    json: &'a str,
    limits: &Limits,
) -> Result<T, Error> {
    if json.len() > limits.max_case_bytes {
        return Err(Error::input(Diagnostic::new(
            "input.too_large",
            "",
            format!(
                "document is {} bytes; the limit is {}",
                json.len(),
                limits.max_case_bytes
            ),
        )));
    }
    crate::limits::check_depth(json, Syntax::Json, limits.max_json_depth, "input")
        .map_err(Error::input)?;
    // Most documents are valid: parse them directly, and parse again with path
    // tracking (which costs about half again as much) only to report an error.
    if let Ok(value) = serde_json::from_str(json) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let mut d = from_serde(e.path().to_string(), e.inner(), "input");
        // serde_json reports a number where an enum's name belongs as "expected value";
        // when the document itself is well-formed, that is a type error, not a syntax one.
        if d.code == "input.syntax"
            && !d.path.is_empty()
            && serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok()
        {
            d.code = "input.invalid_type".into();
            d.hint = Some("check the field's type in the schema (`amends schema`)".into());
        }
        Error::input(d)
    })?;
    de.end()
        .map_err(|e| Error::input(from_serde(String::new(), &e, "input")))?;
    Ok(value)
}

/// Parses raw bytes as a case: invalid UTF-8 is `input.invalid_utf8`.
pub fn parse_case_bytes(bytes: &[u8]) -> Result<Case, Error> {
    let s = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            Diagnostic::new("input.invalid_utf8", "", format!("not UTF-8: {e}"))
                .hint("send JSON encoded as UTF-8"),
        )
    })?;
    parse_case(s)
}

/// Parses `now`, an RFC 3339 time with an offset (`2026-11-23T10:00:00Z`).
pub fn parse_now(s: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            Error::input(
                Diagnostic::new(
                    "input.invalid_time",
                    "now",
                    format!(
                        "`{}` is not an RFC 3339 time: {e}",
                        s.chars().take(40).collect::<String>()
                    ),
                )
                .hint("e.g. 2026-11-23T10:00:00Z"),
            )
        })
}

/// The canonical JSON of an error.
pub fn error_json(e: &Error) -> String {
    to_canonical(&ErrorReport::from(e))
}

impl Engine {
    /// Parses a case from JSON and assesses it; returns the canonical JSON assessment.
    pub fn assess_json(&self, case_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let case = parse_case_with(case_json, self.limits())?;
        Ok(to_canonical(&self.assess(&case, now)?))
    }
}

/// One entry of a batch result: `{"type": "success", "assessment": ...}` or
/// `{"type": "failure", "error": ...}`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BatchEntry<'a> {
    Success { assessment: &'a crate::Assessment },
    Failure { error: ErrorReport<'a> },
}

impl Engine {
    /// Assesses a JSON array of cases; returns a JSON array of tagged results in input
    /// order. Only a malformed array as a whole is an `Err`. Each case is held to the
    /// engine's limits; the array's length is the caller's to bound.
    pub fn assess_batch_json(&self, cases_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let limits = Limits {
            max_json_depth: self.limits().max_json_depth.saturating_add(1),
            max_case_bytes: usize::MAX,
            ..*self.limits()
        };
        // One syntax pass splits the array into borrowed slices; each case is then
        // parsed once, from its slice.
        let raw: Vec<&serde_json::value::RawValue> = parse_input_with(cases_json, &limits)?;
        let results: Vec<_> = raw
            .iter()
            .map(|r| parse_case_with(r.get(), self.limits()).and_then(|c| self.assess(&c, now)))
            .collect();
        let entries: Vec<BatchEntry<'_>> = results
            .iter()
            .map(|r| match r {
                Ok(assessment) => BatchEntry::Success { assessment },
                Err(e) => BatchEntry::Failure {
                    error: ErrorReport::from(e),
                },
            })
            .collect();
        Ok(to_canonical(&entries))
    }
}

/// Validates a policy text (TOML or JSON, sniffed) and returns
/// `{"valid": bool, "id", "version", "hash", "diagnostics": [...]}` as canonical JSON.
pub fn check_policy_json(text: &str) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        valid: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<crate::assessment::PolicyRef>,
        diagnostics: &'a [Diagnostic],
    }
    let format = crate::policy::Format::sniff(text);
    match crate::Policy::parse_unchecked(text, format) {
        Err(e) => to_canonical(&Report {
            valid: false,
            policy: None,
            diagnostics: e.diagnostics(),
        }),
        Ok(p) => {
            let diags = p.validate();
            let policy = crate::assessment::PolicyRef {
                id: p.policy.id.clone(),
                version: p.policy.version.clone(),
                hash: p.hash(),
            };
            to_canonical(&Report {
                valid: diags.is_empty(),
                policy: Some(policy),
                diagnostics: &diags,
            })
        }
    }
}

/// The documents a JSON Schema is published for.
pub const SCHEMAS: [&str; 3] = ["case", "assessment", "policy"];

/// The JSON Schema of an input or output document, pretty-printed; `None` for an
/// unknown name (see [`SCHEMAS`]).
pub fn schema(name: &str) -> Option<String> {
    let schema = match name {
        "case" => schemars::schema_for!(crate::Case),
        "assessment" => schemars::schema_for!(crate::Assessment),
        "policy" => schemars::schema_for!(crate::Policy),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok()
}
