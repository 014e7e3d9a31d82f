// Compiled by bindings-wasm/test.sh against the installed tarball, under every
// moduleResolution (node16, nodenext, bundler) with and without skipLibCheck.
import init, { Engine, isAmendsError, type Assessment, type Safe } from "amends";

await init();
const c = {
  id: "c1", received_at: "2026-11-20T09:00:00Z", channel: "chat" as const,
  store: { id: "s1", marketplace: "ebay" as const, country: "GB" }, text: "Where is my parcel?",
};
const engine = new Engine();
const a: Assessment = engine.assess(c, new Date());
const queue: string = a.routing.queue;
// @ts-expect-error: the types are exact, not `any`
const wrong: number = a.routing.queue;
const r: Safe<Assessment> = engine.safeAssess(c, "2026-11-20T12:00:00Z");
if (r.type === "success") {
  const score: number = r.value.risk.score;
  void score;
} else {
  const code: string = r.error.code;
  void code;
}
try {
  engine.assess(c, "yesterday");
} catch (e) {
  if (isAmendsError(e)) {
    const path: string = e.path;
    void path;
  }
}
void queue; void wrong;
