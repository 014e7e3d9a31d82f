//! The Korean reading: Hangul syllables split into their open syllable and final
//! consonant, so a stem ending in an open syllable meets the forms that add a final
//! consonant to it (남기 -> 남길게요, 남긴); contracted verb forms and the 르-irregular
//! read as their stem and the ending (했 -> 하 였, 빨라 -> 빠르 아). Used by
//! [`super::morphology`].

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

/// Vowels (index in a syllable block) and finals used by the readings below.
const V_A: u32 = 0; // ㅏ
const V_AE: u32 = 1; // ㅐ
const V_EO: u32 = 4; // ㅓ
const V_YEO: u32 = 6; // ㅕ
const V_O: u32 = 8; // ㅗ
const V_WA: u32 = 9; // ㅘ
const V_WAE: u32 = 10; // ㅙ
const V_OE: u32 = 11; // ㅚ
const V_U: u32 = 13; // ㅜ
const V_WO: u32 = 14; // ㅝ
const V_EU: u32 = 18; // ㅡ
const V_I: u32 = 20; // ㅣ
const L_R: u32 = 5; // ㄹ
const L_NONE: u32 = 11; // ㅇ
const L_H: u32 = 18; // ㅎ
const T_R: u32 = 8; // ㄹ
const T_SS: u32 = 20; // ㅆ

/// The initial, vowel and final (indices) of a precomposed syllable.
fn jamo(c: char) -> Option<(u32, u32, u32)> {
    let n = u32::from(c).checked_sub(HANGUL_FIRST)?;
    (n <= HANGUL_LAST - HANGUL_FIRST).then_some((n / (21 * 28), n / 28 % 21, n % 28))
}

/// The syllable of an initial, a vowel and a final.
fn syllable(l: u32, v: u32, t: u32) -> Option<char> {
    char::from_u32(HANGUL_FIRST + (l * 21 + v) * 28 + t)
}

/// A verb form written contracted, read as its stem's last syllable and the ending
/// (아, 어, 여, and the past ㅆ), so the stem reaches it as it reaches the forms that
/// add a final consonant: 했 -> 하 였 (실망하 reaches 실망했어요), 돼 -> 되 어,
/// 와 -> 오 아, 봤 -> 보 았, 줘 -> 주 어, 져 -> 지 어 (망가지 reaches 망가져요).
/// Only an open syllable or one with the past ㅆ; ㅕ only after a consonant (여 is
/// the ending itself), ㅐ only as 하 + 여.
fn contracted(c: char) -> Option<(char, char)> {
    let (l, v, t) = jamo(c)?;
    if t != 0 && t != T_SS {
        return None;
    }
    let (stem, ending) = match v {
        V_WA => (V_O, V_A),
        V_WO => (V_U, V_EO),
        V_WAE => (V_OE, V_EO),
        V_YEO if l != L_NONE => (V_I, V_EO),
        V_AE if l == L_H => (V_A, V_YEO),
        _ => return None,
    };
    Some((syllable(l, stem, 0)?, syllable(L_NONE, ending, t)?))
}

/// The 르-irregular: a syllable with final ㄹ before 라 / 러 (or 랐 / 렀, by vowel
/// harmony: 라 after ㅏ or ㅗ) is the open syllable of a stem ending in 르 (빨라 is
/// 빠르 + 아, 몰라 모르 + 아, 불러 부르 + 어; 달러, a dollar, is none).
fn reu_irregular(c: char, next: Option<char>) -> Option<(char, (char, char))> {
    let (l, v, t) = jamo(c)?;
    let (nl, nv, nt) = jamo(next?)?;
    let bright = v == V_A || v == V_O;
    if t != T_R || nl != L_R || (nt != 0 && nt != T_SS) || nv != if bright { V_A } else { V_EO } {
        return None;
    }
    let ending = syllable(L_NONE, nv, nt)?;
    Some((syllable(l, v, 0)?, (syllable(L_R, V_EU, 0)?, ending)))
}

/// How one syllable is read: the character its bytes map to, and up to three
/// characters read after it (mapped to its end): its final consonant, or the ending a
/// contracted form holds ([`contracted`], [`reu_irregular`]).
fn reading(prev: Option<char>, c: char, next: Option<char>) -> (char, [Option<char>; 3]) {
    if let Some((open, _)) = reu_irregular(c, next) {
        return (open, [None; 3]);
    }
    if let Some((_, (reu, ending))) = prev.and_then(|p| reu_irregular(p, Some(c))) {
        let (open, last) = split_syllable(ending);
        return (reu, [Some(open), last, None]);
    }
    if let Some((stem, ending)) = contracted(c) {
        let (open, last) = split_syllable(ending);
        return (stem, [Some(open), last, None]);
    }
    let (open, last) = final_of(c, next);
    (open, [last, None, None])
}

/// Whether `c` is a precomposed Hangul syllable without a final consonant.
fn is_open(c: char) -> bool {
    let n = u32::from(c);
    (HANGUL_FIRST..=HANGUL_LAST).contains(&n) && (n - HANGUL_FIRST) % HANGUL_FINALS == 0
}

/// A Korean word with every syllable split ([`reading`]).
pub(crate) fn hangul_split(word: &str) -> Cow<'_, str> {
    let read = || {
        let mut prev = None;
        let mut rest = word.chars().peekable();
        std::iter::from_fn(move || {
            let c = rest.next()?;
            let r = reading(prev, c, rest.peek().copied());
            prev = Some(c);
            Some((c, r))
        })
    };
    if read().all(|(c, (head, tail))| head == c && tail.iter().all(Option::is_none)) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len() * 2);
    for (_, (head, tail)) in read() {
        out.push(head);
        out.extend(tail.iter().flatten());
    }
    Cow::Owned(out)
}

/// Maps a word split by [`hangul_split`], starting at `from` of the folded text, back to
/// it: each byte of a syllable's first character to its own byte, the bytes of what is
/// read after it (a final consonant, an ending) to the end of its syllable (a match
/// ending before the final consonant ends after the syllable).
pub(crate) fn hangul_map(map: &mut Vec<usize>, word: &str, from: usize) {
    let mut prev = None;
    let mut rest = word.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        let (head, tail) = reading(prev, c, rest.peek().map(|&(_, n)| n));
        let at = from + i;
        // The first character has the byte length of the syllable (both are Hangul).
        map.extend(at..at + head.len_utf8());
        for t in tail.iter().flatten() {
            map.extend(std::iter::repeat_n(at + c.len_utf8(), t.len_utf8()));
        }
        prev = Some(c);
    }
}
