// The browser entry, as a bundler or a page imports it.
import init, { Engine, type Case } from "amends/web";

await init();
const c: Case = {
  id: "c1", received_at: "2026-11-20T09:00:00Z", channel: "chat",
  store: { id: "s1", marketplace: "ebay", country: "GB" }, text: "Where is my parcel?",
};
const urgency: "red" | "orange" | "yellow" | "green" = new Engine().assess(c, new Date()).triage.urgency;
// @ts-expect-error: the types are exact, not `any`
const wrong: boolean = new Engine().assess(c, new Date()).triage.urgency;
void urgency; void wrong;
