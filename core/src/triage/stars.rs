//! Star verdicts ("1 star", "fünf Sterne", "une étoile", "一星", "星1", "별 하나"): the
//! sentiment entries a lexicon's `[stars]` table generates when it is compiled.
//!
//! A verdict is a number and a counter word written together: each of the table's
//! `numbers` (number words with their count: "one" = 1, "fünf" = 5, "ひとつ" = 1) and
//! each digit from 0 to the last count of the `scale`, joined by each of the `joiners`
//! (" " and "-" unless listed; "" for glued writing: 一星, 별5) to each counter word
//! `after` it ("stars", "Sterne", "星") or `before` it (Japanese 星 in 星1, Korean 별 in
//! 별 하나, Arabic نجمة in نجمة واحدة). A verdict of n stars weighs the `scale`'s n-th
//! weight as sentiment (a weight of 0 is a guard: "3 stars" is neither praise nor
//! complaint, and no shorter term inside it counts). A verdict is the rating itself, so
//! it raises no signal of its own; a low verdict (negative weight) followed by one of
//! the words listed under a signal in `signals` ("review": "I'll leave a 1 star
//! review") raises that signal. A low verdict stays low when a negation reaches it
//! ("doesn't even deserve one star", "nicht mal einen Stern"): the buyer still gives
//! the low rating. `stops` are words that, written right after a verdict (joined by the
//! first joiner), make it something else: a deduction ("one star off", "ein Stern
//! Abzug") or another word (Chinese 一星期, a week). The verdict with one of them is a
//! guard.
//!
//! The lexicon's own entries come after the generated ones, so an entry written for the
//! same term (a fixed idiom, another weight) replaces the generated one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::money::PolicyDecimal;

/// A lexicon's `[stars]` table (see the module notes).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Stars {
    /// Sentiment weight of a verdict of n stars, at index n.
    #[serde(default)]
    pub scale: Vec<PolicyDecimal>,
    /// Number words and the count they name.
    #[serde(default)]
    pub numbers: BTreeMap<String, usize>,
    /// Counter words written after the number ("stars").
    #[serde(default)]
    pub after: Vec<String>,
    /// Counter words written before the number (星 in 星1).
    #[serde(default)]
    pub before: Vec<String>,
    /// How a number and a counter are written together (default " " and "-").
    #[serde(default)]
    pub joiners: Vec<String>,
    /// Words that make a verdict something else right after it ("off", 一星期).
    #[serde(default)]
    pub stops: Vec<String>,
    /// Per signal, words after a low verdict that raise it ("review").
    #[serde(default)]
    pub signals: BTreeMap<String, Vec<String>>,
}

/// The entries a `[stars]` table generates.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    /// Verdicts and guards, with their sentiment weight.
    pub sentiment: Vec<(String, Decimal)>,
    /// Signal terms: the signal and the term.
    pub signals: Vec<(String, String)>,
}

impl Stars {
    /// Every verdict, guard and signal term of the table.
    pub(crate) fn generate(&self) -> Generated {
        let mut out = Generated::default();
        if self.scale.is_empty() || (self.after.is_empty() && self.before.is_empty()) {
            return out;
        }
        let default_joiners = [" ".to_owned(), "-".to_owned()];
        let joiners: &[String] = if self.joiners.is_empty() {
            &default_joiners
        } else {
            &self.joiners
        };
        let first = joiners.first().map(String::as_str).unwrap_or(" ");
        let digits = (0..self.scale.len()).map(|n| (n.to_string(), n));
        let numbers = digits.chain(self.numbers.iter().map(|(w, &n)| (w.clone(), n)));
        for (number, n) in numbers {
            let Some(weight) = self.scale.get(n).map(|w| w.0) else {
                continue;
            };
            for j in joiners {
                let after = self.after.iter().map(|c| format!("{number}{j}{c}"));
                let before = self.before.iter().map(|c| format!("{c}{j}{number}"));
                for verdict in after.chain(before) {
                    for stop in &self.stops {
                        out.sentiment
                            .push((format!("{verdict}{first}{stop}"), Decimal::ZERO));
                    }
                    if weight < Decimal::ZERO {
                        for (signal, words) in &self.signals {
                            for w in words {
                                out.signals
                                    .push((signal.clone(), format!("{verdict}{first}{w}")));
                            }
                        }
                    }
                    out.sentiment.push((verdict, weight));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Stars {
        Stars {
            scale: ["-3", "-2", "-1", "0", "2", "3"]
                .iter()
                .map(|w| PolicyDecimal(w.parse().unwrap_or_default()))
                .collect(),
            numbers: [("one".to_owned(), 1), ("five".to_owned(), 5)].into(),
            after: vec!["stars".into()],
            before: vec!["星".into()],
            joiners: vec![" ".into()],
            stops: vec!["off".into()],
            signals: [("threat.public_review".to_owned(), vec!["review".into()])].into(),
        }
    }

    #[test]
    fn numbers_written_as_digits_and_words_weigh_their_count() {
        let g = table().generate();
        let weight = |t: &str| g.sentiment.iter().find(|(x, _)| x == t).map(|(_, w)| *w);
        assert_eq!(weight("1 stars"), Some(Decimal::from(-2)));
        assert_eq!(weight("one stars"), Some(Decimal::from(-2)));
        assert_eq!(weight("five stars"), Some(Decimal::from(3)));
        assert_eq!(weight("星 5"), Some(Decimal::from(3)));
        assert_eq!(weight("3 stars"), Some(Decimal::ZERO));
        assert_eq!(weight("1 stars off"), Some(Decimal::ZERO));
        assert_eq!(weight("6 stars"), None);
    }

    #[test]
    fn only_a_low_verdict_before_a_review_word_is_a_signal() {
        let g = table().generate();
        let has = |t: &str| g.signals.iter().any(|(_, x)| x == t);
        assert!(has("one stars review"));
        assert!(!has("five stars review"));
        assert!(!has("one stars"));
    }

    #[test]
    fn an_empty_table_generates_nothing() {
        let g = Stars::default().generate();
        assert!(g.sentiment.is_empty() && g.signals.is_empty());
    }
}
