//! Which entries a word reached through a shared reduced form counts for. Stemming
//! reduces different words to one form ("sıkıntı", "şık" and "siktir" all reduce to
//! "sik"), so a word of the text meets every entry with that form. Among the content
//! entries a word meets at one span through one reduced form, those whose written form
//! (folded as the text is) shares the longest prefix with the word as written win (and
//! of those, one written exactly as the word); entries tied at that distance all count
//! ("mancha" reads both "manchas" and "manchado", the heavier weight then wins), so a word written exactly as an entry
//! always reaches it. The rule holds within a kind (category, sentiment, signal) and
//! between sentiment and signals (categories compete only with categories); an entry
//! of the other of those two kinds also counts when it is written alike the word: at least the
//! policy's share (`stem_shared_percent`) of the longer of the two stays as it is.
//! "refunded" still reads the category "refund" beside the signal "refunded", and
//! "harto" the anger signal "harta", but "sıkıntı" (a problem) not the signal "siktir",
//! a different word of the same stem.

use super::entries::Entries;
use super::lexicon::Kind;
use super::matcher::Raw;

/// An entry's closeness to a word ([`closeness`]).
type Close = (usize, usize);

/// A content entry met at a span: its reduced form, kind group ([`kind`]), closeness to
/// the word and whether it is written alike the word ([`kin`]).
type Met<'a> = (&'a str, u8, Close, bool);

/// Characters the two strings share from their start.
pub(crate) fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// How close an entry written `term` is to the word `word` (higher is closer): the
/// characters they share from their start, then whether the word is written exactly as
/// the term (the word "şık" reads "şık", not "sıkıntı" beside it).
pub(crate) fn closeness(word: &str, term: &str) -> (usize, usize) {
    (common_prefix(word, term), usize::from(word == term))
}

/// Whether an entry of kind group `g`, met through reduced form `form` at closeness
/// `d`, counts among `rivals` (every content entry met at the same span: form, group,
/// closeness). `kin` says whether it is written alike the word ([`kin`]).
fn counts(rivals: &[(&str, u8, Close)], (form, g, d, kin): Met) -> bool {
    let same = rivals.iter().filter(|r| r.0 == form);
    let best_all = (same.clone().filter(|r| weighed(r.1, g)))
        .map(|r| r.2)
        .max()
        .unwrap_or(d);
    let best_kind = same.filter(|r| r.1 == g).map(|r| r.2).max().unwrap_or(d);
    d >= best_kind && (d >= best_all || kin)
}

/// The kind a content entry competes in: categories (0), sentiment (1), signals (2),
/// negated categories (3); none for cues.
pub(crate) fn kind(k: &Kind) -> Option<u8> {
    match k {
        Kind::Category(_) => Some(0),
        Kind::Sentiment => Some(1),
        Kind::Signal(_) => Some(2),
        Kind::Negated(_) => Some(3),
        _ => None,
    }
}

/// Whether entries of kinds `a` and `b` ([`kind`]) compete: within a kind, and across
/// the kinds that weigh the message (sentiment, signals). A category names the topic
/// and competes only with categories, a negated category only with negated ones.
fn weighed(a: u8, b: u8) -> bool {
    a == b || (matches!(a, 1 | 2) && matches!(b, 1 | 2))
}

/// Whether `term` and `word` are written alike: at least `percent` of the longer of
/// the two stays as it is (Levenshtein distance), so an inflected letter ("deja" /
/// "dejo"), an ending or a proclitic keeps them kin and a different word does not.
pub(crate) fn kin(word: &str, term: &str, percent: usize) -> bool {
    let longer = word.chars().count().max(term.chars().count());
    let kept = longer.saturating_sub(strsim::levenshtein(word, term));
    kept.saturating_mul(100) >= longer.saturating_mul(percent)
}

/// Drops from `raw` (matches of reduced forms, spans in the folded text `folded`) the
/// content entries another entry sharing their reduced form is closer to as written
/// (within a kind; across kinds, unless it is written alike the word: [`kin`]).
pub(crate) fn keep_closest(folded: &str, raw: &mut Vec<Raw>, entries: &Entries, percent: usize) {
    let info: Vec<Option<Met>> = raw
        .iter()
        .map(|&(s, e, ei)| {
            let x = entries.get(ei)?;
            let g = kind(&x.kind)?;
            let word = folded.get(s..e)?;
            let term = x.term.trim_end_matches('*');
            let near = kin(word, term, percent);
            Some((x.text.as_str(), g, closeness(word, term), near))
        })
        .collect();
    // Rivals share a span: visit the matches span by span (sorted positions), so the
    // work stays linear in the matches however many a text has.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_unstable_by_key(|&i| raw.get(i).map(|r| (r.0, r.1)));
    let mut keep = vec![true; raw.len()];
    for group in
        order.chunk_by(|&a, &b| raw.get(a).map(|r| (r.0, r.1)) == raw.get(b).map(|r| (r.0, r.1)))
    {
        let members: Vec<(usize, Met)> = (group.iter())
            .filter_map(|&i| Some((i, (*info.get(i)?)?)))
            .collect();
        let rivals: Vec<(&str, u8, Close)> = members.iter().map(|(_, x)| (x.0, x.1, x.2)).collect();
        for &(i, me) in &members {
            if let Some(k) = keep.get_mut(i) {
                *k = counts(&rivals, me);
            }
        }
    }
    let mut flags = keep.into_iter();
    raw.retain(|_| flags.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(word: &str, term: &str) -> Close {
        closeness(word, term)
    }

    #[test]
    fn closest_written_form_wins_within_a_kind() {
        // "sikinti" against the sentiment entries "sikinti" and "sik" (one form "sik").
        let (a, b) = (c("sikinti", "sikinti"), c("sikinti", "sik"));
        let rivals = [("sik", 1, a), ("sik", 1, b)];
        assert!(counts(&rivals, ("sik", 1, a, true)));
        assert!(!counts(&rivals, ("sik", 1, b, true)));
        // The word "sik" written as the shorter entry reads it, not the longer one.
        let (a, b) = (c("sik", "sikinti"), c("sik", "sik"));
        let rivals = [("sik", 1, a), ("sik", 1, b)];
        assert!(!counts(&rivals, ("sik", 1, a, false)));
        assert!(counts(&rivals, ("sik", 1, b, true)));
        // "mancha" is as close to "manchas" as to "manchado": both count.
        let (a, b) = (c("mancha", "manchas"), c("mancha", "manchado"));
        let rivals = [("manch", 0, a), ("manch", 0, b)];
        assert!(counts(&rivals, ("manch", 0, a, true)));
        assert!(counts(&rivals, ("manch", 0, b, true)));
        // A negated category does not compete with a category.
        let (a, b) = (c("devolver", "devolver"), c("devolver", "devolvieron"));
        let rivals = [("devolv", 0, a), ("devolv", 3, b)];
        assert!(counts(&rivals, ("devolv", 3, b, false)));
        assert!(!weighed(0, 1) && !weighed(0, 3) && weighed(1, 2));
    }

    #[test]
    fn another_kind_counts_only_as_close_or_written_alike() {
        // A signal "siktir" (3 characters in common with "sikinti") does not count.
        let (a, b) = (c("sikinti", "sikinti"), c("sikinti", "siktir"));
        let rivals = [("sik", 1, a), ("sik", 2, b)];
        assert!(!kin("sikinti", "siktir", 60));
        assert!(!counts(&rivals, ("sik", 2, b, false)));
        assert!(counts(&rivals, ("sik", 1, a, true)));
        // The signal "harta" on "harto" beside the sentiment "harto" counts.
        assert!(kin("harto", "harta", 60));
        assert!(kin("dejo de funcionar", "deja de funcionar", 60));
        let (a, b) = (c("harto", "harto"), c("harto", "harta"));
        let rivals = [("hart", 1, a), ("hart", 2, b)];
        assert!(counts(&rivals, ("hart", 2, b, true)));
        // A category "refund" on "refunded" beside the signal "refunded" counts.
        let (a, b) = (c("refunded", "refunded"), c("refunded", "refund"));
        let rivals = [("refund", 2, a), ("refund", 0, b)];
        assert!(kin("refunded", "refund", 60));
        assert!(kin("رديئه", "رديء", 60));
        assert!(counts(&rivals, ("refund", 0, b, true)));
        assert!(counts(&rivals, ("refund", 2, a, true)));
    }

    #[test]
    fn a_category_competes_only_with_categories() {
        // The sentiment "sikinti" is closer; a category "siktir" would still count.
        let (a, b) = (c("sikinti", "sikinti"), c("sikinti", "siktir"));
        let rivals = [("sik", 1, a), ("sik", 0, b)];
        assert!(counts(&rivals, ("sik", 0, b, false)));
        assert!(counts(&rivals, ("sik", 1, a, true)));
    }

    #[test]
    fn ties_all_count_and_other_forms_do_not_compete() {
        let a = c("no sirve", "no sirve");
        let far = c("no sirve", "nos");
        let rivals = [("no sirv", 0, a), ("no sirv", 1, a), ("nos", 1, far)];
        assert!(counts(&rivals, ("no sirv", 0, a, true)));
        assert!(counts(&rivals, ("no sirv", 1, a, true)));
        assert!(counts(&rivals, ("nos", 1, far, false)));
        assert_eq!(common_prefix("sikinti", "siktir"), 3);
        assert_eq!(common_prefix("", "a"), 0);
    }
}
