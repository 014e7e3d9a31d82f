//! How fast a large policy loads: parse (TOML and JSON), validate, compile.
//! The rule-bearing section today is `sla.targets`; the policy here has N targets, each
//! naming a channel, so N targets are 2N rules under `max_policy_rules`.
//!
//! The embedded default policy is timed on its own (`policy_load_default`).
//!
//! `cargo bench -p amends --bench policy_load`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a bench harness

use amends::policy::{Format, Policy};
use amends::Engine;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const CHANNELS: [&str; 7] = [
    "email",
    "chat",
    "social",
    "phone",
    "marketplace_message",
    "self_service",
    "review",
];

fn sla_policy(n: usize) -> String {
    let mut s = String::from("[policy]\nid = \"big\"\nversion = \"1\"\n");
    for i in 0..n {
        s.push_str(&format!(
            "[[sla.targets]]\nname = \"target_{i}\"\nafter = \"{}h{}m\"\nchannels = [\"{}\"]\nsource = \"rule {i}\"\n",
            i % 500 + 1,
            i % 60,
            CHANNELS[i % CHANNELS.len()]
        ));
    }
    s
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("policy_load");
    g.sample_size(20);
    for n in [100usize, 1_000, 5_000, 9_000] {
        let toml = sla_policy(n);
        let json = Policy::parse(&toml, Format::Toml).unwrap().canonical_json();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("toml", n), &toml, |b, t| {
            b.iter(|| Engine::from_policy_text(t).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("json", n), &json, |b, t| {
            b.iter(|| Engine::from_policy_text(t).unwrap())
        });
    }
    g.finish();
}

/// The embedded default policy: from text (parse, compile), and `Engine::new` on a
/// parsed policy (compile only).
fn default_policy(c: &mut Criterion) {
    let mut g = c.benchmark_group("policy_load_default");
    g.sample_size(30);
    let text = amends::policy::DEFAULT_POLICY_TOML;
    let parsed = Policy::parse_unchecked(text, Format::Toml).unwrap();
    g.bench_function("from_policy_text", |b| {
        b.iter(|| Engine::from_policy_text(text).unwrap())
    });
    g.bench_function("engine_new", |b| {
        b.iter(|| Engine::new(parsed.clone()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, load, default_policy);
criterion_main!(benches);
