//! Input limits: the engine refuses inputs past these sizes with `input.too_large`,
//! `input.too_deep` or `policy.too_large` instead of spending unbounded time or memory
//! on them.
//!
//! The constants are the defaults. A host that needs other bounds builds a [`Limits`]
//! and passes it to [`crate::Engine::with_limits`] (cases) or
//! [`crate::Policy::parse_with_limits`] (policies):
//!
//! ```
//! use amends::{limits::Limits, Engine, Policy};
//! let limits = Limits { max_text_bytes: 8 * 1024, ..Limits::default() };
//! let engine = Engine::with_limits(Policy::default_policy().unwrap(), limits).unwrap();
//! assert_eq!(engine.limits().max_text_bytes, 8192);
//! ```
//!
//! `docs/limits.md` lists every limit with its error.

use serde::Serialize;

use crate::error::Diagnostic;

/// Largest JSON document for one case (or one batch), in bytes.
pub const MAX_CASE_BYTES: usize = 1024 * 1024;
/// Longest complaint text, in bytes of UTF-8.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Most order lines.
pub const MAX_ITEMS: usize = 1000;
/// Most evidence items.
pub const MAX_EVIDENCE: usize = 200;
/// Most linked accounts, SKUs in a claim, or FX rates.
pub const MAX_LIST: usize = 1000;
/// Longest id or short string field, in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// Deepest nesting of arrays and objects in a case document. A valid case nests 5 deep.
pub const MAX_JSON_DEPTH: usize = 32;
/// Largest amount accepted anywhere in a case, in whole currency units (10^15).
pub const MAX_AMOUNT_UNITS: i64 = 1_000_000_000_000_000;
/// Largest policy document, in bytes.
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// Most rules in a policy: entries of all its lists together (SLA targets, risk bands,
/// remedy rules ...) plus the entries of its tables (exchange rates ...).
pub const MAX_POLICY_RULES: usize = 20_000;
/// Deepest nesting of arrays, tables and objects in a policy document.
pub const MAX_POLICY_DEPTH: usize = 64;

/// The limits one engine enforces. `Limits::default()` gives the documented constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Largest case (or batch) document in bytes ([`MAX_CASE_BYTES`]).
    pub max_case_bytes: usize,
    /// Longest complaint text in bytes ([`MAX_TEXT_BYTES`]).
    pub max_text_bytes: usize,
    /// Most order lines ([`MAX_ITEMS`]).
    pub max_items: usize,
    /// Most evidence items ([`MAX_EVIDENCE`]).
    pub max_evidence: usize,
    /// Most entries of other lists: SKUs, linked accounts, FX rates ([`MAX_LIST`]).
    pub max_list: usize,
    /// Longest id or short string in bytes ([`MAX_ID_BYTES`]).
    pub max_id_bytes: usize,
    /// Deepest JSON nesting of a case ([`MAX_JSON_DEPTH`]).
    pub max_json_depth: usize,
    /// Largest amount in whole currency units ([`MAX_AMOUNT_UNITS`]).
    pub max_amount_units: i64,
    /// Largest policy document in bytes ([`MAX_POLICY_BYTES`]).
    pub max_policy_bytes: usize,
    /// Most policy rules ([`MAX_POLICY_RULES`]).
    pub max_policy_rules: usize,
    /// Deepest nesting of a policy ([`MAX_POLICY_DEPTH`]).
    pub max_policy_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_case_bytes: MAX_CASE_BYTES,
            max_text_bytes: MAX_TEXT_BYTES,
            max_items: MAX_ITEMS,
            max_evidence: MAX_EVIDENCE,
            max_list: MAX_LIST,
            max_id_bytes: MAX_ID_BYTES,
            max_json_depth: MAX_JSON_DEPTH,
            max_amount_units: MAX_AMOUNT_UNITS,
            max_policy_bytes: MAX_POLICY_BYTES,
            max_policy_rules: MAX_POLICY_RULES,
            max_policy_depth: MAX_POLICY_DEPTH,
        }
    }
}

/// The syntax whose nesting [`check_depth`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Syntax {
    /// JSON (and JSON Lines).
    Json,
    /// TOML: strings, literal strings, multi-line strings and comments are skipped.
    Toml,
}

/// The deepest nesting of `[`/`{` in `text`, ignoring brackets inside strings and
/// comments. Linear, no recursion: safe on any input.
pub fn nesting_depth(text: &str, syntax: Syntax) -> usize {
    let b = text.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let starts = |i: usize, pat: &[u8]| b.get(i..i + pat.len()) == Some(pat);
    while i < b.len() {
        let c = at(i);
        match c {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'#' if syntax == Syntax::Toml => {
                while i < b.len() && at(i) != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let triple = syntax == Syntax::Toml && starts(i, &[c, c, c]);
                let escapes = c == b'"';
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    let d = at(i);
                    if escapes && d == b'\\' {
                        i += 2;
                    } else if triple && starts(i, &[c, c, c]) {
                        i += 3;
                        break;
                    } else if !triple && (d == c || (syntax == Syntax::Toml && d == b'\n')) {
                        i += 1;
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            _ => i += 1,
        }
    }
    max
}

/// `Err` with `{prefix}.too_deep` when `text` nests deeper than `max`.
pub fn check_depth(text: &str, syntax: Syntax, max: usize, prefix: &str) -> Result<(), Diagnostic> {
    let depth = nesting_depth(text, syntax);
    if depth > max {
        return Err(Diagnostic::new(
            format!("{prefix}.too_deep"),
            "",
            format!("the document nests {depth} levels deep; the limit is {max}"),
        )
        .hint("flatten the document; no valid input nests this deep"));
    }
    Ok(())
}

/// The number of rules in a parsed policy: the entries of every list, at any depth,
/// plus the entries of each section's tables (`fx.to_base`).
pub fn count_rules(value: &serde_json::Value) -> usize {
    // Iterative walk: the depth is already bounded, but a stack keeps it obvious.
    let mut stack: Vec<(&serde_json::Value, usize)> = vec![(value, 0)];
    let mut n = 0usize;
    while let Some((v, level)) = stack.pop() {
        match v {
            serde_json::Value::Array(a) => {
                n += a.len();
                stack.extend(a.iter().map(|x| (x, level + 1)));
            }
            serde_json::Value::Object(o) => {
                if level == 2 {
                    n += o.len();
                }
                stack.extend(o.values().map(|x| (x, level + 1)));
            }
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn depth_counts_json_nesting_outside_strings() {
        assert_eq!(
            nesting_depth(r#"{"a": [1, {"b": "[[[{"}]}"#, Syntax::Json),
            3
        );
        assert_eq!(nesting_depth(r#""\"[[[""#, Syntax::Json), 0);
        assert_eq!(nesting_depth("", Syntax::Json), 0);
        assert_eq!(nesting_depth("]]]][[", Syntax::Json), 2);
    }

    #[test]
    fn depth_skips_toml_strings_and_comments() {
        let t = "# [[[[\n[a]\nx = \"[[\" # {{{{\ny = '[[['\nz = \"\"\"\n[[[\n\"\"\"\nw = [[1]]\n";
        assert_eq!(nesting_depth(t, Syntax::Toml), 2);
    }

    #[test]
    fn too_deep_is_reported_with_its_code() {
        let deep = "[".repeat(40);
        let d = check_depth(&deep, Syntax::Json, 32, "input").unwrap_err();
        assert_eq!(d.code, "input.too_deep");
        assert!(check_depth("[[]]", Syntax::Json, 32, "input").is_ok());
    }

    #[test]
    fn rules_are_list_and_table_entries() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"policy": {"id": "x"}, "fx": {"to_base": {"EUR": "1", "GBP": "2"}},
                "sla": {"targets": [{"name": "a"}, {"name": "b", "channels": ["chat"]}]}}"#,
        )
        .unwrap();
        assert_eq!(count_rules(&v), 2 + 2 + 1);
    }
}
