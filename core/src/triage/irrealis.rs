//! Praise under a conditional or counterfactual cue is no praise: "It would have been
//! great if it worked", "Wäre super gewesen, wenn …", "Sarebbe stato perfetto se …",
//! "Было бы отлично, если бы …". A positive sentiment term within the language's
//! `negation_window` words after a cue of its `[scope] irrealis_cues` ("would have
//! been", "wäre", "sarebbe"), with no clause punctuation between them, counts as
//! negated praise (`negated_sentiment_factor`: the buyer says what the product is not)
//! when a word of the language's `[scope] irrealis_conditions` ("if", "wenn", "se",
//! "если") follows it in the same sentence. Without the condition the cue changes
//! nothing: "I would be happy to order again" stays praise.

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::{Boundary, Kind, LangRules};
use super::resolve::Hit;
use super::scope::cue_spans;

/// Whether `ch` ends a sentence (a condition reaches over commas, not over this).
fn sentence_end(ch: char) -> bool {
    matches!(ch, '.' | '!' | '?' | '\n' | '。' | '！' | '？' | '؟')
}

/// Marks as negated the praise a buyer only puts in a condition (see the module notes).
/// `hits` are by start.
pub(crate) fn negate_conditional_praise(
    text: &str,
    hits: &mut [(usize, usize, Hit)],
    entries: &Entries,
    langs: &[LangRules],
    clause_punct: fn(char) -> bool,
) {
    for (lang, rules) in langs.iter().enumerate() {
        let scope = &rules.scope;
        if scope.irrealis_cues.is_empty() || scope.irrealis_conditions.is_empty() {
            continue;
        }
        let mut cues = cue_spans(&scope.irrealis_cues, text, rules.boundary);
        if cues.is_empty() {
            continue;
        }
        cues.sort_unstable_by_key(|&(_, e)| e);
        let mut conditions: Vec<usize> =
            cue_spans(&scope.irrealis_conditions, text, rules.boundary)
                .into_iter()
                .map(|(s, _)| s)
                .collect();
        if conditions.is_empty() {
            continue;
        }
        conditions.sort_unstable();
        for (s, e, h) in hits.iter_mut() {
            let praise = entries.get(h.entry).is_some_and(|x| {
                x.lang == lang && x.kind == Kind::Sentiment && x.weight > Decimal::ZERO
            });
            if !praise || h.negated {
                continue;
            }
            // The last cue ending before the praise, close and in its clause.
            let k = cues.partition_point(|&(_, ce)| ce <= *s);
            let Some(&(_, ce)) = k.checked_sub(1).and_then(|k| cues.get(k)) else {
                continue;
            };
            let Some(gap) = text.get(ce..*s) else {
                continue;
            };
            let words = match rules.boundary {
                Boundary::Word => gap.split_whitespace().count(),
                Boundary::None => gap.chars().count(),
            };
            if gap.chars().any(clause_punct) || words > rules.negation_window as usize {
                continue;
            }
            // A condition after it in the same sentence.
            let c = conditions.partition_point(|&cs| cs < *e);
            let conditioned = conditions.get(c).is_some_and(|&cs| {
                text.get(*e..cs)
                    .is_some_and(|g| !g.chars().any(sentence_end))
            });
            if conditioned {
                h.negated = true;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {

    /// Triage of a text: sentiment and the terms counted.
    fn triage(text: &str) -> f64 {
        crate::triage::test_support::sentiment_and_terms(text, "CH").0
    }

    #[test]
    fn praise_under_a_condition_is_no_praise() {
        for text in [
            "It would have been great if it worked.",
            "Would be perfect if it didn't leak.",
            "Wäre super gewesen, wenn es funktioniert hätte.",
            "Ça aurait été parfait si ça marchait.",
            "Sarebbe stato perfetto se funzionasse.",
            "Habría sido genial si funcionara.",
            "Teria sido ótimo se funcionasse.",
            "Было бы отлично, если бы он работал.",
            "Byłoby super, gdyby działało.",
            "Zou perfect zijn als het werkte.",
            "Hade varit bra om den fungerade.",
        ] {
            let s = triage(text);
            assert!(s < 0.0, "{text:?} should not read as praise, got {s}");
        }
    }

    #[test]
    fn without_a_condition_the_cue_changes_nothing() {
        for text in [
            "I would be happy to order again.",
            "It would have been great. It is great!",
        ] {
            let s = triage(text);
            assert!(s > 0.0, "{text:?} should read as praise, got {s}");
        }
    }
}
