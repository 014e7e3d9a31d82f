//! Phrases with words between their words.
//!
//! - **Gapped phrases**: an entry written with the gap marker `…` (or `...`) between its
//!   words, `"slutade ... fungera"`, matches its two parts in order with up to
//!   `[scope] phrase_gap_words` words between them, inside one clause: a verb frame with
//!   its subject between ("slutade laddkabeln fungera", "hört das Gerät auf zu
//!   funktionieren"). The automaton holds the two parts as patterns of their own
//!   ([`super::matcher`]); [`Gapped`] joins them. A negation cue of the entry's language
//!   in the gap undoes the frame ("wir kommen nie wieder" is no "wir kommen … wieder"):
//!   the negation scope reads from a match's start, so it could not see a cue inside.
//! - **Intensifiers and fillers inside a phrase**: a multi-word entry still matches when
//!   up to `[scope] phrase_gap` of the language's `[intensifiers]` or `phrase_fillers`
//!   stand between its words ("runs very small" for "runs small"); never an arbitrary
//!   word. [`Compact`] is the text without those words, matched again.
//! - **Labelled fields**: an entry written with a colon after a word, `"минусы: нет"`
//!   (a review's "cons: none"), or ending in one, `"wady:"` (the label alone), stands
//!   for each way buyers write the field: `"минусы: нет"`, `"минусы : нет"`,
//!   `"минусы:нет"` (the full-width `：` folds to `:`), `"минусы - нет"` and the same
//!   with an en or em dash ([`label_forms`]). A field with its value matches only where
//!   no word follows the value on its line ([`closes_field`]): "wady: brak instrukcji"
//!   ("defects: missing manual") is a complaint, not "wady: brak" ("defects: none").

use rustc_hash::FxHashSet;

use super::entries::Entries;
use super::lexicon::{Boundary, Entry, Kind, LangRules};
use super::matcher::Raw;
use super::normalize::word_spans;

/// A Hangul final consonant a word ending may start with (`"-ㄴ데"`: the "ㄴ" is the
/// last consonant of the syllable before "데", as in 빠른데, 좋은데, 싼데), as the
/// index of that final in a precomposed syllable. Compatibility, initial and final
/// jamo are all accepted (NFKC turns the first into the second).
fn hangul_final(c: char) -> Option<u32> {
    Some(match c {
        '\u{3134}' | '\u{1102}' | '\u{11AB}' => 4,
        '\u{3139}' | '\u{1105}' | '\u{11AF}' => 8,
        '\u{3141}' | '\u{1106}' | '\u{11B7}' => 16,
        '\u{3142}' | '\u{1107}' | '\u{11B8}' => 17,
        _ => return None,
    })
}

/// The final consonant of a precomposed Hangul syllable (0: none).
fn final_of(c: char) -> Option<u32> {
    let n = u32::from(c).checked_sub(0xAC00)?;
    (n < 11_172).then_some(n % 28)
}

/// The text an entry is matched by: a word ending (`"-지만"`, `"-ㄴ데"`) without its
/// mark and the final consonant it may start with.
pub(crate) fn ending_pattern(text: &str) -> &str {
    let Some(rest) = text.strip_prefix('-') else {
        return text;
    };
    let mut chars = rest.chars();
    match chars.next().map(hangul_final) {
        Some(Some(_)) => chars.as_str(),
        _ => rest,
    }
}

/// Whether `text[s..e]` is the ending `ending` (as written in the entry, without its
/// `-`) of a word: attached to letters before it, at the end of the word, and after a
/// syllable with the final consonant the ending starts with, if it starts with one.
pub(crate) fn ends_word(text: &str, s: usize, e: usize, ending: &str) -> bool {
    let before = text.get(..s).and_then(|p| p.chars().next_back());
    let after = text.get(e..).and_then(|p| p.chars().next());
    if after.is_some_and(char::is_alphanumeric) || !before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    match ending.chars().next().and_then(hangul_final) {
        Some(f) => before.and_then(final_of) == Some(f),
        None => true,
    }
}

/// Words kept on either side of a word a phrase may skip: more than any lexicon phrase
/// holds (a test checks), so the compact text holds every phrase over a skipped word.
const WINDOW: usize = 8;

/// The gap marker as folded: NFKC turns "…" into "...".
const MARKER: &str = "...";

/// The two parts of a gapped term, if it holds the gap marker.
pub(crate) fn split_gap(text: &str) -> Option<(&str, &str)> {
    let (head, tail) = text.split_once(MARKER)?;
    let tail = tail.trim_start_matches('.');
    Some((head.trim(), tail.trim()))
}

/// The separators a labelled field is written with, between label and value.
const LABEL_SEPARATORS: [&str; 6] = [": ", " : ", ":", " - ", " \u{2013} ", " \u{2014} "];

/// The forms of an entry written as a labelled field (a word, a colon, and a value or
/// nothing: `"cons: none"`, `"wady:"`), one per separator; `None` for any other entry
/// (emoticons such as `":("` or `">:("` have no word before their colon). The full-width
/// colon counts as a colon.
pub(crate) fn label_forms(term: &str) -> Option<Vec<String>> {
    // One byte pass first: every entry comes through here when a lexicon is built, and
    // few hold a colon (0xEF starts the full-width one in UTF-8).
    if !term.bytes().any(|b| matches!(b, b':' | 0xEF)) {
        return None;
    }
    let term = term.trim();
    let (head, tail) = term.split_once([':', '\u{ff1a}'])?;
    let (head, tail) = (head.trim_end(), tail.trim_start());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if !word(head.chars().next_back()) || !(tail.is_empty() || word(tail.chars().next())) {
        return None;
    }
    let mut forms: Vec<String> = LABEL_SEPARATORS
        .iter()
        .map(|sep| {
            let sep = if tail.is_empty() { sep.trim_end() } else { sep };
            format!("{head}{sep}{tail}")
        })
        .collect();
    forms.dedup();
    Some(forms)
}

/// Whether a term is a labelled field with its value (`"cons: none"`, `"cons - none"`,
/// a form of [`label_forms`]).
pub(crate) fn is_field(term: &str) -> bool {
    // One pass first: most terms hold no colon and no dash (0xE2 starts the en and em
    // dash in UTF-8).
    if !term.bytes().any(|b| matches!(b, b':' | b'-' | 0xE2)) {
        return false;
    }
    [":", " - ", " \u{2013} ", " \u{2014} "].iter().any(|sep| {
        term.split_once(sep).is_some_and(|(head, tail)| {
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            word(head.trim_end().chars().next_back()) && word(tail.trim_start().chars().next())
        })
    })
}

/// Whether a field's value ending at `e` closes the field: no word follows it on its
/// line ("cons: none." and "cons: none" do; "wady: brak instrukcji", "defects: missing
/// manual", does not, so the complaint keeps its words).
pub(crate) fn closes_field(text: &str, e: usize) -> bool {
    let rest = text.get(e..).unwrap_or_default();
    !(rest.trim_start_matches([' ', '\t']).chars().next()).is_some_and(char::is_alphanumeric)
}

/// Whether `text[s..e]` starts and ends at word boundaries.
pub(crate) fn whole_words(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|p| p.chars().next_back());
    let after = text.get(e..).and_then(|p| p.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Characters that end a clause: a gap never crosses them.
fn clause_end(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '。' | '、' | '，' | '！' | '？' | '；' | '：'
    )
}

/// The part matches of gapped entries in one text: heads and tails as `(start, end,
/// entry)`.
#[derive(Debug, Default)]
pub(crate) struct Gapped {
    heads: Vec<Raw>,
    tails: Vec<Raw>,
}

impl Gapped {
    /// How many part matches are held.
    pub(crate) fn len(&self) -> usize {
        self.heads.len() + self.tails.len()
    }

    /// Holds a head (`head`) or tail match.
    pub(crate) fn push(&mut self, head: bool, s: usize, e: usize, ei: usize) {
        let list = if head {
            &mut self.heads
        } else {
            &mut self.tails
        };
        list.push((s, e, ei));
    }

    /// Joins every tail to the nearest head of its entry before it, when at most the
    /// entry language's `phrase_gap_words` words (characters, in a language written
    /// without spaces) and no clause punctuation stand between them; adds the whole
    /// span to `out` (at most `cap` matches in all). O(m log m) for m part matches.
    pub(crate) fn join(
        mut self,
        text: &str,
        entries: &Entries,
        langs: &[LangRules],
        cap: usize,
        out: &mut Vec<Raw>,
    ) {
        if self.tails.is_empty() || self.heads.is_empty() {
            return;
        }
        self.heads.sort_unstable_by_key(|&(s, e, ei)| (ei, e, s));
        // A plain entry of the same span and kind reads those words already ("charged
        // me twice" and "charged … twice").
        let kind = |ei: usize| entries.get(ei).map(|x| x.kind.group());
        let plain: FxHashSet<(usize, usize, Option<Option<u8>>)> =
            out.iter().map(|&(s, e, ei)| (s, e, kind(ei))).collect();
        // Negation cues before a word, by language and start.
        let mut cues: Vec<(usize, usize)> = out
            .iter()
            .filter_map(|&(s, _, ei)| {
                let x = entries.get(ei)?;
                (x.kind == Kind::NegationBefore).then_some((x.lang, s))
            })
            .collect();
        cues.sort_unstable();
        let negated_gap = |lang: usize, from: usize, to: usize| {
            let i = cues.partition_point(|&c| c < (lang, from));
            cues.get(i).is_some_and(|&c| c < (lang, to))
        };
        for &(s2, e2, ei) in &self.tails {
            if out.len() >= cap {
                return;
            }
            // The last head of this entry ending at or before the tail starts.
            let i = self.heads.partition_point(|&(_, e, x)| (x, e) <= (ei, s2));
            let Some(&(s1, e1, x)) = i.checked_sub(1).and_then(|i| self.heads.get(i)) else {
                continue;
            };
            let (Some(entry), Some(between)) = (entries.get(ei), text.get(e1..s2)) else {
                continue;
            };
            let Some(rules) = langs.get(entry.lang) else {
                continue;
            };
            if x != ei || between.chars().any(clause_end) {
                continue;
            }
            // An entry that reads a negated word ([negated]) wants its cue; any other
            // frame with a cue in its gap says the opposite of itself.
            if !matches!(entry.kind, Kind::Negated(_)) && negated_gap(entry.lang, e1, s2) {
                continue;
            }
            let limit = rules.scope.phrase_gap_words as usize;
            let gap = if rules.boundary == Boundary::Word {
                between
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count()
            } else {
                between.chars().filter(|c| !c.is_whitespace()).count()
            };
            // Without a word at the gap the phrase is a plain entry of its own.
            if gap > 0 && gap <= limit && !plain.contains(&(s1, e2, kind(ei))) {
                out.push((s1, e2, ei));
            }
        }
    }
}

/// A text without the words a phrase may hold between its own (the intensifiers and
/// fillers of languages with a `phrase_gap`), with offsets mapped back.
#[derive(Debug)]
pub(crate) struct Compact {
    /// The folded text without those words.
    pub folded: String,
    /// The accented text without them, when there is one (its words only).
    pub accented: Option<String>,
    /// Byte offset in `folded` -> byte offset in the original folded text.
    map: Vec<usize>,
    /// The words taken out: start, end, and the languages (bit per language index)
    /// that may skip them.
    cut: Vec<(usize, usize, u64)>,
}

impl Compact {
    /// The compact text, if the text holds a word some `active` language may skip
    /// between two other words. `found` are the matches of every entry as folded (its
    /// intensifiers among them).
    pub(crate) fn new(
        (folded, accented): (&str, Option<&str>),
        found: &[Raw],
        entries: &Entries,
        langs: &[LangRules],
        active: &[usize],
    ) -> Option<Compact> {
        let gapped = |l: usize| {
            active.contains(&l)
                && l < 64
                && langs
                    .get(l)
                    .is_some_and(|r| r.boundary == Boundary::Word && r.scope.phrase_gap > 0)
        };
        if !active.iter().any(|&l| gapped(l)) {
            return None;
        }
        // Intensifiers found as words of their own.
        let mut skippable: Vec<(usize, usize, u64)> = found
            .iter()
            .filter_map(|&(s, e, ei)| {
                let x = entries.get(ei)?;
                let skips = langs.get(x.lang)?.scope.skippable(folded.get(s..e)?);
                (x.kind == Kind::Intensifier
                    && gapped(x.lang)
                    && skips
                    && whole_words(folded, s, e))
                .then_some((s, e, 1u64 << x.lang))
            })
            .collect();
        // Declared fillers, read as written where the text has accents ("hält" is no
        // "halt"): the accented text is aligned word for word with the folded one.
        fn words(t: &str) -> Vec<&str> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect()
        }
        let written = accented.map(words).unwrap_or_default();
        let aligned = accented.is_some() && written.len() == words(folded).len();
        let mut n = 0;
        let mut filler = |s: usize, e: usize, out: &mut Vec<(usize, usize, u64)>| {
            let word = folded.get(s..e).unwrap_or_default();
            let as_written = written.get(n).copied().filter(|_| aligned);
            n += 1;
            let mut bits = 0u64;
            for &l in active {
                if gapped(l)
                    && langs
                        .get(l)
                        .is_some_and(|r| r.scope.filler(word, as_written))
                {
                    bits |= 1u64 << l;
                }
            }
            if bits != 0 {
                out.push((s, e, bits));
            }
        };
        for (s, e) in word_spans(folded) {
            filler(s, e, &mut skippable);
        }
        // Only single words with a space on either side: between two words of a clause.
        skippable.sort_unstable();
        let mut cut: Vec<(usize, usize, u64)> = Vec::new();
        for (s, e, bits) in skippable {
            let word = folded.get(s..e).unwrap_or_default();
            let before = folded.get(..s).and_then(|p| p.chars().next_back());
            let after = folded.get(e..).and_then(|p| p.chars().next());
            if word.chars().any(|c| !c.is_alphanumeric())
                || before != Some(' ')
                || after != Some(' ')
            {
                continue;
            }
            match cut.last_mut() {
                Some(last) if last.0 == s && last.1 == e => last.2 |= bits,
                Some(last) if last.1 > s => {}
                _ => cut.push((s, e, bits)),
            }
        }
        if cut.is_empty() {
            return None;
        }
        // The words of the text, and which of them the compact text keeps: those within
        // `WINDOW` words of a cut word (where a phrase over it lies), less the cut words.
        let words: Vec<(usize, usize)> = word_spans(folded).collect();
        const DROPPED: u8 = 0;
        const KEPT: u8 = 1;
        const CUT: u8 = 2;
        let mut state = vec![DROPPED; words.len()];
        let mut next = cut.iter().map(|c| c.0).peekable();
        for (k, w) in words.iter().enumerate() {
            if next.peek() == Some(&w.0) {
                next.next();
                let near = k.saturating_sub(WINDOW)..(k + WINDOW + 1).min(words.len());
                for m in state.get_mut(near).unwrap_or_default() {
                    if *m == DROPPED {
                        *m = KEPT;
                    }
                }
                if let Some(m) = state.get_mut(k) {
                    *m = CUT;
                }
            }
        }
        // The kept words with what stood between them: the space before a run of cut
        // words, or a line break where dropped words stood.
        let mut text = String::with_capacity(folded.len());
        let mut map = Vec::with_capacity(folded.len() + 1);
        let push = |from: usize, to: usize, text: &mut String, map: &mut Vec<usize>| {
            text.push_str(folded.get(from..to).unwrap_or_default());
            map.extend(from..to);
        };
        let mut last: Option<usize> = None;
        for (k, &(s, e)) in words.iter().enumerate() {
            if state.get(k) != Some(&KEPT) {
                continue;
            }
            if let Some((j, &(_, pe))) = last.and_then(|j| Some((j, words.get(j)?))) {
                let between = state.get(j + 1..k).unwrap_or_default();
                if between.iter().all(|&m| m == CUT) {
                    let to = words
                        .get(j + 1)
                        .filter(|_| !between.is_empty())
                        .map_or(s, |w| w.0);
                    push(pe, to, &mut text, &mut map);
                } else {
                    text.push('\n');
                    map.push(s);
                }
            }
            push(s, e, &mut text, &mut map);
            last = Some(k);
        }
        let end = last.and_then(|j| words.get(j)).map_or(0, |w| w.1);
        map.push(end);
        // The accented text: the same words (words pair up by order).
        let accented = accented.map(|a| {
            a.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .enumerate()
                .filter(|(i, _)| state.get(*i) == Some(&KEPT))
                .map(|(_, w)| w)
                .collect::<Vec<_>>()
                .join(" ")
        });
        Some(Compact {
            folded: text,
            accented,
            map,
            cut,
        })
    }

    /// The original offset of a compact offset.
    pub(crate) fn at(&self, i: usize) -> Option<usize> {
        self.map.get(i).copied()
    }

    /// Matches of the compact text that reach over a cut word, mapped back: a phrase of
    /// several words whose language may skip each cut word inside it, at most
    /// `phrase_gap` of them. A cut word a content term of the text as written reads
    /// (`read`) is no filler: "trop" in "il est trop petit" is part of "trop petit",
    /// so "est petit" is not read.
    pub(crate) fn bridged(
        &self,
        raw: Vec<Raw>,
        read: &[Raw],
        entries: &Entries,
        langs: &[LangRules],
    ) -> Vec<Raw> {
        let content = |r: &&Raw| entries.get(r.2).is_some_and(|x| x.kind.group().is_some());
        let mut taken: Vec<(usize, usize)> =
            read.iter().filter(content).map(|r| (r.0, r.1)).collect();
        taken.sort_unstable();
        // Whether a content term reads over the word at `s..e`.
        let in_term = |s: usize, e: usize| {
            let i = taken.partition_point(|t| t.0 <= s);
            taken
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .take(64)
                .any(|t| t.1 >= e)
        };
        let cut: Vec<(usize, usize, u64)> = self
            .cut
            .iter()
            .copied()
            .filter(|c| !in_term(c.0, c.1))
            .collect();
        raw.into_iter()
            .filter_map(|(s, e, ei)| {
                let (s, e) = (self.at(s)?, self.at(e)?);
                let x = entries.get(ei)?;
                let limit = langs.get(x.lang)?.scope.phrase_gap as usize;
                if self
                    .cut
                    .iter()
                    .any(|c| c.0 > s && c.1 < e && !cut.contains(c))
                {
                    return None;
                }
                let inside = cut.iter().filter(|c| c.0 > s && c.1 < e);
                let mut n = 0;
                for c in inside {
                    if c.2 & (1u64 << x.lang.min(63)) == 0 {
                        return None;
                    }
                    n += 1;
                }
                (n > 0 && n <= limit && x.kind != Kind::Intensifier).then_some((s, e, ei))
            })
            .collect()
    }
}

/// The matches of a text and its accented words, of those a `counts` function accepts
/// (see `Lexicon::analyse`).
pub(crate) type Again<'a> =
    dyn Fn((&str, Option<&str>), &dyn Fn(&Entry, usize, usize) -> bool) -> Vec<Raw> + 'a;

/// Adds to `raw` (the matches of a text) those of phrases that hold intensifiers or
/// fillers between their words (see [`Compact`]): `again` finds the matches of a text
/// and its accented words, counting those `counts` accepts.
pub(crate) fn bridged(
    texts: (&str, Option<&str>),
    (found, raw): (&[Raw], &mut Vec<Raw>),
    (entries, langs): (&Entries, &[LangRules]),
    active: &[usize],
    counts: &dyn Fn(&Entry, usize, usize) -> bool,
    again: &Again<'_>,
) {
    let Some(c) = Compact::new(texts, found, entries, langs, active) else {
        return;
    };
    let counts = |e: &Entry, s, t| c.at(s).zip(c.at(t)).is_some_and(|(s, t)| counts(e, s, t));
    let more = again((&c.folded, c.accented.as_deref()), &counts);
    let more = c.bridged(more, raw, entries, langs);
    raw.extend(more);
}

#[cfg(test)]
#[path = "phrase_tests.rs"]
mod tests;
