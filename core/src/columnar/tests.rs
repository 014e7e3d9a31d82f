use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Decimal128Array, RecordBatch, StringArray, StructArray};
use arrow_schema::{DataType, Field, Schema};

use super::{output_schema, Options};
use crate::{api, Engine};

fn now() -> chrono::DateTime<chrono::Utc> {
    api::parse_now("2026-11-23T12:00:00Z").unwrap_or_default()
}

fn example_lines() -> Vec<String> {
    include_str!("../../../examples/cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn case_batch(lines: &[Option<&str>]) -> RecordBatch {
    let column: ArrayRef = Arc::new(lines.iter().copied().collect::<StringArray>());
    let schema = Schema::new(vec![Field::new("case", DataType::Utf8, true)]);
    RecordBatch::try_new(Arc::new(schema), vec![column]).unwrap_or_else(|e| unreachable!("{e}"))
}

fn text_column<'a>(batch: &'a RecordBatch, name: &str) -> Vec<Option<&'a str>> {
    batch
        .column_by_name(name)
        .map(|c| c.as_string::<i32>().iter().collect())
        .unwrap_or_default()
}

#[test]
fn json_column_rows_match_the_row_api_byte_for_byte() {
    let engine = Engine::default();
    let lines = example_lines();
    let cells: Vec<Option<&str>> = lines.iter().map(|l| Some(l.as_str())).collect();
    let options = Options {
        assessment_json: true,
    };
    let out = engine.assess_record_batch(&case_batch(&cells), now(), options);
    let out = out.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.schema(), output_schema(options));
    assert_eq!(out.num_rows(), lines.len());
    let json = text_column(&out, "assessment_json");
    for (line, got) in lines.iter().zip(json) {
        let want = engine.assess_json(line, now()).ok();
        assert_eq!(got, want.as_deref());
    }
    assert!(text_column(&out, "error_code").iter().all(Option::is_none));
}

#[test]
fn field_columns_give_the_same_decisions_as_the_json_column() {
    let engine = Engine::default();
    let lines = example_lines();
    let text = lines.join("\n");
    let (schema, _) = arrow_json::reader::infer_json_schema(text.as_bytes(), None)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut reader = arrow_json::ReaderBuilder::new(Arc::new(schema))
        .with_batch_size(lines.len())
        .build(text.as_bytes())
        .unwrap_or_else(|e| unreachable!("{e}"));
    let fields = reader
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| unreachable!("one batch"));
    let options = Options {
        assessment_json: true,
    };
    let from_fields = engine.assess_record_batch(&fields, now(), options);
    let cells: Vec<Option<&str>> = lines.iter().map(|l| Some(l.as_str())).collect();
    let from_json = engine.assess_record_batch(&case_batch(&cells), now(), options);
    let (a, b) = (
        from_fields.unwrap_or_else(|e| unreachable!("{e}")),
        from_json.unwrap_or_else(|e| unreachable!("{e}")),
    );
    assert_eq!(
        text_column(&a, "error_message"),
        text_column(&b, "error_message")
    );
    assert_eq!(a, b);
}

#[test]
fn decimal_amounts_and_timestamps_are_read_as_the_case_model_reads_them() {
    let engine = Engine::default();
    for zone in ["UTC", "Asia/Tokyo"] {
        let batch = typed_case(received_at(zone));
        let out = engine.assess_record_batch(
            &batch,
            now(),
            Options {
                assessment_json: true,
            },
        );
        let out = out.unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(text_column(&out, "error_message"), vec![None]);
        // 89.9900 at scale 4 is read as "89.99"; 09:00 UTC, written in UTC or in Tokyo
        // time, as 09:00:00Z: the same bytes as the JSON a buyer's system would send.
        let want = engine.assess_json(
            r#"{"id":"c1","received_at":"2026-11-20T09:00:00Z","channel":"chat","store":{"id":"s1","marketplace":"ebay","country":"GB"},"text":"my parcel never arrived","claim":{"kind":"refund","amount":{"amount":"89.99","currency":"USD"}}}"#,
            now(),
        );
        assert_eq!(
            text_column(&out, "assessment_json"),
            vec![want.ok().as_deref()]
        );
    }
}

/// One case with a decimal amount in a nested struct and a timestamp `received_at`.
fn typed_case(received_at: arrow_array::TimestampSecondArray) -> RecordBatch {
    let amount: ArrayRef = Arc::new(
        Decimal128Array::from(vec![899_900_i128])
            .with_precision_and_scale(18, 4)
            .unwrap_or_else(|e| unreachable!("{e}")),
    );
    let currency: ArrayRef = Arc::new(StringArray::from(vec!["USD"]));
    let money = StructArray::from(vec![
        (
            Arc::new(Field::new("amount", amount.data_type().clone(), true)),
            amount,
        ),
        (
            Arc::new(Field::new("currency", DataType::Utf8, true)),
            currency,
        ),
    ]);
    let kind: ArrayRef = Arc::new(StringArray::from(vec!["refund"]));
    let claim = StructArray::from(vec![
        (Arc::new(Field::new("kind", DataType::Utf8, true)), kind),
        (
            Arc::new(Field::new("amount", money.data_type().clone(), true)),
            Arc::new(money) as ArrayRef,
        ),
    ]);
    let text = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
    let store = StructArray::from(vec![
        (Arc::new(Field::new("id", DataType::Utf8, true)), text("s1")),
        (
            Arc::new(Field::new("marketplace", DataType::Utf8, true)),
            text("ebay"),
        ),
        (
            Arc::new(Field::new("country", DataType::Utf8, true)),
            text("GB"),
        ),
    ]);
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", text("c1")),
        ("received_at", Arc::new(received_at)),
        ("channel", text("chat")),
        ("store", Arc::new(store)),
        ("text", text("my parcel never arrived")),
        ("claim", Arc::new(claim)),
    ];
    RecordBatch::try_from_iter(columns).unwrap_or_else(|e| unreachable!("{e}"))
}

#[test]
fn bad_rows_fill_the_error_columns_and_never_fail_the_batch() {
    let engine = Engine::default();
    let lines = example_lines();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut cells: Vec<Option<&str>> = Vec::new();
    let hostile = [
        "",
        "{",
        "null",
        "[1,2]",
        "{\"id\": 5}",
        deep.as_str(),
        "\u{feff}{}",
    ];
    for (i, line) in lines.iter().enumerate() {
        cells.push(Some(line));
        cells.push(hostile.get(i % (hostile.len() + 1)).copied());
    }
    let out = engine.assess_record_batch(&case_batch(&cells), now(), Options::default());
    let out = out.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.num_rows(), cells.len());
    let codes = text_column(&out, "error_code");
    let ids = text_column(&out, "case_id");
    for (i, (code, id)) in codes.iter().zip(&ids).enumerate() {
        if i % 2 == 0 {
            assert!(code.is_none() && id.is_some(), "row {i}: {code:?}");
        } else {
            assert!(code.is_some() && id.is_none(), "row {i}");
        }
    }
}

#[test]
fn a_batch_without_readable_columns_is_an_error() {
    let engine = Engine::default();
    let column: ArrayRef = Arc::new(arrow_array::Int32Array::from(vec![1]));
    let batch =
        RecordBatch::try_from_iter(vec![("case", column)]).unwrap_or_else(|e| unreachable!("{e}"));
    let e = engine.assess_record_batch(&batch, now(), Options::default());
    assert_eq!(
        e.err().map(|e| e.code().to_owned()).as_deref(),
        Some("input.arrow_schema")
    );
}

fn received_at(tz: &str) -> arrow_array::TimestampSecondArray {
    arrow_array::TimestampSecondArray::from(vec![1_795_165_200_i64]).with_timezone(tz)
}

#[test]
fn naive_timestamps_are_refused() {
    let naive: ArrayRef = Arc::new(arrow_array::TimestampSecondArray::from(vec![0_i64]));
    let batch = RecordBatch::try_from_iter(vec![("received_at", naive)])
        .unwrap_or_else(|e| unreachable!("{e}"));
    let e = Engine::default().assess_record_batch(&batch, now(), Options::default());
    assert_eq!(
        e.err().map(|e| e.code().to_owned()).as_deref(),
        Some("input.arrow_schema")
    );
}
