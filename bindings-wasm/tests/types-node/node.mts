// Type-checks the Node ESM entry (the "node" condition of the exports map).
import init, { Engine, checkPolicy } from "amends";
import type { Assessment, PolicyCheck } from "amends";

await init();
const a: Assessment = new Engine().assess("{}", new Date());
const r: PolicyCheck = checkPolicy("");
export const out: string = `${a.case_id} ${r.valid}`;
