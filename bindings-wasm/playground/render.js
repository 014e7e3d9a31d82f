// Renders an assessment generically: every section the engine returns becomes a card,
// objects become definition lists, arrays of objects become tables. Nothing here knows a
// section's full shape, so new fields and new sections appear without changing the page.

import { sentences } from './sentences.js';

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) e.append(c);
  return e;
};

const isMoney = (v) =>
  v && typeof v === 'object' && !Array.isArray(v) &&
  Object.keys(v).length === 2 && typeof v.amount === 'string' && typeof v.currency === 'string';

const label = (key) => key.replace(/_/g, ' ');

/** "3h 05m" for a number of seconds (negative: overdue). */
export function humanSeconds(s) {
  const neg = s < 0;
  let t = Math.abs(s);
  const d = Math.floor(t / 86400); t -= d * 86400;
  const h = Math.floor(t / 3600); t -= h * 3600;
  const m = Math.floor(t / 60);
  const parts = d ? [`${d}d`, `${h}h`] : h ? [`${h}h`, `${String(m).padStart(2, '0')}m`] : [`${m}m`, `${t % 60}s`];
  return (neg ? 'overdue ' : '') + parts.join(' ');
}

/** A DOM node for any JSON value. */
export function renderValue(v, key = '') {
  if (v === null || v === undefined) return el('span', { class: 'none' }, '—');
  if (isMoney(v)) return el('span', { class: 'money' }, `${v.amount} ${v.currency}`);
  if (typeof v === 'boolean') return el('span', { class: `bool ${v}` }, v ? 'yes' : 'no');
  if (typeof v === 'number') {
    if (/seconds/.test(key)) return el('span', { class: 'num', title: `${v} s` }, humanSeconds(v));
    return el('span', { class: 'num' }, String(v));
  }
  if (typeof v === 'string') {
    const time = /^\d{4}-\d\d-\d\dT/.test(v);
    return el('span', { class: time ? 'str time' : 'str' }, v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return el('span', { class: 'none' }, 'none');
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x) && !isMoney(x))) return renderTable(v);
    return el('ul', { class: 'chips' }, v.map((x) => el('li', {}, renderValue(x, key))));
  }
  return renderObject(v);
}

const isRows = (v) => Array.isArray(v) && v.length > 0 &&
  v.every((x) => x && typeof x === 'object' && !Array.isArray(x) && !isMoney(x));

/** Scalars and small objects as a definition list; lists of records as full-width tables below it. */
function renderObject(o) {
  const keys = Object.keys(o);
  if (keys.length === 0) return el('span', { class: 'none' }, 'empty');
  const inline = keys.filter((k) => !isRows(o[k]));
  const blocks = keys.filter((k) => isRows(o[k]));
  return el('div', { class: 'obj' },
    inline.length ? el('dl', {}, inline.map((k) => [el('dt', {}, label(k)), el('dd', { 'data-key': k }, renderValue(o[k], k))])) : null,
    blocks.map((k) => el('div', { class: 'block', 'data-key': k }, el('h3', {}, label(k)), renderTable(o[k]))));
}

function renderTable(rows) {
  const cols = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return el('table', {},
    el('thead', {}, el('tr', {}, cols.map((c) => el('th', {}, label(c))))),
    el('tbody', {}, rows.map((r, i) => el('tr', { 'data-row': String(i) },
      cols.map((c) => el('td', { 'data-col': c }, c in r ? renderValue(r[c], c) : '')))))
  );
}

const TITLES = {
  triage: 'Category, language and urgency',
  risk: 'Risk score and reasons',
  remedy: 'Offer menu and approvals',
  routing: 'Routing',
  sla: 'Running deadlines',
  facts: 'Facts the rules compared',
  actions: 'Actions for the host',
  trace: 'Why: the trace',
  why_not: 'Why not: the rules that did not fire',
  what_would_change: 'What would change it',
  buyer_summary: 'What the buyer may be told',
};
const ORDER = ['triage', 'risk', 'remedy', 'buyer_summary', 'sla', 'routing', 'actions', 'what_would_change', 'why_not', 'facts', 'trace'];

/** "What would change it" and "why not" in sentences. */
function explanation(a) {
  const { change, whyNot } = sentences(a);
  if (!change.length && !whyNot.length) return null;
  return el('section', { class: 'card wide', id: 'explain-sentences', 'data-explain': 'sentences' },
    el('h2', {}, 'What would change it, and why not'),
    change.length ? el('ul', { 'data-explain': 'change' }, change.map((t) => el('li', {}, t))) : null,
    whyNot.length ? el('details', {}, el('summary', {}, `Why not (${whyNot.length} rules did not fire)`),
      el('ul', { 'data-explain': 'why_not' }, whyNot.map((t) => el('li', {}, t)))) : null);
}
const HEADER = new Set(['case_id', 'assessed_at', 'policy']);

/** The headline figures, each read defensively so a reshaped section shows "—". */
function summary(a) {
  const items = [
    ['category', a.triage?.category],
    ['language', a.triage?.language],
    ['urgency', a.triage?.urgency],
    ['risk score', a.risk?.score],
    ['risk band', a.risk?.band],
    ['queue', a.routing?.queue],
  ];
  return el('div', { class: 'summary' }, items.map(([k, v]) =>
    el('div', { class: 'figure', 'data-figure': k.replace(' ', '_') },
      el('div', { class: 'figure-label' }, k),
      el('div', { class: `figure-value ${k === 'urgency' ? `urgency-${v}` : ''}` }, v === undefined || v === null ? '—' : String(v)))));
}

/** Replaces `root`'s content with the assessment. */
export function renderAssessment(root, a, stats = '') {
  const sections = Object.keys(a).filter((k) => !HEADER.has(k));
  sections.sort((x, y) => (ORDER.indexOf(x) + 1 || 99) - (ORDER.indexOf(y) + 1 || 99));
  root.replaceChildren(
    el('div', { class: 'meta' },
      el('span', { 'data-meta': 'case_id' }, `case ${a.case_id}`),
      el('span', { 'data-meta': 'assessed_at' }, `at ${a.assessed_at}`),
      el('span', { 'data-meta': 'policy' }, `policy ${a.policy?.id} ${a.policy?.version} · ${String(a.policy?.hash).slice(0, 12)}`),
      stats ? el('span', { class: 'stats' }, stats) : null),
    summary(a),
    explanation(a),
    ...sections.map((k) => {
      const card = el('section', { class: `card ${['trace', 'facts', 'sla'].includes(k) ? 'wide' : ''}`, id: `section-${k}`, 'data-section': k },
        el('h2', {}, TITLES[k] ?? label(k)),
        renderValue(a[k], k));
      if (k === 'remedy' && Number.isInteger(a.remedy?.recommended)) {
        card.querySelector(`tr[data-row="${a.remedy.recommended}"]`)?.classList.add('recommended');
      }
      return card;
    }),
  );
}

/** Shows an error thrown by the engine: its code, path, message and every diagnostic. */
export function renderError(root, e, where) {
  const diags = Array.isArray(e?.diagnostics) ? e.diagnostics : [];
  root.replaceChildren(
    el('div', { class: 'error', 'data-error-code': e?.code ?? 'error' },
      el('h2', {}, `${where}: ${e?.code ?? 'error'}`),
      el('p', {}, e?.message ?? String(e)),
      diags.length ? renderTable(diags) : null));
}
