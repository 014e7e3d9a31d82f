// Runs every conformance vector in tests/vectors/**/*.json through the wasm engine and
// compares JSON.stringify(expected) with the engine's output, byte for byte. The Rust
// runner (core/tests/vectors.rs) and the Python suite read the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, checkPolicy } from 'amends';

const testsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests');

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

let defaultEngine;
function engineFor(policy) {
  if (policy === 'default') return (defaultEngine ??= new Engine());
  if (typeof policy === 'string') {
    return new Engine(readFileSync(join(testsRoot, 'policies', `${policy}.toml`), 'utf8'));
  }
  return new Engine(policy);
}

function inputText(v) {
  return typeof v.input_text === 'string' ? v.input_text : JSON.stringify(v.input);
}

function errorResult(e) {
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') throw e;
  return JSON.stringify({ error: { code: e.code, path: e.path } });
}

/** Runs one vector; returns the actual result as canonical JSON text. */
export function run(v) {
  const op = v.op ?? 'assess';
  let out;
  switch (op) {
    case 'assess':
      try {
        // `sections` is passed only when the vector names it, so the default is tested too.
        out = v.sections === undefined
          ? engineFor(v.policy).assessJson(inputText(v), v.now)
          : engineFor(v.policy).assessJson(inputText(v), v.now, { sections: v.sections });
      } catch (e) {
        return errorResult(e);
      }
      break;
    case 'policy_check': {
      const report = checkPolicy(inputText(v));
      if (!report.valid) {
        const [first] = report.diagnostics;
        return JSON.stringify({ error: { code: first.code, path: first.path } });
      }
      return JSON.stringify({ valid: true, hash: report.policy.hash });
    }
    case 'journey': {
      // The core's shared replay, with the script as an object and as JSON text; both
      // must give the same bytes.
      const results = [v.input, JSON.stringify(v.input)].map((script) => {
        try {
          return engineFor(v.policy).replayJourneyJson(script);
        } catch (e) {
          return errorResult(e);
        }
      });
      return results[0] === results[1] ? results[0] : `object and text forms differ:\n${results.join('\n')}`;
    }
    default:
      throw new Error(`unknown op ${JSON.stringify(op)}`);
  }
  if (typeof v.select === 'string') return JSON.stringify(JSON.parse(out)[v.select] ?? null);
  return out;
}

const files = collect(join(testsRoot, 'vectors'));

test('vectors are found', () => {
  assert.ok(files.length > 0, 'no vectors found');
});

for (const file of files) {
  const v = JSON.parse(readFileSync(file, 'utf8'));
  test(`vector ${relative(testsRoot, file)}`, () => {
    assert.equal(run(v), JSON.stringify(v.expected));
  });
}

test('an unknown op fails rather than being skipped', () => {
  assert.throws(() => run({ op: 'frobnicate', policy: 'default', input: {}, now: '2026-11-20T12:00:00Z' }),
    /unknown op "frobnicate"/);
});
