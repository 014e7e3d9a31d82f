//! Complaint terms that end with a negation cue of their language: "arrived without",
//! "kam … ohne", "arrivé sans", "llegó sin", "chegou … sem" name what is missing by
//! the word after them ("arrived without the charger", "Es kam nur die Hülle ohne
//! Handy": `missing_parts`). The cue at the end of such a term still negates what
//! follows it (elsewhere a cue inside a matched term negates nothing), and the term
//! counts only when what follows names no other trouble: it is dropped when the next
//! term after it is a negated complaint of another category or a negated negative
//! word ("arrived without damage", "kam ohne Kratzer an", "llegó sin retraso"), or a
//! term that holds the cue itself ("chegou sem problemas", where "sem problemas" is
//! praise).

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::Kind;
use super::resolve::Hit;

/// Drops the privative terms (`spans`, sorted) the next term answers (module notes).
/// `hits` is sorted by start.
pub(crate) fn drop_answered(
    hits: &mut Vec<(usize, usize, Hit)>,
    spans: &[(usize, usize)],
    entries: &Entries,
) {
    if spans.is_empty() {
        return;
    }
    let target = |h: &Hit| match entries.get(h.entry).map(|x| &x.kind) {
        Some(Kind::Category(c)) => Some(*c),
        _ => None,
    };
    let answers = |p: &Hit, q: &Hit| {
        let Some(x) = entries.get(q.entry) else {
            return false;
        };
        let other = match &x.kind {
            Kind::Category(c) => x.weight > Decimal::ZERO && target(p) != Some(*c),
            Kind::Negated(_) => true,
            Kind::Sentiment => x.weight < Decimal::ZERO,
            _ => false,
        };
        q.negated && other
    };
    let mut dropped: Vec<usize> = Vec::new();
    for (i, (s, e, p)) in hits.iter().enumerate() {
        if spans.binary_search(&(*s, *e)).is_err() || target(p).is_none() {
            continue;
        }
        // The first term after it: one that ends past it and starts within or after it.
        let next = (hits.iter().skip(i + 1))
            .find(|(qs, qe, _)| qs > s && qe > e)
            .map(|(qs, _, q)| (*qs, q));
        if let Some((qs, q)) = next {
            if qs < *e || answers(p, q) {
                dropped.push(i);
            }
        }
    }
    for i in dropped.into_iter().rev() {
        if i < hits.len() {
            hits.remove(i);
        }
    }
}
