//! Hostile inputs that JSON vectors cannot carry (raw bytes, megabytes) and the limits
//! as engine options. Every one must come back as a typed error, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use amends::limits::{self, Limits};
use amends::policy::{Format, Policy};
use amends::{api, Engine};

const CASE: &str = r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
  "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
  "channel": "chat", "text": "TEXT"}"#;

fn with_text_bytes(text: &[u8]) -> Vec<u8> {
    let (a, b) = CASE.split_once("TEXT").unwrap();
    [a.as_bytes(), text, b.as_bytes()].concat()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    api::parse_now("2026-11-20T12:00:00Z").unwrap()
}

#[test]
fn valid_bytes_parse() {
    let c = api::parse_case_bytes(&with_text_bytes("naïve café 商品".as_bytes())).unwrap();
    assert_eq!(c.text, "naïve café 商品");
}

#[test]
fn invalid_utf8_is_a_typed_error_whatever_the_bytes() {
    let bad: [&[u8]; 8] = [
        b"\xff",             // never valid
        b"\xc3",             // truncated two-byte sequence
        b"\xc0\xaf",         // overlong encoding of '/'
        b"\xe0\x80\xaf",     // overlong three-byte
        b"\xed\xa0\x80",     // UTF-16 surrogate encoded in UTF-8
        b"\xf4\x90\x80\x80", // beyond U+10FFFF
        b"\x80\x80",         // lone continuation bytes
        b"caf\xe9",          // Latin-1, not UTF-8
    ];
    for b in bad {
        let e = api::parse_case_bytes(&with_text_bytes(b)).unwrap_err();
        assert_eq!(
            (e.kind(), e.code(), e.path()),
            ("input", "input.invalid_utf8", ""),
            "{b:?}"
        );
    }
}

#[test]
fn a_utf16_document_is_invalid_utf8() {
    let utf16: Vec<u8> = CASE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = api::parse_case_bytes(&[&[0xff, 0xfe], &utf16[..]].concat()).unwrap_err();
    assert_eq!(e.code(), "input.invalid_utf8");
}

#[test]
fn a_document_over_one_mebibyte_is_refused_before_parsing() {
    let text = "x".repeat(limits::MAX_CASE_BYTES);
    let e = api::parse_case(&CASE.replace("TEXT", &text)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.too_large", ""));
}

#[test]
fn deep_nesting_is_refused_without_recursion() {
    for n in [34usize, 1_000, 1_000_000] {
        let e = api::parse_case(&"[".repeat(n)).unwrap_err();
        assert_eq!(e.code(), "input.too_deep", "{n}");
        let e = Engine::default()
            .assess_batch_json(&"[".repeat(n), now())
            .unwrap_err();
        assert_eq!(e.code(), "input.too_deep", "{n}");
    }
    let e = Policy::parse(&format!("x = {}", "[".repeat(100_000)), Format::Toml).unwrap_err();
    assert_eq!(e.code(), "policy.too_deep");
    let e = Policy::parse(&"{\"a\":".repeat(100_000), Format::Json).unwrap_err();
    assert_eq!(e.code(), "policy.too_deep");
}

#[test]
fn a_batch_keeps_going_past_hostile_entries() {
    let good = CASE.replace("TEXT", "where is my parcel");
    let batch = format!("[{good}, 17, {{\"id\": 1}}, {good}]");
    let out: serde_json::Value =
        serde_json::from_str(&Engine::default().assess_batch_json(&batch, now()).unwrap()).unwrap();
    let types: Vec<&str> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["success", "failure", "failure", "success"]);
}

#[test]
fn a_batch_larger_than_one_case_may_be_is_assessed_and_each_case_keeps_its_limit() {
    let good = CASE.replace("TEXT", "where is my parcel");
    let n = limits::MAX_CASE_BYTES / good.len() + 2;
    let huge = CASE.replace("TEXT", &"x".repeat(limits::MAX_CASE_BYTES));
    let batch = format!("[{}, {huge}]", vec![good; n].join(","));
    assert!(batch.len() > 2 * limits::MAX_CASE_BYTES);
    let out: serde_json::Value =
        serde_json::from_str(&Engine::default().assess_batch_json(&batch, now()).unwrap()).unwrap();
    let out = out.as_array().unwrap();
    assert_eq!(out.len(), n + 1);
    assert!(out[..n].iter().all(|e| e["type"] == "success"));
    assert_eq!(out[n]["error"]["code"], "input.too_large");
}

#[test]
fn limits_are_engine_options() {
    let tight = Limits {
        max_text_bytes: 10,
        max_json_depth: 2,
        ..Limits::default()
    };
    let engine = Engine::with_limits(Policy::default_policy().unwrap(), tight).unwrap();
    let long = CASE.replace("TEXT", "this text is longer than ten bytes");
    let e = engine.assess_json(&long, now()).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.too_large", "text"));
    assert!(Engine::default().assess_json(&long, now()).is_ok());
    let nested = CASE.replace(
        "\"TEXT\"",
        "\"x\", \"buyer\": {\"id\": \"b\", \"history\": {}}",
    );
    assert_eq!(
        engine.assess_json(&nested, now()).unwrap_err().code(),
        "input.too_deep"
    );
}

fn sla_policy(n: usize) -> String {
    let mut s = String::from("[policy]\nid = \"big\"\nversion = \"1\"\n");
    for i in 0..n {
        s.push_str(&format!(
            "[[sla.targets]]\nname = \"target_{i}\"\nafter = \"{}h\"\nchannels = [\"email\"]\n",
            i % 500 + 1
        ));
    }
    s
}

#[test]
fn a_policy_with_thousands_of_rules_loads() {
    let engine = Engine::from_policy_text(&sla_policy(5_000)).unwrap();
    assert_eq!(engine.policy().sla.targets.len(), 5_000);
}

#[test]
fn a_policy_over_the_rule_limit_is_refused() {
    let text = sla_policy(200);
    let limits = Limits {
        max_policy_rules: 399, // 200 targets + 200 channel entries
        ..Limits::default()
    };
    let e = Policy::parse_with_limits(&text, Format::Toml, &limits).unwrap_err();
    assert_eq!((e.code(), e.path()), ("policy.too_large", ""));
    let limits = Limits {
        max_policy_rules: 400,
        ..limits
    };
    assert!(Policy::parse_with_limits(&text, Format::Toml, &limits).is_ok());
}

#[test]
fn a_policy_over_four_mebibytes_is_refused() {
    let text = format!(
        "[policy]\nid = \"x\"\nversion = \"1\"\ndescription = \"{}\"\n",
        "x".repeat(limits::MAX_POLICY_BYTES)
    );
    assert_eq!(
        Policy::parse(&text, Format::Toml).unwrap_err().code(),
        "policy.too_large"
    );
}

#[test]
fn hostile_policy_texts_are_typed_errors() {
    for t in [
        "",
        "\0",
        "[[[",
        "{",
        "x = ",
        "[policy]\nid = 1",
        "\u{feff}{}",
        "{\"policy\": null}",
    ] {
        let e = Engine::from_policy_text(t).unwrap_err();
        assert_eq!(e.kind(), "policy", "{t:?}");
        let report: serde_json::Value = serde_json::from_str(&api::check_policy_json(t)).unwrap();
        assert_eq!(report["valid"], false, "{t:?}");
    }
}

#[test]
fn long_dotted_keys_do_not_exhaust_the_stack() {
    for n in [100usize, 10_000, 200_000] {
        let key = vec!["a"; n].join(".");
        let text = format!("[policy]\nid = \"x\"\nversion = \"1\"\n[fx]\n{key} = 1\n");
        let e = Policy::parse(&text, Format::Toml).unwrap_err();
        assert_eq!(e.code(), "policy.too_deep", "{n}");
        let header = format!("[policy]\nid = \"x\"\nversion = \"1\"\n[{key}]\n");
        let e = Policy::parse(&header, Format::Toml).unwrap_err();
        assert_eq!(e.kind(), "policy", "{n}");
    }
}

/// A 12 KB policy of `not.not.not… = …` keys: dotted keys nest tables without any
/// bracket, and inline tables of dotted keys multiply the depth (78 × 60 levels here).
/// Before the TOML scan counted key segments, this overflowed the stack of any host.
fn dotted_not_policy() -> String {
    let key = vec!["not"; 78].join(".");
    let mut s = String::from("[policy]\nid = \"x\"\nversion = \"1\"\n[fx]\n");
    for _ in 0..40 {
        s.push_str(&key);
        s.push_str(" = {");
    }
    s.push_str("z = 1");
    s.push_str(&"}".repeat(40));
    s.push('\n');
    s
}

#[test]
fn dotted_keys_in_inline_tables_are_refused_before_parsing() {
    let text = dotted_not_policy();
    assert!((12_000..14_000).contains(&text.len()), "{}", text.len());
    let e = Policy::parse(&text, Format::Toml).unwrap_err();
    assert_eq!((e.code(), e.path()), ("policy.too_deep", ""));
    assert!(e.diagnostics()[0].hint.is_some());
    let e = Engine::from_policy_text(&text).unwrap_err();
    assert_eq!(e.code(), "policy.too_deep");
    let report: serde_json::Value = serde_json::from_str(&api::check_policy_json(&text)).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "policy.too_deep");
    // One long key, a deep header, an array of tables, and keys inside arrays.
    let long = format!("{} = 1\n", vec!["not"; 4_000].join("."));
    let header = format!("[{}]\nx = 1\n", vec!["not"; 70].join("."));
    let in_array = format!("x = [{{ {} = 1 }}]\n", vec!["a"; 70].join("."));
    for t in [long, header, in_array] {
        let e = Policy::parse(&t, Format::Toml).unwrap_err();
        assert_eq!(e.code(), "policy.too_deep", "{t:.60}");
    }
    // The same depth in a JSON value (as a host's dict arrives) is refused as well.
    let mut v = serde_json::json!(1);
    for _ in 0..1_000 {
        v = serde_json::json!({ "not": v });
    }
    let e = api::PolicySource::Value(v).parse_unchecked().unwrap_err();
    assert_eq!(e.code(), "policy.too_deep");
}

#[test]
fn a_policy_past_the_value_budget_is_refused() {
    let limits = Limits {
        max_policy_nodes: 1_000,
        ..Limits::default()
    };
    let text = format!(
        "[policy]\nid = \"x\"\nversion = \"1\"\n[fx]\nbase = \"USD\"\nnotes = [{}]\n",
        "1, ".repeat(2_000)
    );
    let e = Policy::parse_with_limits(&text, Format::Toml, &limits).unwrap_err();
    assert_eq!(e.code(), "policy.too_large");
    // The default policy is far inside both bounds.
    let v: serde_json::Value = toml::from_str(amends::policy::DEFAULT_POLICY_TOML).unwrap();
    limits::check_value(&v, 16, limits::MAX_POLICY_NODES / 20, "policy").unwrap();
    assert!(limits::toml_depth(amends::policy::DEFAULT_POLICY_TOML) <= 16);
}

#[test]
fn extreme_case_rates_are_refused_not_turned_into_missing_amounts() {
    let case = |rate: &str| {
        CASE.replace(
            r#""text": "TEXT""#,
            &format!(
                r#""text": "refund please", "claim": {{"kind": "refund", "amount": {{"amount": "30.00", "currency": "EUR"}}}},
                "fx_rates": [{{"from": "EUR", "to": "USD", "rate": "{rate}"}}]"#
            ),
        )
    };
    for rate in ["0.000000000001", "1000000000000", "0.0000000009"] {
        let c = api::parse_case(&case(rate)).unwrap();
        let e = Engine::default().assess(&c, now()).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("money.invalid_rate", "fx_rates[0].rate"),
            "{rate}"
        );
        assert!(e.diagnostics()[0].hint.is_some());
    }
    for rate in ["0.000000001", "1000000000", "1.3"] {
        let c = api::parse_case(&case(rate)).unwrap();
        Engine::default().assess(&c, now()).unwrap();
    }
}

#[test]
fn a_derived_policy_cannot_take_the_defaults_id() {
    for version in ["1", "2099.1"] {
        let text = format!(
            "[policy]\nid = 'amends.default'\nversion = '{version}'\nextends = 'amends.default'\n"
        );
        let e = Policy::parse(&text, Format::Toml).unwrap_err();
        assert_eq!((e.code(), e.path()), ("policy.reused_id", "policy.id"));
    }
}

/// A key given twice is refused where it stands, nested or not, and a type error deep in
/// a document names its path: the one path-tracking reader of text serves every type.
#[test]
fn errors_name_the_field_where_the_document_went_wrong() {
    let case = |store: &str| {
        format!(
            r#"{{"id":"a","received_at":"2026-11-20T09:00:00Z","store":{store},"channel":"chat","text":"hi"}}"#
        )
    };
    let cases = [
        (
            case(r#"{"id":"s","id":"t","marketplace":"ebay","country":"GB"}"#),
            "input.duplicate_field",
            "store.id",
        ),
        (
            case(r#"{"id":"s","marketplace":"ebay","country":7}"#),
            "input.invalid_type",
            "store.country",
        ),
        (
            case(r#"{"id":"s","marketplace":"ebay","country":"GB","shop":1}"#),
            "input.unknown_field",
            "store.shop",
        ),
        (
            case(r#"{"id":"s","marketplace":"ebay","country":"GB",}"#),
            "input.syntax",
            "store",
        ),
        (
            format!(
                "{} x",
                case(r#"{"id":"s","marketplace":"ebay","country":"GB"}"#)
            ),
            "input.syntax",
            "",
        ),
    ];
    for (text, code, path) in cases {
        let e = amends::api::parse_case(&text).unwrap_err();
        assert_eq!((e.code(), e.path()), (code, path), "{text}");
    }
}
