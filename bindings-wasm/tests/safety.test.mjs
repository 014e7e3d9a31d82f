// Errors as data: the isAmendsError guard, the safe* variants, values JSON cannot hold
// caught before the engine (the Python binding's codes), and a clear error after free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, isAmendsError } from 'amends';

const NOW = '2026-11-20T12:00:00Z';
const CASE = {
  id: 'c-1', received_at: '2026-11-20T09:00:00Z', channel: 'chat',
  store: { id: 's1', marketplace: 'ebay', country: 'GB' }, text: 'My parcel never arrived.',
  claim: { kind: 'refund', amount: { amount: '49.90', currency: 'GBP' } },
};

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

test('isAmendsError tells amends errors from others', () => {
  const e = thrown(() => new Engine().assess({ ...CASE, id: 7 }, NOW));
  assert.equal(isAmendsError(e), true);
  assert.equal(isAmendsError(new Error('other')), false);
  assert.equal(isAmendsError({ name: 'AmendsError', code: 'x' }), false);
  assert.equal(isAmendsError(undefined), false);
});

test('safeAssess returns success or the error as data, never throws', () => {
  const engine = new Engine();
  const ok = engine.safeAssess(CASE, NOW);
  assert.equal(ok.type, 'success');
  assert.deepEqual(ok.value, engine.assess(CASE, NOW));
  const bad = engine.safeAssess({ ...CASE, received_at: 'yesterday' }, NOW);
  assert.equal(bad.type, 'failure');
  assert.equal(bad.error.code, 'input.invalid_time');
  assert.equal(bad.error.path, 'received_at');
  assert.equal(bad.error.kind, 'input');
  assert.ok(Array.isArray(bad.error.diagnostics) && bad.error.message);
  assert.equal(engine.safeAssess(CASE, 'not a time').type, 'failure');
});

test('Engine.safeCreate and the journey safe* variants', () => {
  const failed = Engine.safeCreate('[policy]\nid = 3');
  assert.equal(failed.type, 'failure');
  assert.equal(failed.error.kind, 'policy');
  const made = Engine.safeCreate();
  assert.equal(made.type, 'success');
  const order = made.value.machine('order');
  const start = order.safeStart({ instance: 'o-1' }, NOW);
  assert.equal(start.type, 'success');
  const step = order.safeStep(start.value.snapshot, { event: 'paid', at: NOW }, NOW);
  assert.equal(step.type, 'success');
  assert.equal(order.safeTick({ bogus: true }, NOW).type, 'failure');
});

test('NaN and Infinity are input.not_finite at their path, as in Python', () => {
  const engine = new Engine();
  for (const n of [NaN, Infinity, -Infinity]) {
    const e = thrown(() => engine.assess({ ...CASE, claim: { kind: 'refund', amount: { amount: n, currency: 'GBP' } } }, NOW));
    assert.equal(e.code, 'input.not_finite');
    assert.equal(e.path, 'claim.amount.amount');
  }
  const inArray = thrown(() => engine.assess({ ...CASE, order: { id: 'o', placed_at: NOW, items: [{ sku: 'a', quantity: NaN }] } }, NOW));
  assert.equal(inArray.code, 'input.not_finite');
  assert.equal(inArray.path, 'order.items[0].quantity');
});

test('undefined in an array is input.invalid_type; an undefined property is an absent field', () => {
  const engine = new Engine();
  const e = thrown(() => engine.assess({ ...CASE, buyer: { id: 'b', tags: [undefined] } }, NOW));
  assert.equal(e.code, 'input.invalid_type');
  assert.equal(e.path, 'buyer.tags[0]');
  const { claim, ...rest } = CASE;
  assert.deepEqual(engine.assess({ ...CASE, claim: undefined }, NOW), engine.assess(rest, NOW));
  assert.ok(claim);
  const invalid = thrown(() => engine.assess({ ...CASE, received_at: new Date(NaN) }, NOW));
  assert.equal(invalid.code, 'input.invalid_time');
  assert.equal(invalid.path, 'received_at');
});

test('a call after free() throws input.freed, not a bare null-pointer error', () => {
  const engine = new Engine();
  const order = engine.machine('order');
  engine.free();
  const e = thrown(() => engine.assess(CASE, NOW));
  assert.equal(isAmendsError(e), true);
  assert.equal(e.code, 'input.freed');
  assert.match(e.message, /free\(\)/);
  assert.equal(thrown(() => engine.policy).code, 'input.freed');
  // A machine keeps working on its own; freed, it says so too.
  assert.equal(order.start({ instance: 'o' }, NOW).snapshot.state.length > 0, true);
  order.free();
  assert.equal(thrown(() => order.start({ instance: 'o' }, NOW)).code, 'input.freed');
});
