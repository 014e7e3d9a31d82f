// The support lead's view: paste the buyer's message as plain text, fill in a few fields,
// read the answer in sentences (times in the agent's own time zone); the JSON is one
// click away.

const words = (key) => key.replace(/^[a-z]+\./, '').replace(/^reason\./, '').replaceAll(/[._]/g, ' ');
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

const CATEGORY = {
  not_received: 'the parcel never arrived', delivery_delay: 'the parcel is late',
  damaged: 'it arrived damaged', wrong_item: 'the wrong item was sent',
  not_as_described: 'the item is not as described', size_fit: 'the size or fit is wrong',
  quality_defect: 'the item is defective', missing_parts: 'parts are missing',
  customs_duties: 'customs duties were charged', payment: 'a payment problem',
  refund_status: 'the buyer asks where the refund is', return_request: 'the buyer wants to return it',
  cancellation: 'the buyer wants to cancel', service: 'a complaint about the service', other: 'something else',
};
const URGENCY = {
  red: 'red: act now', orange: 'orange: handle it today',
  yellow: 'yellow: within the normal service level', green: 'green: routine',
};
const ACTION = {
  proceed: 'handle it normally', collect_evidence: 'ask for evidence before paying',
  manual_review: 'have a person review it before granting anything',
};
const BAND = {
  auto: 'the front line may grant it', needs_approval: 'needs approval', blocked: 'blocked',
};

const money = (m, lang) => {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency }).format(Number(m.amount));
  } catch {
    return `${m.amount} ${m.currency}`;
  }
};

function when(iso, zone, lang) {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone,
  }).format(d);
}

function outcome(o, lang) {
  const what = {
    refund: 'a refund', partial_refund: 'a partial refund', reship: 'a replacement shipment',
    coupon: 'a coupon', points: 'loyalty points', store_credit: 'store credit', gift: 'a gift',
    return_label: 'a prepaid return label', wait: 'waiting',
  }[o.kind] ?? words(o.kind);
  const parts = [what];
  if (o.amount) parts.push(`of ${money(o.amount, lang)}`);
  if (o.percent) parts.push(`of ${o.percent}%`);
  if (o.points) parts.push(`(${o.points} points)`);
  if (o.days) parts.push(`for ${o.days} days`);
  if (o.priority) parts.push('with priority shipping');
  return parts.join(' ');
}

/** The case built from the form: the message as plain text plus the fields. */
export function caseFromForm(f) {
  const c = {
    id: 'lead-1',
    received_at: new Date(f.received).toISOString(),
    channel: f.channel,
    store: { id: `${f.marketplace}-${f.market}`.toLowerCase(), marketplace: f.marketplace, country: f.market },
    text: f.text,
  };
  if (f.amount) {
    c.order = { id: 'order-1', placed_at: new Date(f.placed || f.received).toISOString(), total: { amount: f.amount, currency: f.currency } };
    if (f.estimate) {
      // Not delivered yet: the parcel is in transit with this promised date.
      c.order.shipment = {
        origin: f.market, destination: f.market, status: 'in_transit',
        estimated_delivery_at: new Date(f.estimate).toISOString(),
      };
    }
    c.claim = { kind: 'refund', amount: { amount: f.amount, currency: f.currency } };
  }
  return c;
}

/** The answer, as elements of sentences. */
export function renderAnswer(out, a, zone, lang) {
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const t = a.triage;
  const sections = [];
  const what = el('section', undefined, 'answer-block');
  what.append(el('h2', 'What it is'));
  what.append(el('p', `${cap(CATEGORY[t.category] ?? words(t.category))}${t.language ? ` (written in ${new Intl.DisplayNames([lang], { type: 'language' }).of(t.language) ?? t.language})` : ''}. Urgency ${URGENCY[t.urgency] ?? t.urgency}.`));
  what.append(el('p', `Send it to the ${a.routing.queue} queue (${a.routing.line} line)${a.routing.skills.length ? `, handled by someone with ${a.routing.skills.map(words).join(', ')}` : ''}.`));
  sections.push(what);

  const offer = el('section', undefined, 'answer-block');
  offer.append(el('h2', 'What to offer'));
  if (!a.remedy.options.length) {
    offer.append(el('p', 'Nothing to offer under this policy.'));
  } else {
    const ol = el('ol', undefined, 'offers');
    for (const o of a.remedy.options) {
      const who = o.band === 'auto' ? BAND.auto
        : o.band === 'blocked' ? `blocked${o.blocked_by ? ` (${words(o.blocked_by)})` : ''}`
        : `needs approval by ${o.approver ? words(o.approver) : 'a higher role'}`;
      const li = el('li', `${cap(o.outcomes.map((x) => outcome(x, lang)).join(' plus '))}: ${who}.`);
      if (o.due_by) li.append(` Pay by ${when(o.due_by, zone, lang)}.`);
      ol.append(li);
    }
    offer.append(ol);
  }
  sections.push(offer);

  const due = el('section', undefined, 'answer-block');
  due.append(el('h2', `Deadlines (${zone})`));
  if (!a.sla.deadlines.length) due.append(el('p', 'No deadline runs.'));
  const ul = el('ul');
  for (const d of a.sla.deadlines) {
    ul.append(el('li', `${cap(words(d.name))}: ${d.breached ? 'was due' : 'due'} ${when(d.due_at, zone, lang)}.`));
  }
  due.append(ul);
  sections.push(due);

  const risk = el('section', undefined, 'answer-block');
  risk.append(el('h2', 'Risk of abuse'));
  risk.append(el('p', `${a.risk.score} out of 100 (${a.risk.band}): ${ACTION[a.risk.action] ?? a.risk.action}.`));
  if (a.risk.reasons.length) {
    const rl = el('ul');
    for (const r of a.risk.reasons) {
      const seen = r.op === '=' ? '' : `: ${r.value}, where the threshold is ${r.op} ${r.threshold}`;
      rl.append(el('li', `${cap(words(r.text_key))}${seen} (${r.points > 0 ? '+' : ''}${r.points} points).`));
    }
    risk.append(rl);
  }
  sections.push(risk);

  const json = el('details', undefined, 'answer-json');
  json.append(el('summary', 'Show the JSON'));
  json.append(el('pre', JSON.stringify(a, null, 2)));
  sections.push(json);
  out.replaceChildren(...sections);
}
