//! Triage and routing timings: `cargo bench -p amends --bench triage`.
//!
//! - `assess/400_chars_*`: a whole assessment of a 400-character complaint (triage,
//!   routing and the other stages), in several languages;
//! - `parts/assess_4000_chars_overlapping_zh`: 4,000 characters of "好", where every
//!   character starts a match of several overlapping entries (the worst case of match
//!   resolution, bounded by `max_matches`);
//! - `language/*`: the language detector alone on 20, 400 and 4,000 characters, with the
//!   default policy (which reads the first `detect_max_chars`, 200) and reading everything;
//! - `engine_new/default_policy`: parsing the default policy and building an engine
//!   whose compiled lexicons are already shared (every engine after a process's first);
//! - `engine_new/first`: the first engine of a process: the default policy with its
//!   lexicons compiled anew (each iteration adds a different unused term, so no engine
//!   shares them);
//! - `engine_new/first_assess_{en,ja}`: after such a fresh engine, its first assessment
//!   of a short English or Japanese complaint (what a language's first text costs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench harness

use std::hint::black_box;

use amends::policy::Policy;
use amends::{api, Engine};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::json;

fn text_of(seed: &str) -> String {
    text_len(seed, 400)
}

fn text_len(seed: &str, n: usize) -> String {
    let mut t = String::new();
    while t.chars().count() < n {
        t.push_str(seed);
        t.push(' ');
    }
    t.chars().take(n).collect()
}

fn case(text: &str) -> amends::Case {
    let c = json!({
        "id": "bench", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
        "channel": "email", "text": text,
        "buyer": {"id": "b1", "tier": "gold"},
        "order": {"id": "o1", "placed_at": "2026-10-28T10:00:00Z",
            "total": {"amount": "620.00", "currency": "EUR"},
            "items": [{"sku": "A", "quantity": 1, "unit_price": {"amount": "620.00", "currency": "EUR"}}],
            "shipment": {"origin": "CN", "destination": "DE", "status": "in_transit",
                "estimated_delivery_at": "2026-11-12T00:00:00Z"}}
    });
    api::parse_case(&c.to_string()).unwrap()
}

fn bench_assess(c: &mut Criterion) {
    let engine = Engine::default();
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    let samples = [
        ("en", "My parcel never arrived and I am really angry. I paid a lot for this order and the tracking has not moved for two weeks. If I do not get a refund I will file a chargeback with my bank and leave a bad review."),
        ("pt", "Comprei há um mês e ainda não recebi o produto. Péssimo atendimento, ninguém responde. Quero meu dinheiro de volta ou vou reclamar no Procon."),
        ("de", "Mein Paket ist nach drei Wochen immer noch nicht angekommen. Die Sendungsverfolgung zeigt nichts. Ich möchte eine Rückerstattung, sonst Rückbuchung."),
        ("zh", "我的包裹到现在还没有收到，物流信息一直没有更新。客服也不回复，我非常生气，再不退款我就投诉并给差评。"),
    ];
    for (lang, seed) in samples {
        let case = case(&text_of(seed));
        c.bench_function(&format!("assess/400_chars_{lang}"), |b| {
            b.iter(|| engine.assess(black_box(&case), now).unwrap())
        });
    }
}

fn bench_parts(c: &mut Criterion) {
    let text = text_of("My parcel never arrived and I am really angry. I paid a lot for this order and the tracking has not moved for two weeks.");
    let case = case(&text);
    let engine = Engine::default();
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    let empty = self::case("");
    c.bench_function("parts/assess_empty_text", |b| {
        b.iter(|| engine.assess(black_box(&empty), now).unwrap())
    });
    let overlapping = self::case(&"好".repeat(4000));
    c.bench_function("parts/assess_4000_chars_overlapping_zh", |b| {
        b.iter(|| engine.assess(black_box(&overlapping), now).unwrap())
    });
    c.bench_function("parts/assess_json_400_chars", |b| {
        let json = serde_json::to_string(&case).unwrap();
        b.iter(|| engine.assess_json(black_box(&json), now).unwrap())
    });
}

fn bench_language(c: &mut Criterion) {
    use amends::triage::language::Identifier;
    use amends::triage::TriagePolicy;
    let seed = "Mein Paket ist nach drei Wochen immer noch nicht angekommen. Die Sendungsverfolgung zeigt nichts.";
    let capped = Identifier::new(&TriagePolicy::default()).unwrap();
    let all = Identifier::new(&TriagePolicy {
        detect_max_chars: 4000,
        ..TriagePolicy::default()
    })
    .unwrap();
    for n in [20, 400, 4000] {
        let text = text_len(seed, n);
        assert_eq!(all.identify(&text).as_deref(), Some("de"));
        c.bench_function(&format!("language/default_{n}_chars"), |b| {
            b.iter(|| capped.identify(black_box(&text)))
        });
        c.bench_function(&format!("language/all_{n}_chars"), |b| {
            b.iter(|| all.identify(black_box(&text)))
        });
    }
    let zh = text_len("我的包裹到现在还没有收到，物流信息一直没有更新。", 400);
    c.bench_function("language/all_400_chars_zh", |b| {
        b.iter(|| all.identify(black_box(&zh)))
    });
}

fn bench_compile(c: &mut Criterion) {
    c.bench_function("engine_new/default_policy", |b| {
        b.iter(|| Engine::new(black_box(Policy::default_policy().unwrap())).unwrap())
    });
    // The default policy plus an unused term no other engine's policy has: its
    // lexicons are compiled anew, as for the first engine of a process.
    let fresh_policy = {
        let n = std::cell::Cell::new(0u64);
        move || {
            n.set(n.get() + 1);
            let mut p = Policy::default_policy().unwrap();
            let term = format!("zzfresh{}", n.get());
            let entry =
                json!({"language": "en", "kind": "sentiment", "term": term, "weight": "-1"});
            p.triage
                .lexicon
                .push(serde_json::from_value(entry).unwrap());
            p
        }
    };
    let mut g = c.benchmark_group("engine_new");
    g.sample_size(10);
    g.bench_function("first", |b| {
        b.iter_batched(
            &fresh_policy,
            |p| Engine::new(p).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
    for (lang, text) in [
        (
            "en",
            "My parcel never arrived and the tracking has not moved for ten days. I want a refund.",
        ),
        (
            "ja",
            "荷物がまだ届きません。追跡も十日間更新されていません。返金してください。",
        ),
    ] {
        let case = case(text);
        g.bench_function(format!("first_assess_{lang}"), |b| {
            b.iter_batched(
                || Engine::new(fresh_policy()).unwrap(),
                |e| {
                    // The engine is dropped after the timing, with the assessment.
                    let a = e.assess(&case, now).unwrap();
                    (e, a)
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_assess,
    bench_parts,
    bench_language,
    bench_compile
);
criterion_main!(benches);
