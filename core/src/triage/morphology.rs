//! Morphology: how words of a language are reduced before matching, applied alike to
//! lexicon terms and to texts, so an entry written in one form meets its inflections.
//!
//! - Snowball stemmers (rust-stemmers) for ar, de, en, es, fr, it, nl, pt, ru, sv, tr;
//! - Polish: a light stripper of case, number and gender endings;
//! - Korean: terms are word prefixes, so particles and verb endings attach freely
//!   (handled by the matcher, see `Rules::prefix_words`);
//! - Chinese and Japanese: characters match anywhere, no reduction.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// How a language's words are reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reducer {
    Snowball(Algorithm),
    Polish,
}

impl Reducer {
    /// The reducer of a lexicon language, if it has one.
    pub(crate) fn of(lang: &str) -> Option<Reducer> {
        let a = match lang {
            "ar" => Algorithm::Arabic,
            "de" => Algorithm::German,
            "en" => Algorithm::English,
            "es" => Algorithm::Spanish,
            "fr" => Algorithm::French,
            "it" => Algorithm::Italian,
            "nl" => Algorithm::Dutch,
            "pt" => Algorithm::Portuguese,
            "ru" => Algorithm::Russian,
            "sv" => Algorithm::Swedish,
            "tr" => Algorithm::Turkish,
            "pl" => return Some(Reducer::Polish),
            _ => return None,
        };
        Some(Reducer::Snowball(a))
    }

    /// Reduces every word of a folded text, keeping everything between words as it is
    /// (spaces, punctuation), so clause and distance checks read the result like the text.
    /// A word whose stem would be shorter than `min_stem` characters stays whole (Snowball
    /// reduces Turkish "beden" and "benden" alike to "be").
    pub(crate) fn text(self, folded: &str, min_stem: usize) -> String {
        self.reduce(folded, min_stem, None)
    }

    /// As [`Reducer::text`], with the offset in `folded` of every byte offset of the
    /// result (and of its end), so matches in the reduced text map back to the text.
    pub(crate) fn text_mapped(self, folded: &str, min_stem: usize) -> (String, Vec<usize>) {
        let mut map = Vec::with_capacity(folded.len() + 1);
        let text = self.reduce(folded, min_stem, Some(&mut map));
        (text, map)
    }

    fn reduce(self, folded: &str, min_stem: usize, mut map: Option<&mut Vec<usize>>) -> String {
        let stemmer = match self {
            Reducer::Snowball(a) => Some(Stemmer::create(a)),
            Reducer::Polish => None,
        };
        let mut out = String::with_capacity(folded.len());
        let push = |from: usize, to: usize, out: &mut String, map: &mut Option<&mut Vec<usize>>| {
            let word = folded.get(from..to).unwrap_or_default();
            // A word no longer than the shortest stem allowed always stays whole.
            let short = word.len() <= min_stem || word.chars().nth(min_stem).is_none();
            let stem = match &stemmer {
                _ if short => Cow::Borrowed(word),
                Some(s) => s.stem(word),
                None => polish(word),
            };
            let kept: &str = if stem.chars().count() < min_stem {
                word
            } else {
                &stem
            };
            out.push_str(kept);
            if let Some(m) = map {
                let last = to.saturating_sub(1).max(from);
                m.extend((0..kept.len()).map(|k| (from + k).min(last)));
            }
        };
        let mut start = None;
        for (i, c) in folded.char_indices() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
                continue;
            }
            if let Some(s) = start.take() {
                push(s, i, &mut out, &mut map);
            }
            out.push(c);
            if let Some(m) = map.as_deref_mut() {
                m.extend(i..i + c.len_utf8());
            }
        }
        if let Some(s) = start {
            push(s, folded.len(), &mut out, &mut map);
        }
        if let Some(m) = map {
            m.push(folded.len());
        }
        out
    }
}

/// Polish endings (folded, so without diacritics), longest first.
const POLISH_ENDINGS: &[&str] = &[
    "owego", "owemu", "owych", "owymi", "iego", "iemu", "ich", "ych", "ymi", "imi", "ami", "ach",
    "ego", "emu", "owa", "owe", "owy", "owi", "iej", "ej", "om", "ow", "em", "ie", "ia", "iu",
    "ym", "im", "a", "e", "i", "o", "u", "y",
];

/// Strips one Polish inflectional ending, keeping a stem of at least two letters.
fn polish(word: &str) -> Cow<'_, str> {
    let n = word.chars().count();
    for end in POLISH_ENDINGS {
        if let Some(stem) = word.strip_suffix(end) {
            if n.saturating_sub(end.chars().count()) >= 2 {
                return Cow::Borrowed(stem);
            }
        }
    }
    Cow::Borrowed(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_meet_their_entry() {
        let de = Reducer::of("de").map(|r| r.text("kaputte kaputten kaputt", 3));
        assert_eq!(de.as_deref(), Some("kaputt kaputt kaputt"));
        let en = Reducer::of("en").map(|r| r.text("damaged, damages.", 3));
        assert_eq!(en.as_deref(), Some("damag, damag."));
        let pl = Reducer::of("pl").map(|r| r.text("zepsuty zepsuta zepsute", 2));
        assert_eq!(pl.as_deref(), Some("zepsut zepsut zepsut"));
        let tr = Reducer::of("tr").map(|r| r.text("beden benden", 3));
        assert_eq!(tr.as_deref(), Some("beden benden"));
        assert_eq!(Reducer::of("ja"), None);
        let (text, map) = Reducer::Snowball(Algorithm::English).text_mapped("damaged, ok", 3);
        assert_eq!(text, "damag, ok");
        assert_eq!(map.len(), text.len() + 1);
        // The end of the stem is the end of the word; punctuation keeps its place.
        assert_eq!(map.get(5), Some(&7));
        assert_eq!(map.get(7), Some(&9));
        assert_eq!(map.last(), Some(&11));
    }
}
