// ---- Shapes produced by the JSON entry points rather than by one document type ----

/** One problem found in an input or a policy. */
export interface DiagnosticReport {
  /** Stable, dotted error code (`money.unknown_currency`). */
  code: string;
  /** JSON path of the offending field (`order.items[0].unit_price.amount`); empty for the document. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

/** Canonical JSON of an error, as found in a failed batch entry. */
export interface ErrorReport {
  kind: "policy" | "input" | "evaluation";
  code: string;
  path: string;
  message: string;
  diagnostics: DiagnosticReport[];
}

/** What `Engine` methods and `checkPolicy` throw. */
export interface AmendsError extends Error {
  name: "AmendsError";
  kind: "policy" | "input" | "evaluation";
  /** The first diagnostic's code. */
  code: string;
  /** The first diagnostic's path. */
  path: string;
  /** Every problem found. */
  diagnostics: DiagnosticReport[];
}

/** One entry of `assessBatch`, in input order. */
export type BatchEntry =
  | { type: "success"; assessment: Assessment }
  | { type: "failure"; error: ErrorReport };

/** One entry of `assessBatch` with `{sections: "decision"}`, in input order. */
export type DecisionBatchEntry =
  | { type: "success"; assessment: Decision }
  | { type: "failure"; error: ErrorReport };

/** Options of `assess`, `assessJson`, `assessBatch` and `assessBatchJson`. */
export interface AssessOptions {
  /**
   * `"full"` (the default): every section and the trace, the `Assessment`.
   * `"decision"`: what was decided only, the `Decision` (schema `decision`).
   */
  sections?: "full" | "decision";
}

/** The options of `assess` and `assessBatch` returning the full `Assessment`. */
export interface FullAssessOptions {
  sections?: "full";
}

/** Result of `checkPolicy`: every problem at once. */
export interface PolicyCheck {
  valid: boolean;
  /** Present when the policy parsed (even if it does not validate). */
  policy?: PolicyRef;
  diagnostics: DiagnosticReport[];
}

/** The journey documents a JSON Schema is published for (`journeySchema`). */
export type JourneySchemaName =
  | "journey_start" | "journey_event" | "journey_snapshot" | "journey_step" | "journey_clocks";

/** Every document a JSON Schema is published for (`schema`, `schemaNames`). */
export type SchemaName = "case" | "assessment" | "decision" | "policy" | JourneySchemaName;

/** The text formats `Machine.diagram` and `journeyDiagram` draw. */
export type DiagramFormat = "mermaid" | "dot";

/** A journey machine's identity (`Machine.reference`). */
export interface MachineRef {
  /** The machine's name in the policy. */
  id: string;
  /** The definition's version. */
  version: string;
  /** SHA-256 of the definition and the calendars it uses. */
  hash: string;
}


/** A stored decision, as `Engine.replay` reads it. */
export interface StoredDecision {
  case: Case;
  /** The `now` it was assessed at (RFC 3339). */
  now: string;
  /** The assessment as it was stored. */
  assessment: Assessment;
}

/** One difference between a stored assessment and the current one. */
export interface ReplayDifference {
  /** The top-level section (`remedy`, `risk`, `why_not` ...). */
  section: string;
  /** The field's path (`remedy.options[0].value.amount`). */
  path: string;
  /** The stored value (absent: the field is new). */
  stored?: unknown;
  /** The current value (absent: the field is gone). */
  current?: unknown;
}

/** What `Engine.replay` returns. */
export interface Replay {
  case_id: string;
  /** The current assessment is the stored one, field for field. */
  identical: boolean;
  differences?: ReplayDifference[];
  /** The current engine refused the case. */
  error?: DiagnosticReport;
}
