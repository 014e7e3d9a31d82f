//! Many cases at once: the JSON array batch entry point, and a JSON Lines reader that
//! parses and assesses each non-blank line on its own, as the CLI does. Never a panic;
//! the batch answer is always a JSON array.
#![no_main]

use std::sync::OnceLock;

use amends::{api, Engine};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::default)
}

fuzz_target!(|text: &str| {
    let Ok(now) = api::parse_now("2026-11-20T12:00:00Z") else {
        return;
    };
    if let Ok(out) = engine().assess_batch_json(text, now) {
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert!(v.is_array(), "batch output is not an array: {out}");
    }
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(64) {
        match engine().assess_json(line, now) {
            Ok(out) => assert!(out.starts_with('{')),
            Err(e) => {
                let _ = api::error_json(&e);
            }
        }
    }
});
