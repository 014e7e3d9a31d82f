//! The command line's one JSON Lines reader (`amends_cli::lines`), on any bytes and any
//! line limit (the first byte picks it, 1 to 256): never a panic; every line accounted
//! for and numbered in order; no text over the limit, with a line end, or blank; every
//! bad line an `input.too_large` or `input.invalid_utf8` record with a hint; and the
//! hints of [`amends_cli::lines::explain`] on whatever the lines parse to.
#![no_main]

use amends_cli::lines::{explain, Lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (max, input) = match data.split_first() {
        Some((b, rest)) => (usize::from(*b) + 1, rest),
        None => (16, data),
    };
    let mut lines = Lines::new(input, max);
    let mut last = 0;
    loop {
        let record = match lines.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => panic!("a slice never fails to read: {e}"),
        };
        assert!(record.line > last, "line numbers go forward");
        last = record.line;
        match &record.text {
            Ok(text) => {
                assert!(text.len() <= max, "a line over the limit was kept");
                assert!(!text.contains('\n'));
                assert!(!text.trim().is_empty(), "a blank line was returned");
                if let Err(mut e) = amends::api::parse_input::<serde_json::Value>(text) {
                    explain(&mut e, text, record.unterminated);
                    assert!(e.diagnostics().iter().all(|d| d.hint.is_some()));
                }
            }
            Err(e) => {
                assert!(
                    matches!(e.code(), "input.too_large" | "input.invalid_utf8"),
                    "{}",
                    e.code()
                );
                assert!(e.diagnostics().iter().all(|d| d.hint.is_some()));
            }
        }
    }
    let newlines = input.iter().filter(|&&b| b == b'\n').count() as u64;
    let ends_open = input.last().is_some_and(|&b| b != b'\n');
    assert_eq!(lines.line(), newlines + u64::from(ends_open), "a line was lost");
    assert_eq!(lines.consumed(), input.len() as u64, "bytes were lost");
});
