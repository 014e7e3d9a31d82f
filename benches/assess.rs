//! Whole-assessment timings on realistic cases: `cargo bench -p amends --bench assess`.
//!
//! - `assess/examples`: `Engine::assess` over the 52 cases of `examples/cases.jsonl`
//!   (31 written by hand in 15 languages, 21 built from real Olist orders and reviews),
//!   reported per case;
//! - `assess/examples_no_text`: the same cases with their text removed, to separate
//!   text triage from the structured stages;
//! - `assess/examples_no_explain`: the examples under the default policy with
//!   `[explain] enabled = false`: the cost of the `why_not`, `what_would_change` and
//!   `buyer_summary` sections is the difference with `assess/examples`;
//! - `assess_json/examples`: the same through `Engine::assess_json` (parse the case,
//!   assess, write the assessment as JSON), as the bindings and the CLI do;
//! - `explain_cost`: the same two engines timed in alternation (200 rounds over the
//!   examples, the order swapped every round), printing the median time per case of each
//!   and their ratio: on a shared machine the separate criterion runs drift more than the
//!   difference they measure;
//! - `assess/examples_decision`, `assess_json/examples_decision`: the same with
//!   `sections = decision` (no trace; the decision form written);
//! - `assess/text_<n>_chars`: one English complaint cut to n characters, to show how
//!   triage grows with text length.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a bench harness

use std::hint::black_box;
use std::path::Path;

use amends::{api, Engine};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const NOW: &str = "2026-11-23T12:00:00Z";

fn example_lines() -> Vec<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cases.jsonl");
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn bench_examples(c: &mut Criterion) {
    let engine = Engine::default();
    let now = api::parse_now(NOW).unwrap();
    let lines = example_lines();
    let cases: Vec<amends::Case> = lines.iter().map(|l| api::parse_case(l).unwrap()).collect();
    let silent: Vec<amends::Case> = cases
        .iter()
        .cloned()
        .map(|mut c| {
            c.text.clear();
            c
        })
        .collect();

    let mut g = c.benchmark_group("assess");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("examples", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(engine.assess(black_box(case), now).unwrap());
            }
        })
    });
    let quiet = Engine::from_policy_text(
        "[policy]\nid = 'no-explain'\nversion = '1'\nextends = 'amends.default'\n[explain]\nenabled = false\n",
    )
    .unwrap();
    g.bench_function("examples_no_explain", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(quiet.assess(black_box(case), now).unwrap());
            }
        })
    });
    g.bench_function("examples_decision", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(
                    engine
                        .assess_sections(black_box(case), now, api::Sections::Decision)
                        .unwrap(),
                );
            }
        })
    });
    g.bench_function("examples_no_text", |b| {
        b.iter(|| {
            for case in &silent {
                black_box(engine.assess(black_box(case), now).unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("assess_json");
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("examples", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(engine.assess_json(black_box(line), now).unwrap());
            }
        })
    });
    g.bench_function("examples_decision", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(
                    engine
                        .assess_json_sections(black_box(line), now, api::Sections::Decision)
                        .unwrap(),
                );
            }
        })
    });
    g.finish();
}

// A timing harness: reading the clock is its purpose.
#[allow(clippy::disallowed_methods)]
fn bench_explain_cost(c: &mut Criterion) {
    use std::time::Instant;
    if !std::env::args().any(|a| a.contains("explain_cost")) {
        return;
    }
    let _ = c;
    let now = api::parse_now(NOW).unwrap();
    let cases: Vec<amends::Case> = example_lines()
        .iter()
        .map(|l| api::parse_case(l).unwrap())
        .collect();
    let with = Engine::default();
    let without = Engine::from_policy_text(
        "[policy]\nid = 'no-explain'\nversion = '1'\nextends = 'amends.default'\n[explain]\nenabled = false\n",
    )
    .unwrap();
    let run = |e: &Engine| {
        let t = Instant::now();
        for case in &cases {
            black_box(e.assess(black_box(case), now).unwrap());
        }
        t.elapsed().as_secs_f64() / cases.len() as f64
    };
    for _ in 0..20 {
        run(&with);
        run(&without);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..200 {
        if round % 2 == 0 {
            a.push(run(&with));
            b.push(run(&without));
        } else {
            b.push(run(&without));
            a.push(run(&with));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ma, mb) = (median(&mut a), median(&mut b));
    println!(
        "explain_cost: with the sections {:.1} us/case, without {:.1} us/case, ratio {:.3}",
        ma * 1e6,
        mb * 1e6,
        ma / mb
    );
}

fn bench_text_length(c: &mut Criterion) {
    let engine = Engine::default();
    let now = api::parse_now(NOW).unwrap();
    let seed = "My parcel never arrived and I am really angry. I paid a lot for this order and \
                the tracking has not moved for two weeks. If I do not get a refund I will file \
                a chargeback with my bank and leave a bad review. ";
    let base = api::parse_case(&example_lines()[0]).unwrap();
    let mut g = c.benchmark_group("assess");
    for n in [0usize, 50, 200, 400, 1600, 4000] {
        let text: String = seed.chars().cycle().take(n).collect();
        let mut case = base.clone();
        case.text = text;
        g.bench_function(format!("text_{n}_chars"), |b| {
            b.iter(|| engine.assess(black_box(&case), now).unwrap())
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_examples,
    bench_text_length,
    bench_explain_cost
);
criterion_main!(benches);
