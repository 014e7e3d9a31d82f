//! The output batch: the key decisions as typed columns, the canonical assessment as an
//! optional column, and the error columns of rows that failed.

use std::sync::Arc;

use arrow_array::builder::{
    Decimal128Builder, Int32Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use rust_decimal::Decimal;
use serde::Serialize;

use super::Options;
use crate::error::{Diagnostic, Error};
use crate::{api, Assessment, Money};

/// Decimal columns: 38 digits, 4 of them after the point (every ISO 4217 minor unit
/// fits; sentiment is given to 4 places).
const DECIMAL_PRECISION: u8 = 38;
const DECIMAL_SCALE: i8 = 4;

fn decimal_type() -> DataType {
    DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
}

fn utc_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

/// The output schema. Every column is nullable: a failed row has only its error columns,
/// and a decision may lack a part (no text, no recommended option, no deadline).
/// `assessment_json` is present only when asked for.
pub fn output_schema(options: Options) -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    let mut fields = vec![
        text("case_id"),
        text("language"),
        text("category"),
        Field::new("sentiment", decimal_type(), true),
        text("urgency"),
        Field::new("risk_score", DataType::Int32, true),
        text("risk_band"),
        text("risk_action"),
        text("remedy_status"),
        text("recommended_option"),
        text("tier"),
        Field::new("amount", decimal_type(), true),
        text("currency"),
        text("approver"),
        text("band"),
        text("queue"),
        text("line"),
        Field::new("next_deadline", utc_type(), true),
        text("next_deadline_name"),
        text("policy_id"),
        text("policy_version"),
        text("policy_hash"),
    ];
    if options.assessment_json {
        fields.push(text("assessment_json"));
    }
    fields.extend([
        text("error_code"),
        text("error_path"),
        text("error_message"),
    ]);
    Arc::new(Schema::new(fields))
}

/// Column builders, one row per `assessment` or `error` call.
pub(super) struct Builder {
    options: Options,
    case_id: StringBuilder,
    language: StringBuilder,
    category: StringBuilder,
    sentiment: Decimal128Builder,
    urgency: StringBuilder,
    risk_score: Int32Builder,
    risk_band: StringBuilder,
    risk_action: StringBuilder,
    remedy_status: StringBuilder,
    recommended_option: StringBuilder,
    tier: StringBuilder,
    amount: Decimal128Builder,
    currency: StringBuilder,
    approver: StringBuilder,
    band: StringBuilder,
    queue: StringBuilder,
    line: StringBuilder,
    next_deadline: TimestampMicrosecondBuilder,
    next_deadline_name: StringBuilder,
    policy_id: StringBuilder,
    policy_version: StringBuilder,
    policy_hash: StringBuilder,
    assessment_json: StringBuilder,
    error_code: StringBuilder,
    error_path: StringBuilder,
    error_message: StringBuilder,
}

/// A unit enum's serialized name (`"red"`, `"needs_approval"`).
fn label<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// `value` at the column's scale, or `None` if it does not fit.
fn scaled(value: Decimal) -> Option<i128> {
    let mut v = value;
    v.rescale(DECIMAL_SCALE.unsigned_abs().into());
    (v.scale() == u32::from(DECIMAL_SCALE.unsigned_abs())).then(|| v.mantissa())
}

impl Builder {
    pub(super) fn new(rows: usize, options: Options) -> Builder {
        let text = || StringBuilder::with_capacity(rows, rows * 8);
        let decimal = || {
            Decimal128Builder::with_capacity(rows)
                .with_precision_and_scale(DECIMAL_PRECISION, DECIMAL_SCALE)
                .unwrap_or_else(|_| Decimal128Builder::with_capacity(rows))
        };
        Builder {
            options,
            case_id: text(),
            language: text(),
            category: text(),
            sentiment: decimal(),
            urgency: text(),
            risk_score: Int32Builder::with_capacity(rows),
            risk_band: text(),
            risk_action: text(),
            remedy_status: text(),
            recommended_option: text(),
            tier: text(),
            amount: decimal(),
            currency: text(),
            approver: text(),
            band: text(),
            queue: text(),
            line: text(),
            next_deadline: TimestampMicrosecondBuilder::with_capacity(rows).with_timezone("UTC"),
            next_deadline_name: text(),
            policy_id: text(),
            policy_version: text(),
            policy_hash: text(),
            assessment_json: text(),
            error_code: text(),
            error_path: text(),
            error_message: text(),
        }
    }

    pub(super) fn assessment(&mut self, a: &Assessment) {
        let t = &a.triage;
        self.case_id.append_value(&a.case_id);
        self.language.append_option(t.language.as_deref());
        self.category.append_option(label(&t.category));
        self.sentiment.append_option(scaled(t.sentiment));
        self.urgency.append_option(label(&t.urgency));
        self.risk_score
            .append_option(i32::try_from(a.risk.score).ok());
        self.risk_band.append_value(&a.risk.band);
        self.risk_action.append_option(label(&a.risk.action));
        self.remedy_status.append_option(label(&a.remedy.status));
        let offer = a.remedy.recommended.and_then(|i| a.remedy.options.get(i));
        self.recommended_option
            .append_option(offer.map(|o| o.id.as_str()));
        self.tier.append_option(offer.map(|o| o.tier.as_str()));
        let value: Option<&Money> = offer.and_then(|o| o.value.as_ref());
        self.amount
            .append_option(value.and_then(|m| scaled(m.amount)));
        self.currency.append_option(
            value
                .map(|m| m.currency)
                .or(a.remedy.currency)
                .filter(|_| offer.is_some())
                .map(|c| c.code()),
        );
        self.approver
            .append_option(offer.and_then(|o| o.approver.as_ref()).map(|n| n.as_str()));
        self.band.append_option(offer.and_then(|o| label(&o.band)));
        self.queue.append_value(&a.routing.queue);
        self.line.append_option(label(&a.routing.line));
        let next = a.sla.deadlines.first();
        self.next_deadline
            .append_option(next.map(|d| d.due_at.timestamp_micros()));
        self.next_deadline_name
            .append_option(next.map(|d| d.name.as_str()));
        self.policy_id.append_value(&a.policy.id);
        self.policy_version.append_value(&a.policy.version);
        self.policy_hash.append_value(&a.policy.hash);
        if self.options.assessment_json {
            self.assessment_json.append_value(api::to_canonical(a));
        }
        self.error_code.append_null();
        self.error_path.append_null();
        self.error_message.append_null();
    }

    pub(super) fn error(&mut self, e: &Error) {
        for b in [
            &mut self.case_id,
            &mut self.language,
            &mut self.category,
            &mut self.urgency,
            &mut self.risk_band,
            &mut self.risk_action,
            &mut self.remedy_status,
            &mut self.recommended_option,
            &mut self.tier,
            &mut self.currency,
            &mut self.approver,
            &mut self.band,
            &mut self.queue,
            &mut self.line,
            &mut self.next_deadline_name,
            &mut self.policy_id,
            &mut self.policy_version,
            &mut self.policy_hash,
        ] {
            b.append_null();
        }
        self.sentiment.append_null();
        self.amount.append_null();
        self.risk_score.append_null();
        self.next_deadline.append_null();
        if self.options.assessment_json {
            self.assessment_json.append_null();
        }
        let first: Option<&Diagnostic> = e.diagnostics().first();
        self.error_code.append_value(e.code());
        self.error_path
            .append_value(first.map_or("", |d| d.path.as_str()));
        self.error_message
            .append_value(first.map_or_else(|| e.to_string(), |d| d.message.clone()));
    }

    pub(super) fn finish(mut self) -> Result<RecordBatch, Error> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.case_id.finish()),
            Arc::new(self.language.finish()),
            Arc::new(self.category.finish()),
            Arc::new(self.sentiment.finish()),
            Arc::new(self.urgency.finish()),
            Arc::new(self.risk_score.finish()),
            Arc::new(self.risk_band.finish()),
            Arc::new(self.risk_action.finish()),
            Arc::new(self.remedy_status.finish()),
            Arc::new(self.recommended_option.finish()),
            Arc::new(self.tier.finish()),
            Arc::new(self.amount.finish()),
            Arc::new(self.currency.finish()),
            Arc::new(self.approver.finish()),
            Arc::new(self.band.finish()),
            Arc::new(self.queue.finish()),
            Arc::new(self.line.finish()),
            Arc::new(self.next_deadline.finish()),
            Arc::new(self.next_deadline_name.finish()),
            Arc::new(self.policy_id.finish()),
            Arc::new(self.policy_version.finish()),
            Arc::new(self.policy_hash.finish()),
        ];
        if self.options.assessment_json {
            columns.push(Arc::new(self.assessment_json.finish()));
        }
        columns.push(Arc::new(self.error_code.finish()));
        columns.push(Arc::new(self.error_path.finish()));
        columns.push(Arc::new(self.error_message.finish()));
        RecordBatch::try_new(output_schema(self.options), columns).map_err(|e| {
            Error::Evaluation(vec![Diagnostic::new(
                "internal.panic",
                "",
                format!("the output batch could not be built: {e}"),
            )])
        })
    }
}
