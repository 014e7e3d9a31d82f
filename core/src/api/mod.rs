//! The JSON-facing layer: every entry point the CLI, the Python and wasm bindings and the
//! three conformance runners share, so that each host is conversion and error mapping
//! only and all give the same bytes.
//!
//! - documents in: [`Document`] (JSON text, bytes or an already parsed
//!   [`serde_json::Value`]), always held to the engine's [`Limits`];
//! - documents out: [`to_canonical`], [`error_json`];
//! - [`schema`]: one registry of every published JSON Schema ([`SCHEMAS`]);
//! - [`policy`]: loading and checking a policy from any source ([`PolicySource`],
//!   [`PolicyCheck`]);
//! - [`batch`]: the tagged `success`/`failure` result ([`Outcome`]);
//! - [`journey`]: journey documents, the JSON Lines protocol of `amends journey run` and
//!   the conformance replay;
//! - [`catch_panic`]: the `internal.panic` guard every host puts around the engine.

pub mod batch;
pub mod journey;
pub mod policy;
pub mod replay;
pub mod schema;
pub mod sections;
mod write;

pub use batch::Outcome;
pub use policy::{check_policy, check_policy_json, PolicyCheck, PolicySource};
pub use schema::{schema, SchemaGroup, SCHEMAS};
pub use sections::{DecisionView, Sections};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::case::Case;
use crate::error::{from_serde, Diagnostic, Error, ErrorReport};
use crate::limits::{Limits, Syntax};
use crate::Engine;

/// Serializes any output in canonical JSON: compact, fields in declaration order,
/// maps sorted, decimals as strings, times in RFC 3339 UTC.
pub fn to_canonical<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(256);
    to_canonical_into(value, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`to_canonical`] appended to `out` (a buffer a host reuses from one output to the
/// next). The bytes are `serde_json`'s compact output, written by a leaner serializer;
/// what that one does not write, `serde_json` writes.
pub fn to_canonical_into<T: Serialize>(value: &T, out: &mut Vec<u8>) {
    let start = out.len();
    if write::write(out, value).is_ok() {
        return;
    }
    out.truncate(start);
    if let Err(e) = serde_json::to_writer(&mut *out, value) {
        out.truncate(start);
        out.extend_from_slice(
            format!(
                "{{\"kind\":\"evaluation\",\"code\":\"output.serialize\",\"message\":{:?}}}",
                e.to_string()
            )
            .as_bytes(),
        );
    }
}

/// Parses a case from JSON, reporting the path of the first offending field.
pub fn parse_case(json: &str) -> Result<Case, Error> {
    parse_struct_input_with(json, &Limits::default())
}

/// Parses a case from JSON under the given limits.
pub fn parse_case_with(json: &str, limits: &Limits) -> Result<Case, Error> {
    parse_struct_input_with(json, limits)
}

/// Parses an input document in which every JSON object is read as a struct (no map and
/// no free-form value anywhere in `T`), so that a key given twice is an error wherever
/// it is. With the feature `one-reader` (the browser build, where code size matters more
/// than speed) the text is read once strictly and typed from that value, through the
/// path-tracking reader values are read with anyway: one reader per type instead of
/// two. The results and errors are the same as [`parse_input_with`]'s, which reads the
/// text directly and re-reads it so only when it fails: a document that reads directly
/// has no key given twice (each would be a struct's duplicate field), so its strict
/// value types the same way, and one that does not gets its error from these same two
/// steps.
pub(crate) fn parse_struct_input_with<T: serde::de::DeserializeOwned>(
    json: &str,
    limits: &Limits,
) -> Result<T, Error> {
    #[cfg(feature = "one-reader")]
    {
        parse_strict_input_with(json, limits)
    }
    #[cfg(not(feature = "one-reader"))]
    {
        parse_input_with(json, limits)
    }
}

/// Parses an input document strictly: a key given twice is an error anywhere, maps and
/// free-form values included (where [`parse_input_with`] keeps the last copy). The text
/// is read once as a value and typed from it.
pub(crate) fn parse_strict_input_with<T: serde::de::DeserializeOwned>(
    json: &str,
    limits: &Limits,
) -> Result<T, Error> {
    check_text(json, limits)?;
    strict_value(json).and_then(|v| typed_value(&v))
}

/// Parses any input document from JSON with size, depth and path-aware errors.
pub fn parse_input<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
    parse_input_with(json, &Limits::default())
}

/// Parses any input document from JSON under the given size and depth limits.
pub fn parse_input_with<T: serde::de::DeserializeOwned>(
    json: &str,
    limits: &Limits,
) -> Result<T, Error> {
    check_text(json, limits)?;
    // Most documents are valid: parse them directly, and explain an error only then.
    serde_json::from_str(json).map_err(|e| explain(json, &e, |v| typed_value::<T>(v).err()))
}

/// The size and depth limits of an input text.
fn check_text(json: &str, limits: &Limits) -> Result<(), Error> {
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
        .map_err(Error::input)
}

/// The error of a text the direct parse refused, with the path where it went wrong: a
/// syntax error or a key given twice from reading the text strictly, anything else from
/// `typed` on the value read (the document's type errors). Every input type shares one
/// path-tracking reader of text, rather than one per type, which halves the JSON code.
fn explain(
    json: &str,
    direct: &serde_json::Error,
    typed: impl FnOnce(&serde_json::Value) -> Option<Error>,
) -> Error {
    match strict_value(json) {
        Err(e) => e,
        Ok(value) => typed(&value)
            .unwrap_or_else(|| Error::input(protected(from_serde(String::new(), direct, "input")))),
    }
}

/// A text read strictly as a JSON value (a key given twice is an error), with the path
/// where it went wrong.
fn strict_value(json: &str) -> Result<serde_json::Value, Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let read = serde_path_to_error::deserialize::<_, crate::strict_json::Strict>(&mut de)
        .map_err(|e| from_serde(e.path().to_string(), e.inner(), "input"))
        .and_then(|v| {
            de.end()
                .map_err(|e| from_serde(String::new(), &e, "input"))
                .map(|()| v.0)
        });
    match read {
        // A lone surrogate escape ("\ud800") is well-formed JSON that no string can hold:
        // a type error at the field, not a syntax error of the document.
        Err(mut d)
            if d.code == "input.syntax"
                && !d.path.is_empty()
                && serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok() =>
        {
            d.code = "input.invalid_type".into();
            d.hint = Some("check the field's type in the schema (`amends schema`)".into());
            Err(Error::input(d))
        }
        Err(d) => Err(Error::input(d)),
        Ok(value) => Ok(value),
    }
}

/// A document typed from a value by the path-tracking reader, or its type error with
/// its path.
fn typed_value<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        Error::input(protected(from_serde(
            e.path().to_string(),
            e.inner(),
            "input",
        )))
    })
}

/// Splits a JSON array into its elements' text, under the limits of an input text.
pub(crate) fn parse_array<'a>(
    json: &'a str,
    limits: &Limits,
) -> Result<Vec<&'a serde_json::value::RawValue>, Error> {
    check_text(json, limits)?;
    serde_json::from_str(json).map_err(|e| explain(json, &e, |_| None))
}

/// An unknown field that names a protected attribute becomes `input.protected_attribute`.
fn protected(d: Diagnostic) -> Diagnostic {
    if d.code != "input.unknown_field" {
        return d;
    }
    let Some(field) = d.message.split('`').nth(1) else {
        return d;
    };
    if !crate::protected::is_protected_attribute(field) {
        return d;
    }
    Diagnostic::new(
        "input.protected_attribute",
        d.path.clone(),
        format!("`{field}` is a protected attribute; amends never uses it as a risk input"),
    )
    .hint("remove the field: decisions must not depend on it (docs/explain.md lists the fields never used)")
}

/// Parses raw bytes as a case: invalid UTF-8 is `input.invalid_utf8`.
pub fn parse_case_bytes(bytes: &[u8]) -> Result<Case, Error> {
    parse_case(utf8(bytes)?)
}

/// Parses `now`, an RFC 3339 time with an offset (`2026-11-23T10:00:00Z`).
pub fn parse_now(s: &str) -> Result<DateTime<Utc>, Error> {
    let t = DateTime::parse_from_rfc3339(s)
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
        })?;
    // `9999-12-31T23:00:00-02:00` is in the year 10000 in UTC, which RFC 3339 cannot
    // write: no result could be passed back.
    if !crate::journey::machine::rfc3339_writable(t) {
        return Err(Error::input(
            Diagnostic::new(
                "input.invalid_time",
                "now",
                format!("`{s}` is outside the years 0000 to 9999 in UTC"),
            )
            .hint("e.g. 2026-11-23T10:00:00Z"),
        ));
    }
    Ok(t)
}

/// The canonical JSON of an error.
pub fn error_json(e: &Error) -> String {
    to_canonical(&ErrorReport::from(e))
}

impl Engine {
    /// Parses a case from JSON and assesses it; returns the canonical JSON assessment.
    pub fn assess_json(&self, case_json: &str, now: DateTime<Utc>) -> Result<String, Error> {
        self.assess_json_sections(case_json, now, Sections::Full)
    }

    /// Parses a case from JSON and assesses it; returns the canonical JSON of the
    /// `sections` asked for (`full`: the assessment, `decision`: the decision form).
    pub fn assess_json_sections(
        &self,
        case_json: &str,
        now: DateTime<Utc>,
        sections: Sections,
    ) -> Result<String, Error> {
        let case = parse_case_with(case_json, self.limits())?;
        Ok(sections.write(&self.assess_sections(&case, now, sections)?))
    }
}

/// An input document as a host holds it: JSON text, raw bytes (UTF-8 is checked), or a
/// value the host already built (a Python `dict`), which is not written out as text and
/// parsed again. Every form is held to the same limits and gives the same errors.
#[derive(Debug, Clone)]
pub enum Document<'a> {
    /// JSON text.
    Text(&'a str),
    /// JSON as bytes; not UTF-8 is `input.invalid_utf8`.
    Bytes(&'a [u8]),
    /// An already parsed JSON value.
    Value(&'a serde_json::Value),
}

/// Reads bytes as UTF-8 text: `input.invalid_utf8` otherwise.
pub fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            Diagnostic::new("input.invalid_utf8", "", format!("not UTF-8: {e}"))
                .hint("send JSON encoded as UTF-8"),
        )
    })
}

/// Parses any input document under `limits`, whatever form the host holds it in.
pub fn parse_document<T: serde::de::DeserializeOwned>(
    doc: Document<'_>,
    limits: &Limits,
) -> Result<T, Error> {
    match doc {
        Document::Text(s) => parse_input_with(s, limits),
        Document::Bytes(b) => parse_input_with(utf8(b)?, limits),
        Document::Value(v) => parse_value_with(v, limits),
    }
}

/// Parses an input document from a JSON value under `limits`: the size is the length of
/// the value's compact JSON and the depth its nesting, exactly as for the text.
pub fn parse_value_with<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    limits: &Limits,
) -> Result<T, Error> {
    let size = compact_len(value);
    if size > limits.max_case_bytes {
        return Err(Error::input(Diagnostic::new(
            "input.too_large",
            "",
            format!(
                "document is {size} bytes; the limit is {}",
                limits.max_case_bytes
            ),
        )));
    }
    let depth = value_depth(value);
    if depth > limits.max_json_depth {
        return Err(Error::input(
            Diagnostic::new(
                "input.too_deep",
                "",
                format!(
                    "the document nests {depth} levels deep; the limit is {}",
                    limits.max_json_depth
                ),
            )
            .hint("flatten the document; no valid input nests this deep"),
        ));
    }
    typed_value(value)
}

/// The length of a value's compact JSON, without building the text.
fn compact_len(value: &serde_json::Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 = self.0.saturating_add(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut n = Count(0);
    match serde_json::to_writer(&mut n, value) {
        Ok(()) => n.0,
        Err(_) => usize::MAX,
    }
}

/// The nesting of arrays and objects in a value (a scalar is 0, `{}` is 1), counted
/// without recursion.
pub fn value_depth(value: &serde_json::Value) -> usize {
    let mut stack = vec![(value, 0usize)];
    let mut max = 0;
    while let Some((v, depth)) = stack.pop() {
        match v {
            serde_json::Value::Array(a) => {
                max = max.max(depth + 1);
                stack.extend(a.iter().map(|x| (x, depth + 1)));
            }
            serde_json::Value::Object(o) => {
                max = max.max(depth + 1);
                stack.extend(o.values().map(|x| (x, depth + 1)));
            }
            _ => {}
        }
    }
    max
}

impl Engine {
    /// Parses a case held in any form, under this engine's limits.
    pub fn parse_case(&self, doc: Document<'_>) -> Result<Case, Error> {
        match doc {
            Document::Text(s) => parse_case_with(s, self.limits()),
            Document::Bytes(b) => parse_case_with(utf8(b)?, self.limits()),
            Document::Value(v) => parse_value_with(v, self.limits()),
        }
    }

    /// Parses a case held in any form under this engine's limits and assesses it.
    pub fn assess_document(
        &self,
        doc: Document<'_>,
        now: DateTime<Utc>,
    ) -> Result<crate::Assessment, Error> {
        self.assess(&self.parse_case(doc)?, now)
    }

    /// Parses a case held in any form and assesses it for output in `sections` (see
    /// [`Engine::assess_sections`]); write it with [`Sections::write`].
    pub fn assess_document_sections(
        &self,
        doc: Document<'_>,
        now: DateTime<Utc>,
        sections: Sections,
    ) -> Result<crate::Assessment, Error> {
        self.assess_sections(&self.parse_case(doc)?, now, sections)
    }
}

/// Puts the paths of an input error under `root` (`seq` becomes `snapshot.seq`), for
/// documents that are parts of a call.
pub fn under_path(e: Error, root: &str) -> Error {
    match e {
        Error::Input(mut ds) if !root.is_empty() => {
            for d in &mut ds {
                d.path = if d.path.is_empty() {
                    root.to_owned()
                } else {
                    format!("{root}.{}", d.path)
                };
            }
            Error::Input(ds)
        }
        other => other,
    }
}

/// Runs `f`, turning a panic into [`Error::internal_panic`]. The core does not panic on
/// any input (it is fuzzed and linted for it); should a bug make it, every host reports
/// the same error instead of crashing or stalling.
pub fn catch_panic<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::internal_panic(payload.as_ref())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a_value_is_held_to_the_engines_limits_like_text() {
        let limits = Limits {
            max_case_bytes: 64,
            max_json_depth: 3,
            ..Limits::default()
        };
        let big = serde_json::json!({ "id": "x".repeat(100) });
        let text = big.to_string();
        for doc in [Document::Value(&big), Document::Text(&text)] {
            let e = parse_document::<Case>(doc, &limits).unwrap_err();
            assert_eq!(e.code(), "input.too_large");
        }
        let deep = serde_json::json!({ "a": [[[1]]] });
        let text = deep.to_string();
        for doc in [Document::Value(&deep), Document::Text(&text)] {
            let e = parse_document::<Case>(doc, &limits).unwrap_err();
            assert_eq!(e.code(), "input.too_deep");
        }
        assert_eq!(value_depth(&serde_json::json!(1)), 0);
        assert_eq!(value_depth(&serde_json::json!({})), 1);
        assert_eq!(compact_len(&deep), text.len());
    }

    #[test]
    fn a_panic_becomes_internal_panic() {
        let r: Result<(), Error> = catch_panic(|| {
            #[allow(clippy::panic)]
            {
                panic!("boom")
            }
        });
        let e = r.unwrap_err();
        assert_eq!(e.code(), "internal.panic");
        assert!(e.to_string().contains("boom"));
        assert!(e.diagnostics()[0].hint.is_some());
    }
}
