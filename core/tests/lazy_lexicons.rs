//! A language's lexicon parts are built on the first text that reads it: what an engine
//! answers must not depend on which texts came first. The same cases, assessed in two
//! orders by two engines with freshly compiled lexicons, give the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test

use amends::triage::LexiconEntry;
use amends::{api, Assessment, Case, Engine, Policy};
use serde_json::json;

/// An engine on the default policy with its own compiled lexicons: the policy adds a
/// term no case holds, so no other engine of the process shares them.
fn fresh_engine(term: &str) -> Engine {
    let mut policy = Policy::default_policy().unwrap();
    let entry: LexiconEntry = serde_json::from_value(json!({
        "language": "en", "kind": "sentiment", "term": term, "weight": "-1"
    }))
    .unwrap();
    policy.triage.lexicon.push(entry);
    Engine::new(policy).unwrap()
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = include_str!("../../examples/cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| api::parse_case(l).unwrap())
        .collect();
    // Texts whose language no example starts with, and mixed ones.
    for (i, text) in [
        "商品が届きません。返金してください。",
        "Das Paket ist beschädigt angekommen, ich will mein Geld zurück.",
        "The parcel never arrived, el paquete nunca llegó, je veux un remboursement.",
        "Посылка не пришла, верните деньги 😡",
        // Mixed texts: the vote's candidates (English, the model's nearest languages,
        // another script's language) are built on their first such text.
        "quero meu refund, o pacote não chegou",
        "荷物が壊れていました。refund please, the item is broken",
        "Der Artikel ist kaputt, I want a refund now",
        "El paquete no llegó, c'est une arnaque, je veux être remboursé",
        "Товар сломан, the seller is a scam",
        "Il pacco non è arrivato, where is my order?",
    ]
    .iter()
    .enumerate()
    {
        let case = json!({
            "id": format!("lazy-{i}"), "received_at": "2026-11-20T09:00:00Z",
            "store": {"id": "s1", "marketplace": "own_site", "country": "CH"},
            "channel": "email", "text": text
        });
        cases.push(api::parse_case(&case.to_string()).unwrap());
    }
    cases
}

fn assess_all(engine: &Engine, cases: &[&Case]) -> Vec<(String, String)> {
    let now = api::parse_now("2026-11-28T10:00:00Z").unwrap();
    let mut out: Vec<(String, String)> = cases
        .iter()
        .map(|c| {
            let mut a: Assessment = engine.assess(c, now).unwrap();
            // The two policies differ by their unused term: the reference is not compared.
            a.policy.hash.clear();
            (a.case_id.clone(), serde_json::to_string(&a).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_order_of_texts_does_not_change_any_assessment() {
    let cases = cases();
    let forward: Vec<&Case> = cases.iter().collect();
    // Reversed, then every other case first: the first text of each run differs in
    // language, and so does the order in which each language is first read.
    let mut other: Vec<&Case> = cases.iter().rev().step_by(2).collect();
    other.extend(cases.iter().step_by(2));
    assert_eq!(other.len(), forward.len());
    let a = assess_all(&fresh_engine("zzlazyorderone"), &forward);
    let b = assess_all(&fresh_engine("zzlazyordertwo"), &other);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
}

#[test]
fn engines_on_threads_read_the_same() {
    let cases = cases();
    let engine = fresh_engine("zzlazythreads");
    let refs: Vec<&Case> = cases.iter().collect();
    let results: Vec<Vec<(String, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let mut mine = refs.clone();
                mine.rotate_left(t * 13 % refs.len());
                let engine = &engine;
                s.spawn(move || assess_all(engine, &mine))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let reference = assess_all(&fresh_engine("zzlazythreadsref"), &refs);
    for r in results {
        assert_eq!(r, reference);
    }
}

/// A stemmed language first read as a candidate of the vote (its entries only counted,
/// not reduced) reads the same once a text of its own comes: each case after the
/// others equals each case on an engine of its own.
#[test]
fn a_language_first_counted_reads_the_same_in_play() {
    let cases = cases();
    let refs: Vec<&Case> = cases.iter().collect();
    let after_others = assess_all(&fresh_engine("zzlazycountedall"), &refs);
    for (i, case) in cases.iter().enumerate() {
        let alone = assess_all(&fresh_engine(&format!("zzlazycounted{i}")), &[case]);
        let in_run = after_others.iter().find(|(id, _)| *id == case.id);
        assert_eq!(Some(&alone[0]), in_run, "case {}", case.id);
    }
}
