//! Negation cues told apart from an unaccented twin by their accent (`[scope]
//! negation_written`).
//!
//! Folding strips accents, so Italian "né" (nor, a negation) and "ne" (of it, a clitic:
//! "Ne parlano tutti bene", "ne vanno matti") meet one cue. A cue listed under
//! `negation_written` counts only where the text writes it with its accent: the word at
//! the cue, lowercased with its accents kept, must be the cue as listed. A text with no
//! accent at all writes "ne", the clitic. When the accented words cannot be paired with
//! the folded ones (a folding that splits or joins words), the cue counts as before.

use super::entries::Entries;
use super::lexicon::{Kind, LangRules};
use super::matcher::Raw;
use super::normalize::word_spans;

/// Drops from `raw` the matches of listed cues the text writes without their accent
/// (see the module notes). `accented` is the text lowercased with its accents kept, when
/// folding stripped any.
pub(crate) fn drop_unwritten(
    (folded, accented): (&str, Option<&str>),
    raw: &mut Vec<Raw>,
    entries: &Entries,
    langs: &[LangRules],
) {
    let listed = |ei: usize| {
        let x = entries.get(ei)?;
        if !matches!(x.kind, Kind::NegationBefore | Kind::NegationAfter) {
            return None;
        }
        langs.get(x.lang)?.scope.written_cue(&x.term)
    };
    if !raw.iter().any(|r| listed(r.2).is_some()) {
        return;
    }
    let folded_words: Vec<(usize, usize)> = word_spans(folded).collect();
    let written: Option<Vec<&str>> =
        accented.map(|a| word_spans(a).filter_map(|(s, e)| a.get(s..e)).collect());
    if written
        .as_ref()
        .is_some_and(|w| w.len() != folded_words.len())
    {
        return;
    }
    raw.retain(|&(s, _, ei)| {
        let Some(cue) = listed(ei) else {
            return true;
        };
        let i = folded_words.partition_point(|w| w.0 < s);
        let Some(&(a, b)) = folded_words.get(i).filter(|w| w.0 == s) else {
            return true;
        };
        let word = match &written {
            Some(w) => w.get(i).copied(),
            None => folded.get(a..b),
        };
        word == Some(cue)
    });
}
