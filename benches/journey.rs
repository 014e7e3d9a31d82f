//! Journey benchmarks: one `step` and one `tick` call on the built-in machines, from a
//! parsed snapshot (the host's steady state), plus the JSON entry points the bindings use.
//!
//! `cargo bench -p amends --bench journey`

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark harness

use std::hint::black_box;

use amends::journey::{Event, Machine, StartInput};
use amends::Engine;
use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::default();
    let order = Machine::from_policy(&engine, "order").unwrap();
    let complaint = Machine::from_policy(&engine, "complaint").unwrap();
    let ctx = [
        (
            "estimated_delivery_at".to_string(),
            serde_json::json!("2026-11-12T00:00:00Z"),
        ),
        (
            "route_average_transit_days".to_string(),
            serde_json::json!(6),
        ),
    ]
    .into();
    let start = order
        .start(
            &StartInput {
                instance: "o-1".into(),
                context: ctx,
            },
            t("2026-11-02T10:00:00Z"),
        )
        .unwrap();
    let paid = order
        .step(
            &start.snapshot,
            &Event {
                event: "paid".into(),
                at: t("2026-11-02T11:00:00Z"),
                data: Default::default(),
            },
            t("2026-11-02T11:00:00Z"),
        )
        .unwrap()
        .snapshot;
    let shipped = Event {
        event: "shipped".into(),
        at: t("2026-11-03T11:00:00Z"),
        data: Default::default(),
    };
    c.bench_function("journey/order/step", |b| {
        b.iter(|| {
            order.step(
                black_box(&paid),
                black_box(&shipped),
                t("2026-11-03T11:00:00Z"),
            )
        })
    });
    c.bench_function("journey/order/tick_nothing_due", |b| {
        b.iter(|| order.tick(black_box(&paid), t("2026-11-03T00:00:00Z")))
    });
    c.bench_function("journey/order/tick_fires_stall_and_late", |b| {
        b.iter(|| order.tick(black_box(&paid), t("2026-11-20T00:00:00Z")))
    });

    let c0 = complaint
        .start(
            &StartInput {
                instance: "c-1".into(),
                context: [("channel".to_string(), serde_json::json!("review"))].into(),
            },
            t("2026-11-02T09:00:00Z"),
        )
        .unwrap()
        .snapshot;
    let respond = Event {
        event: "respond".into(),
        at: t("2026-11-02T10:00:00Z"),
        data: Default::default(),
    };
    c.bench_function("journey/complaint/step_with_clocks", |b| {
        b.iter(|| {
            complaint.step(
                black_box(&c0),
                black_box(&respond),
                t("2026-11-02T10:00:00Z"),
            )
        })
    });
    c.bench_function("journey/complaint/tick_breaches_three_clocks", |b| {
        b.iter(|| complaint.tick(black_box(&c0), t("2026-11-06T00:00:00Z")))
    });

    let snap_json = serde_json::to_string(&paid).unwrap();
    let event_json = serde_json::to_string(&shipped).unwrap();
    c.bench_function("journey/order/step_json", |b| {
        b.iter(|| {
            order.step_json(
                black_box(&snap_json),
                black_box(&event_json),
                t("2026-11-03T11:00:00Z"),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
