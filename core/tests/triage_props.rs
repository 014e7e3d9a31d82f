//! Properties of triage over arbitrary texts, and policy validation of its rules.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use amends::policy::{Format, Policy};
use amends::{api, Engine};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(Engine::default)
}

fn assess(engine: &Engine, text: &str) -> amends::Assessment {
    let case = json!({
        "id": "p", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s", "marketplace": "ebay", "country": "GB"},
        "channel": "chat", "text": text
    });
    let case = api::parse_case(&case.to_string()).unwrap();
    engine
        .assess(&case, api::parse_now("2026-11-20T10:00:00Z").unwrap())
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sentiment_and_confidence_stay_in_range_for_any_text(text in "\\PC{0,300}") {
        let t = assess(engine(), &text).triage;
        prop_assert!(t.sentiment >= Decimal::NEGATIVE_ONE && t.sentiment <= Decimal::ONE);
        prop_assert!(t.confidence >= Decimal::ZERO && t.confidence <= Decimal::ONE);
        let mut sorted = t.signals.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted, t.signals);
    }

    #[test]
    fn triage_is_deterministic(words in proptest::collection::vec(
        prop::sample::select(vec!["never", "arrived", "not", "damaged", "refund", "très", "nicht",
            "angekommen", "没有", "收到", "😡", "lawyer", "scam", "!!!", "muito", "ruim"]), 0..20)) {
        let text = words.join(" ");
        let a = assess(engine(), &text);
        let b = assess(engine(), &text);
        prop_assert_eq!(api::to_canonical(&a), api::to_canonical(&b));
    }
}

#[test]
fn case_and_accents_do_not_change_the_category() {
    let engine = Engine::default();
    let a = assess(&engine, "O PRODUTO NÃO CHEGOU").triage;
    let b = assess(&engine, "o produto nao chegou").triage;
    assert_eq!(a.category, b.category);
    assert_eq!(a.category.as_str(), "not_received");
}

#[test]
fn bad_urgency_and_routing_rules_are_reported_with_their_paths() {
    let text = r#"
[policy]
id = "x"
version = "1"
[triage]
language_clear_margin = "-1"
[[triage.urgency]]
name = ""
at_least = "red"
raise = 1
[[triage.lexicon]]
language = "xx"
kind = "category"
term = "foo"
[[routing.rules]]
name = "r"
"#;
    let err = Policy::parse(text, Format::Toml).unwrap_err();
    let paths: Vec<_> = err.diagnostics().iter().map(|d| d.path.as_str()).collect();
    for p in [
        "triage.language_clear_margin",
        "triage.urgency[0].name",
        "triage.urgency[0]",
        "triage.lexicon[0].language",
        "triage.lexicon[0].target",
        "triage.lexicon[0].weight",
        "routing.rules[0]",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
}
