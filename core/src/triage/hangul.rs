//! The Korean reading: Hangul syllables split into their open syllable and final
//! consonant, so a stem ending in an open syllable meets the forms that add a final
//! consonant to it (남기 -> 남길게요, 남긴). Used by [`super::morphology`].

use std::borrow::Cow;

/// First and last Hangul syllables (U+AC00–U+D7A3) and the syllables of one initial
/// and vowel: 19 × 21 blocks of 28 (no final, then 27 finals).
const HANGUL_FIRST: u32 = 0xAC00;
const HANGUL_LAST: u32 = 0xD7A3;
const HANGUL_FINALS: u32 = 28;
/// The conjoining final consonant jamo before the first (U+11A8 is final ㄱ, number 1).
const FINAL_BASE: u32 = 0x11A7;

/// A Hangul syllable split into its open syllable and its final consonant, if it has one
/// (남 -> 나, U+11B7); any other character stays whole.
fn split_syllable(c: char) -> (char, Option<char>) {
    let n = u32::from(c);
    if !(HANGUL_FIRST..=HANGUL_LAST).contains(&n) {
        return (c, None);
    }
    let last = (n - HANGUL_FIRST) % HANGUL_FINALS;
    if last == 0 {
        return (c, None);
    }
    let open = char::from_u32(n - last).unwrap_or(c);
    (open, char::from_u32(FINAL_BASE + last))
}

/// Whether `c` is a conjoining final consonant jamo (U+11A8–U+11C2).
pub(crate) fn is_final_jamo(c: char) -> bool {
    (FINAL_BASE + 1..FINAL_BASE + HANGUL_FINALS).contains(&u32::from(c))
}

/// A syllable split ([`split_syllable`]), with the ㅂ an open syllable lost before 워
/// given back (the ㅂ-irregular: 아까워 is read 아깝 워, so the stem 아깝 of 아깝다
/// reaches it, and so does a term written 아까워).
fn final_of(c: char, next: Option<char>) -> (char, Option<char>) {
    let (open, last) = split_syllable(c);
    if last.is_none() && next == Some('워') && is_open(c) {
        return (open, char::from_u32(FINAL_BASE + 17));
    }
    (open, last)
}

/// Whether `c` is a precomposed Hangul syllable without a final consonant.
fn is_open(c: char) -> bool {
    let n = u32::from(c);
    (HANGUL_FIRST..=HANGUL_LAST).contains(&n) && (n - HANGUL_FIRST) % HANGUL_FINALS == 0
}

/// A Korean word with every syllable split ([`final_of`]).
pub(crate) fn hangul_split(word: &str) -> Cow<'_, str> {
    let mut next = word.chars().skip(1);
    if !word.chars().any(|c| final_of(c, next.next()).1.is_some()) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len() * 2);
    let mut next = word.chars().skip(1);
    for c in word.chars() {
        let (open, last) = final_of(c, next.next());
        out.push(open);
        out.extend(last);
    }
    Cow::Owned(out)
}

/// Maps a word split by [`hangul_split`], starting at `from` of the folded text, back to
/// it: each byte of an open syllable (or of a character kept whole) to its own byte, the
/// bytes of a final consonant to the end of its syllable (a match ending before the
/// final consonant ends after the syllable).
pub(crate) fn hangul_map(map: &mut Vec<usize>, word: &str, from: usize) {
    let mut next = word.chars().skip(1);
    for (i, c) in word.char_indices() {
        let (open, last) = final_of(c, next.next());
        let at = from + i;
        map.extend(at..at + open.len_utf8());
        if let Some(f) = last {
            map.extend(std::iter::repeat_n(at + c.len_utf8(), f.len_utf8()));
        }
    }
}
