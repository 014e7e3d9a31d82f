//! The native side of the Python benchmark (`benches/python/bench.py`): times the core
//! on the same cases the Python script times, so the two can be compared side by side.
//!
//! `cargo run --release -p amends-python --example native_bench -- CASES.jsonl NOW [SECONDS]`
//!
//! Prints one JSON object: microseconds per case for the core on a parsed case
//! (`assess`), end to end from JSON text to canonical JSON (`assess_json`), and the batch
//! entry point (`assess_batch_json`).

use std::time::{Duration, Instant};

use amends::{api, Engine};

// A benchmark is a host: it reads the clock the core never reads.
#[allow(clippy::disallowed_methods)]
fn time_per_item(budget: Duration, items: usize, mut f: impl FnMut()) -> f64 {
    // Warm up once, then repeat whole passes until the budget is spent.
    f();
    let start = Instant::now();
    let mut passes = 0u32;
    while start.elapsed() < budget || passes < 3 {
        f();
        passes += 1;
    }
    start.elapsed().as_secs_f64() * 1e6 / (f64::from(passes) * items as f64)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: native_bench CASES.jsonl NOW [SECONDS]")?;
    let now = api::parse_now(&args.next().ok_or("missing NOW")?)?;
    let seconds: f64 = args.next().map_or(Ok(1.0), |s| s.parse())?;
    let budget = Duration::from_secs_f64(seconds);

    let text = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let cases = lines
        .iter()
        .map(|l| api::parse_case(l))
        .collect::<Result<Vec<_>, _>>()?;
    let batch = format!("[{}]", lines.join(","));
    let engine = Engine::default();
    let n = cases.len();

    let mut sink = 0usize;
    let assess = time_per_item(budget, n, || {
        for c in &cases {
            sink += engine.assess(c, now).map_or(0, |a| a.trace.steps.len());
        }
    });
    let assess_json = time_per_item(budget, n, || {
        for l in &lines {
            sink += engine.assess_json(l, now).map_or(0, |s| s.len());
        }
    });
    let batch_json = time_per_item(budget, n, || {
        sink += engine.assess_batch_json(&batch, now).map_or(0, |s| s.len());
    });
    println!(
        "{{\"cases\":{n},\"assess_us\":{assess:.2},\"assess_json_us\":{assess_json:.2},\"assess_batch_json_us\":{batch_json:.2},\"sink\":{}}}",
        sink % 7
    );
    Ok(())
}
