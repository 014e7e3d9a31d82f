// "Why not" and "what would change it" as sentences, from the assessment's `why_not` and
// `what_would_change` sections. Each part is read defensively: a missing or reshaped
// field drops its sentence rather than the page.

const fmt = (v) => {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'object' && !Array.isArray(v) && 'amount' in v && 'currency' in v) return `${v.amount} ${v.currency}`;
  if (Array.isArray(v)) return v.length ? v.map(fmt).join(', ') : 'none';
  return String(v).replace(/_/g, ' ');
};

const OPS = {
  eq: 'must be', ne: 'must not be', in: 'must be one of', not_in: 'must not be one of',
  gt: 'must be above', gte: 'must be at least', lt: 'must be below', lte: 'must be at most',
  exists: 'must exist:', any_in: 'must include one of', at_least: 'must be at least',
};

/** One sentence for a rule that did not fire. */
export function missSentence(m) {
  const op = OPS[m.op] ?? (m.op?.startsWith('not_') ? `must not satisfy ${m.op.slice(4)}` : m.op);
  return `${m.rule} did not apply: ${fmt(m.field)} is ${fmt(m.value)} but ${op} ${fmt(m.threshold)}.`;
}

/** One sentence per offer change. */
export function offerSentences(a, c) {
  const out = [];
  const o = a.remedy?.options?.[c.option] ?? {};
  const who = o.approver ? `${fmt(c.band)} (${o.approver})` : fmt(c.band);
  if (c.stays_up_to) {
    const by = c.limited_by && c.limited_by !== 'role' ? ` (the ${fmt(c.limited_by)} cap)` : '';
    let above;
    if (c.above) above = `above it, ${c.above} must approve (${fmt(c.above_band)})`;
    else if (c.above_band === 'blocked') above = 'above it, the option is blocked';
    else if (c.limited_by && c.limited_by !== 'role') above = 'above it, the cap cuts the amount';
    else above = 'above it, no role may approve it';
    out.push(`${c.id} is ${who} up to ${fmt(c.stays_up_to)}${by}; this is ${fmt(c.value)}; ${above}.`);
  }
  if (c.binds) out.push(`The ${fmt(c.binds.cap)} cap cut ${c.id} by ${fmt(c.binds.by)}.`);
  const u = c.unblock;
  if (u) {
    const why = `${c.id} is blocked by ${fmt(u.blocked_by)}`;
    if (u.needs === 'value_at_most') out.push(u.amount ? `${why}: ${u.role} could approve it up to ${fmt(u.amount)}.` : `${why}: ${u.role} could approve it.`);
    else if (u.needs === 'cap_headroom') out.push(u.amount ? `${why}: the cap needs ${fmt(u.amount)} more room.` : `${why}: the cap leaves no room.`);
    else if (u.needs === 'fx_rate') out.push(`${why}: an exchange rate into ${fmt(u.currency)} would unblock it.`);
    else if (u.needs === 'order_total') out.push(`${why}: the order's total is needed.`);
    else out.push(`${why}: no role may grant every kind of it.`);
  }
  return out;
}

/** One sentence per urgency change. */
export function urgencySentence(c) {
  switch (c.field) {
    case 'order_total_base':
      return `Urgency would be ${c.grade} at an order total of ${fmt(c.at_order_total ?? c.at)} (${fmt(c.at)}); this order is ${fmt(c.value)} (${c.rule}).`;
    case 'hours_waiting':
      return `Urgency becomes ${c.grade} once the complaint has waited ${c.at} h, at ${c.at_time}; it has waited ${c.value} h (${c.rule}).`;
    case 'delay_days':
      return `Urgency would be ${c.grade} at ${c.at} days late; the parcel is ${fmt(c.value)} days late (${c.rule}).`;
    default:
      return `Urgency would be ${c.grade} at ${fmt(c.field)} ${fmt(c.at)}; now ${fmt(c.value)} (${c.rule}).`;
  }
}

/** The risk band's neighbours. */
export function riskSentences(r) {
  if (!r) return [];
  const out = [];
  if (r.next) out.push(`Risk is ${r.band} at ${r.score}; ${r.next.points} more points would make it ${r.next.band}.`);
  if (r.previous) {
    const carried = (r.carried_by ?? []).map((x) => `${x.code} (${x.points})`).join(', ');
    out.push(carried
      ? `Risk is ${r.band} at ${r.score}; without ${carried} it would be ${r.previous.band}.`
      : `Risk is ${r.band} at ${r.score}; ${r.previous.points} fewer points would make it ${r.previous.band}.`);
  }
  return out;
}

/** Every sentence: what would change it first, then why not. */
export function sentences(a) {
  const w = a.what_would_change ?? {};
  const n = a.why_not ?? {};
  const change = [
    ...(w.offers ?? []).flatMap((c) => offerSentences(a, c)),
    ...(w.urgency ?? []).map(urgencySentence),
    ...riskSentences(w.risk),
  ];
  const whyNot = [
    ...(n.remedy ?? []).flatMap((g) => [
      ...(g.decided_by ? [`In ${g.group}, ${g.decided_by} decided.`] : []),
      ...(g.skipped ? [`${g.group} was not evaluated: an earlier rule stopped the evaluation.`] : []),
      ...(g.missed ?? []).map(missSentence),
    ]),
    ...(n.urgency?.missed ?? []).map(missSentence),
    ...(n.routing?.missed ?? []).map(missSentence),
    ...(n.risk_bands?.missed ?? []).map(missSentence),
  ];
  return { change, whyNot };
}
