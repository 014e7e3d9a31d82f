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
/// A case's own exchange rates lie between 10^-N and 10^N: past them a converted
/// amount rounds to nothing or overflows (10^15 units × 10^9 still fits a decimal).
pub const FX_RATE_DECADES: u32 = 9;
/// Largest policy document, in bytes.
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// Most rules in a policy: entries of all its lists together (SLA targets, risk bands,
/// remedy rules ...) plus the entries of its tables (exchange rates ...).
pub const MAX_POLICY_RULES: usize = 20_000;
/// Deepest nesting of arrays, tables and objects in a policy document.
pub const MAX_POLICY_DEPTH: usize = 64;
/// Most values (tables, arrays, strings, numbers ... at any depth) in a parsed policy.
/// The default policy holds about 2,000.
pub const MAX_POLICY_NODES: usize = 500_000;

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
    /// Most values in a parsed policy ([`MAX_POLICY_NODES`]).
    pub max_policy_nodes: usize,
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
            max_policy_nodes: MAX_POLICY_NODES,
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

/// An upper bound of the depth of the value a TOML text parses into, counting what
/// [`nesting_depth`] does not see: each segment of a dotted key (`a.b.c = 1` nests three
/// tables) and of a table header (`[a.b.c]`, `[[a.b]]`), inside inline tables and
/// arrays as well as at the top. Linear, no recursion: safe on any input, and run before
/// the TOML reader, whose tables of dotted keys nest without any bracket.
pub fn toml_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let starts = |i: usize, pat: &[u8]| b.get(i..i + pat.len()) == Some(pat);
    // The open arrays and inline tables: whether each is a table (keys inside) and the
    // depth of the values directly inside it.
    let mut frames: Vec<(bool, usize)> = Vec::new();
    let (mut i, mut max) = (0usize, 0usize);
    // Depth of the current table (from the last header), the segments of the key being
    // read, whether a key (rather than a value) is expected, and whether a header is read.
    let (mut table, mut segments) = (0usize, 1usize);
    let (mut in_key, mut header) = (true, false);
    let mut value_depth = 0usize;
    while i < b.len() {
        let c = at(i);
        let base = frames.last().map_or(table, |f| f.1);
        match c {
            b'#' => {
                while i < b.len() && at(i) != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = skip_toml_string(b, i);
                continue;
            }
            b'\n' if frames.is_empty() => {
                in_key = true;
                header = false;
                segments = 1;
            }
            b'[' if in_key && frames.is_empty() && !header => {
                // A table header: `[a.b]` or `[[a.b]]` (one more level: the array).
                header = true;
                segments = if starts(i, b"[[") { 2 } else { 1 };
                i += if segments == 2 { 2 } else { 1 };
                continue;
            }
            b']' if header => {
                table = segments;
                max = max.max(table);
                header = false;
                in_key = false;
                i += if starts(i, b"]]") { 2 } else { 1 };
                continue;
            }
            b'.' if in_key || header => segments = segments.saturating_add(1),
            b'=' if in_key => {
                value_depth = base.saturating_add(segments);
                max = max.max(value_depth);
                in_key = false;
            }
            b'{' | b'[' => {
                // In an array the values sit at its depth; after a key, at the key's;
                // a bracket where a key belongs (not TOML) counts the key read so far.
                let d = if frames.last().is_some_and(|f| !f.0) {
                    base
                } else if in_key {
                    base.saturating_add(segments)
                } else {
                    value_depth
                };
                let inner = d.saturating_add(1);
                max = max.max(inner);
                frames.push((c == b'{', inner));
                in_key = c == b'{';
                segments = 1;
            }
            b',' if frames.last().is_some_and(|f| f.0) => {
                in_key = true;
                segments = 1;
            }
            b'}' | b']' if !frames.is_empty() => {
                frames.pop();
                in_key = false;
                // A value that closes returns to the key that opened the frame outside.
                value_depth = frames.last().map_or(value_depth, |f| f.1);
            }
            _ => {}
        }
        i += 1;
    }
    max
}

/// The index just past the TOML string (basic, literal, or multi-line) that starts at `i`.
fn skip_toml_string(b: &[u8], mut i: usize) -> usize {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let c = at(i);
    let triple = b.get(i..i + 3) == Some(&[c, c, c][..]);
    let escapes = c == b'"';
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        let d = at(i);
        if escapes && d == b'\\' {
            i += 2;
        } else if triple && b.get(i..i + 3) == Some(&[c, c, c][..]) {
            // A closing run may hold up to two more quotes of the content.
            i += 3;
            while at(i) == c {
                i += 1;
            }
            return i;
        } else if !triple && (d == c || d == b'\n') {
            return i + 1;
        } else {
            i += 1;
        }
    }
    i
}

/// `Err` with `{prefix}.too_deep` when `text` nests deeper than `max`.
pub fn check_depth(text: &str, syntax: Syntax, max: usize, prefix: &str) -> Result<(), Diagnostic> {
    let depth = match syntax {
        // No deeper than its count of opening brackets: counting them is a vectorised
        // search, and it settles nearly every document without the byte-by-byte scan.
        Syntax::Json
            if memchr::memchr2_iter(b'[', b'{', text.as_bytes())
                .nth(max)
                .is_none() =>
        {
            return Ok(());
        }
        Syntax::Json => nesting_depth(text, syntax),
        Syntax::Toml => toml_depth(text).max(nesting_depth(text, syntax)),
    };
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

/// Checks a parsed document (a policy, a journeys document, a host's dict) before it is
/// deserialized or merged: `{prefix}.too_deep` past `max_depth` levels of arrays and
/// objects, `{prefix}.too_large` past `max_nodes` values. Iterative, and it stops at the
/// first value past either bound, so its cost is bounded by `max_nodes`.
pub fn check_value(
    value: &serde_json::Value,
    max_depth: usize,
    max_nodes: usize,
    prefix: &str,
) -> Result<(), Diagnostic> {
    let mut stack: Vec<(&serde_json::Value, usize)> = vec![(value, 0)];
    let mut nodes = 0usize;
    while let Some((v, depth)) = stack.pop() {
        nodes += 1;
        if nodes > max_nodes {
            return Err(Diagnostic::new(
                format!("{prefix}.too_large"),
                "",
                format!("the document holds more than {max_nodes} values"),
            )
            .hint("split the document, or raise the limit (docs/limits.md)"));
        }
        let inner = depth + 1;
        let children: Box<dyn Iterator<Item = &serde_json::Value>> = match v {
            serde_json::Value::Array(a) => Box::new(a.iter()),
            serde_json::Value::Object(o) => Box::new(o.values()),
            _ => continue,
        };
        if inner > max_depth {
            return Err(Diagnostic::new(
                format!("{prefix}.too_deep"),
                "",
                format!("the document nests more than {max_depth} levels deep"),
            )
            .hint("flatten the document; no valid input nests this deep"));
        }
        stack.extend(children.map(|x| (x, inner)));
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
    fn toml_depth_counts_dotted_keys_headers_and_inline_tables() {
        assert_eq!(toml_depth("a = 1\n"), 1);
        assert_eq!(toml_depth("a.b.c = 1\n"), 3);
        assert_eq!(toml_depth("[a.b]\nc.d = 1.5\n"), 4);
        assert_eq!(toml_depth("[[a.b]]\nc = 1\n"), 4);
        assert_eq!(toml_depth("a.b = { c.d = { e = 1 } }\n"), 7);
        assert_eq!(toml_depth("a = [{ b.c = 1 }, [2]]\n"), 5);
        assert_eq!(
            toml_depth("\"a.b.c\" = 'x.y.z' # p.q.r.s\nd = 2026-01-01\n"),
            1
        );
        assert_eq!(toml_depth("a = \"\"\"\n[[[x.y.z\n\"\"\"\nb = 1\n"), 1);
    }

    #[test]
    fn too_deep_is_reported_with_its_code() {
        let deep = "[".repeat(40);
        let d = check_depth(&deep, Syntax::Json, 32, "input").unwrap_err();
        assert_eq!(d.code, "input.too_deep");
        assert!(check_depth("[[]]", Syntax::Json, 32, "input").is_ok());
        // Exactly at the limit, and many brackets that do not nest.
        assert!(check_depth(&"[".repeat(32), Syntax::Json, 32, "input").is_ok());
        assert!(check_depth(&"[[]]".repeat(40), Syntax::Json, 32, "input").is_ok());
        let quoted = format!("[\"{}\"]", "{".repeat(40));
        assert!(check_depth(&quoted, Syntax::Json, 32, "input").is_ok());
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
