//! Coordinated negation: a negation reaches the items coordinated after what it negates
//! ("no fading or shrinking", "no scratches, dents or cracks", "kein Kratzer oder Riss"),
//! as far as a clause break, through the language's `[scope] coordinators`.
//!
//! An item is reached from the negated term (or the fixed or sentiment phrase that opens
//! with a negation cue: "no fading", "kein Kratzer", "not happy") before it when only a coordinator stands
//! between them, followed by at most the language's negation window of words: a
//! coordinator word ("or", "oder", "ni") or a comma of a list that a coordinator word
//! closes later in the same clause. Only an item of the same kind is reached (a complaint
//! word after a negated complaint word, praise after negated praise, a negated-only verb
//! after another): "no scratches or cracks" negates both, "no problem or delay, great
//! seller" leaves the praise alone.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::entries::Entries;
use super::lexicon::{Kind, LangRules};
use super::resolve::Hit;

/// What a term of a coordination is: complaint words, praise, and negated-only verbs
/// each coordinate with their own kind only.
fn class(kind: &Kind, weight: Decimal) -> Option<u8> {
    match kind {
        Kind::Category(_) if weight > Decimal::ZERO => Some(0),
        Kind::Sentiment if weight < Decimal::ZERO => Some(0),
        Kind::Sentiment if weight > Decimal::ZERO => Some(1),
        Kind::Negated(_) => Some(2),
        _ => None,
    }
}

/// Words of the folded `text` between `from` and `to`, without their punctuation.
fn words(text: &str, from: usize, to: usize) -> impl Iterator<Item = &str> {
    (text.get(from..to).unwrap_or_default().split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// Negates the items coordinated after a negated term (see the module notes). `hits` are
/// by start; `raw` are every match of the text (negation cues inside fixed phrases
/// included); `breaks(lang, from, to)` tells whether a clause break of `lang` starts in
/// `from..to`; `punct` whether a character ends a clause.
pub(crate) fn negate_coordinated(
    text: &str,
    hits: &mut [(usize, usize, Hit)],
    raw: &[(usize, usize, usize)],
    entries: &Entries,
    langs: &[LangRules],
    breaks: &dyn Fn(usize, usize, usize) -> bool,
    punct: fn(char) -> bool,
) {
    // A fixed phrase or sentiment phrase that opens with a negation cue of its language
    // and holds more than it ("no fading", "no problems", "not happy") negates what
    // follows it: praise when the phrase complains, a complaint otherwise.
    // The shortest negation cue starting at each position, per language: one pass over
    // the matches, so the test below is a lookup.
    let mut cues: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    for &(cs, ce, ei) in raw {
        if let Some(c) = entries.get(ei).filter(|c| c.kind == Kind::NegationBefore) {
            let end = cues.entry((cs, c.lang)).or_insert(ce);
            *end = (*end).min(ce);
        }
    }
    let opens_negated =
        |s: usize, e: usize, lang: usize| cues.get(&(s, lang)).is_some_and(|&ce| ce < e);
    // The last item of each language a coordinator may carry on from: end and class.
    let mut carriers: Vec<(usize, usize, usize, u8)> = Vec::new();
    for i in 0..hits.len() {
        let Some((s, e, h)) = hits.get(i) else {
            continue;
        };
        let (s, e) = (*s, *e);
        let Some(x) = entries.get(h.entry) else {
            continue;
        };
        let Some(rules) = langs.get(x.lang) else {
            continue;
        };
        let coordinators = &rules.scope.coordinators;
        if coordinators.is_empty() {
            continue;
        }
        let is_coordinator = |w: &str| coordinators.iter().any(|c| c == w);
        let carried = if h.negated {
            class(&x.kind, x.weight)
        } else if matches!(x.kind, Kind::Fixed | Kind::Sentiment) && opens_negated(s, e, x.lang) {
            Some(if x.weight > Decimal::ZERO { 0 } else { 1 })
        } else {
            None
        };
        let mine = class(&x.kind, x.weight);
        let reached = !h.negated
            && mine.is_some()
            && carriers
                .iter()
                .rev()
                .find(|c| c.0 == x.lang)
                .is_some_and(|&(_, cs, ce, cc)| {
                    // Another reading of a reached word ("riss", "risse") goes with it.
                    if (cs, ce) == (s, e) {
                        return Some(cc) == mine;
                    }
                    let Some(gap) = text.get(ce..s) else {
                        return false;
                    };
                    if Some(cc) != mine
                        || ce > s
                        || gap.chars().any(|c| c != ',' && punct(c))
                        || breaks(x.lang, ce, s)
                    {
                        return false;
                    }
                    let comma = gap.trim_start().starts_with(',');
                    let mut rest = words(text, ce, s).peekable();
                    let mut joined = comma;
                    while rest.next_if(|w| is_coordinator(w)).is_some() {
                        joined = true;
                    }
                    let between = u32::try_from(rest.count()).unwrap_or(u32::MAX);
                    // A comma joins a list only when a coordinator word closes it, in the gap
                    // or later in the clause: "no scratches, dents or cracks", not "no
                    // scratches, works well".
                    let closed = || {
                        let tail = text.get(e..).unwrap_or_default();
                        let end = (tail.char_indices())
                            .find(|&(_, c)| c != ',' && punct(c))
                            .map_or(text.len(), |(k, _)| e + k);
                        let stop = (e..end).find(|&k| breaks(x.lang, k, k + 1)).unwrap_or(end);
                        words(text, ce, s).any(is_coordinator)
                            || words(text, e, stop).any(is_coordinator)
                    };
                    joined && between <= rules.negation_window && (!comma || closed())
                });
        if reached {
            if let Some((_, _, h)) = hits.get_mut(i) {
                h.negated = true;
            }
        }
        if let Some(c) = carried.or(if reached { mine } else { None }) {
            carriers.push((x.lang, s, e, c));
        } else if mine.is_some() {
            // An item that is not negated ends the coordination of its language.
            carriers.retain(|c| c.0 != x.lang);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {

    /// Triage of a text: sentiment, and the terms as `(term, negated)`.
    fn triage(text: &str) -> (f64, Vec<(String, bool)>) {
        let t = crate::triage::test_support::triage_of(text, "CH");
        let sentiment = t["sentiment"].as_str().unwrap().parse().unwrap();
        let list = t["terms"].as_array().cloned().unwrap_or_default();
        let terms = list
            .iter()
            .map(|x| {
                let term = x["term"].as_str().unwrap_or_default().to_owned();
                (term, x["negated"].as_bool().unwrap_or(false))
            })
            .collect();
        (sentiment, terms)
    }

    fn negated(text: &str, term: &str) -> bool {
        let (_, terms) = triage(text);
        let found: Vec<bool> = (terms.iter())
            .filter(|(t, _)| t == term)
            .map(|t| t.1)
            .collect();
        assert!(!found.is_empty(), "{text:?}: no {term:?} in {terms:?}");
        found.iter().all(|&n| n)
    }

    #[test]
    fn a_negation_reaches_the_items_coordinated_after_it() {
        for (text, term) in [
            ("No fading or shrinking after many washes.", "shrinking"),
            ("No scratches, dents or cracks, works perfectly.", "cracks"),
            ("No problems or delays, great seller.", "delay*"),
            ("Kein Kratzer oder Riss, alles super.", "riss"),
            ("Inga repor eller bucklor, toppen.", "bucklor"),
        ] {
            assert!(negated(text, term), "{text:?}: {term:?} should be negated");
            let (s, _) = triage(text);
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
        }
        // Negated praise coordinates with praise.
        assert!(negated("Not happy or satisfied with it.", "satisfied"));
        assert!(triage("Not happy or satisfied with it.").0 < 0.0);
    }

    #[test]
    fn coordination_stops_at_a_clause_break_and_at_another_kind() {
        // A contrast or clause break ends the list: the complaint after it stands.
        assert!(!negated("No fading but it shrank a lot.", "shrank"));
        assert!(triage("No fading but it shrank a lot.").0 < 0.0);
        // A comma with no coordinator closing the list joins nothing.
        assert!(!negated(
            "No scratches, works perfectly.",
            "works perfectly"
        ));
        // Praise after a negated complaint is not negated by the coordinator.
        assert!(!negated(
            "No scratches or dents, great quality.",
            "great quality"
        ));
        // "and" ends a clause in English: the item after it is not reached.
        assert!(!negated("Not broken, and great quality.", "great quality"));
    }
}
