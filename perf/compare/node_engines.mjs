// Node contenders of the comparison harness (docs/performance.md).
//
//   node node_engines.mjs jre        WORK [REPS]  npm json-rules-engine + decimal.js
//   node node_engines.mjs wasm-batch WORK [REPS]  amends wasm (Node build): assessBatchJson
//   node node_engines.mjs wasm-loop  WORK [REPS]  amends wasm (Node build): assessJson per case
//
// Each writes WORK/out/<name>.txt (one canonical line per input) and prints one JSON line
// of figures. Timed: one warm-up pass, REPS passes, the median; loading is timed apart.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { Engine as RulesEngine } from 'json-rules-engine';

const here = dirname(fileURLToPath(import.meta.url));
const NOW = '2026-11-20T12:00:00Z';
const BATCH = 1000; // cases per batch call: a batch document is limited to 1 MiB
const [mode, workArg, repsArg] = process.argv.slice(2);
const work = resolve(workArg);
const reps = repsArg === undefined ? 7 : Number(repsArg);
mkdirSync(join(work, 'out'), { recursive: true });

const lines = (f) => readFileSync(join(work, f), 'utf8').split('\n').filter((l) => l.length);
const canon = (id, row, outs) => `${id}|${row}|${outs.join(',')}`;

async function timePasses(pass) {
  if (reps === 0) return [0, 0, 0];
  await pass();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    await pass();
    ts.push(Number(process.hrtime.bigint() - t));
  }
  ts.sort((a, b) => a - b);
  return [ts[Math.floor(ts.length / 2)], ts[0], ts[ts.length - 1]];
}

function report(name, n, [med, lo, hi], loadMs, note) {
  const us = med / n / 1000;
  console.log(JSON.stringify({ contender: name, n, us_per_decision: us,
    min_us: lo / n / 1000, max_us: hi / n / 1000,
    per_second: us > 0 ? 1e6 / us : 0, load_ms: loadMs, note }));
}

function canonAssessment(a) {
  const r = a.remedy;
  const row = r.rules[0].split('.').slice(1).join('.');
  const opt = r.options[r.recommended ?? 0];
  const outs = opt.outcomes.map((o) =>
    o.amount ? `${o.kind}=${o.amount.amount} ${o.amount.currency}` : o.kind);
  return canon(a.case_id, row, outs);
}

// ------------------------------------------------------------------ json-rules-engine
// decimal.js at 28 significant digits (rust_decimal's range), rounding half-even.
const D = Decimal.clone({ precision: 28, rounding: Decimal.ROUND_HALF_EVEN });
const TO_USD = { USD: '1', EUR: '1.16', GBP: '1.32', JPY: '0.0066', KWD: '3.26', BRL: '0.186' };
const MINOR = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3, BRL: 2 };
const he = (x, dp) => x.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);

// The table: rules with priorities 16..1 (json-rules-engine runs higher priorities first);
// the first rule to succeed stops the run. Amounts are the event's parameters, computed
// by the host with decimal.js afterwards, as its users do.
const c = (fact, operator, value) => ({ fact, operator, value });
const cat = (v) => c('category', 'equal', v);
const TABLE = [
  ['r01_long_delay_big_order', [cat('delivery_delay'), c('delay_days', 'greaterThanInclusive', 30), c('total_usd', 'decGte', '200')], [{ kind: 'full_refund', pct: '100' }]],
  ['r02_long_delay', [cat('delivery_delay'), c('delay_days', 'greaterThanInclusive', 30)], [{ kind: 'partial_refund', pct: '50' }]],
  ['r03_delay_loyal', [cat('delivery_delay'), c('delay_days', 'greaterThanInclusive', 10), c('tier', 'in', ['gold', 'platinum'])], [{ kind: 'store_credit', pct: '40', bonus: '10', credit: true }]],
  ['r04_delay', [cat('delivery_delay'), c('delay_days', 'greaterThanInclusive', 3)], [{ kind: 'coupon' }]],
  ['r05_not_received_big', [cat('not_received'), c('total_usd', 'decGte', '500')], [{ kind: 'escalate' }]],
  ['r06_not_received_risky', [cat('not_received'), c('risk_score', 'greaterThanInclusive', 70)], [{ kind: 'request_evidence' }]],
  ['r07_not_received_platinum', [cat('not_received'), c('tier', 'equal', 'platinum')], [{ kind: 'store_credit', pct: '160', credit: true }]],
  ['r08_not_received', [cat('not_received')], [{ kind: 'reship' }]],
  ['r09_damaged_japan', [cat('damaged'), c('market', 'in', ['JP'])], [{ kind: 'apology' }, { kind: 'gift', pct: '5' }]],
  ['r10_damaged_big_low_risk', [cat('damaged'), c('total_usd', 'decGte', '100'), c('risk_score', 'lessThan', 40)], [{ kind: 'partial_refund', pct: '35' }]],
  ['r11_damaged', [cat('damaged')], [{ kind: 'partial_refund', pct: '25' }]],
  ['r12_defect_loyal', [cat('quality_defect'), c('tier', 'in', ['gold', 'platinum'])], [{ kind: 'store_credit', pct: '120', bonus: '30', credit: true }]],
  ['r13_defect', [cat('quality_defect')], [{ kind: 'partial_refund', pct: '20', of: 'items' }]],
  ['r14_customs', [cat('customs_duties')], [{ kind: 'coupon', fixedUsd: '5', credit: true }]],
  ['r15_brazil', [c('market', 'equal', 'BR')], [{ kind: 'partial_refund', pct: '10' }]],
  ['r16_fallback', [], [{ kind: 'apology' }]],
];

function rulesEngine() {
  const e = new RulesEngine([], { allowUndefinedFacts: true });
  e.addOperator('decGte', (a, b) => new D(a).gte(b));
  TABLE.forEach(([row, all, outcomes], i) => {
    e.addRule({ name: row, priority: TABLE.length - i, conditions: { all },
      event: { type: row, params: { outcomes } } });
  });
  e.on('success', () => e.stop());
  return e;
}

// Facts of one input: the features plus the total in USD (rounded half-even to cents).
function facts(f) {
  const total = new D(f.total);
  return { ...f, total_usd: he(total.mul(TO_USD[f.currency]), 2).toFixed(2) };
}

function amounts(f, outcomes) {
  const mu = MINOR[f.currency];
  const total = new D(f.total);
  const pct = (x, p) => he(x.mul(p).div(100), mu);
  const cap = pct(total, 150);
  return outcomes.map((o) => {
    let a = null;
    if (o.fixedUsd) {
      const rate = he(new D(1).div(TO_USD[f.currency]), 10);
      a = he(new D(o.fixedUsd).mul(rate), mu);
    } else if (o.pct) {
      a = pct(o.of === 'items' ? new D(f.items) : total, o.pct);
      if (o.bonus) a = a.add(pct(a, o.bonus));
    }
    if (a && o.credit && a.gt(cap)) a = cap;
    return a ? `${o.kind}=${a.toFixed(mu)} ${f.currency}` : o.kind;
  });
}

async function decideJre(e, f, fx) {
  const { events } = await e.run(fx);
  const ev = events[0];
  return [ev.type, amounts(f, ev.params.outcomes)];
}

async function runJre() {
  const feats = lines('features.jsonl').map((l) => JSON.parse(l));
  const t0 = performance.now();
  const e = rulesEngine();
  const loadMs = performance.now() - t0;
  const out = [];
  for (const f of feats) {
    const [row, outs] = await decideJre(e, f, facts(f));
    out.push(canon(f.id, row, outs));
  }
  writeFileSync(join(work, 'out', 'node_json_rules_engine.txt'), out.join('\n') + '\n');
  const ns = await timePasses(async () => {
    for (const f of feats) await decideJre(e, f, facts(f));
  });
  report('node_json_rules_engine', feats.length, ns, loadMs,
    'json-rules-engine 7.3.1, priorities + stop() for first hit; amounts with decimal.js half-even');
}

// ------------------------------------------------------------------ amends wasm
async function runWasm(batch) {
  const policy = readFileSync(join(here, 'table16.toml'), 'utf8');
  const t0 = performance.now();
  // Loading the module (reading, compiling and instantiating the .wasm) + the policy.
  const require = createRequire(import.meta.url);
  const { Engine } = require(join(work, 'wasm-node', 'amends_wasm.js'));
  const engine = new Engine(policy);
  const loadMs = performance.now() - t0;
  const cases = lines('cases.jsonl');
  const name = batch ? 'wasm_node_batch' : 'wasm_node_loop';
  let out;
  if (batch) {
    // A batch document is limited to 1 MiB: arrays of BATCH cases.
    const texts = [];
    for (let i = 0; i < cases.length; i += BATCH) texts.push('[' + cases.slice(i, i + BATCH).join(',') + ']');
    out = texts.flatMap((text) => JSON.parse(engine.assessBatchJson(text, NOW)).map((r) => {
      if (r.type !== 'success') throw new Error(JSON.stringify(r));
      return canonAssessment(r.assessment);
    }));
    writeFileSync(join(work, 'out', `${name}.txt`), out.join('\n') + '\n');
    const ns = await timePasses(() => { for (const t of texts) engine.assessBatchJson(t, NOW); });
    report(name, cases.length, ns, loadMs, `Engine.assessBatchJson per ${BATCH} cases; JSON in and out`);
  } else {
    out = cases.map((cs) => canonAssessment(JSON.parse(engine.assessJson(cs, NOW))));
    writeFileSync(join(work, 'out', `${name}.txt`), out.join('\n') + '\n');
    const ns = await timePasses(() => { for (const cs of cases) engine.assessJson(cs, NOW); });
    report(name, cases.length, ns, loadMs, 'Engine.assessJson per case; JSON in and out');
  }
}

if (mode === 'jre') await runJre();
else if (mode === 'wasm-batch') await runWasm(true);
else if (mode === 'wasm-loop') await runWasm(false);
else { console.error(`unknown mode ${mode}`); process.exit(2); }
