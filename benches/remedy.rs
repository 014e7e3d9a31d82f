//! Remedy evaluation benchmarks.
//!
//! - `remedy/table16_decide`: the 16-row first-hit decision table of
//!   `tests/policies/table16.toml` (category x delay days x order amount converted to USD x
//!   tier x risk score x market -> tier, action, amount, then the 150% credit cap and
//!   half-even rounding), compiled once; one decision per case over 16 cases that hit
//!   each row. Reported per decision (throughput in elements).
//! - `remedy/table16_evaluate`: the same plus rendering the `remedy` section and trace.
//! - `remedy/default_decide`: the default policy's full menu logic (45-day delay menu).
//! - `remedy/engine_assess_table16`: the whole engine (triage, risk, remedy, routing, SLA).
//!
//! Run: `cargo bench -p amends --bench remedy`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a bench

use std::hint::black_box;
use std::path::Path;

use amends::api;
use amends::policy::{Format, Policy};
use amends::remedy::Evaluator;
use amends::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::json;

const NOW: &str = "2026-11-20T12:00:00Z";

fn table16() -> Policy {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/policies/table16.toml");
    Policy::parse(&std::fs::read_to_string(p).unwrap(), Format::Toml).unwrap()
}

fn case(cat: &str, cur: &str, total: &str, market: &str, delay: i64, tier: &str) -> amends::Case {
    let est = chrono::DateTime::parse_from_rfc3339(NOW).unwrap() - chrono::Duration::days(delay);
    let v = json!({
        "id": "b", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s", "marketplace": "amazon", "country": market, "group": "g"},
        "channel": "email", "category_hint": cat,
        "order": {"id": "o", "placed_at": "2026-09-01T00:00:00Z",
                  "total": {"amount": total, "currency": cur},
                  "items": [{"sku": "A", "quantity": 1, "unit_price": {"amount": total, "currency": cur}}],
                  "shipment": {"origin": "CN", "destination": market, "status": "in_transit",
                               "estimated_delivery_at": est.to_rfc3339()}},
        "buyer": {"id": "b", "tier": tier}
    });
    api::parse_case(&v.to_string()).unwrap()
}

fn cases() -> Vec<amends::Case> {
    vec![
        case("delivery_delay", "EUR", "250.00", "FR", 35, "silver"),
        case("delivery_delay", "EUR", "33.33", "FR", 35, "silver"),
        case("delivery_delay", "EUR", "77.77", "FR", 12, "gold"),
        case("delivery_delay", "USD", "40.00", "US", 4, "none"),
        case("not_received", "USD", "650.00", "US", 0, "silver"),
        case("not_received", "GBP", "20.00", "GB", 0, "silver"),
        case("not_received", "JPY", "3333", "JP", 0, "platinum"),
        case("not_received", "EUR", "60.00", "DE", 0, "silver"),
        case("damaged", "JPY", "4980", "JP", 0, "silver"),
        case("damaged", "KWD", "45.125", "KW", 0, "silver"),
        case("damaged", "EUR", "20.00", "FR", 0, "silver"),
        case("quality_defect", "USD", "80.00", "US", 0, "gold"),
        case("quality_defect", "USD", "80.00", "US", 0, "silver"),
        case("customs_duties", "EUR", "30.00", "DE", 0, "silver"),
        case("service", "BRL", "99.99", "BR", 0, "silver"),
        case("other", "EUR", "10.00", "FR", 0, "silver"),
    ]
}

fn bench(c: &mut Criterion) {
    let now = api::parse_now(NOW).unwrap();
    let policy = table16();
    let ev = Evaluator::new(&policy.remedy, policy.fx.as_ref()).unwrap();
    let engine = Engine::new(policy).unwrap();
    let cases = cases();
    let inputs: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let a = engine.assess(c, now).unwrap();
            let mut risk = a.risk;
            if i == 5 {
                // Row 6 tests a high risk score; risk scoring is passed in here.
                risk.score = 80;
            }
            (c, a.triage, risk, ev.prepare(c, now))
        })
        .collect();
    // Every row of the table is hit once.
    let mut rows: Vec<_> = inputs
        .iter()
        .map(|(c, t, r, p)| ev.decide(c, t, r, p, now).hits[0].1)
        .collect();
    rows.sort_unstable();
    assert_eq!(rows, (0..16).collect::<Vec<_>>());

    let mut g = c.benchmark_group("remedy");
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("table16_decide", |b| {
        b.iter(|| {
            for (c, t, r, p) in &inputs {
                black_box(ev.decide(black_box(c), t, r, p, now));
            }
        })
    });
    g.bench_function("table16_evaluate", |b| {
        b.iter(|| {
            for (c, t, r, p) in &inputs {
                black_box(ev.evaluate(black_box(c), t, r, p, now));
            }
        })
    });
    g.bench_function("engine_assess_table16", |b| {
        b.iter(|| {
            for c in &cases {
                black_box(engine.assess(black_box(c), now).unwrap());
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    let default_policy = Policy::default_policy().unwrap();
    let dflt = Evaluator::new(&default_policy.remedy, default_policy.fx.as_ref()).unwrap();
    let menu = case("not_received", "EUR", "80.00", "FR", 50, "silver");
    let a = Engine::default().assess(&menu, now).unwrap();
    let p = dflt.prepare(&menu, now);
    assert_eq!(
        dflt.decide(&menu, &a.triage, &a.risk, &p, now)
            .options
            .len(),
        3
    );
    g.bench_function("default_decide_45_day_menu", |b| {
        b.iter(|| black_box(dflt.decide(black_box(&menu), &a.triage, &a.risk, &p, now)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
