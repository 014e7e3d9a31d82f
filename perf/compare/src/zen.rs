//! The zen-engine (GoRules JDM) contender: the 16-row table as a first-hit decision table
//! between expression nodes, written the way a JDM user would.
//!
//! zen's numbers are `rust_decimal` values, but its `round()` rounds half away from zero
//! (`MidpointAwayFromZero`), not half-even. The graph therefore rounds with an explicit
//! half-even expression (`floor`, the fraction, `% 2`) at the currency's scale, which the
//! currency table supplies. Inputs are built as `Variable`s from exact decimals: zen's
//! JSON path reads numbers through `f64` unless its `arbitrary_precision` feature is on.
//!
//! Graph: input -> fx (table: currency -> rate to USD, scale) -> convert (total in USD)
//! -> table16 (first hit) -> amounts (percentages, bonus, fixed amount, credit cap) -> output.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use rust_decimal::Decimal;
use serde_json::{json, Value};
use zen_engine::model::GraphContent;
use zen_engine::{Decision, Variable};

use crate::{canon, read_lines, report, time_passes, write_out, Features, R};

/// `x` rounded half-even to an integer, as a zen expression (`x` >= 0).
fn he(x: &str) -> String {
    format!(
        "(floor({x}) + ((({x}) - floor({x}) > 0.5 or (({x}) - floor({x}) == 0.5 and floor({x}) % 2 == 1)) ? 1 : 0))"
    )
}

fn node(id: &str, ty: &str, content: Value) -> Value {
    json!({"id": id, "name": id, "type": ty, "content": content})
}

fn expressions(list: &[(&str, String)]) -> Value {
    let e: Vec<Value> = list
        .iter()
        .enumerate()
        .map(|(i, (k, v))| json!({"id": format!("e{i}"), "key": k, "value": v}))
        .collect();
    json!({"expressions": e, "passThrough": true})
}

fn table(inputs: &[&str], outputs: &[&str], rows: &[(&[&str], &[&str])]) -> Value {
    let ins: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"id": format!("i{i}"), "name": f, "field": f}))
        .collect();
    let outs: Vec<Value> = outputs
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"id": format!("o{i}"), "name": f, "field": f}))
        .collect();
    let rules: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(n, (when, then))| {
            let mut m = serde_json::Map::new();
            m.insert("_id".into(), json!(format!("row{n}")));
            for (i, c) in when.iter().enumerate() {
                m.insert(format!("i{i}"), json!(c));
            }
            for (i, c) in then.iter().enumerate() {
                m.insert(format!("o{i}"), json!(c));
            }
            Value::Object(m)
        })
        .collect();
    json!({"hitPolicy": "first", "inputs": ins, "outputs": outs, "rules": rules, "passThrough": true})
}

/// The decision graph (JDM JSON). `table_only`: the 16-row table node alone, fed the USD
/// total (a measurement of where the time goes, not a contender).
pub fn graph(table_only: bool) -> Value {
    let fx = table(
        &["currency"],
        &["to_usd", "scale"],
        &[
            (&[r#""USD""#], &["1", "100"]),
            (&[r#""EUR""#], &["1.16", "100"]),
            (&[r#""GBP""#], &["1.32", "100"]),
            (&[r#""JPY""#], &["0.0066", "1"]),
            (&[r#""KWD""#], &["3.26", "1000"]),
            (&[r#""BRL""#], &["0.186", "100"]),
        ],
    );
    let convert = expressions(&[
        ("usd_x", "total * to_usd * 100".into()),
        ("total_usd", format!("{} / 100", he("$.usd_x"))),
    ]);
    // category, delay_days, total_usd, tier, risk_score, market
    let dd = r#""delivery_delay""#;
    let nr = r#""not_received""#;
    let dm = r#""damaged""#;
    let qd = r#""quality_defect""#;
    let loyal = r#""gold","platinum""#;
    // row, kind, money, credit, pct, bonus, of, fixed_usd, kind2, money2, pct2
    #[rustfmt::skip]
    let t16 = table(
        &["category", "delay_days", "total_usd", "tier", "risk_score", "market"],
        &[
            "row", "kind", "money", "credit", "pct", "bonus", "of", "fixed_usd", "kind2", "money2",
            "pct2",
        ],
        &[
            (&[dd, ">= 30", ">= 200", "", "", ""], &[r#""r01_long_delay_big_order""#, r#""full_refund""#, "true", "false", "100", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[dd, ">= 30", "", "", "", ""], &[r#""r02_long_delay""#, r#""partial_refund""#, "true", "false", "50", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[dd, ">= 10", "", loyal, "", ""], &[r#""r03_delay_loyal""#, r#""store_credit""#, "true", "true", "40", "10", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[dd, ">= 3", "", "", "", ""], &[r#""r04_delay""#, r#""coupon""#, "false", "false", "0", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[nr, "", ">= 500", "", "", ""], &[r#""r05_not_received_big""#, r#""escalate""#, "false", "false", "0", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[nr, "", "", "", ">= 70", ""], &[r#""r06_not_received_risky""#, r#""request_evidence""#, "false", "false", "0", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[nr, "", "", r#""platinum""#, "", ""], &[r#""r07_not_received_platinum""#, r#""store_credit""#, "true", "true", "160", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[nr, "", "", "", "", ""], &[r#""r08_not_received""#, r#""reship""#, "false", "false", "0", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[dm, "", "", "", "", r#""JP""#], &[r#""r09_damaged_japan""#, r#""apology""#, "false", "false", "0", "0", r#""total""#, "0", r#""gift""#, "true", "5"]),
            (&[dm, "", ">= 100", "", "< 40", ""], &[r#""r10_damaged_big_low_risk""#, r#""partial_refund""#, "true", "false", "35", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[dm, "", "", "", "", ""], &[r#""r11_damaged""#, r#""partial_refund""#, "true", "false", "25", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[qd, "", "", loyal, "", ""], &[r#""r12_defect_loyal""#, r#""store_credit""#, "true", "true", "120", "30", r#""total""#, "0", r#""""#, "false", "0"]),
            (&[qd, "", "", "", "", ""], &[r#""r13_defect""#, r#""partial_refund""#, "true", "false", "20", "0", r#""items""#, "0", r#""""#, "false", "0"]),
            (&[r#""customs_duties""#, "", "", "", "", ""], &[r#""r14_customs""#, r#""coupon""#, "true", "true", "0", "0", r#""total""#, "5", r#""""#, "false", "0"]),
            (&["", "", "", "", "", r#""BR""#], &[r#""r15_brazil""#, r#""partial_refund""#, "true", "false", "10", "0", r#""total""#, "0", r#""""#, "false", "0"]),
            (&["", "", "", "", "", ""], &[r#""r16_fallback""#, r#""apology""#, "false", "false", "0", "0", r#""total""#, "0", r#""""#, "false", "0"]),
        ],
    );
    let amounts = expressions(&[
        ("base", r#"of == "items" ? items : total"#.into()),
        ("a_x", "$.base * pct / 100 * scale".into()),
        ("a", format!("{} / scale", he("$.a_x"))),
        ("b_x", "$.a * bonus / 100 * scale".into()),
        ("b", format!("{} / scale", he("$.b_x"))),
        // A fixed amount in USD: the cross rate rounded to 10 places, then the amount.
        ("r_x", "1 / to_usd * 10000000000".into()),
        ("r", format!("{} / 10000000000", he("$.r_x"))),
        ("f_x", "fixed_usd * $.r * scale".into()),
        ("f", format!("{} / scale", he("$.f_x"))),
        ("raw", "fixed_usd > 0 ? $.f : $.a + $.b".into()),
        ("cap_x", "total * 150 / 100 * scale".into()),
        ("cap", format!("{} / scale", he("$.cap_x"))),
        (
            "amount",
            "money ? (credit and $.raw > $.cap ? $.cap : $.raw) : null".into(),
        ),
        ("g_x", "total * pct2 / 100 * scale".into()),
        (
            "amount2",
            format!("money2 ? {} / scale : null", he("$.g_x")),
        ),
    ]);
    let mut nodes = vec![node("input", "inputNode", json!({}))];
    let mut order = vec!["input"];
    if !table_only {
        nodes.push(node("fx", "decisionTableNode", fx));
        nodes.push(node("convert", "expressionNode", convert));
        order.extend(["fx", "convert"]);
    }
    nodes.push(node("table16", "decisionTableNode", t16));
    order.push("table16");
    if !table_only {
        nodes.push(node("amounts", "expressionNode", amounts));
        order.push("amounts");
    }
    nodes.push(node("output", "outputNode", json!({})));
    order.push("output");
    let edges: Vec<Value> = order
        .windows(2)
        .enumerate()
        .map(|(i, w)| json!({"id": format!("edge{i}"), "sourceId": w[0], "targetId": w[1], "type": "edge"}))
        .collect();
    json!({"nodes": nodes, "edges": edges})
}

fn context(f: &Features) -> Variable {
    let v = Variable::empty_object();
    v.dot_insert("category", Variable::String(f.category.as_str().into()));
    v.dot_insert("currency", Variable::String(f.currency.as_str().into()));
    v.dot_insert("total", Variable::Number(f.total));
    v.dot_insert("items", Variable::Number(f.items));
    v.dot_insert("delay_days", Variable::Number(Decimal::from(f.delay_days)));
    v.dot_insert("tier", Variable::String(f.tier.as_str().into()));
    v.dot_insert("risk_score", Variable::Number(Decimal::from(f.risk_score)));
    v.dot_insert("market", Variable::String(f.market.as_str().into()));
    v
}

fn minor(cur: &str) -> u32 {
    match cur {
        "JPY" => 0,
        "KWD" => 3,
        _ => 2,
    }
}

/// An amount from the graph, written with the currency's minor unit. Padding only: an
/// amount with more decimals than the currency allows is reported as wrong, not rounded.
fn amount(v: Option<Variable>, cur: &str) -> Option<String> {
    match v? {
        Variable::Number(d) => {
            let mu = minor(cur);
            let n = d.normalize();
            if n.scale() > mu {
                return Some(format!("UNROUNDED:{d} {cur}"));
            }
            let mut p = n;
            p.rescale(mu);
            Some(format!("{p} {cur}"))
        }
        _ => None,
    }
}

fn string(v: &Variable, key: &str) -> String {
    match v.dot(key) {
        Some(Variable::String(s)) => s.to_string(),
        _ => String::new(),
    }
}

fn line(f: &Features, r: &Variable) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (k, a) in [("kind", "amount"), ("kind2", "amount2")] {
        let kind = string(r, k);
        if kind.is_empty() {
            continue;
        }
        match amount(r.dot(a), &f.currency) {
            Some(m) => parts.push(format!("{kind}={m}")),
            None => parts.push(kind),
        }
    }
    let outs: Vec<(&str, Option<(Decimal, &str)>)> =
        parts.iter().map(|p| (p.as_str(), None)).collect();
    canon(&f.id, &string(r, "row"), &outs)
}

pub fn run(work: &Path, reps: usize) -> R<()> {
    let feats: Vec<Features> = read_lines(&work.join("features.jsonl"))?
        .iter()
        .map(|l| serde_json::from_str(l))
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
    let content: GraphContent = serde_json::from_value(graph(false))?;
    let mut decision = Decision::from(content);
    decision.compile();
    let compile_ms = t.elapsed().as_secs_f64() * 1000.0;
    let ctxs: Vec<Variable> = feats.iter().map(context).collect();
    let mut lines = Vec::with_capacity(feats.len());
    for (f, c) in feats.iter().zip(&ctxs) {
        let r = pollster::block_on(decision.evaluate(c.clone()))
            .map_err(|e| format!("{}: {e:?}", f.id))?;
        lines.push(line(f, &r.result));
    }
    write_out(work, "zen", &lines)?;
    let ns = time_passes(reps, || {
        for c in &ctxs {
            // The context is shared (Rc); evaluate takes it by value.
            let _ = black_box(pollster::block_on(decision.evaluate(black_box(c.clone()))));
        }
    });
    // Where the time goes: the 16-row table node alone, on contexts that already carry
    // the USD total (computed by the first graph).
    let mut table = Decision::from(serde_json::from_value::<GraphContent>(graph(true))?);
    table.compile();
    let mut tctx = Vec::with_capacity(ctxs.len());
    for c in &ctxs {
        let r = pollster::block_on(decision.evaluate(c.clone())).map_err(|e| format!("{e:?}"))?;
        let t = c.deep_clone();
        if let Some(u) = r.result.dot("total_usd") {
            t.dot_insert("total_usd", u);
        }
        tctx.push(t);
    }
    for (c, l) in tctx.iter().zip(&lines) {
        let r = pollster::block_on(table.evaluate(c.clone())).map_err(|e| format!("{e:?}"))?;
        let row = string(&r.result, "row");
        if !l.contains(&format!("|{row}|")) {
            return Err(format!("table-only graph disagrees: {l} vs {row}").into());
        }
    }
    let ns_table = time_passes(reps, || {
        for c in &tctx {
            let _ = black_box(pollster::block_on(table.evaluate(black_box(c.clone()))));
        }
    });
    report(
        "zen",
        feats.len(),
        ns,
        compile_ms,
        &format!(
            "zen-engine 2.1.6: Decision::evaluate (compiled graph, no trace), pollster::block_on; \
             the 16-row table node alone: {:.2} us",
            ns_table.median as f64 / feats.len() as f64 / 1000.0
        ),
    );
    Ok(())
}
