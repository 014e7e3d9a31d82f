// CommonJS consumer (require condition): compiled under node16 and nodenext.
import amends = require("amends");

const engine = new amends.Engine();
const a = engine.assess({
  id: "c1", received_at: "2026-11-20T09:00:00Z", channel: "chat",
  store: { id: "s1", marketplace: "ebay", country: "GB" }, text: "Where is my parcel?",
}, new Date());
const queue: string = a.routing.queue;
// @ts-expect-error: the types are exact, not `any`
const wrong: number = a.routing.queue;
if (!amends.isAmendsError(new Error("x"))) void queue;
void wrong;
