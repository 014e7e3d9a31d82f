//! Monitor timings: `cargo bench -p amends --bench monitor`.
//!
//! - `monitor/observe`: adding one case and its assessment to the heat map, KPIs and
//!   alarm windows (over the 52 cases of `examples/cases.jsonl`, reported per case);
//! - `monitor/report`: building the report (heat map, KPIs, alarms) after those cases;
//! - `monitor/backtest`: the default policy against `tests/policies/strict.toml` over the
//!   same cases: both assessments and the comparison, reported per case.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench harness

use std::hint::black_box;
use std::path::Path;

use amends::monitor::Monitor;
use amends::{api, Assessment, Case, Engine};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)).unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::default();
    let cases: Vec<Case> = repo_file("examples/cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| api::parse_case(l).unwrap())
        .collect();
    let assessed: Vec<(Case, Assessment)> = cases
        .iter()
        .map(|c| (c.clone(), engine.assess(c, c.received_at).unwrap()))
        .collect();

    let mut g = c.benchmark_group("monitor");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("observe", |b| {
        b.iter(|| {
            let mut m = Monitor::new(&engine.policy().monitor);
            for (case, a) in &assessed {
                m.observe(black_box(case), a, None);
            }
            m
        })
    });
    g.throughput(Throughput::Elements(1));
    let mut m = Monitor::new(&engine.policy().monitor);
    for (case, a) in &assessed {
        m.observe(case, a, None);
    }
    g.bench_function("report", |b| b.iter(|| black_box(&m).report()));

    let strict = Engine::from_policy_text(&repo_file("tests/policies/strict.toml")).unwrap();
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("backtest", |b| {
        b.iter(|| engine.backtest(&strict, cases.iter().map(|c| (c, c.received_at)), 10))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
