//! Finding lexicon terms in a text: Aho-Corasick automata over the folded terms (for
//! every language, as written) and over the reduced terms (stemmed, for languages with a
//! reducer), word-boundary and compound rules, and one-edit misspellings of longer terms.
//!
//! The number of matches kept per text is bounded (`triage.max_matches`), so a lexicon
//! of heavily overlapping terms cannot make a text cost more than that bound.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use super::entries::Entries;
use super::lexicon::{Boundary, Entry, Kind, LangRules};
use super::normalize::word_spans;
use crate::error::Error;

/// A raw match: byte span in the text it was found in, and the entry.
pub(crate) type Raw = (usize, usize, usize);

/// Which reading of a text a pattern is matched in: the reading as written
/// ([`TEXT`]), the other reading of words that have one ([`ALT`]), or both.
pub(crate) type Readings = u8;
/// The text as written, reduced.
pub(crate) const TEXT: Readings = 1;
/// The text's other reading (accented stems, Arabic proclitics stripped).
pub(crate) const ALT: Readings = 2;

/// Which part of its entry a pattern is: the whole term ([`WHOLE`]), or the words
/// before ([`HEAD`]) or after ([`TAIL`]) the gap of a gapped phrase (`"slutade …
/// fungera"`, see [`super::phrase`]).
type Part = u8;
const WHOLE: Part = 0;
const HEAD: Part = 1;
const TAIL: Part = 2;

/// Raw matches of one text as written, before language filtering.
pub(crate) struct Found {
    pub(crate) raw: Vec<Raw>,
}

impl Found {
    /// How many matches were kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the entry matched somewhere.
    #[cfg(test)]
    pub(crate) fn contains(&self, entry: usize) -> bool {
        self.raw.iter().any(|r| r.2 == entry)
    }
}

/// One automaton and the entries behind each of its patterns.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    automaton: AhoCorasick,
    /// Pattern id -> entries sharing that text, with the readings each matches in and
    /// the part of the entry the pattern is.
    by_pattern: Vec<Vec<(usize, Readings, Part)>>,
}

impl Patterns {
    /// Builds the automaton over `(text, entry)` pairs, each matched in every reading.
    pub(crate) fn build<'a>(
        terms: impl Iterator<Item = (&'a str, usize)>,
    ) -> Result<Patterns, String> {
        Patterns::build_readings(terms.map(|(t, ei)| (t, ei, TEXT | ALT)))
    }

    /// Builds the automaton over `(text, entry, readings)`: an entry's reduced form meets
    /// the text as written, and its other form (if it has one) only the text's other
    /// reading, so "porquería", stemmed as written to "porqu", never reads "porque".
    pub(crate) fn build_readings<'a>(
        terms: impl Iterator<Item = (&'a str, usize, Readings)>,
    ) -> Result<Patterns, String> {
        // Pattern ids in first-seen order (a hash map: this runs once per entry).
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_pattern: Vec<Vec<(usize, Readings, Part)>> = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        for (text, ei, readings) in terms {
            let text = super::phrase::ending_pattern(text);
            // A gapped phrase is matched as its two parts, joined after matching.
            let parts = match super::phrase::split_gap(text) {
                Some((head, tail)) => [(head, HEAD), (tail, TAIL)],
                None => [(text, WHOLE), ("", WHOLE)],
            };
            for (text, part) in parts {
                if text.is_empty() {
                    continue;
                }
                let id = *ids.entry(text).or_insert_with(|| {
                    by_pattern.push(Vec::new());
                    texts.push(text);
                    by_pattern.len() - 1
                });
                if let Some(list) = by_pattern.get_mut(id) {
                    list.push((ei, readings, part));
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&texts)
            .map_err(|e| e.to_string())?;
        Ok(Patterns {
            automaton,
            by_pattern,
        })
    }

    /// Every match of an entry `keep` accepts that meets its language's boundary rules,
    /// at most `cap` of them, in a text as written.
    pub(crate) fn find(
        &self,
        text: &str,
        entries: &Entries,
        langs: &[LangRules],
        keep: &dyn Fn(&Entry) -> bool,
        cap: usize,
    ) -> Vec<Raw> {
        self.find_in(text, TEXT, entries, langs, keep, cap)
    }

    /// As [`Patterns::find`], for the patterns of one reading of the text.
    pub(crate) fn find_in(
        &self,
        text: &str,
        reading: Readings,
        entries: &Entries,
        langs: &[LangRules],
        keep: &dyn Fn(&Entry) -> bool,
        cap: usize,
    ) -> Vec<Raw> {
        let mut raw: Vec<Raw> = Vec::new();
        let mut gapped = super::phrase::Gapped::default();
        for m in self.automaton.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let Some(list) = self.by_pattern.get(m.pattern().as_usize()) else {
                continue;
            };
            for &(ei, readings, part) in list {
                if readings & reading == 0 {
                    continue;
                }
                let Some(entry) = entries.get(ei) else {
                    continue;
                };
                if !keep(entry) {
                    continue;
                }
                let Some(rules) = langs.get(entry.lang) else {
                    continue;
                };
                if part != WHOLE {
                    // Parts meet word boundaries on both sides, whatever the language,
                    // except the end of a tail that may end inside a word: a prefix
                    // ("ostatni raz … zamawia*") reads the whole word it starts.
                    let mut end = e;
                    if rules.boundary == Boundary::Word {
                        if part == TAIL && open_end(entry, rules) {
                            end = word_end(text, e);
                        }
                        if !super::phrase::whole_words(text, s, end) {
                            continue;
                        }
                    }
                    if gapped.len() < cap {
                        gapped.push(part == HEAD, s, end, ei);
                    }
                    continue;
                }
                let mut end = e;
                if rules.boundary == Boundary::Word {
                    if !fits(text, s, e, entry, rules) {
                        continue;
                    }
                    // A prefix term reads the whole word it starts.
                    if open_end(entry, rules) {
                        end = word_end(text, e);
                    }
                }
                if super::phrase::is_field(&entry.term) && !super::phrase::closes_field(text, end) {
                    continue;
                }
                if raw.len() >= cap {
                    return raw;
                }
                raw.push((s, end, ei));
            }
        }
        gapped.join(text, entries, langs, cap, &mut raw);
        raw
    }
}

/// The end of the word that goes on at `e`.
fn word_end(text: &str, e: usize) -> usize {
    let rest = text.get(e..).unwrap_or_default();
    e + rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len())
}

/// Whether a term may end inside a word: a prefix term, or any term of a language that
/// attaches endings to its words, except a negation cue before the word, which is a word
/// of its own (Korean "안" does not negate from the start of "안에", inside).
fn open_end(entry: &Entry, rules: &LangRules) -> bool {
    entry.prefix || (rules.prefix_words && entry.kind != Kind::NegationBefore)
}

/// Whether a match meets its word boundaries: a word start (or, in a compounding
/// language, the end of a compound for a long enough term) and a word end (unless the
/// term is a prefix or the language attaches endings to every word).
fn fits(text: &str, s: usize, e: usize, entry: &Entry, rules: &LangRules) -> bool {
    if let Some(ending) = entry.term.strip_prefix('-') {
        return super::phrase::ends_word(text, s, e, ending);
    }
    let before = text.get(..s).and_then(|p| p.chars().next_back());
    let after = text.get(e..).and_then(|p| p.chars().next());
    if after.is_some_and(char::is_alphanumeric) && !open_end(entry, rules) {
        return false;
    }
    // A number is read whole: "1 star" does not start "10 stars".
    if after.is_some_and(|c| c.is_ascii_digit())
        && entry.term.ends_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if before.is_some_and(char::is_alphanumeric) {
        // The rest of a compound an intensifier opens ("jätte|dålig"), whatever its length.
        if matches!(entry.kind, Kind::Sentiment | Kind::Category(_))
            && rules.morphology.prefix_factor(text, s).is_some()
        {
            return true;
        }
        // "unbeschädigt" is no compound ending in "beschädigt".
        if rules.morphology.negating_prefix(text, s) {
            return false;
        }
        let compound = rules.compound_min_chars.is_some_and(|min| {
            entry.chars >= min && (entry.prefix || !after.is_some_and(char::is_alphanumeric))
        });
        return compound;
    }
    true
}

/// A deletion index (one edit) over single-word content terms of at least a given
/// length, for misspellings: "recieved" meets "received", "damagd" meets "damag".
#[derive(Debug, Clone, Default)]
pub(crate) struct Fuzzy {
    /// Hash of a term or of the term less one character -> entries.
    index: FxHashMap<u64, Vec<usize>>,
    min_chars: usize,
}

fn hash_skip(word: &str, skip: Option<usize>) -> u64 {
    // FNV-1a over the characters, one of them skipped.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, c) in word.chars().enumerate() {
        if Some(i) == skip {
            continue;
        }
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Fuzzy {
    /// Indexes the entries `terms` yields as (match text, entry) pairs.
    pub(crate) fn build<'a>(
        terms: impl Iterator<Item = (&'a str, usize)>,
        min_chars: usize,
    ) -> Fuzzy {
        let mut index: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        if min_chars == 0 {
            return Fuzzy::default();
        }
        for (text, ei) in terms {
            let n = text.chars().count();
            if n < min_chars || !text.chars().all(char::is_alphanumeric) {
                continue;
            }
            index.entry(hash_skip(text, None)).or_default().push(ei);
            for i in 0..n {
                index.entry(hash_skip(text, Some(i))).or_default().push(ei);
            }
        }
        for list in index.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Fuzzy { index, min_chars }
    }

    /// Matches of words within one edit of an indexed term's match text, for words
    /// where no exact term starts.
    pub(crate) fn find(
        &self,
        text: &str,
        exact: &[Raw],
        entries: &Entries,
        keep: &dyn Fn(&Entry) -> bool,
        cap: usize,
        out: &mut Vec<Raw>,
    ) {
        if self.index.is_empty() {
            return;
        }
        // A word an entry of any kind reads as written (a cue, a zero-weight guard, a
        // fixed phrase) is a word of the language, not a misspelling.
        let mut starts: Vec<usize> = exact.iter().map(|r| r.0).collect();
        starts.sort_unstable();
        // The entries a word is within one edit of, in index order, by word: a word met
        // again in the text costs one lookup instead of a probe per deleted letter.
        let mut near: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut check = |s: usize, e: usize, out: &mut Vec<Raw>| {
            let Some(word) = text.get(s..e) else { return };
            let n = word.chars().count();
            if n + 1 < self.min_chars || starts.binary_search(&s).is_ok() {
                return;
            }
            let found = near.entry(word).or_insert_with(|| {
                let mut seen: Vec<usize> = Vec::new();
                let mut found = Vec::new();
                for skip in std::iter::once(None).chain((0..n).map(Some)) {
                    let Some(list) = self.index.get(&hash_skip(word, skip)) else {
                        continue;
                    };
                    for &ei in list {
                        if seen.contains(&ei) {
                            continue;
                        }
                        seen.push(ei);
                        let Some(entry) = entries.get(ei) else {
                            continue;
                        };
                        if keep(entry) && strsim::osa_distance(word, &entry.text) <= 1 {
                            found.push(ei);
                        }
                    }
                }
                found
            });
            // At most `cap` matches in all: the first ones in index order.
            let room = cap.saturating_sub(out.len());
            out.extend(found.iter().take(room).map(|&ei| (s, e, ei)));
        };
        for (s, e) in word_spans(text) {
            check(s, e, out);
        }
    }
}

/// Errors building an automaton, as a lexicon error.
pub(crate) fn build_error(message: String) -> Error {
    Error::Policy(vec![crate::error::Diagnostic::new(
        "policy.lexicon",
        "lexicons",
        message,
    )])
}
