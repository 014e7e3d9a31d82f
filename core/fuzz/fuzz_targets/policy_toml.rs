//! Structure-aware TOML policies: a generator writes tables, arrays of tables, dotted
//! keys, inline tables and arrays nested to any depth, with keys drawn from the policy's
//! own vocabulary (so sections and fields are hit) and from arbitrary text. Each
//! document is checked, compiled, and when it compiles used on one case. Never a panic,
//! never a stack overflow, a document the scan calls deep is refused as too deep, and
//! a policy the check passes compiles.
#![no_main]

use amends::{api, Engine};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "policy",
    "id",
    "version",
    "extends",
    "description",
    "fx",
    "base",
    "to_base",
    "EUR",
    "USD",
    "triage",
    "risk",
    "remedy",
    "routing",
    "sla",
    "monitor",
    "journeys",
    "machines",
    "calendars",
    "states",
    "timers",
    "clocks",
    "targets",
    "bands",
    "rules",
    "roles",
    "when",
    "all",
    "any",
    "not",
    "field",
    "eq",
    "in",
    "after",
    "to",
    "on",
    "event",
    "initial",
    "final",
    "lexicon",
    "weights",
    "default_queue",
    "a",
    "b",
];

fn key(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => {
            let s: String = u.arbitrary()?;
            format!("{s:?}") // a quoted key, any text
        }
        _ => (*u.choose(WORDS)?).to_owned(),
    })
}

fn dotted(u: &mut Unstructured<'_>) -> Result<String> {
    let n = if u.ratio(1u8, 8u8)? {
        u.int_in_range(1..=200usize)?
    } else {
        u.int_in_range(1..=3usize)?
    };
    let mut parts = Vec::with_capacity(n);
    for _ in 0..n {
        parts.push(key(u)?);
    }
    Ok(parts.join("."))
}

/// A value; `depth` bounds the generator's own recursion (the document may still nest
/// far deeper through dotted keys, which is the point).
fn value(u: &mut Unstructured<'_>, depth: usize, out: &mut String) -> Result<()> {
    let pick = if depth > 40 {
        0
    } else {
        u.int_in_range(0..=7u8)?
    };
    match pick {
        0 => out.push_str(&u.int_in_range(-5..=100_000i64)?.to_string()),
        1 => {
            let s: String = u.arbitrary()?;
            out.push_str(&format!("{s:?}"));
        }
        2 => out.push_str(u.choose(&[
            "true",
            "false",
            "1.5",
            "\"90m\"",
            "\"2026-11-20T09:00:00Z\"",
            "2026-11-20",
            "\"-1\"",
            "1e400",
        ])?),
        3 | 4 => {
            out.push('[');
            for i in 0..u.int_in_range(0..=4usize)? {
                if i > 0 {
                    out.push_str(", ");
                }
                value(u, depth + 1, out)?;
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..u.int_in_range(0..=4usize)? {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&dotted(u)?);
                out.push_str(" = ");
                value(u, depth + 1, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn document(u: &mut Unstructured<'_>) -> Result<String> {
    let mut out = String::new();
    if u.ratio(3u8, 4u8)? {
        out.push_str("[policy]\nid = \"fuzz\"\nversion = \"1\"\n");
        if u.ratio(1u8, 2u8)? {
            out.push_str("extends = \"amends.default\"\n");
        }
    }
    for _ in 0..u.int_in_range(0..=24usize)? {
        match u.int_in_range(0..=5u8)? {
            0 => out.push_str(&format!("[{}]\n", dotted(u)?)),
            1 => out.push_str(&format!("[[{}]]\n", dotted(u)?)),
            _ => {
                out.push_str(&dotted(u)?);
                out.push_str(" = ");
                value(u, 0, &mut out)?;
                out.push('\n');
            }
        }
    }
    Ok(out)
}

const CASE: &str = r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
  "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
  "channel": "email", "text": "Paket nicht angekommen, ich will mein Geld zurück, Anwalt",
  "claim": {"kind": "refund", "amount": {"amount": "59.90", "currency": "EUR"}}}"#;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(text) = document(&mut u) else { return };
    let report: serde_json::Value =
        serde_json::from_str(&api::check_policy_json(&text)).unwrap_or_default();
    assert!(report["valid"].is_boolean(), "no verdict for {text:?}");
    let deep = amends::limits::toml_depth(&text) > amends::limits::MAX_POLICY_DEPTH;
    if deep {
        assert_eq!(
            report["diagnostics"][0]["code"], "policy.too_deep",
            "{text:?}"
        );
    }
    // Compiling costs milliseconds (the lexicon): only for a policy the check passed,
    // which must then compile.
    if report["valid"] == true {
        let engine = Engine::from_policy_text(&text);
        assert!(
            engine.is_ok(),
            "checked valid but does not compile: {text:?}"
        );
        if let (Ok(engine), Ok(case), Ok(now)) = (
            engine,
            api::parse_case(CASE),
            api::parse_now("2026-11-20T12:00:00Z"),
        ) {
            let _ = engine.assess(&case, now).map(|a| api::to_canonical(&a));
        }
    }
});
