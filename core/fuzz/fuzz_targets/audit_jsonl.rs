//! Audit chains read from JSON Lines: verification reports a broken link or a summary,
//! never a panic; a chain that verifies reads back and re-serializes to a chain that
//! verifies with the same head.
#![no_main]

use amends::audit::{self, Chain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(summary) = audit::verify_jsonl(text) {
        if let Ok(chain) = Chain::from_jsonl(text) {
            let again = audit::verify_jsonl(&chain.to_jsonl());
            assert_eq!(again.ok(), Some(summary));
        }
    }
});
