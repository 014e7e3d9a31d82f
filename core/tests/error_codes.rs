//! Every error code the core, the CLI and the bindings can emit, and every error code the
//! conformance vectors expect, is registered in `amends::error::codes`; `docs/errors.md`
//! is the registry's generated text.
//!
//! Regenerate the document after changing the registry:
//! `AMENDS_BLESS=1 cargo test -p amends --test error_codes`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use amends::error::codes;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The families of error codes; a literal of another family is not an error code.
const FAMILIES: [&str; 8] = [
    "audit", "input", "internal", "io", "journey", "money", "output", "policy",
];

/// Literals of those families that are not error codes: trace steps of the journey
/// machine, field paths and file names.
const NOT_CODES: [&str; 16] = [
    "journey.clock_breached",
    "journey.done",
    "journey.event_after_end",
    "journey.event_ignored",
    "journey.event_late",
    "journey.quiet_shift",
    "journey.start",
    "journey.timer_armed",
    "journey.timer_fired",
    "journey.timer_skipped",
    "journey.transition",
    "policy.colour",
    "policy.extends",
    "policy.id",
    "policy.toml",
    "policy.version",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
}

/// Dotted names quoted in the text: `"input.too_large"`, `"[money.precision] ..."`.
fn quoted_codes(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(start, c)) in chars.iter().enumerate() {
        if c != '"' && c != '[' {
            continue;
        }
        let begin = start + 1;
        let end = chars[i + 1..]
            .iter()
            .find(|(_, c)| !is_code_char(*c))
            .map_or(text.len(), |(j, _)| *j);
        let close = text[end..].chars().next();
        let word = &text[begin..end];
        let family = word.split('.').next().unwrap_or("");
        if matches!((c, close), ('"', Some('"')) | ('[', Some(']')))
            && word.contains('.')
            && !word.ends_with('.')
            && FAMILIES.contains(&family)
        {
            out.insert(word.to_owned());
        }
    }
    out
}

/// Codes built as `{prefix}.KIND` from a code prefix argument (`err(prefix, "not_finite",
/// ...)` in the Python conversion): the host passes `input` or `policy`.
fn prefixed_kinds(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("prefix,") {
        let rest = text[at + "prefix,".len()..].trim_start();
        if let Some(lit) = rest.strip_prefix('"') {
            let kind: String = lit.chars().take_while(|c| is_code_char(*c)).collect();
            if lit[kind.len()..].starts_with('"') && !kind.is_empty() {
                out.insert(format!("input.{kind}"));
                out.insert(format!("policy.{kind}"));
            }
        }
    }
    out
}

fn vector_codes(dir: &Path, out: &mut BTreeSet<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            vector_codes(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            if let Some(code) = v["expected"]["error"]["code"].as_str() {
                out.insert(code.to_owned());
            }
        }
    }
}

#[test]
fn every_emitted_code_is_registered() {
    let mut files = Vec::new();
    for dir in [
        "core/src",
        "cli/src",
        "bindings-python/src",
        "bindings-wasm/src",
    ] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut found = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        found.extend(quoted_codes(&text));
        found.extend(prefixed_kinds(&text));
    }
    found.extend(codes::serde_codes());
    vector_codes(&root().join("tests/vectors"), &mut found);
    assert!(
        found.len() > 50,
        "the scan found only {} codes",
        found.len()
    );
    let missing: Vec<&String> = found
        .iter()
        .filter(|c| !NOT_CODES.contains(&c.as_str()) && codes::lookup(c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "codes used but not registered in core/src/error/codes.rs: {missing:?}"
    );
    let unused: Vec<&str> = codes::REGISTRY
        .iter()
        .map(|c| c.code)
        .filter(|c| !found.contains(*c))
        .collect();
    assert!(
        unused.is_empty(),
        "codes registered but never emitted: {unused:?}"
    );
    eprintln!("{} registered codes, all emitted", codes::REGISTRY.len());
}

#[test]
fn the_errors_document_is_the_registry() {
    let path = root().join("docs/errors.md");
    let want = codes::markdown();
    if std::env::var_os("AMENDS_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/errors.md is out of date; run AMENDS_BLESS=1 cargo test -p amends --test error_codes"
    );
}
