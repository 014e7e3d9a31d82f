//! An intensifier that is also a praise word of its own ("pretty", Swedish "grymt",
//! Polish "super") is an intensifier only where it weighs something: followed by a
//! sentiment or complaint term within the language's intensifier window and in the same
//! clause ("pretty good", "pretty bad") its own sentiment counts nothing; otherwise it is
//! the word it is ("it's pretty", "pretty and sturdy"). A negative one (Russian
//! "слишком", too; "terribly") keeps its own weight: excess is a complaint of its own.

use rust_decimal::Decimal;

use super::entries::Entries;
use super::lexicon::{Kind, LangRules};
use super::resolve::Hit;

/// Drops the sentiment of intensifiers that weigh a term after them (see the module
/// notes). `hits` are by start; `raw` holds every match of the text, intensifier cues
/// included; `breaks(lang, from, to)` tells whether a clause break of `lang` starts in
/// `from..to`; `punct` whether a character ends a clause.
pub(crate) fn drop_intensifying(
    text: &str,
    hits: &mut Vec<(usize, usize, Hit)>,
    raw: &[(usize, usize, usize)],
    entries: &Entries,
    langs: &[LangRules],
    breaks: &dyn Fn(usize, usize, usize) -> bool,
    punct: fn(char) -> bool,
) {
    let cue = |s: usize, e: usize, lang: usize| {
        raw.iter().any(|&(cs, ce, ei)| {
            (cs, ce) == (s, e)
                && entries.get(ei).is_some_and(|x| {
                    x.kind == Kind::Intensifier
                        && x.lang == lang
                        && langs.get(lang).is_some_and(|r| !r.scope.after(&x.term))
                })
        })
    };
    let scored = |h: &Hit| {
        entries.get(h.entry).is_some_and(|x| match x.kind {
            Kind::Sentiment => x.weight != Decimal::ZERO,
            Kind::Category(_) => x.weight > Decimal::ZERO,
            _ => false,
        })
    };
    let mut drop: Vec<usize> = Vec::new();
    for (i, (s, e, h)) in hits.iter().enumerate() {
        let Some(x) = entries.get(h.entry) else {
            continue;
        };
        // A word of excess ("слишком", too) keeps its own complaint.
        if x.kind != Kind::Sentiment || x.weight <= Decimal::ZERO || !cue(*s, *e, x.lang) {
            continue;
        }
        let Some(rules) = langs.get(x.lang) else {
            continue;
        };
        let weighs = hits.iter().any(|(s2, _, h2)| {
            *s2 >= *e
                && scored(h2)
                && entries.get(h2.entry).is_some_and(|y| y.lang == x.lang)
                && text.get(*e..*s2).is_some_and(|gap| {
                    u32::try_from(gap.split_whitespace().count()).unwrap_or(u32::MAX)
                        <= rules.intensifier_window
                        && !gap.chars().any(punct)
                })
                && !breaks(x.lang, *e, *s2)
        });
        if weighs {
            drop.push(i);
        }
    }
    let mut k = 0;
    hits.retain(|_| {
        k += 1;
        !drop.contains(&(k - 1))
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {

    /// Triage of a text: sentiment and the terms counted.
    fn triage(text: &str) -> (f64, Vec<String>) {
        crate::triage::test_support::sentiment_and_terms(text, "GB")
    }

    #[test]
    fn an_intensifier_that_weighs_nothing_is_the_word_it_is() {
        for text in ["The dress is pretty.", "It's pretty and sturdy."] {
            let (s, terms) = triage(text);
            assert!(terms.iter().any(|t| t == "pretty"), "{text:?}: {terms:?}");
            assert!(s > 0.0, "{text:?}: {s}");
        }
    }

    #[test]
    fn an_intensifier_that_weighs_a_term_counts_no_sentiment_of_its_own() {
        let (s, terms) = triage("Pretty bad quality, broke fast.");
        assert!(!terms.iter().any(|t| t == "pretty"), "{terms:?}");
        assert!(s < 0.0);
        let (_, terms) = triage("Pretty good for the price.");
        assert!(!terms.iter().any(|t| t == "pretty"), "{terms:?}");
        // "pretty sure" is no praise.
        assert!(triage("I'm pretty sure this is a fake.").0 < 0.0);
    }
}
