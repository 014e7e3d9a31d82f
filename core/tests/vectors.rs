//! Runs every conformance vector in `tests/vectors/**/*.json` and compares the engine's
//! canonical JSON with the expectation byte for byte. The Python and Node suites read the
//! same files and must agree.
//!
//! Regenerate expectations deliberately, and review the diff:
//! `AMENDS_BLESS=1 cargo test -p amends --test vectors`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::path::{Path, PathBuf};

use amends::api;
use amends::policy::{Format, Policy};
use amends::Engine;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn engine_for(policy: &Value) -> Result<Engine, amends::Error> {
    match policy {
        Value::String(name) if name == "default" => Ok(Engine::default()),
        Value::String(name) => {
            let text =
                std::fs::read_to_string(root().join("policies").join(format!("{name}.toml")))
                    .unwrap();
            Engine::new(Policy::parse(&text, Format::Toml)?)
        }
        other => Engine::new(Policy::from_value(other.clone())?),
    }
}

fn input_text(v: &Value) -> String {
    match v.get("input_text") {
        Some(Value::String(s)) => s.clone(),
        _ => v["input"].to_string(),
    }
}

/// Runs one vector; returns the actual result as canonical JSON text.
fn run(v: &Value) -> String {
    let op = v.get("op").and_then(Value::as_str).unwrap_or("assess");
    let result = match op {
        "assess" => engine_for(&v["policy"]).and_then(|engine| {
            let now = api::parse_now(v["now"].as_str().unwrap_or(""))?;
            let sections = api::Sections::parse(v["sections"].as_str().unwrap_or("full"))?;
            let from_text = engine.assess_json_sections(&input_text(v), now, sections);
            // A case held as a parsed value (a Python dict) must give the same bytes.
            if v.get("input_text").is_none() {
                let from_value = engine
                    .assess_document_sections(api::Document::Value(&v["input"]), now, sections)
                    .map(|a| sections.write(&a));
                let key = |r: &Result<String, amends::Error>| match r {
                    Ok(s) => s.clone(),
                    Err(e) => format!("{} {}", e.code(), e.path()),
                };
                assert_eq!(
                    key(&from_text),
                    key(&from_value),
                    "{}: text and value forms differ",
                    v["name"]
                );
            }
            from_text
        }),
        "policy_check" => {
            let text = input_text(v);
            let report = api::check_policy(api::PolicySource::Text(&text));
            match (report.first(), &report.policy) {
                (None, Some(p)) => Ok(json!({ "valid": true, "hash": p.hash }).to_string()),
                (first, _) => Ok(json!({ "error": {
                    "code": first.map_or("", |d| d.code.as_str()),
                    "path": first.map_or("", |d| d.path.as_str()),
                } })
                .to_string()),
            }
        }
        "journey" => engine_for(&v["policy"])
            .and_then(|engine| api::journey::replay_json(&engine, &v["input"])),
        other => panic!("unknown op {other}"),
    };
    match result {
        Ok(out) => match v.get("select").and_then(Value::as_str) {
            Some(section) => {
                let full: Value = serde_json::from_str(&out).unwrap();
                full[section].to_string()
            }
            None => out,
        },
        Err(e) => json!({ "error": { "code": e.code(), "path": e.path() } }).to_string(),
    }
}

#[test]
fn conformance_vectors() {
    let bless = std::env::var_os("AMENDS_BLESS").is_some();
    let mut files = Vec::new();
    collect(&root().join("vectors"), &mut files);
    assert!(!files.is_empty(), "no vectors found");
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut v: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let actual = run(&v);
        let expected = v.get("expected").map(Value::to_string).unwrap_or_default();
        if actual != expected {
            if bless {
                v["expected"] = serde_json::from_str(&actual).unwrap();
                std::fs::write(f, serde_json::to_string_pretty(&v).unwrap() + "\n").unwrap();
            } else {
                failures.push(format!(
                    "{}\n  expected: {expected}\n  actual:   {actual}",
                    f.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    eprintln!("{} vectors agree", files.len());
}
