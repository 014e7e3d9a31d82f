// The playground: pick or paste a complaint, edit the policy, see the assessment.
// The policy is compiled once per edit (a new Engine); each case edit only assesses.
import init, * as amends from '../pkg/web/amends_wasm.js';
import { SAMPLES } from './samples.js';
import { renderAssessment, renderError } from './render.js';
import { caseFromForm, renderAnswer } from './lead.js';

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

// The journey panel: the machines of the compiled policy, drawn as Mermaid or DOT text
// (shown as text: the page loads nothing from the network, so no diagram renderer).
let journeyFor = null; // the engine the machine list was built from
function showJourney() {
  if (typeof amends.journeyDiagram !== 'function' || !engine) return;
  const select = $('journey-machine');
  const out = $('journey-diagram');
  if (journeyFor !== engine) {
    journeyFor = engine;
    const keep = select.value;
    const names = amends.journeyNames(engineFor.trim() === '' ? undefined : engineFor);
    select.replaceChildren(...names.map((n) => new Option(n, n)));
    if (names.includes(keep)) select.value = keep;
    else if (names.includes('complaint')) select.value = 'complaint';
  }
  if (!select.value) {
    out.textContent = 'this policy defines no journey machine';
    $('journey-info').textContent = '';
    return;
  }
  let machine;
  try {
    machine = engine.machine(select.value);
    const r = machine.reference;
    out.textContent = machine.diagram($('journey-format').value);
    out.dataset.machine = r.id;
    $('journey-info').textContent = `${r.id} version ${r.version}`;
  } catch (e) {
    out.textContent = `${e.code ?? 'error'}: ${e.message}`;
  } finally {
    machine?.free();
  }
}

function update() {
  if (!compile()) {
    document.body.dataset.state = 'error';
    return;
  }
  showJourney();
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

// The support lead's form: plain text and a few fields, answered in sentences.
const leadEngine = { engine: null };
function lead() {
  const f = {
    text: $('lead-text').value, marketplace: $('lead-marketplace').value, market: $('lead-market').value,
    channel: $('lead-channel').value, amount: $('lead-amount').value.trim(), currency: $('lead-currency').value.trim().toUpperCase(),
    placed: $('lead-placed').value, estimate: $('lead-estimate').value, received: $('lead-received').value,
  };
  const zone = $('lead-zone').value.trim() || 'UTC';
  const out = $('answer');
  try {
    leadEngine.engine ??= new amends.Engine();
    const a = leadEngine.engine.assess(caseFromForm(f), new Date(f.received).toISOString());
    renderAnswer(out, a, zone, navigator.language || 'en');
    out.dataset.state = 'ready';
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'answer-error';
    p.textContent = e.path ? `Check “${e.path}”: ${e.message}` : `${e.message}`;
    out.replaceChildren(p);
    out.dataset.state = 'error';
  }
}

function initLead() {
  const pad = (n) => String(n).padStart(2, '0');
  const now = new Date();
  const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const ago = (days) => new Date(now.getTime() - days * 86400000);
  $('lead-placed').value = day(ago(21));
  $('lead-estimate').value = day(ago(10));
  $('lead-received').value = `${day(now)}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
  $('lead-zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let t;
  $('lead-form').addEventListener('input', () => { clearTimeout(t); t = setTimeout(lead, 150); });
  lead();
}

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
    $('journey-machine').addEventListener('change', showJourney);
    $('journey-format').addEventListener('change', showJourney);
  }
  loadSample(0);
  initLead();
}

main().catch((e) => {
  document.body.dataset.state = 'failed';
  els.result.textContent = `the engine failed to load: ${e}`;
});
