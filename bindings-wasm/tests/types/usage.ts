// Compiled with `tsc -p tsconfig.json` (noEmit): the published types must describe the
// API as used here. `@ts-expect-error` lines must stay errors.
import init, { Engine, checkPolicy, schema } from "amends";
import type { Assessment, Case, PolicyCheck, BatchEntry, AmendsError } from "amends";

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
