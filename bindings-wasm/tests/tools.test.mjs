// monitor, backtest (and its HTML report) and the audit chain: the Python names and
// error codes, over the same history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Engine, monitor, backtest, backtestHtml, auditAppend, auditVerify } from 'amends';

const CASES = readFileSync(new URL('../../examples/cases.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const HISTORY = CASES.slice(0, 12).map((c) => JSON.stringify({ case: c })).join('\n') + '\n';

test('monitor reads a history as text or as records', () => {
  const engine = new Engine();
  const report = monitor(engine, HISTORY);
  assert.equal(typeof report, 'object');
  assert.deepEqual(monitor(engine, CASES.slice(0, 12).map((c) => ({ case: c }))), report);
});

test('backtest and its HTML report', () => {
  const a = new Engine();
  const b = new Engine();
  assert.match(JSON.stringify(backtest(a, b, HISTORY, 5)), /amends\.default/);
  assert.match(backtestHtml(a, b, HISTORY).trimStart().toLowerCase(), /^<!doctype html/);
});

test('a malformed history line is an input error at its line', () => {
  let e;
  try { monitor(new Engine(), HISTORY + '{not json}\n'); } catch (x) { e = x; }
  assert.equal(e.kind, 'input');
  assert.ok(e.path.startsWith('[12]'), e.path);
  try { monitor(new Engine(), { case: CASES[0] }); } catch (x) { e = x; }
  assert.equal(e.code, 'input.invalid_type');
});

test('auditAppend then auditVerify', () => {
  const engine = new Engine();
  let chain = '';
  const heads = [];
  for (const c of CASES.slice(0, 3)) {
    const a = engine.assess(c, '2026-11-23T12:00:00Z');
    const record = auditAppend(chain, c, a, '2026-11-23T12:00:01Z');
    assert.equal(record.kind, 'decision');
    chain += JSON.stringify(record) + '\n';
    heads.push(record.hash);
  }
  assert.deepEqual(auditVerify(chain), { valid: true, records: 3, head: heads[2] });
  assert.equal(auditVerify(chain, heads[1]).code, 'audit.head_mismatch');
  const tampered = chain.replace(CASES[1].id, CASES[1].id + 'x');
  const broken = auditVerify(tampered);
  assert.equal(broken.valid, false);
  assert.equal(broken.line, 2);
  let e;
  try { auditAppend(tampered, CASES[0], engine.assess(CASES[0], '2026-11-23T12:00:00Z'), '2026-11-23T12:00:02Z'); } catch (x) { e = x; }
  assert.equal(e.code, broken.code);
});
