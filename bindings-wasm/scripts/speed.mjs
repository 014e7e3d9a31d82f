// Rough speed of the two builds in this Node process (not a benchmark suite; the project's
// benches measure properly): µs per assessJson of one vector case (full and decision
// sections), and per new Engine().
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const v = JSON.parse(readFileSync(join(root, '..', 'tests', 'vectors', 'foundation', 'dispute_and_evidence_accepted.json'), 'utf8'));
const text = JSON.stringify(v.input);

const web = await import(join(root, 'pkg', 'web', 'amends_wasm.js'));
web.initSync({ module: readFileSync(join(root, 'pkg', 'web', 'amends_wasm_bg.wasm')) });
const node = createRequire(import.meta.url)(join(root, 'pkg', 'node', 'amends_wasm.js'));

function measure(name, m) {
  const e = new m.Engine();
  for (let i = 0; i < 2000; i++) e.assessJson(text, v.now);
  const n = 20000;
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) e.assessJson(text, v.now);
  const us = Number(process.hrtime.bigint() - t) / 1e3 / n;
  const decision = { sections: 'decision' };
  for (let i = 0; i < 2000; i++) e.assessJson(text, v.now, decision);
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) e.assessJson(text, v.now, decision);
  const dus = Number(process.hrtime.bigint() - t) / 1e3 / n;
  t = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) new m.Engine().free();
  const cus = Number(process.hrtime.bigint() - t) / 1e3 / 100;
  console.log(`${name}: assessJson ${us.toFixed(1)} µs/case, with {sections: "decision"} ${dus.toFixed(1)} µs/case, new Engine() ${cus.toFixed(0)} µs`);
}
measure('pkg/web  (size build)', web);
measure('pkg/node (speed build)', node);
