//! What a buyer feared or expected before a turn is not asserted: "I was worried it
//! would be flimsy, but it's really solid", "dachte erst, es wäre billig verarbeitet,
//! aber …", "j'avais peur que ce soit fragile mais …". The terms after a cue of the
//! language's `[scope] expectation_cues`, up to the next contrast cue of the language in
//! the same sentence, count nothing; without a contrast after it the cue changes nothing
//! ("I expected better, it broke after a day").

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::{Kind, LangRules};
use super::resolve::Hit;
use super::scope::cue_spans;

/// Whether `ch` ends a sentence (an expectation reaches over commas, not over this).
fn sentence_end(ch: char) -> bool {
    matches!(ch, '.' | '!' | '?' | '\n' | '。' | '！' | '？' | '؟')
}

/// Removes the complaint and sentiment terms a buyer only feared or expected (see the
/// module notes). `hits` are by start; `raw` holds every match of the text, contrast
/// cues included.
pub(crate) fn drop_unasserted(
    text: &str,
    hits: &mut Vec<(usize, usize, Hit)>,
    raw: &[(usize, usize, usize)],
    entries: &Entries,
    langs: &[LangRules],
) {
    let mut regions: Vec<(usize, usize, usize)> = Vec::new();
    for (lang, rules) in langs.iter().enumerate() {
        let cues = &rules.scope.expectation_cues;
        if cues.is_empty() {
            continue;
        }
        let mut turns: Vec<usize> = (raw.iter())
            .filter(|r| {
                entries
                    .get(r.2)
                    .is_some_and(|x| x.kind == Kind::Contrast && x.lang == lang)
            })
            .map(|r| r.0)
            .collect();
        if turns.is_empty() {
            continue;
        }
        turns.sort_unstable();
        for (cs, ce) in cue_spans(cues, text, rules.boundary) {
            let k = turns.partition_point(|&t| t < ce);
            let Some(&t) = turns.get(k) else { continue };
            if !text.get(cs..t).is_some_and(|g| g.chars().any(sentence_end)) {
                regions.push((lang, ce, t));
            }
        }
    }
    if regions.is_empty() {
        return;
    }
    hits.retain(|(s, e, h)| {
        let Some(x) = entries.get(h.entry) else {
            return true;
        };
        let content = match x.kind {
            Kind::Category(_) | Kind::Sentiment => x.weight != Decimal::ZERO,
            Kind::Negated(_) => true,
            _ => false,
        };
        !(content && (regions.iter()).any(|&(l, from, to)| l == x.lang && from <= *s && *e <= to))
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {

    /// Triage of a text: sentiment and the terms counted.
    fn triage(text: &str) -> (f64, Vec<String>) {
        crate::triage::test_support::sentiment_and_terms(text, "CH")
    }

    #[test]
    fn a_fear_before_a_turn_is_not_asserted() {
        for (text, feared) in [
            (
                "I was worried it would be flimsy, but it's really solid.",
                "flimsy",
            ),
            (
                "Ich dachte erst, es wäre billig verarbeitet, aber es ist sehr stabil.",
                "billig verarbeitet",
            ),
            (
                "J'avais peur que ce soit fragile mais c'est très solide.",
                "fragile",
            ),
        ] {
            let (s, terms) = triage(text);
            assert!(!terms.iter().any(|t| t == feared), "{text:?}: {terms:?}");
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
        }
        // An expectation the product did not meet: the praise expected counts nothing.
        let (s, terms) = triage("I thought it would be great but it broke after a week.");
        assert!(!terms.iter().any(|t| t == "great"), "{terms:?}");
        assert!(s < 0.0);
    }

    #[test]
    fn without_a_turn_the_cue_changes_nothing() {
        // No contrast after the cue: what follows stands.
        let (s, terms) = triage("I expected better, it broke after a day.");
        assert!(terms.iter().any(|t| t == "broke after"), "{terms:?}");
        assert!(s < 0.0);
        // A sentence end stops the cue before the turn.
        let (_, terms) = triage("I was worried. It arrived broken, but the seller replaced it.");
        assert!(terms.iter().any(|t| t.contains("broken")), "{terms:?}");
    }
}
