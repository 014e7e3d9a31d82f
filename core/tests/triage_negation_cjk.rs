//! Negation and gaps in Japanese and Korean: a て-form clause edge that a negation after
//! it does not reach back over, frames with a gap counted in characters, ず as a glued
//! negation, entries that end where their own negation starts ("X なくなった"), and the
//! Korean -지 않 / -지 못 glued into one word.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test

use amends::{api, Engine};
use serde_json::{json, Value};

fn triage(text: &str) -> Value {
    let case = json!({
        "id": "t", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "own_site", "country": "CH"},
        "channel": "email", "text": text
    });
    let case = api::parse_case(&case.to_string()).unwrap();
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    let a = Engine::default().assess(&case, now).unwrap();
    serde_json::to_value(&a.triage).unwrap()
}

fn sentiment(text: &str) -> f64 {
    triage(text)["sentiment"].as_str().unwrap().parse().unwrap()
}

fn category(text: &str) -> String {
    triage(text)["category"].as_str().unwrap().to_string()
}

/// Whether the term `term` is read in `text`, and negated.
fn negated(text: &str, term: &str) -> Option<bool> {
    let t = triage(text);
    let terms = t["terms"].as_array().unwrap();
    (terms.iter())
        .find(|x| x["term"] == term)
        .map(|x| x["negated"].as_bool().unwrap_or(false))
}

#[test]
fn a_te_form_before_a_new_predicate_ends_a_negation_reach_back() {
    for t in [
        "説明と違って防水ではありませんでした",
        "説明と違って防水じゃなかった",
    ] {
        assert_eq!(negated(t, "説明と違"), Some(false), "{t}");
        assert_eq!(category(t), "not_as_described", "{t}");
        assert!(sentiment(t) < 0.0, "{t}");
    }
    // A negation glued to the て-form through kana still negates its verb.
    for t in ["壊れてはいない", "壊れていない"] {
        assert_eq!(negated(t, "壊れ"), Some(true), "{t}");
        assert_ne!(category(t), "damaged", "{t}");
    }
    for t in [
        "届いてない",
        "届いていません",
        "動いてない",
        "動いていません",
    ] {
        assert_ne!(category(t), "other", "{t}");
        assert!(sentiment(t) < 0.0, "{t}");
    }
}

#[test]
fn a_japanese_frame_holds_a_few_characters_at_its_gap() {
    for t in [
        "充電が全然持たない",
        "電池が全く持たない",
        "バッテリーがすぐもたない",
        "部品が一つ足りない",
    ] {
        assert_ne!(category(t), "other", "{t}");
        assert!(sentiment(t) < 0.0, "{t}");
    }
    // Not across a clause, and not over a long stretch.
    assert_eq!(category("充電が、持たない"), "other");
    assert_eq!(category("充電が終わったのにまだ持たない"), "other");
}

#[test]
fn zu_negates_the_word_it_is_glued_to() {
    for (t, c) in [
        ("部品が一つ足りず組み立てられません", "missing_parts"),
        ("足が入らず困っています", "size_fit"),
        ("サイズが合わず返品します", "size_fit"),
        ("届かず困っています", "not_received"),
    ] {
        assert_eq!(category(t), c, "{t}");
    }
    // After すぎ it negates the adjective: not too loud is no complaint.
    assert_eq!(negated("うるさすぎず", "うるさ"), Some(true));
    assert_eq!(negated("うるさすぎる", "うるさ"), Some(false));
    assert!(sentiment("臭すぎず") >= 0.0);
    // Alone, inside 必ず, まず or はず, it negates nothing.
    assert!(sentiment("必ず壊れる") < 0.0);
    assert_eq!(negated("壊れるはずです", "壊れ"), Some(false));
}

#[test]
fn a_complaint_stem_keeps_its_own_negation_in_nakunatta() {
    for t in [
        "電源入らなくなった",
        "電源入らない",
        "動かなくなった",
        "二度とここでは買わない",
    ] {
        assert_ne!(category(t), "other", "{t}");
        assert!(sentiment(t) < 0.0, "{t}");
    }
    // A negated-only verb that is not negated stays no complaint.
    assert_eq!(category("ちゃんと動いています"), "other");
}

#[test]
fn a_korean_negation_glued_to_its_verb_negates_it() {
    for t in ["재미있어하지않네요", "추천하지않습니다", "만족스럽지못해요"]
    {
        assert!(sentiment(t) < 0.0, "{t}");
    }
    assert_eq!(category("작동하지않아요"), "quality_defect");
    assert_eq!(negated("배송이 빠르지않아요", "배송이 빠르*"), Some(true));
    // Not glued, or glued to another word: nothing is negated.
    for t in ["추천합니다", "만족스러워요"] {
        assert!(sentiment(t) > 0.0, "{t}");
    }
    assert_eq!(negated("재미있어요 지않", "재미있*"), Some(false));
    // A listed form that holds its own negation is not negated again.
    assert!(sentiment("좋지않아요") < 0.0);
}
