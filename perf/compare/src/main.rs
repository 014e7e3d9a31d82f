//! Rust contenders of the comparison harness (docs/performance.md).
//!
//! `compare <contender> <WORK> [REPS]` reads `WORK/features.jsonl` or `WORK/cases.jsonl`,
//! writes one canonical line per input to `WORK/out/<contender>.txt`, then times the
//! evaluation loop (one warm-up pass, REPS passes, median) and prints one JSON line of
//! figures. Contenders: `rust_baseline`, `amends_decide`, `amends_assess`, `zen`.
//!
//! Only the evaluation is timed: each contender returns its natural result (a small
//! struct, amends' `Decision` or `Assessment`, zen's response), which is passed to
//! `black_box`; the canonical lines are written once, outside the timed loop.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

mod zen;

const NOW: &str = "2026-11-20T12:00:00Z";

/// Cases per batch call (Rust, Python and wasm alike): a batch document is limited to
/// 1 MiB, and 1,000 generated cases take about 580 KB.
const BATCH: usize = 1000;

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// Flat features of one input, as written by gen.py.
#[derive(Debug, Clone, Deserialize)]
pub struct Features {
    pub id: String,
    pub category: String,
    pub currency: String,
    pub total: Decimal,
    pub items: Decimal,
    pub delay_days: i64,
    pub tier: String,
    pub risk_score: u32,
    pub market: String,
}

/// The canonical line: `id|row|kind[=amount CUR],...`.
pub fn canon(id: &str, row: &str, outs: &[(&str, Option<(Decimal, &str)>)]) -> String {
    let mut s = format!("{id}|{row}|");
    for (i, (k, a)) in outs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(k);
        if let Some((amt, cur)) = a {
            let _ = write!(s, "={amt} {cur}");
        }
    }
    s
}

/// Nanoseconds per pass: the median, the fastest and the slowest pass.
#[derive(Clone, Copy, Default)]
pub struct Passes {
    median: u128,
    min: u128,
    max: u128,
}

/// One warm-up pass, then `reps` timed passes.
fn time_passes(reps: usize, mut pass: impl FnMut()) -> Passes {
    if reps == 0 {
        return Passes::default();
    }
    pass();
    let mut ts = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        pass();
        ts.push(t.elapsed().as_nanos());
    }
    ts.sort_unstable();
    Passes {
        median: ts[ts.len() / 2],
        min: ts[0],
        max: ts[ts.len() - 1],
    }
}

fn report(name: &str, n: usize, p: Passes, load_ms: f64, note: &str) {
    let us = |ns: u128| ns as f64 / n as f64 / 1000.0;
    let med = us(p.median);
    println!(
        "{}",
        serde_json::json!({"contender": name, "n": n, "us_per_decision": med,
            "min_us": us(p.min), "max_us": us(p.max),
            "per_second": if med > 0.0 { 1e6 / med } else { 0.0 },
            "load_ms": if load_ms.is_nan() { None } else { Some(load_ms) }, "note": note})
    );
}

fn read_lines(p: &Path) -> R<Vec<String>> {
    Ok(std::fs::read_to_string(p)?
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

fn write_out(work: &Path, name: &str, lines: &[String]) -> R<()> {
    std::fs::create_dir_all(work.join("out"))?;
    let mut s = lines.join("\n");
    s.push('\n');
    std::fs::write(work.join("out").join(format!("{name}.txt")), s)?;
    Ok(())
}

// ------------------------------------------------------------------ hand-written baseline

/// The hand-written reference: the table as an if-chain over typed inputs, `rust_decimal`
/// arithmetic, half-even rounding to the minor unit.
mod baseline {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum Cat {
        Delay,
        NotReceived,
        Damaged,
        Defect,
        Customs,
        Other,
    }

    #[derive(Clone, Copy)]
    pub struct Cur {
        pub code: &'static str,
        pub to_usd: Decimal,
        pub minor: u32,
        /// 5 USD in this currency (the rate rounded to 10 places, then the minor unit).
        pub five_usd: Decimal,
    }

    pub struct Input {
        pub cat: Cat,
        pub cur: Cur,
        pub total: Decimal,
        pub items: Decimal,
        pub delay: i64,
        pub tier: u8,
        pub risk: u32,
        pub jp: bool,
        pub br: bool,
    }

    #[derive(Clone, Copy, Debug)]
    pub struct Out {
        pub row: u8,
        pub kinds: [&'static str; 2],
        pub amounts: [Option<Decimal>; 2],
    }

    fn he(x: Decimal, dp: u32) -> Decimal {
        x.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
    }

    pub fn currency(code: &str) -> Option<Cur> {
        let (to_usd, minor) = match code {
            "USD" => (Decimal::ONE, 2),
            "EUR" => (Decimal::new(116, 2), 2),
            "GBP" => (Decimal::new(132, 2), 2),
            "JPY" => (Decimal::new(66, 4), 0),
            "KWD" => (Decimal::new(326, 2), 3),
            "BRL" => (Decimal::new(186, 3), 2),
            _ => return None,
        };
        let rate = he(Decimal::ONE / to_usd, 10);
        let code: &'static str = match code {
            "USD" => "USD",
            "EUR" => "EUR",
            "GBP" => "GBP",
            "JPY" => "JPY",
            "KWD" => "KWD",
            _ => "BRL",
        };
        Some(Cur {
            code,
            to_usd,
            minor,
            five_usd: he(Decimal::from(5) * rate, minor),
        })
    }

    pub fn input(f: &Features) -> Option<Input> {
        Some(Input {
            cat: match f.category.as_str() {
                "delivery_delay" => Cat::Delay,
                "not_received" => Cat::NotReceived,
                "damaged" => Cat::Damaged,
                "quality_defect" => Cat::Defect,
                "customs_duties" => Cat::Customs,
                _ => Cat::Other,
            },
            cur: currency(&f.currency)?,
            total: f.total,
            items: f.items,
            delay: f.delay_days,
            tier: match f.tier.as_str() {
                "silver" => 1,
                "gold" => 2,
                "platinum" => 3,
                _ => 0,
            },
            risk: f.risk_score,
            jp: f.market == "JP",
            br: f.market == "BR",
        })
    }

    pub const ROWS: [&str; 16] = [
        "r01_long_delay_big_order",
        "r02_long_delay",
        "r03_delay_loyal",
        "r04_delay",
        "r05_not_received_big",
        "r06_not_received_risky",
        "r07_not_received_platinum",
        "r08_not_received",
        "r09_damaged_japan",
        "r10_damaged_big_low_risk",
        "r11_damaged",
        "r12_defect_loyal",
        "r13_defect",
        "r14_customs",
        "r15_brazil",
        "r16_fallback",
    ];

    #[inline]
    pub fn decide(i: &Input) -> Out {
        let mu = i.cur.minor;
        let pct = |x: Decimal, p: i64| he(x * Decimal::from(p) / Decimal::ONE_HUNDRED, mu);
        let usd = he(i.total * i.cur.to_usd, 2);
        let cap = || pct(i.total, 150);
        let one = |row: u8, k: &'static str, a: Option<Decimal>| Out {
            row,
            kinds: [k, ""],
            amounts: [a, None],
        };
        use Cat::*;
        match i.cat {
            Delay if i.delay >= 30 && usd >= Decimal::from(200) => {
                one(1, "full_refund", Some(i.total))
            }
            Delay if i.delay >= 30 => one(2, "partial_refund", Some(pct(i.total, 50))),
            Delay if i.delay >= 10 && i.tier >= 2 => {
                let a = pct(i.total, 40);
                one(3, "store_credit", Some((a + pct(a, 10)).min(cap())))
            }
            Delay if i.delay >= 3 => one(4, "coupon", None),
            NotReceived if usd >= Decimal::from(500) => one(5, "escalate", None),
            NotReceived if i.risk >= 70 => one(6, "request_evidence", None),
            NotReceived if i.tier == 3 => {
                one(7, "store_credit", Some(pct(i.total, 160).min(cap())))
            }
            NotReceived => one(8, "reship", None),
            Damaged if i.jp => Out {
                row: 9,
                kinds: ["apology", "gift"],
                amounts: [None, Some(pct(i.total, 5))],
            },
            Damaged if usd >= Decimal::ONE_HUNDRED && i.risk < 40 => {
                one(10, "partial_refund", Some(pct(i.total, 35)))
            }
            Damaged => one(11, "partial_refund", Some(pct(i.total, 25))),
            Defect if i.tier >= 2 => {
                let a = pct(i.total, 120);
                one(12, "store_credit", Some((a + pct(a, 30)).min(cap())))
            }
            Defect => one(13, "partial_refund", Some(pct(i.items, 20))),
            Customs => one(14, "coupon", Some(i.cur.five_usd.min(cap()))),
            _ if i.br => one(15, "partial_refund", Some(pct(i.total, 10))),
            _ => one(16, "apology", None),
        }
    }

    pub fn line(id: &str, i: &Input, o: &Out) -> String {
        let mut outs = Vec::new();
        for (k, a) in o.kinds.iter().zip(o.amounts.iter()) {
            if !k.is_empty() {
                // Formatting: pad to the minor unit (5 USD is written 5.00 USD).
                let pad = |mut a: Decimal| {
                    if a.scale() < i.cur.minor {
                        a.rescale(i.cur.minor);
                    }
                    a
                };
                outs.push((*k, a.map(|a| (pad(a), i.cur.code))));
            }
        }
        canon(id, ROWS[usize::from(o.row) - 1], &outs)
    }
}

fn run_baseline(work: &Path, reps: usize) -> R<()> {
    let feats: Vec<Features> = read_lines(&work.join("features.jsonl"))?
        .iter()
        .map(|l| serde_json::from_str(l))
        .collect::<Result<_, _>>()?;
    let inputs: Vec<baseline::Input> = feats
        .iter()
        .map(|f| baseline::input(f).ok_or("unknown currency"))
        .collect::<Result<_, _>>()?;
    let lines: Vec<String> = feats
        .iter()
        .zip(&inputs)
        .map(|(f, i)| baseline::line(&f.id, i, &baseline::decide(i)))
        .collect();
    write_out(work, "rust_baseline", &lines)?;
    let ns = time_passes(reps, || {
        for i in &inputs {
            black_box(baseline::decide(black_box(i)));
        }
    });
    report(
        "rust_baseline",
        inputs.len(),
        ns,
        f64::NAN, // nothing to load or compile
        "if-chain, rust_decimal",
    );
    Ok(())
}

// ------------------------------------------------------------------ amends

fn assessment_line(a: &amends::Assessment) -> String {
    let r = &a.remedy;
    let row = r
        .rules
        .first()
        .map(|s| s.split_once('.').map_or(s.as_str(), |x| x.1))
        .unwrap_or("?");
    let mut outs = Vec::new();
    if let Some(o) = r.options.get(r.recommended.unwrap_or(0)) {
        for x in &o.outcomes {
            outs.push((
                x.kind.as_str(),
                x.amount.map(|m| (m.amount, m.currency.code())),
            ));
        }
    }
    canon(&a.case_id, row, &outs)
}

fn load_amends(work: &Path) -> R<(amends::Engine, amends::Policy, Vec<amends::Case>, f64, f64)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("table16.toml"))?;
    let t = Instant::now();
    let policy = amends::policy::Policy::parse(&text, amends::policy::Format::Toml)
        .map_err(|e| format!("{e:?}"))?;
    let engine = amends::Engine::new(policy.clone()).map_err(|e| format!("{e:?}"))?;
    let compile_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let cases = read_lines(&work.join("cases.jsonl"))?
        .iter()
        .map(|l| amends::api::parse_case(l).map_err(|e| format!("{e:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    let parse_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok((engine, policy, cases, compile_ms, parse_ms))
}

fn run_amends_assess(work: &Path, reps: usize) -> R<()> {
    let now = amends::api::parse_now(NOW).map_err(|e| format!("{e:?}"))?;
    let (engine, _, cases, compile_ms, parse_ms) = load_amends(work)?;
    let mut lines = Vec::with_capacity(cases.len());
    for c in &cases {
        lines.push(assessment_line(
            &engine.assess(c, now).map_err(|e| format!("{e:?}"))?,
        ));
    }
    write_out(work, "amends_assess", &lines)?;
    let ns = time_passes(reps, || {
        for c in &cases {
            let _ = black_box(engine.assess(black_box(c), now));
        }
    });
    report(
        "amends_assess",
        cases.len(),
        ns,
        compile_ms,
        &format!(
            "Engine::assess on parsed cases (full pipeline); parsing {parse_ms:.0} ms not counted"
        ),
    );
    Ok(())
}

fn run_amends_batch_json(work: &Path, reps: usize) -> R<()> {
    let now = amends::api::parse_now(NOW).map_err(|e| format!("{e:?}"))?;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("table16.toml"))?;
    let t = Instant::now();
    let engine = amends::Engine::from_policy_text(&text).map_err(|e| format!("{e:?}"))?;
    let compile_ms = t.elapsed().as_secs_f64() * 1000.0;
    let cases = read_lines(&work.join("cases.jsonl"))?;
    // A batch document is limited to 1 MiB (docs/limits.md): arrays of BATCH cases.
    let batches: Vec<String> = cases
        .chunks(BATCH)
        .map(|c| format!("[{}]", c.join(",")))
        .collect();
    let mut lines = Vec::with_capacity(cases.len());
    for b in &batches {
        let out = engine
            .assess_batch_json(b, now)
            .map_err(|e| format!("{e:?}"))?;
        let results: Vec<serde_json::Value> = serde_json::from_str(&out)?;
        for r in &results {
            let a: amends::Assessment =
                serde_json::from_value(r["assessment"].clone()).map_err(|e| format!("{e}: {r}"))?;
            lines.push(assessment_line(&a));
        }
    }
    write_out(work, "amends_batch_json", &lines)?;
    let ns = time_passes(reps, || {
        for b in &batches {
            let _ = black_box(engine.assess_batch_json(black_box(b), now));
        }
    });
    report(
        "amends_batch_json",
        cases.len(),
        ns,
        compile_ms,
        "Engine::assess_batch_json over arrays of 1000 cases: JSON in and out (what the bindings' batch calls run)",
    );
    Ok(())
}

fn run_amends_decide(work: &Path, reps: usize) -> R<()> {
    let now = amends::api::parse_now(NOW).map_err(|e| format!("{e:?}"))?;
    let (engine, policy, cases, _, _) = load_amends(work)?;
    let t = Instant::now();
    let ev = amends::remedy::Evaluator::new(&policy.remedy, policy.fx.as_ref()).map_err(|e| format!("{e:?}"))?;
    let compile_ms = t.elapsed().as_secs_f64() * 1000.0;
    // Triage and risk come from the full pipeline, once, as in benches/remedy.rs.
    let mut inputs = Vec::with_capacity(cases.len());
    for c in &cases {
        let a = engine.assess(c, now).map_err(|e| format!("{e:?}"))?;
        inputs.push((c, a.triage, a.risk, ev.prepare(c, now)));
    }
    let ids: Vec<(usize, Vec<&str>)> = policy
        .remedy
        .groups
        .iter()
        .enumerate()
        .map(|(g, grp)| (g, grp.rules.iter().map(|r| r.id.as_str()).collect()))
        .collect();
    let mut lines = Vec::with_capacity(cases.len());
    for (c, t, r, p) in &inputs {
        let d = ev.decide(c, t, r, p, now);
        let row = d
            .hits
            .first()
            .and_then(|(g, r)| ids.get(*g).and_then(|x| x.1.get(*r)).copied())
            .unwrap_or("?");
        let mut outs = Vec::new();
        if let Some(o) = d.options.get(d.recommended.unwrap_or(0)) {
            for x in &o.outcomes {
                outs.push((
                    x.kind().as_str(),
                    x.amount.map(|m| (m.amount, m.currency.code())),
                ));
            }
        }
        lines.push(canon(&c.id, row, &outs));
    }
    write_out(work, "amends_decide", &lines)?;
    let ns = time_passes(reps, || {
        for (c, t, r, p) in &inputs {
            black_box(ev.decide(black_box(c), t, r, p, now));
        }
    });
    report(
        "amends_decide",
        inputs.len(),
        ns,
        compile_ms,
        "remedy::Evaluator::decide on prepared inputs (facts, FX table, triage, risk)",
    );
    Ok(())
}

// ------------------------------------------------------------------ main

fn main() -> R<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(which), Some(work)) = (args.get(1), args.get(2)) else {
        return Err(
            "usage: compare <rust_baseline|amends_decide|amends_assess|zen> WORK [REPS]".into(),
        );
    };
    let reps: usize = args.get(3).map_or(Ok(7), |s| s.parse())?;
    let work = Path::new(work);
    match which.as_str() {
        "rust_baseline" => run_baseline(work, reps),
        "amends_decide" => run_amends_decide(work, reps),
        "amends_assess" => run_amends_assess(work, reps),
        "amends_batch_json" => run_amends_batch_json(work, reps),
        "zen" => zen::run(work, reps),
        "zen_graph" => {
            println!("{}", serde_json::to_string_pretty(&zen::graph(false))?);
            Ok(())
        }
        _ => Err(format!("unknown contender {which}").into()),
    }
}
