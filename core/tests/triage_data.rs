//! Triage measured on real data: Bitext (English support requests, 27 intents), Olist
//! (Portuguese marketplace reviews) and the multilingual sentiment sets (negativity AUC
//! per set, with floors). The data lives outside the repository in
//! `../shared/data` (or `../../shared/data` from a worktree); each test prints a notice
//! and passes when it is absent, except under CI (`CI=true`), where a missing data
//! folder fails the test. The floors below fail the build on a regression.
//!
//! `cargo test -p amends --test triage_data -- --nocapture` prints the figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test harness

use std::collections::BTreeMap;
use std::path::Path;

use amends::{api, Engine};
use serde_json::{json, Value};

mod data;
use data::{data_dir, read_csv};

fn triage(engine: &Engine, text: &str, hint: Option<&str>) -> Value {
    let mut case = json!({
        "id": "m", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s", "marketplace": "own_site", "country": "US"},
        "channel": "email", "text": text
    });
    if let Some(h) = hint {
        case["language_hint"] = json!(h);
    }
    let case = api::parse_case(&case.to_string()).unwrap();
    let a = engine
        .assess(&case, api::parse_now("2026-11-20T10:00:00Z").unwrap())
        .unwrap();
    serde_json::to_value(&a.triage).unwrap()
}

fn mapping() -> BTreeMap<String, String> {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bitext_intent_category.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    serde_json::from_value(v["mapping"].clone()).unwrap()
}

/// Overall accuracy, (correct, total) per intent, and the misses.
type Measured = (f64, BTreeMap<String, (u32, u32)>, Vec<String>);

fn bitext_accuracy(file: &str) -> Option<Measured> {
    let Some(dir) = data_dir() else {
        eprintln!("notice: shared/data not found; Bitext accuracy not measured");
        return None;
    };
    let text = std::fs::read_to_string(dir.join("bitext").join(file)).unwrap();
    let rows = read_csv(&text);
    let header = &rows[0];
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (u, i) = (col("utterance"), col("intent"));
    let map = mapping();
    let engine = Engine::default();
    let mut per: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut misses = Vec::new();
    for r in rows.iter().skip(1).filter(|r| r.len() > i) {
        let want = &map[&r[i]];
        let t = triage(&engine, &r[u], None);
        let got = t["category"].as_str().unwrap();
        let e = per.entry(r[i].clone()).or_default();
        e.1 += 1;
        if got == want {
            e.0 += 1;
        } else {
            misses.push(format!("{} [{}] want {want} got {got}", r[u], r[i]));
        }
    }
    let (ok, n) = per.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Some((f64::from(ok) / f64::from(n), per, misses))
}

#[test]
fn bitext_validation_accuracy_stays_above_its_floor() {
    let Some((acc, per, misses)) =
        bitext_accuracy("Bitext_Sample_Customer_Service_Validation_Dataset.csv")
    else {
        return;
    };
    println!("Bitext validation: overall {:.1}%", acc * 100.0);
    for (intent, (ok, n)) in &per {
        println!(
            "| {intent} | {ok}/{n} | {:.0}% |",
            f64::from(*ok) * 100.0 / f64::from(*n)
        );
    }
    if std::env::var_os("AMENDS_SHOW_MISSES").is_some() {
        for m in &misses {
            println!("miss: {m}");
        }
    }
    assert!(
        acc >= 0.90,
        "Bitext validation accuracy {acc:.3} fell below 0.90"
    );
}

#[test]
#[ignore = "exploration on the training split: AMENDS_SHOW_MISSES=1 -- --ignored --nocapture"]
fn bitext_training_accuracy() {
    let Some((acc, per, misses)) =
        bitext_accuracy("Bitext_Sample_Customer_Service_Training_Dataset.csv")
    else {
        return;
    };
    println!("Bitext training: overall {:.1}%", acc * 100.0);
    for (intent, (ok, n)) in &per {
        println!("{intent}: {ok}/{n}");
    }
    for m in &misses {
        println!("miss: {m}");
    }
}

/// ROC AUC by the rank-sum formula, ties counted half.
fn auc(scores: &[(f64, bool)]) -> f64 {
    let mut pos = 0f64;
    let mut wins = 0f64;
    let negs: Vec<f64> = scores.iter().filter(|s| !s.1).map(|s| s.0).collect();
    for (s, _) in scores.iter().filter(|s| s.1) {
        pos += 1.0;
        for n in &negs {
            if s > n {
                wins += 1.0;
            } else if (s - n).abs() < f64::EPSILON {
                wins += 0.5;
            }
        }
    }
    wins / (pos * negs.len() as f64)
}

#[test]
fn olist_negativity_separates_low_scores() {
    let Some(dir) = data_dir() else {
        eprintln!("notice: shared/data not found; Olist AUC not measured");
        return;
    };
    let text = std::fs::read_to_string(dir.join("olist/olist_order_reviews_dataset.csv")).unwrap();
    let rows = read_csv(&text);
    let header = &rows[0];
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (score_c, title_c, msg_c) = (
        col("review_score"),
        col("review_comment_title"),
        col("review_comment_message"),
    );
    let engine = Engine::default();
    let mut scores = Vec::new();
    let mut low_categories: BTreeMap<String, u32> = BTreeMap::new();
    let mut low_samples = Vec::new();
    for r in rows.iter().skip(1).filter(|r| r.len() > msg_c) {
        let body = format!("{} {}", r[title_c], r[msg_c]).trim().to_owned();
        if body.is_empty() {
            continue;
        }
        let Ok(score) = r[score_c].parse::<u8>() else {
            continue;
        };
        let t = triage(&engine, &body, Some("pt"));
        let sentiment: f64 = t["sentiment"].as_str().unwrap().parse().unwrap();
        let low = score <= 2;
        scores.push((-sentiment, low));
        if low {
            let c = t["category"].as_str().unwrap().to_owned();
            *low_categories.entry(c.clone()).or_default() += 1;
            if low_samples.len() < 50 {
                low_samples.push(format!("[{score}] {c} {} :: {body}", t["sentiment"]));
            }
        }
    }
    let a = auc(&scores);
    let lows = scores.iter().filter(|s| s.1).count();
    println!(
        "Olist: {} reviews with text, {lows} with score <= 2; AUC {a:.3}",
        scores.len()
    );
    println!("low-score categories: {low_categories:?}");
    if std::env::var_os("AMENDS_SHOW_MISSES").is_some() {
        for s in &low_samples {
            println!("{s}");
        }
    }
    assert!(a >= 0.92, "Olist negativity AUC {a:.3} fell below 0.92");
}

/// Negativity AUC floors per multilingual sentiment set (file stem), 0.02 below what the
/// engine reaches with today's lexicons; `scripts/triage_report.py` prints the full table.
const SENTIMENT_FLOORS: &[(&str, f64)] = &[
    ("ar-xed", 0.58),
    ("de-xed", 0.59),
    ("en-xed", 0.67),
    ("es-xed", 0.61),
    ("fr-xed", 0.60),
    ("it-xed", 0.59),
    ("ko-nsmc", 0.78),
    ("nl-xed", 0.56),
    ("pl-xed", 0.59),
    ("pt-xed", 0.59),
    ("ru-opensentiment", 0.71),
    ("ru-xed", 0.61),
    ("sv-xed", 0.60),
    ("tr-xed", 0.56),
    ("zh-Hans-xed", 0.58),
    ("zh-Hant-xed", 0.56),
];

#[test]
fn multilingual_negativity_stays_above_its_floors() {
    let Some(dir) = data_dir() else {
        eprintln!("notice: shared/data not found; multilingual AUC not measured");
        return;
    };
    let engine = Engine::default();
    let mut failed = Vec::new();
    for (set, floor) in SENTIMENT_FLOORS {
        let path = dir
            .join("multilingual/sentiment")
            .join(format!("{set}.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        let rows = read_csv(&text);
        let header = &rows[0];
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let (text_c, label_c) = (col("text"), col("label"));
        let mut scores = Vec::new();
        let mut zero = 0;
        for r in rows
            .iter()
            .skip(1)
            .filter(|r| r.len() > label_c.max(text_c))
        {
            let neg = match r[label_c].as_str() {
                "neg" => true,
                "pos" => false,
                _ => continue,
            };
            let t = triage(&engine, &r[text_c], None);
            let s: f64 = t["sentiment"].as_str().unwrap().parse().unwrap();
            zero += usize::from(s == 0.0);
            scores.push((-s, neg));
        }
        let a = auc(&scores);
        println!(
            "{set}: {} texts, negativity AUC {a:.3} (floor {floor}), sentiment 0 on {:.0}%",
            scores.len(),
            100.0 * zero as f64 / scores.len().max(1) as f64
        );
        if a < *floor {
            failed.push(format!("{set}: AUC {a:.3} < {floor}"));
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
}

/// The held-out review texts (`core/tests/fixtures/review_holdout/<lang>.tsv`, in the
/// repository): per language, with the buyer's language known, the negativity AUC stays
/// at or above 0.95, and at most 35% of the 1–2★ texts are left as `other` and at most
/// 20% read sentiment exactly 0 (the goals for real reviews are 0.85, 35% and
/// 15%; these texts are cleaner than real ones, so the test guards against regressions).
#[test]
fn held_out_reviews_stay_within_their_goals() {
    let engine = Engine::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review_holdout");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 16, "{} held-out files", files.len());
    let mut failed = Vec::new();
    for path in files {
        let lang = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let (mut scores, mut negs, mut other, mut zero) = (Vec::new(), 0, 0, 0);
        for (label, body) in text.lines().filter_map(|l| l.split_once('\t')) {
            let t = triage(&engine, body, Some(&lang));
            let sentiment: f64 = t["sentiment"].as_str().unwrap().parse().unwrap();
            let neg = label == "neg";
            scores.push((-sentiment, neg));
            if neg {
                negs += 1;
                other += usize::from(t["category"] == "other");
                zero += usize::from(sentiment == 0.0);
            }
        }
        let a = auc(&scores);
        let (other, zero) = (other as f64 / negs as f64, zero as f64 / negs as f64);
        println!(
            "{lang}: {} texts, AUC {a:.3}, 1-2★ as other {:.0}%, 1-2★ at 0 {:.0}%",
            scores.len(),
            other * 100.0,
            zero * 100.0
        );
        if a < 0.95 || other > 0.35 || zero > 0.20 {
            failed.push(lang);
        }
    }
    assert!(failed.is_empty(), "outside the goals: {failed:?}");
}
