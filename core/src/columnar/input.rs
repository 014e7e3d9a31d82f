//! Reading cases from a record batch: a `case` column of JSON text is read as it is;
//! otherwise the columns are the case's fields and each row is written as a JSON object
//! by `arrow-json`, after decimals and timestamps are turned into the decimal strings and
//! RFC 3339 times the case model reads.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMicrosecondType;
use arrow_array::{Array, ArrayRef, GenericListArray, OffsetSizeTrait, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, TimeUnit};
use chrono::{DateTime, Utc};

use crate::error::{Diagnostic, Error};

/// The column that holds each case as JSON text.
pub(super) const CASE_COLUMN: &str = "case";

/// One case's JSON text per row; `None` for a null `case` cell.
pub(super) fn rows(batch: &RecordBatch) -> Result<Vec<Option<Cow<'_, str>>>, Error> {
    match batch.column_by_name(CASE_COLUMN) {
        Some(column) => json_column(column),
        None => field_columns(batch),
    }
}

/// The error of a row whose `case` cell is null.
pub(super) fn null_case() -> Error {
    Error::input(Diagnostic::new(
        "input.missing_field",
        CASE_COLUMN,
        "the row's case is null",
    ))
}

fn schema_error(message: String) -> Error {
    Error::input(Diagnostic::new("input.arrow_schema", "", message))
}

fn json_column(column: &ArrayRef) -> Result<Vec<Option<Cow<'_, str>>>, Error> {
    let cells: Vec<Option<&str>> = match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => column.as_string::<i64>().iter().collect(),
        DataType::Utf8View => column.as_string_view().iter().collect(),
        other => {
            return Err(schema_error(format!(
                "the `{CASE_COLUMN}` column must be text (Utf8, LargeUtf8 or Utf8View), not {other}"
            )))
        }
    };
    Ok(cells.into_iter().map(|c| c.map(Cow::Borrowed)).collect())
}

fn field_columns(batch: &RecordBatch) -> Result<Vec<Option<Cow<'static, str>>>, Error> {
    let columns = batch
        .columns()
        .iter()
        .map(as_case_text)
        .collect::<Result<Vec<_>, _>>()?;
    let fields = retyped(batch.schema().fields(), &columns);
    let text = RecordBatch::try_new(Arc::new(arrow_schema::Schema::new(fields)), columns)
        .map_err(|e| schema_error(e.to_string()))?;
    let mut writer = arrow_json::LineDelimitedWriter::new(Vec::new());
    writer
        .write(&text)
        .and_then(|()| writer.finish())
        .map_err(|e| schema_error(format!("the columns cannot be written as case JSON: {e}")))?;
    let bytes = writer.into_inner();
    let lines = String::from_utf8(bytes).map_err(|e| schema_error(e.to_string()))?;
    // JSON text never holds a raw newline, so each line is one row.
    Ok(lines
        .lines()
        .map(|l| Some(Cow::Owned(l.to_owned())))
        .collect())
}

/// `array` with every decimal (at any depth of structs and lists) as the shortest decimal
/// string (`12.50` → `"12.5"`) and every timestamp as an RFC 3339 UTC time, the forms the
/// case model reads. A timestamp without a time zone is refused: the instant it names
/// is unknown.
fn as_case_text(array: &ArrayRef) -> Result<ArrayRef, Error> {
    match array.data_type() {
        DataType::Timestamp(_, None) => Err(schema_error(
            "a timestamp column has no time zone; cast it to a timestamp with time zone UTC".into(),
        )),
        DataType::Timestamp(_, Some(_)) => {
            let micros = arrow_cast::cast(
                array,
                &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            )
            .map_err(|e| schema_error(e.to_string()))?;
            let text: arrow_array::StringArray = micros
                .as_primitive::<TimestampMicrosecondType>()
                .iter()
                .map(|v| {
                    v.and_then(DateTime::<Utc>::from_timestamp_micros)
                        .map(|t| crate::rfc3339::text(&t))
                })
                .collect();
            Ok(Arc::new(text))
        }
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => {
            let text = arrow_cast::cast(array, &DataType::Utf8)
                .map_err(|e| schema_error(e.to_string()))?;
            let trimmed: arrow_array::StringArray = text
                .as_string::<i32>()
                .iter()
                .map(|v| v.map(trim_zeros))
                .collect();
            Ok(Arc::new(trimmed))
        }
        DataType::Struct(_) => {
            let s = array.as_struct();
            let columns = s
                .columns()
                .iter()
                .map(as_case_text)
                .collect::<Result<Vec<_>, _>>()?;
            let rebuilt =
                StructArray::try_new(retyped(s.fields(), &columns), columns, s.nulls().cloned())
                    .map_err(|e| schema_error(e.to_string()))?;
            Ok(Arc::new(rebuilt))
        }
        DataType::List(_) => list(array.as_list::<i32>()),
        DataType::LargeList(_) => list(array.as_list::<i64>()),
        _ => Ok(Arc::clone(array)),
    }
}

fn list<O: OffsetSizeTrait>(l: &GenericListArray<O>) -> Result<ArrayRef, Error> {
    let values = as_case_text(l.values())?;
    let field = match l.data_type() {
        DataType::List(f) | DataType::LargeList(f) => f.as_ref().clone(),
        _ => Field::new("item", values.data_type().clone(), true),
    }
    .with_data_type(values.data_type().clone());
    let rebuilt = GenericListArray::<O>::try_new(
        Arc::new(field),
        l.offsets().clone(),
        values,
        l.nulls().cloned(),
    )
    .map_err(|e| schema_error(e.to_string()))?;
    Ok(Arc::new(rebuilt))
}

/// `fields` with the types of `columns` (names and nullability kept).
fn retyped(fields: &Fields, columns: &[ArrayRef]) -> Fields {
    fields
        .iter()
        .zip(columns)
        .map(|(f, c)| Arc::new(f.as_ref().clone().with_data_type(c.data_type().clone())))
        .collect()
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s.to_owned()
    }
}
