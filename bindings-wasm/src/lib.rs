//! WebAssembly bindings for the amends decision engine (wasm-bindgen).
//!
//! Conversion and error mapping only: every decision is made by the core's JSON entry
//! points in [`amends::api`], so JavaScript receives exactly the bytes Rust writes.
//!
//! - Inputs are accepted as JSON text or as plain objects (serialized with the host's
//!   `JSON.stringify`); `now` as a `Date` or an RFC 3339 string.
//! - Outputs are available as canonical JSON text (`assessJson`) or parsed objects
//!   (`assess`). Money amounts stay decimal strings in both.
//! - Every failure is thrown as an `Error` carrying `kind`, `code`, `path` and
//!   `diagnostics`; the core has no panics, and every `Result` is mapped here.

use amends::{api, Engine as CoreEngine, Error as CoreError};
use js_sys::{Date, Error as JsError, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// The TypeScript types of the documents (`Case`, `Assessment`, `Policy` ...) are
// generated from the core's JSON Schemas into `pkg/types.d.ts` by `scripts/build.mjs`;
// the signatures below refer to them.
#[wasm_bindgen(typescript_custom_section)]
const TS_IMPORTS: &'static str = r#"
import type {
  Case, Assessment, Policy, PolicyRef, PolicyCheck, BatchEntry, SchemaName, AmendsError,
  ErrorReport, DiagnosticReport, StartInput, Event, Snapshot, Step, ClockReport, MachineRef,
  JourneySchemaName, DiagramFormat, StoredDecision, Replay, Decision, AssessOptions,
  FullAssessOptions, DecisionBatchEntry,
} from "../types.js";
export type {
  Case, Assessment, Policy, PolicyRef, PolicyCheck, BatchEntry, SchemaName, AmendsError,
  ErrorReport, DiagnosticReport, StartInput, Event, Snapshot, Step, ClockReport, MachineRef,
  JourneySchemaName, DiagramFormat, StoredDecision, Replay, Decision, AssessOptions,
  FullAssessOptions, DecisionBatchEntry,
} from "../types.js";

/** The result of a `safe*` call: the value, or the error as data instead of a throw. */
export type Safe<T> =
  | { type: "success"; value: T }
  | { type: "failure"; error: ErrorReport };

/** Whether `value` is an error thrown by amends (it then has `kind`, `code`, `path` and
 * `diagnostics`). */
export function isAmendsError(value: unknown): value is AmendsError;

// With `{sections: "decision"}`, `assess` returns a `Decision` and `assessBatch` decision
// entries: overloads merged into the class's declaration (whose own signature takes only
// `{sections?: "full"}`).
export interface Engine {
  assess(complaint: Case | string, now: Date | string, options: { sections: "decision" }): Decision;
  assess(complaint: Case | string, now: Date | string, options?: AssessOptions | null): Assessment | Decision;
  assessBatch(cases: Case[] | string, now: Date | string, options: { sections: "decision" }): DecisionBatchEntry[];
  assessBatch(cases: Case[] | string, now: Date | string, options?: AssessOptions | null): BatchEntry[] | DecisionBatchEntry[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A case as an object or as JSON text.
    #[wasm_bindgen(typescript_type = "Case | string")]
    pub type CaseInput;
    /// An array of cases, or its JSON text.
    #[wasm_bindgen(typescript_type = "Case[] | string")]
    pub type CasesInput;
    /// A policy as TOML or JSON text, or as an object.
    #[wasm_bindgen(typescript_type = "Policy | string")]
    pub type PolicyInput;
    /// `now`: a `Date` or an RFC 3339 string.
    #[wasm_bindgen(typescript_type = "Date | string")]
    pub type NowInput;
    /// The assessment object.
    #[wasm_bindgen(typescript_type = "Assessment")]
    pub type AssessmentOut;
    /// Batch results.
    #[wasm_bindgen(typescript_type = "BatchEntry[]")]
    pub type BatchOut;
    /// Policy identity.
    #[wasm_bindgen(typescript_type = "PolicyRef")]
    pub type PolicyRefOut;
    /// Policy validation report.
    #[wasm_bindgen(typescript_type = "PolicyCheck")]
    pub type PolicyCheckOut;
    /// A JSON Schema document.
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type SchemaOut;
    /// A schema name.
    #[wasm_bindgen(typescript_type = "SchemaName")]
    pub type SchemaNameIn;
    /// A journey schema name.
    #[wasm_bindgen(typescript_type = "JourneySchemaName")]
    pub type JourneySchemaNameIn;
    /// The start of a journey, as an object or JSON text.
    #[wasm_bindgen(typescript_type = "StartInput | string")]
    pub type StartIn;
    /// `{type: "success", value}` or `{type: "failure", error}` for an assessment.
    #[wasm_bindgen(typescript_type = "Safe<Assessment>")]
    pub type SafeAssessmentOut;
    /// The same for a journey step.
    #[wasm_bindgen(typescript_type = "Safe<Step>")]
    pub type SafeStepOut;
    /// The same for a compiled engine.
    #[wasm_bindgen(typescript_type = "Safe<Engine>")]
    pub type SafeEngineOut;
    /// A history or an audit chain: JSON Lines text, or an array of records.
    #[wasm_bindgen(typescript_type = "string | Array<Record<string, unknown> | string>")]
    pub type LinesIn;
    /// A report of the monitor, a backtest or an audit verification.
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type ReportOut;
    /// A journey snapshot, as an object or JSON text.
    #[wasm_bindgen(typescript_type = "Snapshot | string")]
    pub type SnapshotIn;
    /// A journey event, as an object or JSON text.
    #[wasm_bindgen(typescript_type = "Event | string")]
    pub type EventIn;
    /// The result of a journey call.
    #[wasm_bindgen(typescript_type = "Step")]
    pub type StepOut;
    /// Every SLA clock of a journey.
    #[wasm_bindgen(typescript_type = "ClockReport[]")]
    pub type ClocksOut;
    /// A machine's identity.
    #[wasm_bindgen(typescript_type = "MachineRef")]
    pub type MachineRefOut;
    /// A stored decision `{case, now, assessment}`, as an object or JSON text.
    #[wasm_bindgen(typescript_type = "StoredDecision | string")]
    pub type StoredDecisionIn;
    /// The result of replaying a stored decision.
    #[wasm_bindgen(typescript_type = "Replay")]
    pub type ReplayOut;
    /// `{sections?: "full" | "decision"}`.
    #[wasm_bindgen(typescript_type = "AssessOptions")]
    pub type AssessOptionsIn;
    /// `{sections?: "full"}`: the options of `assess` and `assessBatch` when they return
    /// the full form (the decision form has its own overloads).
    #[wasm_bindgen(typescript_type = "FullAssessOptions")]
    pub type FullOptionsIn;
    /// `"mermaid"` or `"dot"`.
    #[wasm_bindgen(typescript_type = "DiagramFormat")]
    pub type DiagramFormatIn;
}

/// Builds the thrown `Error`: `message`, plus `name`, `kind`, `code`, `path` and
/// `diagnostics` (`[{code, path, message, hint?}]`) as own properties.
fn to_js_error(e: &CoreError) -> JsValue {
    error_from_report(&api::error_json(e), &e.to_string())
}

fn error_from_report(report_json: &str, message: &str) -> JsValue {
    let err = JsError::new(message);
    err.set_name("AmendsError");
    if let Ok(report) = JSON::parse(report_json) {
        for key in ["kind", "code", "path", "diagnostics"] {
            let k = JsValue::from_str(key);
            if let Ok(v) = js_sys::Reflect::get(&report, &k) {
                // Setting an own property on a fresh Error cannot fail.
                let _ = js_sys::Reflect::set(&err, &k, &v);
            }
        }
    }
    err.into()
}

/// An input error raised by the binding itself (before the core is reached).
fn input_error(code: &str, path: &str, message: &str) -> JsValue {
    let d = amends::Diagnostic::new(code, path, message);
    to_js_error(&CoreError::input(d))
}

/// JSON text for an input: strings pass through, anything else goes through
/// `JSON.stringify`.
fn input_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if value.is_undefined() {
        return Err(input_error(
            "input.missing",
            "",
            &format!("{what} is missing"),
        ));
    }
    let text = JSON::stringify(value).map_err(|_| {
        input_error(
            "input.not_json",
            "",
            &format!("{what} cannot be written as JSON (a cycle or a BigInt?)"),
        )
    })?;
    let text = text.as_string().ok_or_else(|| {
        input_error(
            "input.not_json",
            "",
            &format!("{what} cannot be written as JSON"),
        )
    })?;
    // `JSON.stringify` writes NaN, Infinity, an invalid Date and an `undefined` or a
    // function in an array as `null`: find them (only when a `null` is there at all) and
    // report them as the Python binding does, at their path.
    if text.contains("null") {
        check_values(value, "", 0)?;
    }
    Ok(text)
}

/// How deep `check_values` looks (`JSON.stringify` already refused cycles).
const MAX_CHECK_DEPTH: usize = 128;

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Rejects the values JSON cannot hold, which `JSON.stringify` turns into `null`:
/// non-finite numbers (`input.not_finite`), invalid `Date`s (`input.invalid_time`), and
/// `undefined`, functions and symbols inside arrays (`input.invalid_type`). An object
/// property set to `undefined` is an absent field, as in JSON.
fn check_values(value: &JsValue, path: &str, depth: usize) -> Result<(), JsValue> {
    if depth > MAX_CHECK_DEPTH {
        return Ok(());
    }
    if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(input_error(
                "input.not_finite",
                path,
                &format!("{n} is not a finite number"),
            ));
        }
        return Ok(());
    }
    if let Some(d) = value.dyn_ref::<Date>() {
        if d.get_time().is_nan() {
            return Err(input_error("input.invalid_time", path, "an invalid Date"));
        }
        return Ok(());
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        for (i, item) in array.iter().enumerate() {
            let sub = format!("{path}[{i}]");
            if item.is_undefined() || item.is_function() || item.is_symbol() {
                return Err(input_error(
                    "input.invalid_type",
                    &sub,
                    "undefined, a function or a symbol is not a JSON value",
                ));
            }
            check_values(&item, &sub, depth + 1)?;
        }
        return Ok(());
    }
    if value.is_object() {
        let object: &js_sys::Object = value.unchecked_ref();
        for entry in js_sys::Object::entries(object).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            check_values(&pair.get(1), &child_path(path, &key), depth + 1)?;
        }
    }
    Ok(())
}

/// `{type: "success", value}` or `{type: "failure", error}` (the error report).
fn safe<T: Into<JsValue>>(result: Result<T, JsValue>) -> JsValue {
    let out = js_sys::Object::new();
    let (kind, key, value) = match result {
        Ok(v) => ("success", "value", v.into()),
        Err(e) => ("failure", "error", error_report(&e)),
    };
    // Setting own properties on a fresh object cannot fail.
    let _ = js_sys::Reflect::set(&out, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&out, &key.into(), &value);
    out.into()
}

/// The plain-data report of a thrown `AmendsError`: `{kind, code, path, message,
/// diagnostics}`, as in a failed batch entry.
fn error_report(e: &JsValue) -> JsValue {
    let out = js_sys::Object::new();
    for key in ["kind", "code", "path", "message", "diagnostics"] {
        let k = JsValue::from_str(key);
        if let Ok(v) = js_sys::Reflect::get(e, &k) {
            let _ = js_sys::Reflect::set(&out, &k, &v);
        }
    }
    out.into()
}

/// The error a method throws when its object was released with `free()`: the generated
/// glue calls this instead of throwing wasm-bindgen's bare "null pointer passed to rust"
/// (scripts/build.mjs patches it in).
#[wasm_bindgen(js_name = __freedError, skip_typescript)]
pub fn freed_error() -> JsValue {
    input_error(
        "input.freed",
        "",
        "this Engine or Machine was released with free() (or a `using` block ended)",
    )
}

/// Whether `value` is an error thrown by amends.
#[wasm_bindgen(js_name = isAmendsError, skip_typescript)]
pub fn is_amends_error(value: &JsValue) -> bool {
    value.dyn_ref::<JsError>().is_some_and(|e| {
        e.name() == "AmendsError"
            && js_sys::Reflect::get(value, &"code".into()).is_ok_and(|c| c.is_string())
    })
}

/// Parses `now` from a `Date` or an RFC 3339 string.
fn now_of(value: &JsValue) -> Result<chrono::DateTime<chrono::Utc>, JsValue> {
    let text = if let Some(d) = value.dyn_ref::<Date>() {
        if d.get_time().is_nan() {
            return Err(input_error(
                "input.invalid_time",
                "now",
                "`now` is an invalid Date",
            ));
        }
        String::from(d.to_iso_string())
    } else if let Some(s) = value.as_string() {
        s
    } else {
        return Err(input_error(
            "input.invalid_time",
            "now",
            "`now` must be a Date or an RFC 3339 string",
        ));
    };
    api::parse_now(&text).map_err(|e| to_js_error(&e))
}

/// Reads `{sections}` from the options of `assess*`: absent, `null` or without
/// `sections` is `full`; a name other than `full` or `decision` is
/// `input.unknown_sections`.
fn sections_of(options: Option<AssessOptionsIn>) -> Result<api::Sections, JsValue> {
    let Some(options) = options.map(JsValue::from) else {
        return Ok(api::Sections::Full);
    };
    if options.is_null() || options.is_undefined() {
        return Ok(api::Sections::Full);
    }
    if !options.is_object() {
        return Err(input_error(
            "input.invalid_type",
            "options",
            "the options must be an object such as {sections: \"decision\"}",
        ));
    }
    let value = js_sys::Reflect::get(&options, &JsValue::from_str("sections"))
        .unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(api::Sections::Full);
    }
    match value.as_string() {
        Some(name) => api::Sections::parse(&name).map_err(|e| to_js_error(&e)),
        None => Err(input_error(
            "input.invalid_type",
            "sections",
            "`sections` must be \"full\" or \"decision\"",
        )),
    }
}

/// Parses canonical JSON produced by the core into a JavaScript value.
fn parsed(json: &str) -> Result<JsValue, JsValue> {
    JSON::parse(json).map_err(|_| {
        error_from_report(
            r#"{"kind":"evaluation","code":"output.parse","path":"","diagnostics":[]}"#,
            "the engine's output is not valid JSON",
        )
    })
}

/// A compiled policy. Build it once and assess many cases with it.
#[wasm_bindgen]
pub struct Engine {
    inner: CoreEngine,
}

#[wasm_bindgen]
impl Engine {
    /// Compiles a policy: TOML or JSON text, or a policy object. Without one, the
    /// embedded default policy is used. Throws an `AmendsError` (`kind: "policy"`)
    /// listing every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: Option<PolicyInput>) -> Result<Engine, JsValue> {
        let inner = match policy
            .map(JsValue::from)
            .filter(|v| !v.is_null() && !v.is_undefined())
        {
            None => CoreEngine::embedded().map_err(|e| to_js_error(&e))?,
            Some(v) => {
                let text = input_text(&v, "the policy")?;
                CoreEngine::from_policy_text(&text).map_err(|e| to_js_error(&e))?
            }
        };
        Ok(Engine { inner })
    }

    /// Assesses one case at `now`; returns the assessment as an object (money amounts
    /// are decimal strings).
    /// With `{sections: "decision"}`, returns the decision form instead (schema
    /// `decision`: category, urgency, risk, recommended option, queue, deadlines).
    pub fn assess(
        &self,
        complaint: &CaseInput,
        now: &NowInput,
        options: Option<FullOptionsIn>,
    ) -> Result<AssessmentOut, JsValue> {
        let json = self.assess_json(complaint, now, options.map(JsCast::unchecked_into))?;
        Ok(parsed(&json)?.unchecked_into())
    }

    /// Like `assess`, but never throws: `{type: "success", value: assessment}` or
    /// `{type: "failure", error: {kind, code, path, message, diagnostics}}`.
    #[wasm_bindgen(js_name = safeAssess)]
    pub fn safe_assess(
        &self,
        complaint: &CaseInput,
        now: &NowInput,
        options: Option<FullOptionsIn>,
    ) -> SafeAssessmentOut {
        safe(self.assess(complaint, now, options)).unchecked_into()
    }

    /// Like `new Engine(policy)`, but never throws: `{type: "success", value: engine}`
    /// or `{type: "failure", error}` listing every problem of the policy.
    #[wasm_bindgen(js_name = safeCreate)]
    pub fn safe_create(policy: Option<PolicyInput>) -> SafeEngineOut {
        safe(Engine::new(policy)).unchecked_into()
    }

    /// Assesses one case at `now`; returns the canonical JSON text, byte-identical to
    /// the Rust engine's. `{sections: "decision"}` writes the decision form.
    #[wasm_bindgen(js_name = assessJson)]
    pub fn assess_json(
        &self,
        complaint: &CaseInput,
        now: &NowInput,
        options: Option<AssessOptionsIn>,
    ) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let sections = sections_of(options)?;
        let text = input_text(complaint, "the case")?;
        self.inner
            .assess_json_sections(&text, now, sections)
            .map_err(|e| to_js_error(&e))
    }

    /// Assesses an array of cases at `now`; returns one tagged entry per case, in order:
    /// `{type: "success", assessment}` or `{type: "failure", error}`. Only a malformed
    /// array as a whole throws.
    #[wasm_bindgen(js_name = assessBatch)]
    pub fn assess_batch(
        &self,
        cases: &CasesInput,
        now: &NowInput,
        options: Option<FullOptionsIn>,
    ) -> Result<BatchOut, JsValue> {
        let json = self.assess_batch_json(cases, now, options.map(JsCast::unchecked_into))?;
        Ok(parsed(&json)?.unchecked_into())
    }

    /// Like `assessBatch`, as canonical JSON text.
    #[wasm_bindgen(js_name = assessBatchJson)]
    pub fn assess_batch_json(
        &self,
        cases: &CasesInput,
        now: &NowInput,
        options: Option<AssessOptionsIn>,
    ) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let sections = sections_of(options)?;
        let text = input_text(cases, "the cases")?;
        self.inner
            .assess_batch_json_sections(&text, now, sections)
            .map_err(|e| to_js_error(&e))
    }

    /// Id, version and content hash of the compiled policy.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<PolicyRefOut, JsValue> {
        Ok(parsed(&api::to_canonical(self.inner.policy_ref()))?.unchecked_into())
    }

    /// The compiled policy as canonical JSON (what its hash is computed over).
    #[wasm_bindgen(js_name = policyJson)]
    pub fn policy_json(&self) -> String {
        self.inner.policy().canonical_json()
    }

    /// Replays a journey script, the `journey` op of the conformance vectors
    /// (`{machine, instance?, context?, start, calls}`); returns `{steps, snapshot,
    /// clocks}` as canonical JSON.
    #[wasm_bindgen(js_name = replayJourneyJson)]
    pub fn replay_journey_json(&self, script: &JsValue) -> Result<String, JsValue> {
        let text = input_text(script, "the journey script")?;
        api::journey::replay_document_json(&self.inner, api::Document::Text(&text))
            .map_err(|e| to_js_error(&e))
    }

    /// Re-assesses a stored decision `{case, now, assessment}` under this engine's policy;
    /// returns `{case_id, identical, differences?, error?}`, each difference naming its
    /// section and field path with the stored and the current value.
    pub fn replay(&self, record: &StoredDecisionIn) -> Result<ReplayOut, JsValue> {
        Ok(parsed(&self.replay_json(record)?)?.unchecked_into())
    }

    /// As `replay`, as canonical JSON text.
    #[wasm_bindgen(js_name = replayJson)]
    pub fn replay_json(&self, record: &StoredDecisionIn) -> Result<String, JsValue> {
        let text = input_text(record, "the stored decision")?;
        api::replay::replay_document(&self.inner, api::Document::Text(&text))
            .map(|r| api::to_canonical(&r))
            .map_err(|e| to_js_error(&e))
    }

    /// The journey machine `name` of this engine's policy (`"order"`, `"complaint"`).
    /// Throws an `AmendsError` (`journey.unknown_machine`) for an unknown name.
    pub fn machine(&self, name: &str) -> Result<Machine, JsValue> {
        Machine::new(self, name)
    }
}

/// A journey state machine (order journey, complaint lifecycle) of a compiled policy.
/// Pure: the host stores each journey's snapshot, passes events in and calls `tick` at
/// the returned `next_deadline`.
#[wasm_bindgen]
pub struct Machine {
    inner: amends::journey::Machine,
}

#[wasm_bindgen]
impl Machine {
    /// The machine `name` of `engine`'s policy; same as `engine.machine(name)`.
    #[wasm_bindgen(constructor)]
    pub fn new(engine: &Engine, name: &str) -> Result<Machine, JsValue> {
        let inner = amends::journey::Machine::from_policy(&engine.inner, name)
            .map_err(|e| to_js_error(&e))?;
        Ok(Machine { inner })
    }

    /// The machine's id, version and hash (SHA-256 of its definition and calendars).
    #[wasm_bindgen(getter)]
    pub fn reference(&self) -> Result<MachineRefOut, JsValue> {
        Ok(parsed(&self.inner.reference_json())?.unchecked_into())
    }

    /// Starts a journey (`{instance, context?}`) at `now`; returns the step
    /// `{snapshot, actions, next_deadline?, trace}`.
    pub fn start(&self, input: &StartIn, now: &NowInput) -> Result<StepOut, JsValue> {
        Ok(parsed(&self.start_json(input, now)?)?.unchecked_into())
    }

    /// Like `start`, `step` and `tick`, but never throw: `{type: "success", value: step}`
    /// or `{type: "failure", error}`.
    #[wasm_bindgen(js_name = safeStart)]
    pub fn safe_start(&self, input: &StartIn, now: &NowInput) -> SafeStepOut {
        safe(self.start(input, now)).unchecked_into()
    }

    /// See `safeStart`.
    #[wasm_bindgen(js_name = safeStep)]
    pub fn safe_step(&self, snapshot: &SnapshotIn, event: &EventIn, now: &NowInput) -> SafeStepOut {
        safe(self.step(snapshot, event, now)).unchecked_into()
    }

    /// See `safeStart`.
    #[wasm_bindgen(js_name = safeTick)]
    pub fn safe_tick(&self, snapshot: &SnapshotIn, now: &NowInput) -> SafeStepOut {
        safe(self.tick(snapshot, now)).unchecked_into()
    }

    /// Like `start`, as canonical JSON text.
    #[wasm_bindgen(js_name = startJson)]
    pub fn start_json(&self, input: &StartIn, now: &NowInput) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let input = input_text(input, "the start input")?;
        self.inner
            .start_json(&input, now)
            .map_err(|e| to_js_error(&e))
    }

    /// Applies `event` (`{event, at, data?}`) to `snapshot` at `now`, firing every timer
    /// and clock due first; returns the step.
    pub fn step(
        &self,
        snapshot: &SnapshotIn,
        event: &EventIn,
        now: &NowInput,
    ) -> Result<StepOut, JsValue> {
        Ok(parsed(&self.step_json(snapshot, event, now)?)?.unchecked_into())
    }

    /// Like `step`, as canonical JSON text.
    #[wasm_bindgen(js_name = stepJson)]
    pub fn step_json(
        &self,
        snapshot: &SnapshotIn,
        event: &EventIn,
        now: &NowInput,
    ) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let snapshot = input_text(snapshot, "the snapshot")?;
        let event = input_text(event, "the event")?;
        self.inner
            .step_json(&snapshot, &event, now)
            .map_err(|e| to_js_error(&e))
    }

    /// Fires every timer and clock of `snapshot` due at or before `now`, in deadline
    /// order; returns the step.
    pub fn tick(&self, snapshot: &SnapshotIn, now: &NowInput) -> Result<StepOut, JsValue> {
        Ok(parsed(&self.tick_json(snapshot, now)?)?.unchecked_into())
    }

    /// Like `tick`, as canonical JSON text.
    #[wasm_bindgen(js_name = tickJson)]
    pub fn tick_json(&self, snapshot: &SnapshotIn, now: &NowInput) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let snapshot = input_text(snapshot, "the snapshot")?;
        self.inner
            .tick_json(&snapshot, now)
            .map_err(|e| to_js_error(&e))
    }

    /// Each SLA clock of `snapshot` at `now`: status, target, elapsed and remaining
    /// seconds, due time and whether it breached.
    pub fn clocks(&self, snapshot: &SnapshotIn, now: &NowInput) -> Result<ClocksOut, JsValue> {
        Ok(parsed(&self.clocks_json(snapshot, now)?)?.unchecked_into())
    }

    /// Like `clocks`, as canonical JSON text.
    #[wasm_bindgen(js_name = clocksJson)]
    pub fn clocks_json(&self, snapshot: &SnapshotIn, now: &NowInput) -> Result<String, JsValue> {
        let now = now_of(now)?;
        let snapshot = input_text(snapshot, "the snapshot")?;
        self.inner
            .clocks_json(&snapshot, now)
            .map_err(|e| to_js_error(&e))
    }

    /// The machine drawn as `"mermaid"` (the default) or `"dot"` text.
    pub fn diagram(&self, format: Option<DiagramFormatIn>) -> Result<String, JsValue> {
        let format = format
            .and_then(|f| JsValue::from(f).as_string())
            .unwrap_or_else(|| "mermaid".to_owned());
        self.inner.diagram(&format).map_err(|e| to_js_error(&e))
    }
}

/// The journey diagram of machine `name` (default `"complaint"`) of `policy` (default:
/// the embedded policy), as `"mermaid"` (default) or `"dot"` text. The playground's
/// Journey panel shows it.
#[wasm_bindgen(js_name = journeyDiagram)]
pub fn journey_diagram(
    policy: Option<PolicyInput>,
    name: Option<String>,
    format: Option<DiagramFormatIn>,
) -> Result<String, JsValue> {
    let engine = Engine::new(policy)?;
    engine
        .machine(name.as_deref().unwrap_or("complaint"))?
        .diagram(format)
}

/// The names of the machines of `policy` (default: the embedded policy), sorted.
#[wasm_bindgen(js_name = journeyNames)]
pub fn journey_names(policy: Option<PolicyInput>) -> Result<Vec<String>, JsValue> {
    let engine = Engine::new(policy)?;
    Ok(engine
        .inner
        .journeys()
        .names()
        .into_iter()
        .map(str::to_owned)
        .collect())
}

/// The JSON Schema of a journey document (`"journey_start"`, `"journey_event"`,
/// `"journey_snapshot"`, `"journey_step"`, `"journey_clocks"`); the same registry as
/// `schema`, which accepts these names too.
#[wasm_bindgen(js_name = journeySchema)]
pub fn journey_schema(name: &JourneySchemaNameIn) -> Result<SchemaOut, JsValue> {
    schema_of(&JsValue::from(name))
}

/// The journey names `journeySchema` accepts.
#[wasm_bindgen(js_name = journeySchemaNames)]
pub fn journey_schema_names() -> Vec<String> {
    api::schema::names(api::SchemaGroup::Journey)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Validates a policy (TOML or JSON text, or an object) without compiling it; reports
/// every problem at once: `{valid, policy?: {id, version, hash}, diagnostics}`.
#[wasm_bindgen(js_name = checkPolicy)]
pub fn check_policy(policy: &PolicyInput) -> Result<PolicyCheckOut, JsValue> {
    Ok(parsed(&check_policy_json(policy)?)?.unchecked_into())
}

/// Like `checkPolicy`, as canonical JSON text.
#[wasm_bindgen(js_name = checkPolicyJson)]
pub fn check_policy_json(policy: &PolicyInput) -> Result<String, JsValue> {
    let text = input_text(policy, "the policy")?;
    Ok(api::check_policy_json(&text))
}

fn schema_of(name: &JsValue) -> Result<SchemaOut, JsValue> {
    let name = name.as_string().unwrap_or_default();
    match api::schema(&name) {
        Some(json) => Ok(parsed(&json)?.unchecked_into()),
        None => Err(to_js_error(&api::schema::unknown_schema(&name, None))),
    }
}

/// The JSON Schema of any published document: `"case"`, `"assessment"`, `"policy"` and
/// the journey documents (see `schemaNames()`).
#[wasm_bindgen]
pub fn schema(name: &SchemaNameIn) -> Result<SchemaOut, JsValue> {
    schema_of(&JsValue::from(name))
}

/// The names `schema` accepts: every published schema.
#[wasm_bindgen(js_name = schemaNames)]
pub fn schema_names() -> Vec<String> {
    api::SCHEMAS.iter().map(|s| (*s).to_owned()).collect()
}

/// The engine's version (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The embedded default policy as TOML text (a starting point for editing).
#[wasm_bindgen(js_name = defaultPolicyToml)]
pub fn default_policy_toml() -> String {
    amends::policy::DEFAULT_POLICY_TOML.to_owned()
}

/// JSON Lines from a string, or from an array of records (objects or JSON texts).
fn lines_of(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Err(input_error(
            "input.invalid_type",
            "",
            &format!("{what} is JSON Lines text or an array of records"),
        ));
    };
    let mut out = String::new();
    for (i, item) in array.iter().enumerate() {
        let line = input_text(&item, "a record").inspect_err(|e| {
            // Put the binding's own path under the record's index.
            if let Ok(p) = js_sys::Reflect::get(e, &"path".into()) {
                let p = p.as_string().unwrap_or_default();
                let sub = if p.is_empty() {
                    format!("[{i}]")
                } else {
                    format!("[{i}].{p}")
                };
                let _ = js_sys::Reflect::set(e, &"path".into(), &sub.into());
            }
        })?;
        out.push_str(line.trim_end_matches(['\r', '\n']));
        out.push('\n');
    }
    Ok(out)
}

/// Heat map, KPIs and alarms over a history (JSON Lines of `{case, now?, outcome?}`,
/// `{outcome}` and `{volume}` records, or an array of them), as `amends monitor` prints.
#[wasm_bindgen]
pub fn monitor(engine: &Engine, history: &LinesIn) -> Result<ReportOut, JsValue> {
    let text = lines_of(history, "the history")?;
    let json = amends::tools::monitor_json(&engine.inner, &text).map_err(|e| to_js_error(&e))?;
    Ok(parsed(&json)?.unchecked_into())
}

/// Replays a history under `baseline` and `candidate`: what would have been different
/// (`top` most changed cases, default 20), as `amends simulate` prints.
#[wasm_bindgen]
pub fn backtest(
    baseline: &Engine,
    candidate: &Engine,
    history: &LinesIn,
    top: Option<u32>,
) -> Result<ReportOut, JsValue> {
    let text = lines_of(history, "the history")?;
    let top = top.map_or(20, |t| t as usize);
    let json = amends::tools::backtest_json(&baseline.inner, &candidate.inner, &text, top)
        .map_err(|e| to_js_error(&e))?;
    Ok(parsed(&json)?.unchecked_into())
}

/// `backtest` as the self-contained HTML report (`amends simulate --html`).
#[wasm_bindgen(js_name = backtestHtml)]
pub fn backtest_html(
    baseline: &Engine,
    candidate: &Engine,
    history: &LinesIn,
    top: Option<u32>,
) -> Result<String, JsValue> {
    let text = lines_of(history, "the history")?;
    let top = top.map_or(20, |t| t as usize);
    amends::tools::backtest_html(&baseline.inner, &candidate.inner, &text, top)
        .map_err(|e| to_js_error(&e))
}

/// Verifies an audit chain (JSON Lines or an array of records); with `head`, also that
/// it ends there. `{valid: true, records, head}` or `{valid: false, line, code, path,
/// message}`: a broken chain is a report, not a throw.
#[wasm_bindgen(js_name = auditVerify)]
pub fn audit_verify(chain: &LinesIn, head: Option<String>) -> Result<ReportOut, JsValue> {
    let text = lines_of(chain, "the chain")?;
    parsed(&amends::tools::audit_verify_json(&text, head.as_deref())).map(JsCast::unchecked_into)
}

/// The decision record that follows `chain` for `case` and its `assessment`, recorded
/// at `recordedAt`; append `JSON.stringify(record)` as the chain's next line. A broken
/// chain throws with the verification's code.
#[wasm_bindgen(js_name = auditAppend)]
pub fn audit_append(
    chain: &LinesIn,
    complaint: &CaseInput,
    assessment: &AssessmentOut,
    recorded_at: &NowInput,
) -> Result<ReportOut, JsValue> {
    let text = lines_of(chain, "the chain")?;
    let at = now_of(recorded_at)?;
    let case = input_text(complaint, "the case")?;
    let assessment = input_text(assessment, "the assessment")?;
    let json = amends::tools::audit_append_json(&text, &case, &assessment, at)
        .map_err(|e| to_js_error(&e))?;
    Ok(parsed(&json)?.unchecked_into())
}
