//! Risk scoring per case.
//!
//! The risk stage is measured through the public facade: the same cases are assessed by the
//! default engine and by an engine whose `risk` section has no signals; the difference is
//! the cost of scoring. The product (SKU) index is measured on its own.
//!
//! `cargo bench -p amends --bench risk`

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark

use std::hint::black_box;

use amends::case::ProductStats;
use amends::policy::Policy;
use amends::risk::product_risk_index;
use amends::{api, Engine};
use criterion::{criterion_group, criterion_main, Criterion};

const QUIET: &str = r#"{
  "id": "q", "received_at": "2026-11-20T09:00:00Z",
  "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
  "channel": "email", "category_hint": "damaged",
  "claim": {"kind": "partial_refund", "amount": {"amount": "30.00", "currency": "EUR"}},
  "order": {"id": "o1", "placed_at": "2026-10-20T10:00:00Z",
    "total": {"amount": "120.00", "currency": "EUR"},
    "items": [{"sku": "LAMP-BR", "quantity": 1, "unit_price": {"amount": "120.00", "currency": "EUR"}}],
    "shipment": {"origin": "CN", "destination": "DE", "shipped_at": "2026-10-21T08:00:00Z",
      "estimated_delivery_at": "2026-11-04T00:00:00Z", "delivered_at": "2026-11-03T14:00:00Z",
      "status": "delivered"}},
  "buyer": {"id": "b1", "account_created_at": "2025-09-01T00:00:00Z", "history": {"orders": 5}}
}"#;

const LOADED: &str = r#"{
  "id": "l", "received_at": "2026-11-20T09:00:00Z",
  "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
  "channel": "email", "category_hint": "not_received",
  "claim": {"kind": "refund", "amount": {"amount": "120.00", "currency": "EUR"}, "skus": ["LAMP-BR"]},
  "order": {"id": "o1", "placed_at": "2026-10-20T10:00:00Z",
    "total": {"amount": "120.00", "currency": "EUR"},
    "items": [{"sku": "LAMP-BR", "quantity": 1, "unit_price": {"amount": "90.00", "currency": "EUR"}},
              {"sku": "BULB-E27", "quantity": 3, "unit_price": {"amount": "10.00", "currency": "EUR"}}],
    "shipment": {"origin": "CN", "destination": "DE", "shipped_at": "2026-10-21T08:00:00Z",
      "estimated_delivery_at": "2026-11-04T00:00:00Z", "delivered_at": "2026-11-03T14:00:00Z",
      "status": "delivered", "proof_of_delivery": "signature"}},
  "buyer": {"id": "b1", "account_created_at": "2026-11-01T00:00:00Z",
    "history": {"orders": 8, "claims": 5, "not_received_claims": 4, "chargebacks": 1, "disputes": 2,
      "order_value": {"amount": "800.00", "currency": "EUR"},
      "refunded_value": {"amount": "300.00", "currency": "USD"}},
    "linked_accounts": ["h:1", "h:2"]},
  "risk_context": {"forwarder_address": true, "billing_shipping_mismatch": true,
    "address_changed_after_dispatch": true, "proof_address_match": true,
    "linked_claims_7d": 2, "linked_claims_30d": 4, "fingerprints_seen_elsewhere": 1,
    "high_resale_skus": ["LAMP-BR"], "returns": 5,
    "products": [{"sku": "LAMP-BR", "orders": 600, "complaints": 81, "peer_orders": 12000, "peer_complaints": 700}]}
}"#;

fn engines() -> (Engine, Engine) {
    let full = Engine::default();
    let mut p = Policy::default_policy().unwrap();
    p.risk.signals = Default::default();
    p.risk.triage_signals.clear();
    p.risk.fairness = None;
    (full, Engine::new(p).unwrap())
}

fn bench(c: &mut Criterion) {
    let (full, off) = engines();
    let now = api::parse_now("2026-11-20T12:00:00Z").unwrap();
    for (name, json) in [("quiet", QUIET), ("loaded", LOADED)] {
        let case = api::parse_case(json).unwrap();
        let mut g = c.benchmark_group(format!("risk/{name}"));
        g.bench_function("assess_with_risk", |b| {
            b.iter(|| full.assess(black_box(&case), now).unwrap())
        });
        g.bench_function("assess_risk_off", |b| {
            b.iter(|| off.assess(black_box(&case), now).unwrap())
        });
        g.finish();
    }
    let rule = Policy::default_policy()
        .unwrap()
        .risk
        .signals
        .product_complaint_rate
        .unwrap();
    let stats = ProductStats {
        sku: "LAMP-BR".into(),
        orders: 600,
        complaints: 81,
        peer_orders: 12_000,
        peer_complaints: 700,
    };
    c.bench_function("risk/product_index", |b| {
        b.iter(|| product_risk_index(black_box(&stats), &rule))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
