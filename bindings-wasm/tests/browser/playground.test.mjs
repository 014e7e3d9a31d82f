// End-to-end: the playground in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), served from 127.0.0.1 with every other request refused. The expected
// values come from the Node build of the same engine, so the checks hold as sections grow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Engine, journeyDiagram } from 'amends';
import { startServer } from '../../scripts/serve.mjs';
import { SAMPLES } from '../../playground/samples.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server, browser, page;
const problems = [];
const offsite = [];

before(async () => {
  server = await startServer(0);
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  // Generous for a loaded CI machine: each policy edit recompiles it in the page.
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:')) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  await page.goto(`${server.url}/playground/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Replaces the policy box's text as a paste would: one input event. (`page.fill` inserts
 * the ~100 KB policy as typed text, which a loaded machine may not finish in time.)
 */
async function pastePolicy(toml) {
  await page.$eval('#policy', (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, toml);
}

/** Waits until the page has rendered after the last edit. */
async function settled(state = 'ready') {
  await page.waitForFunction((s) => document.body.dataset.state === s, state, { timeout: 30000 });
}

const text = (sel) => page.locator(sel).innerText();
const figure = (name) => text(`[data-figure="${name}"] .figure-value`);
const shown = (v) => (v === undefined || v === null ? '—' : String(v));

async function checkShows(a) {
  assert.equal(await text('[data-meta="case_id"]'), `case ${a.case_id}`);
  assert.equal(await figure('category'), shown(a.triage.category));
  assert.equal(await figure('language'), shown(a.triage.language));
  assert.equal(await figure('urgency'), shown(a.triage.urgency));
  assert.equal(await figure('risk_score'), shown(a.risk.score));
  const risk = await text('#section-risk');
  for (const r of a.risk.reasons) assert.ok(risk.includes(r.code), `risk reason ${r.code} shown`);
  const remedy = await text('#section-remedy');
  for (const o of a.remedy.options) {
    assert.ok(remedy.includes(o.id), `offer ${o.id} shown`);
    for (const out of o.outcomes) assert.ok(remedy.includes(out.kind), `outcome ${out.kind} of ${o.id} shown`);
    assert.ok(remedy.includes(o.band), `band ${o.band} of ${o.id} shown`);
    if (o.approver) assert.ok(remedy.includes(o.approver), `approver ${o.approver} shown`);
    if (o.value) assert.ok(remedy.includes(`${o.value.amount} ${o.value.currency}`), 'offer value shown as decimal');
  }
  const sla = await text('#section-sla');
  for (const d of a.sla.deadlines) {
    assert.ok(sla.includes(d.name), `deadline ${d.name} shown`);
    assert.ok(sla.includes(d.due_at), `deadline ${d.name} due ${d.due_at} shown`);
  }
  const bounded = (a.what_would_change?.offers ?? []).filter((c) => c.stays_up_to);
  if (bounded.length) {
    const said = await text('#explain-sentences');
    for (const c of bounded) {
      assert.ok(said.includes(`${c.id} is `), `sentence for ${c.id} shown`);
      assert.ok(said.includes(`up to ${c.stays_up_to.amount} ${c.stays_up_to.currency}`), `bound of ${c.id} shown`);
    }
  }
  for (const section of Object.keys(a).filter((k) => !['case_id', 'assessed_at', 'policy'].includes(k))) {
    assert.equal(await page.locator(`[data-section="${section}"]`).count(), 1, `section ${section} rendered`);
  }
}

test('the first sample is assessed on load and shown section by section', async () => {
  const s = SAMPLES[0];
  const a = new Engine().assess(s.case, s.now);
  await checkShows(a);
  assert.match(await text('[data-meta="policy"]'), new RegExp(`${a.policy.id} ${a.policy.version} · ${a.policy.hash.slice(0, 12)}`));
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'playground.png'), fullPage: true });
});

test('every sample complaint can be picked and matches the Node engine', async () => {
  const engine = new Engine();
  for (let i = SAMPLES.length - 1; i >= 0; i--) {
    await page.selectOption('#sample', String(i));
    await settled();
    await checkShows(engine.assess(SAMPLES[i].case, SAMPLES[i].now));
  }
});

test('a pasted complaint is assessed', async () => {
  const c = { ...SAMPLES[1].case, id: 'pasted-1', text: 'Where is my order? It never arrived.' };
  await page.fill('#case', JSON.stringify(c));
  await settled();
  await checkShows(new Engine().assess(c, await page.inputValue('#now')));
});

test('a broken complaint shows the error code and path', async () => {
  await page.fill('#case', '{"id": "x",');
  await settled('error');
  assert.equal(await page.getAttribute('.error', 'data-error-code'), 'input.truncated');
  const bad = { ...SAMPLES[0].case, claim: { kind: 'refund', amount: { amount: 59.9, currency: 'EUR' } } };
  await page.fill('#case', JSON.stringify(bad));
  await settled('error');
  assert.equal(await page.getAttribute('.error', 'data-error-code'), 'input.invalid_type');
  assert.match(await text('.error'), /claim\.amount\.amount/);
  await page.selectOption('#sample', '0');
  await settled();
});

test('editing the policy recompiles it and the assessment follows', async () => {
  const original = await page.inputValue('#policy');
  const edited = original.replace(/^version = ".*"$/m, 'version = "playground-edit"');
  assert.notEqual(edited, original);
  await pastePolicy(edited);
  await settled();
  const expected = new Engine(edited).assess(SAMPLES[0].case, SAMPLES[0].now);
  assert.match(await text('[data-meta="policy"]'), /playground-edit/);
  assert.equal(await page.getAttribute('#policy-status', 'data-policy-hash'), expected.policy.hash);
  await checkShows(expected);

  await pastePolicy(original.replace(/^id = ".*"$/m, 'id = ""'));
  await settled('error');
  assert.equal(await page.getAttribute('.error', 'data-error-code'), 'policy.empty');
  assert.match(await text('#policy-status'), /problem/);
  await page.screenshot({ path: join(shots, 'playground-policy-error.png'), fullPage: true });

  await page.click('#reset-policy');
  await settled();
  await checkShows(new Engine().assess(SAMPLES[0].case, SAMPLES[0].now));
});

test('the journey panel shows the diagram of each machine, as Mermaid or DOT', async () => {
  assert.equal(await page.isVisible('#journey'), true);
  assert.equal(await page.inputValue('#journey-machine'), 'complaint');
  assert.equal(await page.textContent('#journey-diagram'), journeyDiagram(undefined, 'complaint', 'mermaid'));
  await page.selectOption('#journey-machine', 'order');
  assert.equal(await page.textContent('#journey-diagram'), journeyDiagram(undefined, 'order', 'mermaid'));
  await page.selectOption('#journey-format', 'dot');
  assert.equal(await page.textContent('#journey-diagram'), journeyDiagram(undefined, 'order', 'dot'));
  assert.match(await text('#journey-info'), /^order version /);
  await page.locator('#journey').screenshot({ path: join(shots, 'playground-journey.png') });
  await page.selectOption('#journey-format', 'mermaid');
  await page.selectOption('#journey-machine', 'complaint');
});

test('nothing left the machine and the page logged no errors', () => {
  assert.deepEqual(offsite, []);
  assert.deepEqual(problems, []);
});
