//! The columnar API: `cargo bench -p amends --features arrow --bench columnar`.
//!
//! - `record_batch/structured`: a batch of 1,040 cases (the 52 examples, each 20 times
//!   with its own id) without the buyer's text, typed columns only;
//! - `record_batch/with_text`: the same cases with their text;
//! - `record_batch/with_text_json`: with text and the `assessment_json` column;
//! - `record_batch/fields_with_text`: the same cases as field columns (structs) instead
//!   of a `case` column of JSON text.
//!
//! Criterion reports time per batch; divide by 1,040 for time per case on one core.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench harness

use std::hint::black_box;
use std::sync::Arc;

use amends::columnar::Options;
use amends::{api, Engine};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const COPIES: usize = 20;

fn cases(text: bool) -> Vec<String> {
    let examples = include_str!("../examples/cases.jsonl");
    let mut out = Vec::new();
    for copy in 0..COPIES {
        for line in examples.lines().filter(|l| !l.trim().is_empty()) {
            let mut case: serde_json::Value = serde_json::from_str(line).unwrap();
            let object = case.as_object_mut().unwrap();
            let id = format!("{}-{copy}", object["id"].as_str().unwrap());
            object.insert("id".into(), id.into());
            if !text {
                object.remove("text");
            }
            out.push(case.to_string());
        }
    }
    out
}

fn case_column(lines: &[String]) -> RecordBatch {
    let column: ArrayRef = Arc::new(StringArray::from_iter_values(lines));
    RecordBatch::try_from_iter(vec![("case", column)]).unwrap()
}

fn field_columns(lines: &[String]) -> RecordBatch {
    let text = lines.join("\n");
    let (schema, _) = arrow_json::reader::infer_json_schema(text.as_bytes(), None).unwrap();
    let mut reader = arrow_json::ReaderBuilder::new(Arc::new(schema))
        .with_batch_size(lines.len())
        .build(text.as_bytes())
        .unwrap();
    reader.next().unwrap().unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::default();
    let now = api::parse_now("2026-11-23T12:00:00Z").unwrap();
    let structured = case_column(&cases(false));
    let with_text_lines = cases(true);
    let with_text = case_column(&with_text_lines);
    let fields = field_columns(&with_text_lines);
    let mut g = c.benchmark_group("record_batch");
    g.throughput(Throughput::Elements(structured.num_rows() as u64));
    let typed = Options::default();
    let json = Options {
        assessment_json: true,
    };
    for (name, batch, options) in [
        ("structured", &structured, typed),
        ("with_text", &with_text, typed),
        ("with_text_json", &with_text, json),
        ("fields_with_text", &fields, typed),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .assess_record_batch(black_box(batch), now, options)
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
