// Compiled with `tsc -p tsconfig.json` (noEmit): the published types must describe the
// API as used here. `@ts-expect-error` lines must stay errors.
import init, { Engine, checkPolicy, schema } from "amends";
import type { Assessment, Case, PolicyCheck, BatchEntry, AmendsError, Decision, DecisionBatchEntry } from "amends";

export async function main(): Promise<string> {
  await init();
  const engine = new Engine();
  const c: Case = {
    id: "c-1",
    received_at: "2026-11-20T09:00:00Z",
    store: { id: "s1", marketplace: "amazon", country: "DE" },
    channel: "email",
    text: "Wo ist mein Paket?",
  };
  const a: Assessment = engine.assess(c, new Date());
  const score: number = a.risk.score;
  const category: string = a.triage.category;
  const due: string[] = a.sla.deadlines.map((d) => d.due_at);
  const json: string = engine.assessJson(JSON.stringify(c), "2026-11-20T10:00:00Z");
  const batch: BatchEntry[] = engine.assessBatch([c], "2026-11-20T10:00:00Z");
  for (const entry of batch) {
    if (entry.type === "success") void entry.assessment.case_id;
    else void entry.error.diagnostics[0]?.path;
  }
  const d: Decision = engine.assess(c, new Date(), { sections: "decision" });
  const queue: string = d.queue;
  const band = d.remedy.recommended?.band;
  const full: Assessment = engine.assess(c, new Date(), { sections: "full" });
  void full.trace;
  const decisions: DecisionBatchEntry[] = engine.assessBatch([c], new Date(), { sections: "decision" });
  void decisions;
  void engine.assessJson(c, new Date(), { sections: "decision" });
  // @ts-expect-error: not a sections name
  engine.assessJson(c, new Date(), { sections: "trace" });
  void [queue, band];
  const report: PolicyCheck = checkPolicy("[policy]\nid = \"x\"\nversion = \"1\"\n");
  const hash: string | undefined = report.policy?.hash;
  const id: string = engine.policy.id;
  void schema("case");
  // @ts-expect-error: not a schema name
  void schema("nope");
  // @ts-expect-error: a case needs an id
  const bad: Case = { received_at: "2026-11-20T09:00:00Z", store: { id: "s", marketplace: "amazon", country: "DE" }, channel: "email", text: "" };
  void bad;
  // @ts-expect-error: inputs reject unknown fields, and so do the types
  const typo: Case = { ...c, colour: "red" };
  void typo;
  try {
    new Engine("[policy\n");
  } catch (e) {
    const err = e as AmendsError;
    return `${err.code} ${err.path} ${err.diagnostics.length}`;
  }
  return `${score} ${category} ${due.length} ${json.length} ${hash} ${id}`;
}

import { Machine, journeyDiagram, journeySchema } from "amends";
import type { Snapshot, Step, ClockReport, MachineRef, StartInput, Event } from "amends";

export function journeys(engine: Engine): string {
  const order: Machine = engine.machine("order");
  const input: StartInput = { instance: "o-1", context: { market: "GB" } };
  const first: Step = order.start(input, "2026-11-02T10:00:00Z");
  const snapshot: Snapshot = first.snapshot;
  const state: string = snapshot.state;
  const paid: Event = { event: "paid", at: "2026-11-02T10:30:00Z" };
  const next: Step = order.step(snapshot, paid, new Date());
  const later: Step = order.tick(next.snapshot, new Date());
  const clocks: ClockReport[] = order.clocks(later.snapshot, new Date());
  const left: number[] = clocks.map((c) => c.remaining_seconds);
  const text: string = order.stepJson(JSON.stringify(snapshot), paid, "2026-11-02T11:00:00Z");
  const ref: MachineRef = order.reference;
  const dot: string = new Machine(engine, "complaint").diagram("dot");
  // @ts-expect-error: not a diagram format
  void order.diagram("png");
  // @ts-expect-error: an event needs a time
  const noTime: Event = { event: "paid" };
  void noTime;
  void journeySchema("journey_snapshot");
  return `${state} ${left.length} ${text.length} ${ref.hash} ${dot.length} ${journeyDiagram()}`;
}
