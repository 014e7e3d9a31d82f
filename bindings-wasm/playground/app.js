// The playground: pick or paste a complaint, edit the policy, see the assessment.
// The policy is compiled once per edit (a new Engine); each case edit only assesses.
import init, * as amends from '../pkg/web/amends_wasm.js';
import { SAMPLES } from './samples.js';
import { renderAssessment, renderError } from './render.js';

const $ = (id) => document.getElementById(id);
const els = {
  sample: $('sample'), case: $('case'), now: $('now'), policy: $('policy'),
  status: $('policy-status'), result: $('result'), info: $('engine-info'),
};

let engine = null;
let engineFor = null; // the policy text `engine` was compiled from

function compile() {
  const text = els.policy.value;
  if (engine && text === engineFor) return engine;
  engine?.free();
  engine = null;
  engineFor = text;
  try {
    const t0 = performance.now();
    engine = new amends.Engine(text.trim() === '' ? undefined : text);
    const p = engine.policy;
    els.status.className = 'ok';
    els.status.textContent = `${p.id} ${p.version} compiled in ${(performance.now() - t0).toFixed(1)} ms`;
    els.status.dataset.policyHash = p.hash;
  } catch (e) {
    els.status.className = 'bad';
    els.status.textContent = `policy has ${e.diagnostics?.length ?? 1} problem(s)`;
    renderError(els.result, e, 'Policy');
  }
  return engine;
}

function update() {
  if (!compile()) {
    document.body.dataset.state = 'error';
    return;
  }
  try {
    const t0 = performance.now();
    const a = engine.assess(els.case.value, els.now.value.trim());
    const ms = performance.now() - t0;
    renderAssessment(els.result, a, `assessed in ${ms.toFixed(2)} ms`);
    document.body.dataset.state = 'ready';
  } catch (e) {
    renderError(els.result, e, 'Complaint');
    document.body.dataset.state = 'error';
  }
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

let timer;
const later = () => {
  clearTimeout(timer);
  document.body.dataset.state = 'pending';
  timer = setTimeout(update, 200);
};

function loadSample(i) {
  const s = SAMPLES[i];
  els.case.value = JSON.stringify(s.case, null, 2);
  els.now.value = s.now;
  update();
}

async function main() {
  await init();
  els.info.textContent = `engine ${amends.version()} (WebAssembly)`;
  SAMPLES.forEach((s, i) => els.sample.append(new Option(s.name, String(i))));
  els.policy.value = amends.defaultPolicyToml();
  els.sample.addEventListener('change', () => loadSample(Number(els.sample.value)));
  for (const t of [els.case, els.now, els.policy]) t.addEventListener('input', later);
  $('now-button').addEventListener('click', () => { els.now.value = new Date().toISOString(); update(); });
  $('reset-policy').addEventListener('click', () => { els.policy.value = amends.defaultPolicyToml(); update(); });
  // Journeys: when the engine exposes a diagram export, it is shown here.
  if (typeof amends.journeyDiagram === 'function') {
    $('journey').hidden = false;
    $('journey-diagram').textContent = amends.journeyDiagram();
  }
  loadSample(0);
}

main().catch((e) => {
  document.body.dataset.state = 'failed';
  els.result.textContent = `the engine failed to load: ${e}`;
});
