//! Case JSON from raw bytes: parse (UTF-8, size, depth, types), validate, assess.
//! Invariants: never a panic; a parsed case re-serializes to JSON that parses back to
//! the same case; assessing the same case twice gives the same bytes.
#![no_main]

use std::sync::OnceLock;

use amends::{api, Engine};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(now) = api::parse_now("2026-11-20T12:00:00Z") else {
        return;
    };
    match api::parse_case_bytes(data) {
        Err(e) => {
            let _ = api::error_json(&e);
        }
        Ok(case) => {
            let text = api::to_canonical(&case);
            let again = api::parse_case(&text);
            assert_eq!(again.as_ref().ok(), Some(&case), "round trip of {text}");
            let a = engine().assess(&case, now).map(|a| api::to_canonical(&a));
            let b = engine().assess(&case, now).map(|a| api::to_canonical(&a));
            assert_eq!(a, b);
        }
    }
});
