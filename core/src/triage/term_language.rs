//! The language of a short verdict the detector leaves unknown
//! (`triage.language_lexicon_max_chars`).
//!
//! "Betrug!", "Truffa", "Bedragare", "Bof" carry too few letters for the language
//! model to name a language with its margin, and with no buyer or market hint the
//! language stays unknown, although every word of such a text is a term of one lexicon.
//! A text of unknown language shorter than `language_lexicon_max_chars` characters whose
//! every word is read by the content terms (category, negated, sentiment, signal or
//! fixed phrase) of exactly one language lexicon takes that language. A word read by
//! two lexicons ("Top!", "Super") or a word no term reads leaves it unknown.

use super::entries::Entries;
use super::lexicon::Kind;
use super::matcher::Raw;

/// The lexicon whose terms (`raw`, the matches of the folded text as written) read
/// every word of `folded`, when exactly one lexicon other than `always` reads any and
/// the text is shorter than `max_chars` characters (0: never). Reads a short text only.
pub(crate) fn one_lexicon(
    folded: &str,
    raw: &[Raw],
    entries: &Entries,
    always: &[usize],
    max_chars: u32,
) -> Option<usize> {
    let max = usize::try_from(max_chars).ok()?;
    if max == 0 || folded.chars().nth(max.saturating_sub(1)).is_some() {
        return None;
    }
    let mut words: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices().chain([(folded.len(), ' ')]) {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push((s, i, false));
        }
    }
    if words.is_empty() {
        return None;
    }
    let mut lang = None;
    for &(s, e, ei) in raw {
        let Some(x) = entries.get(ei) else { continue };
        if always.contains(&x.lang) || (x.kind.group().is_none() && x.kind != Kind::Fixed) {
            continue;
        }
        match lang {
            None => lang = Some(x.lang),
            Some(l) if l != x.lang => return None,
            Some(_) => {}
        }
        for w in words.iter_mut().filter(|w| s <= w.0 && w.1 <= e) {
            w.2 = true;
        }
    }
    lang.filter(|_| words.iter().all(|w| w.2))
}
