// The JavaScript API: inputs as objects or text, outputs as objects or canonical JSON,
// errors as Error objects with code, path and diagnostics, and both module formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import init, { Engine, checkPolicy, checkPolicyJson, schema, schemaNames, version, defaultPolicyToml } from 'amends';

const NOW = '2026-11-20T12:00:00Z';
const CASE = {
  id: 'c-001',
  received_at: '2026-11-20T09:00:00Z',
  store: { id: 'de-amz-1', marketplace: 'amazon', country: 'DE', group: 'acme' },
  channel: 'email',
  text: 'Mein Paket ist nach drei Wochen immer noch nicht da.',
  claim: { kind: 'refund', amount: { amount: '59.90', currency: 'EUR' } },
  order: {
    id: 'o-1',
    placed_at: '2026-10-28T10:00:00Z',
    total: { amount: '59.90', currency: 'EUR' },
    items: [{ sku: 'SOFA-COVER-L', quantity: 1, unit_price: { amount: '54.90', currency: 'EUR' } }],
  },
};

function assertAmendsError(fn, { kind, code, path }) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.name, 'AmendsError');
  if (kind) assert.equal(caught.kind, kind);
  assert.equal(caught.code, code);
  if (path !== undefined) assert.equal(caught.path, path);
  assert.ok(Array.isArray(caught.diagnostics) && caught.diagnostics.length > 0);
  assert.equal(caught.diagnostics[0].code, code);
  assert.equal(typeof caught.message, 'string');
  return caught;
}

test('init is a no-op in Node, for parity with the browser build', async () => {
  await init();
});

test('assess returns the parsed canonical JSON, money as decimal strings', () => {
  const engine = new Engine();
  const obj = engine.assess(CASE, NOW);
  const json = engine.assessJson(CASE, NOW);
  assert.deepEqual(obj, JSON.parse(json));
  assert.equal(JSON.stringify(obj), json);
  assert.equal(obj.case_id, 'c-001');
  assert.equal(obj.assessed_at, NOW);
  assert.equal(typeof obj.facts.order_total_base.to.amount, 'string');
});

test('a case given as text and as an object gives the same bytes', () => {
  const engine = new Engine();
  assert.equal(engine.assessJson(JSON.stringify(CASE), NOW), engine.assessJson(CASE, NOW));
});

test('now may be a Date or an RFC 3339 string with any offset', () => {
  const engine = new Engine();
  const a = engine.assessJson(CASE, NOW);
  assert.equal(engine.assessJson(CASE, new Date(NOW)), a);
  assert.equal(engine.assessJson(CASE, '2026-11-20T13:00:00+01:00'), a);
});

test('an invalid now is an input error at path now', () => {
  const engine = new Engine();
  assertAmendsError(() => engine.assess(CASE, 'yesterday'), { kind: 'input', code: 'input.invalid_time', path: 'now' });
  assertAmendsError(() => engine.assess(CASE, new Date('nope')), { code: 'input.invalid_time', path: 'now' });
  assertAmendsError(() => engine.assess(CASE, 1700000000000), { code: 'input.invalid_time', path: 'now' });
});

test('input errors carry the path of the offending field', () => {
  const engine = new Engine();
  const bad = structuredClone(CASE);
  bad.order.items[0].unit_price.amount = 54.9; // a float, not a decimal string
  const e = assertAmendsError(() => engine.assess(bad, NOW), { kind: 'input', code: 'input.invalid_type', path: 'order.items[0].unit_price.amount' });
  assert.match(e.message, /order\.items\[0\]\.unit_price\.amount/);
  assertAmendsError(() => engine.assess({ ...CASE, colour: 'red' }, NOW), { code: 'input.unknown_field', path: 'colour' });
  assertAmendsError(() => engine.assess('{"id": "x",', NOW), { code: 'input.truncated', path: '' });
  assertAmendsError(() => engine.assess(undefined, NOW), { code: 'input.missing', path: '' });
  const cyclic = { ...CASE };
  cyclic.self = cyclic;
  assertAmendsError(() => engine.assess(cyclic, NOW), { code: 'input.not_json', path: '' });
  assertAmendsError(() => engine.assess({ ...CASE, n: 10n }, NOW), { code: 'input.not_json', path: '' });
});

test('a bad policy throws once with every problem listed', () => {
  const e = assertAmendsError(
    () => new Engine('[policy]\nid = ""\nversion = ""\n'),
    { kind: 'policy', code: 'policy.empty', path: 'policy.id' },
  );
  assert.ok(e.diagnostics.length >= 2, JSON.stringify(e.diagnostics));
  assertAmendsError(() => new Engine('[policy\n'), { kind: 'policy', code: 'policy.syntax' });
});

test('a policy may be TOML text, JSON text or an object, and gives the same hash', () => {
  const toml = defaultPolicyToml();
  const fromToml = new Engine(toml);
  const fromDefault = new Engine();
  const obj = JSON.parse(fromToml.policyJson());
  const fromObject = new Engine(obj);
  const fromJsonText = new Engine(JSON.stringify(obj));
  assert.deepEqual(fromToml.policy, fromDefault.policy);
  assert.deepEqual(fromObject.policy, fromDefault.policy);
  assert.deepEqual(fromJsonText.policy, fromDefault.policy);
  assert.equal(fromDefault.policy.id, 'amends.default');
  assert.match(fromDefault.policy.hash, /^[0-9a-f]{64}$/);
});

test('checkPolicy reports validity and every diagnostic without throwing', () => {
  const ok = checkPolicy(defaultPolicyToml());
  assert.equal(ok.valid, true);
  assert.deepEqual(ok.policy, new Engine().policy);
  assert.deepEqual(ok.diagnostics, []);
  const bad = checkPolicy({ policy: { id: '', version: '' } });
  assert.equal(bad.valid, false);
  assert.ok(bad.diagnostics.length >= 2);
  assert.equal(checkPolicyJson('not = [valid'), JSON.stringify(checkPolicy('not = [valid')));
  assert.equal(checkPolicy('not = [valid').diagnostics[0].code, 'policy.syntax');
});

test('{sections: "decision"} returns the decision form from every assess call', () => {
  const engine = new Engine();
  const decision = engine.assess(CASE, NOW, { sections: 'decision' });
  assert.deepEqual(Object.keys(decision), [
    'case_id', 'assessed_at', 'policy', 'category', 'urgency', 'risk', 'remedy', 'queue', 'deadlines',
  ]);
  const full = engine.assess(CASE, NOW);
  assert.equal(decision.category, full.triage.category);
  assert.equal(decision.queue, full.routing.queue);
  assert.equal(engine.assessJson(CASE, NOW, { sections: 'decision' }), JSON.stringify(decision));
  assert.equal(engine.assessJson(CASE, NOW, { sections: 'full' }), engine.assessJson(CASE, NOW));
  assert.equal(engine.assessJson(CASE, NOW, {}), engine.assessJson(CASE, NOW));
  const batch = engine.assessBatch([CASE, '{'], NOW, { sections: 'decision' });
  assert.deepEqual(batch[0], { type: 'success', assessment: decision });
  assert.equal(batch[1].type, 'failure');
  assert.deepEqual(JSON.parse(engine.assessBatchJson([CASE], NOW, { sections: 'decision' }))[0].assessment, decision);
  assertAmendsError(() => engine.assess(CASE, NOW, { sections: 'trace' }), {
    kind: 'input', code: 'input.unknown_sections', path: 'sections',
  });
  assertAmendsError(() => engine.assessJson(CASE, NOW, { sections: 1 }), {
    kind: 'input', code: 'input.invalid_type', path: 'sections',
  });
  assertAmendsError(() => engine.assessJson(CASE, NOW, 'decision'), {
    kind: 'input', code: 'input.invalid_type', path: 'options',
  });
});

test('assessBatch keeps order and isolates failures', () => {
  const engine = new Engine();
  const out = engine.assessBatch([CASE, { id: 'broken' }, { ...CASE, id: 'c-002' }], NOW);
  assert.deepEqual(out.map((e) => e.type), ['success', 'failure', 'success']);
  assert.equal(out[0].assessment.case_id, 'c-001');
  assert.equal(out[1].error.kind, 'input');
  assert.equal(out[1].error.code, 'input.missing_field');
  assert.equal(out[2].assessment.case_id, 'c-002');
  assert.equal(JSON.stringify(out[0].assessment), engine.assessJson(CASE, NOW));
  assert.equal(engine.assessBatchJson(JSON.stringify([CASE]), NOW), JSON.stringify(engine.assessBatch([CASE], NOW)));
  assertAmendsError(() => engine.assessBatch({ not: 'an array' }, NOW), { kind: 'input', code: 'input.invalid_type' });
});

test('schemas are published for every document', () => {
  assert.deepEqual(schemaNames(), ['case', 'assessment', 'decision', 'policy', 'journey_start', 'journey_event', 'journey_snapshot', 'journey_step', 'journey_clocks']);
  for (const name of schemaNames()) assert.equal(typeof schema(name), 'object');
  assertAmendsError(() => schema('nope'), { code: 'input.unknown_schema', path: 'name' });
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('hostile inputs never break the module', () => {
  const engine = new Engine();
  const junk = ['', '[]', 'null', '{}', '"x"', '1e999', '{"id":' + '['.repeat(10000), '\u0000', 'x'.repeat(2_000_000), [], null, 7, true, Symbol.iterator];
  for (const j of junk) {
    try {
      engine.assess(j, NOW);
    } catch (e) {
      assert.ok(e instanceof Error);
      assert.equal(typeof e.code, 'string', String(j).slice(0, 40));
    }
  }
  assert.equal(engine.assess(CASE, NOW).case_id, 'c-001');
});

test('the CommonJS entry and the ESM entry expose the same engine', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require('amends');
  const esm = await import('amends');
  assert.equal(new cjs.Engine().assessJson(CASE, NOW), new esm.Engine().assessJson(CASE, NOW));
});

test('free() releases an engine and later use throws rather than crashing', () => {
  const engine = new Engine();
  engine.free();
  assert.throws(() => engine.assess(CASE, NOW));
  assert.equal(new Engine().assess(CASE, NOW).case_id, 'c-001');
});

test('deeply nested policies and cases are refused, not a stack overflow', () => {
  const deep = 100_000;
  for (const text of ['a = ' + '['.repeat(deep) + ']'.repeat(deep), '{"a":' + '['.repeat(deep)]) {
    const r = checkPolicy(text);
    assert.equal(r.valid, false);
    // The core's nesting guard (policy.too_deep) or the parser's own limit (policy.syntax).
    assert.match(r.diagnostics[0].code, /^policy\.(too_deep|syntax)$/);
    assert.throws(() => new Engine(text), (e) => e.kind === 'policy' && e.code === r.diagnostics[0].code);
  }
  assert.throws(() => new Engine().assess('{"id":' + '['.repeat(deep), NOW), (e) => e.kind === 'input');
  assert.throws(() => new Engine().assessBatch('['.repeat(deep), NOW), (e) => e.kind === 'input');
  // A nested array is refused as a whole (input.too_deep) by the core's nesting guard.
  assert.throws(() => new Engine().assessBatch('['.repeat(deep) + ']'.repeat(deep), NOW),
    (e) => e.kind === 'input' && e.code === 'input.too_deep');
  assert.equal(new Engine().assess(CASE, NOW).case_id, 'c-001');
});

test('dotted TOML keys nesting thousands of tables are refused, and the module stays usable', () => {
  // A 12 KB policy of `not.not.not... = { ... }` keys: about 3,000 tables without one
  // bracket. It once overflowed the wasm stack, after which every call of every Engine
  // failed with "memory access out of bounds".
  const engine = new Engine();
  const key = Array(78).fill('not').join('.');
  const text = '[policy]\nid = "x"\nversion = "1"\n[fx]\n' + `${key} = {`.repeat(40) + 'z = 1' + '}'.repeat(40) + '\n';
  assert.equal(checkPolicy(text).diagnostics[0].code, 'policy.too_deep');
  assertAmendsError(() => new Engine(text), { kind: 'policy', code: 'policy.too_deep', path: '' });
  assert.equal(engine.assess(CASE, NOW).case_id, 'c-001');
  assert.equal(new Engine().assess(CASE, NOW).case_id, 'c-001');
});

// ---- Journeys ----

const START = '2026-11-02T10:00:00Z';

test('engine.machine and new Machine give the same machine', async () => {
  const { Machine } = await import('amends');
  const engine = new Engine();
  const a = engine.machine('order');
  const b = new Machine(engine, 'order');
  assert.deepEqual(a.reference, b.reference);
  assert.equal(a.reference.id, 'order');
  assert.match(a.reference.hash, /^[0-9a-f]{64}$/);
  a.free();
  b.free();
});

test('journey calls: objects and text give the canonical bytes', () => {
  const order = new Engine().machine('order');
  const text = order.startJson({ instance: 'o-1' }, START);
  assert.equal(JSON.stringify(order.start(JSON.stringify({ instance: 'o-1' }), new Date(START))), text);
  const { snapshot } = JSON.parse(text);
  const paid = order.step(snapshot, { event: 'paid', at: '2026-11-02T10:30:00Z' }, '2026-11-02T11:00:00Z');
  assert.equal(paid.snapshot.state, 'paid');
  assert.equal(JSON.stringify(paid),
    order.stepJson(JSON.stringify(snapshot), '{"event":"paid","at":"2026-11-02T10:30:00Z"}', '2026-11-02T11:00:00Z'));
  const later = order.tick(paid.snapshot, '2026-11-09T00:00:00Z');
  assert.equal(later.snapshot.seq, 3);
  assert.equal(JSON.stringify(order.clocks(later.snapshot, '2026-11-09T00:00:00Z')),
    order.clocksJson(later.snapshot, '2026-11-09T00:00:00Z'));
  order.free();
});

test('journey errors carry code and path', () => {
  const engine = new Engine();
  assertAmendsError(() => engine.machine('nope'), { kind: 'input', code: 'journey.unknown_machine', path: 'machine' });
  const order = engine.machine('order');
  const { snapshot } = order.start({ instance: 'o-1' }, START);
  let e;
  try { order.tick({ ...snapshot, seq: 'x' }, START); } catch (err) { e = err; }
  assert.ok(e && e.path.startsWith('snapshot'), `snapshot path, got ${e?.path}`);
  e = undefined;
  try { order.step(snapshot, { event: 'paid', when: START }, START); } catch (err) { e = err; }
  assert.ok(e && e.path.startsWith('event'), `event path, got ${e?.path}`);
  assert.throws(() => order.tick(undefined, START), (err) => err.code === 'input.missing');
  assert.throws(() => order.diagram('png'), (err) => typeof err.code === 'string');
  order.free();
});

test('diagrams and journey schemas', async () => {
  const { journeyDiagram, journeyNames, journeySchema, journeySchemaNames } = await import('amends');
  assert.match(journeyDiagram(), /^stateDiagram-v2/);
  assert.match(journeyDiagram(undefined, 'order', 'dot'), /^digraph/);
  assert.ok(journeyNames().includes('complaint'));
  assert.ok(journeyNames().includes('order'));
  assert.deepEqual(journeySchemaNames(), ['journey_start', 'journey_event', 'journey_snapshot', 'journey_step', 'journey_clocks']);
  for (const n of journeySchemaNames()) assert.equal(typeof journeySchema(n), 'object');
  assert.throws(() => journeySchema('nope'), (err) => err.code === 'input.unknown_schema');
});

test('replay reports identical or the exact differences', async () => {
  await init();
  const engine = new Engine();
  const stored = JSON.parse(engine.assessJson(CASE, NOW));
  assert.deepEqual(engine.replay({ case: CASE, now: NOW, assessment: stored }), {
    case_id: CASE.id,
    identical: true,
  });
  stored.risk.score = 99;
  const r = engine.replay(JSON.stringify({ case: CASE, now: NOW, assessment: stored }));
  assert.equal(r.identical, false);
  assert.deepEqual(r.differences[0], { section: 'risk', path: 'risk.score', stored: 99, current: JSON.parse(engine.assessJson(CASE, NOW)).risk.score });
  assert.deepEqual(JSON.parse(engine.replayJson({ case: CASE, now: NOW, assessment: stored })), r);
});
