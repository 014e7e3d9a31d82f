//! Intensifiers and fillers inside a phrase of a language written without spaces
//! (`boundary = "none"`: Chinese, Japanese). A multi-character entry still matches when
//! up to `[scope] phrase_gap` of the language's `[intensifiers]` or `phrase_fillers`
//! stand between two of its characters: "包装很用心" reads "包装用心", "质量非常好"
//! "质量好", "物流特别慢" "物流慢". The word-level rule ([`super::phrase::Compact`])
//! needs spaces around the word it skips; here the skipped word is found among the
//! characters: an intensifier the lexicon matched, or a declared filler, with a letter
//! on either side. Of two such words side by side only the first is skipped ("质量很好":
//! 很 is, 好 is the verdict); three or more side by side ("好好好") hold none. The text is matched a second time without those words
//! (only near them), and only the matches that reach over a removed word are kept; a
//! removed word inside a content term that starts before it ("真" of "认真", "好" of
//! "还好") is no filler there. Linear in the text's length.

use super::entries::Entries;
use super::lexicon::{Boundary, Entry, Kind, LangRules};
use super::matcher::Raw;
use super::phrase::Again;

/// Characters kept on either side of a skipped word: more than any phrase of a language
/// written without spaces holds (a test checks), so the compact text holds every phrase
/// over a skipped word.
const WINDOW: usize = 24;

/// A text without the intensifiers and fillers a phrase of a language written without
/// spaces may hold, with offsets mapped back.
#[derive(Debug)]
pub(crate) struct CharGap {
    /// The folded text without those words (and far from them).
    pub folded: String,
    /// Byte offset in `folded` -> byte offset in the original folded text.
    map: Vec<usize>,
    /// The words taken out: start, end, and the languages (bit per language index) that
    /// may skip them.
    cut: Vec<(usize, usize, u64)>,
}

impl CharGap {
    /// The compact text, if the text holds a word some `active` language written without
    /// spaces may skip between two letters. `found` are the matches of every entry as
    /// folded (its intensifiers among them).
    pub(crate) fn new(
        folded: &str,
        found: &[Raw],
        entries: &Entries,
        langs: &[LangRules],
        active: &[usize],
    ) -> Option<CharGap> {
        let gapped = |l: usize| {
            active.contains(&l)
                && l < 64
                && langs
                    .get(l)
                    .is_some_and(|r| r.boundary == Boundary::None && r.scope.phrase_gap > 0)
        };
        if !active.iter().any(|&l| gapped(l)) {
            return None;
        }
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let inside = |s: usize, e: usize| {
            letter(folded.get(..s).and_then(|p| p.chars().next_back()))
                && letter(folded.get(e..).and_then(|p| p.chars().next()))
        };
        let mut skippable: Vec<(usize, usize, u64)> = found
            .iter()
            .filter_map(|&(s, e, ei)| {
                let x = entries.get(ei)?;
                let skips = langs.get(x.lang)?.scope.skippable(folded.get(s..e)?);
                (x.kind == Kind::Intensifier && gapped(x.lang) && skips && inside(s, e))
                    .then_some((s, e, 1u64 << x.lang))
            })
            .collect();
        for &l in active.iter().filter(|&&l| gapped(l)) {
            let Some(rules) = langs.get(l) else { continue };
            for f in rules.scope.phrase_fillers.iter().filter(|f| !f.is_empty()) {
                for (s, m) in folded.match_indices(f.as_str()) {
                    if inside(s, s + m.len()) {
                        skippable.push((s, s + m.len(), 1u64 << l));
                    }
                }
            }
        }
        // Leftmost, then longest ("非常非常" over "非常"); words side by side form a run.
        skippable.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut words: Vec<(usize, usize, u64)> = Vec::new();
        for (s, e, bits) in skippable {
            match words.last_mut() {
                Some(last) if last.0 == s && last.1 == e => last.2 |= bits,
                Some(last) if last.1 > s => {}
                _ => words.push((s, e, bits)),
            }
        }
        // Of a run of two only the first is skipped (the second is what it weighs:
        // "很好"); a longer run ("真的很好", "好好好") holds no gap word.
        let mut cut: Vec<(usize, usize, u64)> = Vec::new();
        let mut run: Vec<(usize, usize, u64)> = Vec::new();
        let mut close = |run: &mut Vec<(usize, usize, u64)>| {
            if run.len() <= 2 {
                cut.extend(run.first().copied());
            }
            run.clear();
        };
        for w in words {
            if run.last().is_some_and(|l| l.1 != w.0) {
                close(&mut run);
            }
            run.push(w);
        }
        close(&mut run);
        if cut.is_empty() {
            return None;
        }
        // Keep the characters within `WINDOW` of a cut word, less the cut words; a run
        // of dropped characters becomes a line break.
        let chars: Vec<(usize, char)> = folded.char_indices().collect();
        let mut keep = vec![false; chars.len()];
        let mut k = 0;
        for &(s, e, _) in &cut {
            while chars.get(k).is_some_and(|&(i, _)| i < s) {
                k += 1;
            }
            let first = k;
            while chars.get(k).is_some_and(|&(i, _)| i < e) {
                k += 1;
            }
            let from = first.saturating_sub(WINDOW);
            let to = (k + WINDOW).min(chars.len());
            for m in keep.get_mut(from..to).unwrap_or_default() {
                *m = true;
            }
        }
        let mut in_cut = cut.iter().peekable();
        let mut text = String::with_capacity(folded.len());
        let mut map = Vec::with_capacity(folded.len() + 1);
        let mut dropped = false;
        for (&(i, c), &kept) in chars.iter().zip(&keep) {
            while in_cut.peek().is_some_and(|x| x.1 <= i) {
                in_cut.next();
            }
            if in_cut.peek().is_some_and(|x| x.0 <= i) {
                continue;
            }
            if !kept {
                if !dropped && !text.is_empty() {
                    text.push('\n');
                    map.push(i);
                }
                dropped = true;
                continue;
            }
            dropped = false;
            text.push(c);
            map.extend(i..i + c.len_utf8());
        }
        Some(CharGap {
            folded: text,
            map,
            cut,
        })
    }

    /// The original offset of a compact offset where a match starts.
    pub(crate) fn start(&self, i: usize) -> Option<usize> {
        self.map.get(i).copied()
    }

    /// The original offset of a compact offset where a match ends (after its last
    /// byte, not at the next kept character: a cut word may stand between).
    pub(crate) fn end(&self, i: usize) -> Option<usize> {
        Some(self.map.get(i.checked_sub(1)?)? + 1)
    }

    /// Matches of the compact text that reach over a cut word, mapped back: a phrase
    /// whose language may skip each cut word inside it, at most `phrase_gap` of them, and
    /// no cut word a content term of the text as written reads (`read`).
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
        // Whether a content term that starts before the word at `s..e` reads over it
        // (one that starts with it is the intensifier and its word: "非常好", "好慢").
        let in_term = |s: usize, e: usize| {
            let i = taken.partition_point(|t| t.0 < s);
            taken
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .take(64)
                .any(|t| t.1 >= e)
        };
        raw.into_iter()
            .filter_map(|(s, e, ei)| {
                let (s, e) = (self.start(s)?, self.end(e)?);
                let x = entries.get(ei)?;
                let limit = langs.get(x.lang)?.scope.phrase_gap as usize;
                let first = self.cut.partition_point(|c| c.0 <= s);
                let mut n = 0;
                for c in self.cut.get(first..).unwrap_or_default() {
                    if c.1 >= e {
                        break;
                    }
                    if c.2 & (1u64 << x.lang.min(63)) == 0 || in_term(c.0, c.1) {
                        return None;
                    }
                    n += 1;
                }
                (n > 0 && n <= limit && x.kind != Kind::Intensifier).then_some((s, e, ei))
            })
            .collect()
    }
}

/// Adds to `raw` (the matches of a text) those of phrases that hold an intensifier or a
/// filler between their characters (see [`CharGap`]): `again` finds the matches of a
/// text, counting those `counts` accepts.
pub(crate) fn bridged(
    folded: &str,
    (found, raw): (&[Raw], &mut Vec<Raw>),
    (entries, langs): (&Entries, &[LangRules]),
    active: &[usize],
    counts: &dyn Fn(&Entry, usize, usize) -> bool,
    again: &Again<'_>,
) {
    let Some(c) = CharGap::new(folded, found, entries, langs, active) else {
        return;
    };
    let counts = |x: &Entry, s, t| (c.start(s).zip(c.end(t))).is_some_and(|(s, t)| counts(x, s, t));
    let more = again((&c.folded, None), &counts);
    let more = c.bridged(more, raw, entries, langs);
    raw.extend(more);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test
mod tests {
    /// The terms triage counted in a text, as `(term, target)`.
    fn terms(text: &str) -> Vec<(String, String)> {
        crate::triage::test_support::terms_and_targets(text, "CN")
    }

    fn has(text: &str, term: &str) -> bool {
        terms(text).iter().any(|(t, _)| t == term)
    }

    #[test]
    fn every_phrase_without_spaces_fits_the_window_around_a_skipped_word() {
        for (name, text) in crate::triage::builtin::BUILTIN {
            if !(name.starts_with("zh") || name.starts_with("ja")) {
                continue;
            }
            for line in text.split('"') {
                if line.contains(char::is_whitespace) || line.chars().count() > 200 {
                    continue;
                }
                assert!(
                    line.chars().count() < super::WINDOW,
                    "{name}: {line:?} is longer than the window"
                );
            }
        }
    }

    #[test]
    fn a_chinese_phrase_holds_an_intensifier_between_topic_and_verdict() {
        assert!(
            has("包装很用心，推荐", "包装用心"),
            "{:?}",
            terms("包装很用心，推荐")
        );
        assert!(
            has("这件衣服质量非常好", "质量好"),
            "{:?}",
            terms("这件衣服质量非常好")
        );
        assert!(
            has("物流特别慢，等了两周", "物流慢"),
            "{:?}",
            terms("物流特别慢，等了两周")
        );
        assert!(has("物流真慢", "物流慢"), "{:?}", terms("物流真慢"));
        assert!(has("物流好慢啊", "物流慢"), "{:?}", terms("物流好慢啊"));
    }

    #[test]
    fn a_chinese_phrase_holds_no_arbitrary_character_nor_two_intensifiers() {
        assert!(!has("物流公司慢", "物流慢"));
        assert!(!has("物流很，慢", "物流慢"));
        assert!(!has("物流非常非常非常慢", "物流慢"));
        assert!(!has("物流真的很慢", "物流慢"));
    }
}
