//! Topics told bad across a copula (a lexicon's `evaluated` list).
//!
//! "La consegna è stata lenta", "die Lieferung war langsam", "leveransen var långsam"
//! complain about the delivery, but neither word is a complaint alone: "consegna",
//! "Lieferung" name what is told about ("Lieferung kam am Montag"), "lenta",
//! "langsam" a judgement of anything. A category term listed under `evaluated` counts
//! only where an unnegated negative sentiment term of its language follows it in its
//! clause, within `[scope] evaluated_window` words (no clause punctuation or clause
//! break between): then the clause is a complaint of the term's category. Elsewhere the
//! term counts nothing, neither for its category nor against sentiment.

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::{Kind, LangRules};
use super::resolve::Hit;

/// Drops the `evaluated` terms no negative word follows in their clause (see the
/// module notes). `hits` are by start; `breaks(lang, from, to)` tells whether a clause
/// break of `lang` starts in `from..to`; `punct` whether a character ends a clause.
/// Each term reads the hits after it only while they stand within its window.
pub(crate) fn drop_unevaluated(
    text: &str,
    hits: &mut Vec<(usize, usize, Hit)>,
    entries: &Entries,
    langs: &[LangRules],
    breaks: &dyn Fn(usize, usize, usize) -> bool,
    punct: fn(char) -> bool,
) {
    let mut drop: Vec<usize> = Vec::new();
    for (i, (_, e, h)) in hits.iter().enumerate() {
        let Some(x) = entries.get(h.entry).filter(|x| x.evaluated) else {
            continue;
        };
        let window = langs.get(x.lang).map_or(0, |r| r.scope.evaluated_window);
        let near = |s2: usize| {
            text.get(*e..s2).is_some_and(|gap| {
                u32::try_from(gap.split_whitespace().count()).unwrap_or(u32::MAX) <= window
                    && !gap.chars().any(punct)
            }) && !breaks(x.lang, *e, s2)
        };
        let judged = (hits.iter().skip(i + 1))
            .filter(|(s2, _, _)| *s2 >= *e)
            .take_while(|(s2, _, _)| near(*s2))
            .any(|(_, _, h2)| {
                !h2.negated
                    && entries.get(h2.entry).is_some_and(|y| {
                        y.lang == x.lang && y.kind == Kind::Sentiment && y.weight < Decimal::ZERO
                    })
            });
        if !judged || h.negated {
            drop.push(i);
        }
    }
    let mut k = 0;
    hits.retain(|_| {
        k += 1;
        drop.binary_search(&(k - 1)).is_err()
    });
}
