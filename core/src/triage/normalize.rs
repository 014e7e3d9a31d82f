//! Text normalisation before matching, applied alike to lexicon terms and to texts.
//!
//! 1. Unicode NFKC: full-width, mathematical and other compatibility forms become their
//!    plain letters ("ｓｃａｍ", "𝐬𝐜𝐚𝐦" -> "scam"), ligatures split, half-width kana widen.
//! 2. Default-ignorable code points are dropped (zero-width space, joiners, soft hyphen,
//!    word joiner, BOM, bidi controls, variation selectors), so they cannot split a word.
//! 3. Look-alike letters of another script inside a word are mapped to the word's own
//!    script: Cyrillic or Greek "а", "о", "с" inside a Latin word become Latin, and Latin
//!    "a", "o", "c" inside a Cyrillic word become Cyrillic.
//! 4. Folding: lowercase, accents and Arabic diacritics stripped, typographic apostrophes
//!    unified (see [`fold_char`]).

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalises a text or a lexicon term for matching (see the module notes).
pub fn fold(text: &str) -> String {
    fold_accented(text).0
}

/// As [`fold`], and, when folding stripped an accent from a Latin letter, the same text
/// with its accents kept (lowercased, every other step applied alike), word for word
/// aligned with the folded text: a stemmer reads "rompió" better than "rompio".
pub(crate) fn fold_accented(text: &str) -> (String, Option<String>) {
    if text.is_ascii() {
        return (text.to_ascii_lowercase(), None);
    }
    let mut clean = String::with_capacity(text.len());
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        clean.extend(text.chars().filter(|c| !ignorable(*c)));
    } else {
        nfkc_into(text, &mut clean);
    }
    let unconfused = unconfuse(&clean);
    let mut out = String::with_capacity(unconfused.len());
    // The accented text, begun at the first accent folding strips.
    let mut accented: Option<String> = None;
    for c in unconfused.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            if let Some(a) = accented.as_mut() {
                a.push(c.to_ascii_lowercase());
            }
            continue;
        }
        // CJK, kana and Hangul have no case and no accents: copy them as they are.
        if ('\u{2e80}'..='\u{d7a3}').contains(&c) && c != '\u{3000}' {
            out.push(c);
            if let Some(a) = accented.as_mut() {
                a.push(c);
            }
            continue;
        }
        for l in c.to_lowercase() {
            let from = out.len();
            fold_char(l, &mut out);
            if latin_accented(l) {
                accented
                    .get_or_insert_with(|| out.get(..from).unwrap_or_default().to_owned())
                    .push(l);
            } else if let Some(a) = accented.as_mut() {
                a.push_str(out.get(from..).unwrap_or_default());
            }
        }
    }
    // Elongation only collapses Cyrillic and Arabic letters, which both texts hold alike.
    (collapse_elongation(out), accented.map(collapse_elongation))
}

/// Appends the text in Unicode NFKC, less its default-ignorable code points. Only the
/// pieces around characters that are not stable are normalised: a stable character
/// (ASCII, CJK unified ideographs, Hangul syllables: no decomposition, combining class
/// 0, never the second of a composed pair) neither changes nor joins to what precedes
/// it, so the NFKC of a text is that of its pieces cut before such characters (Unicode
/// UAX #15, stable code points), and a run of them is copied: a Chinese text with one
/// full-width comma is not normalised whole.
fn nfkc_into(text: &str, out: &mut String) {
    let stable = |c: char| {
        c.is_ascii()
            || ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{ac00}'..='\u{d7a3}').contains(&c)
    };
    let piece = |p: &str, out: &mut String| {
        if is_nfkc_quick(p.chars()) == IsNormalized::Yes {
            out.extend(p.chars().filter(|c| !ignorable(*c)));
        } else {
            out.extend(p.nfkc().filter(|c| !ignorable(*c)));
        }
    };
    // `copied`: the text before it is written; `last`: the start of the last stable
    // character not yet written, where the next piece starts.
    let (mut copied, mut last) = (0, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if stable(c) {
            last = i;
            continue;
        }
        // A piece: from the last stable character to the next one.
        let from = last.max(copied);
        out.push_str(text.get(copied..from).unwrap_or_default());
        let mut to = text.len();
        while let Some(&(j, d)) = chars.peek() {
            if stable(d) {
                to = j;
                break;
            }
            chars.next();
        }
        piece(text.get(from..to).unwrap_or_default(), out);
        (copied, last) = (to, to);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

/// A lowercase Latin letter that folding replaces (accented, or ß, æ, œ, ı, ł): a
/// letter of its own word in both texts of [`fold_accented`].
pub(crate) fn latin_accented(c: char) -> bool {
    ('\u{df}'..='\u{24f}').contains(&c) && c != '\u{f7}'
}

/// Letters of scripts that never write one letter three times in a row (Cyrillic,
/// Arabic) lose the repeats of a run of three or more: "ужааас", "оооочень", "حلووو"
/// read as "ужас", "очень", "حلو". Latin script keeps its runs (a double letter is
/// often a spelling).
fn collapse_elongation(text: String) -> String {
    let elongable =
        |c: char| ('\u{400}'..='\u{4ff}').contains(&c) || ('\u{620}'..='\u{64a}').contains(&c);
    let mut chars = text.chars().peekable();
    let mut has_run = false;
    let (mut prev, mut run) = ('\0', 0usize);
    for c in text.chars() {
        run = if c == prev { run + 1 } else { 1 };
        prev = c;
        if run == 3 && elongable(c) {
            has_run = true;
            break;
        }
    }
    if !has_run {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        let mut n = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        let keep = if n >= 3 && elongable(c) { 1 } else { n };
        out.extend(std::iter::repeat_n(c, keep));
    }
    out
}

/// Unicode default-ignorable code points (DerivedCoreProperties.txt): invisible in
/// rendering, so a word containing them reads the same without them.
fn ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
}

fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' => Some(Script::Latin),
        '\u{400}'..='\u{52f}' => Some(Script::Cyrillic),
        '\u{370}'..='\u{3ff}' => Some(Script::Greek),
        _ => None,
    }
}

/// The Latin letter a Cyrillic or Greek letter is commonly mistaken for (UTS #39
/// confusables, restricted to single letters that look the same in ordinary fonts).
fn to_latin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'х' => 'x',
        'у' => 'y',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'к' => 'k',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'ο' => 'o',
        'α' => 'a',
        'ν' => 'v',
        'ι' => 'i',
        'κ' => 'k',
        'ρ' => 'p',
        'υ' => 'u',
        'χ' => 'x',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

/// The Cyrillic letter a Latin letter is commonly mistaken for.
fn to_cyrillic(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'x' => 'х',
        'y' => 'у',
        'k' => 'к',
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        _ => return None,
    })
}

fn confusable(c: char, s: Script) -> bool {
    match s {
        Script::Latin => to_cyrillic(c).is_some(),
        _ => to_latin(c).is_some(),
    }
}

/// Letters without a look-alike, per script (Latin, Cyrillic, Greek).
fn plain_letters(chars: impl Iterator<Item = char>) -> [u32; 3] {
    let mut plain = [0u32; 3];
    for c in chars {
        if let Some(s) = script(c) {
            if !confusable(c, s) {
                if let Some(p) = plain.get_mut(s as usize) {
                    *p += 1;
                }
            }
        }
    }
    plain
}

/// Maps look-alike letters inside mixed-script text to the script of their word: the
/// script of the word's letters that have no look-alike, or, when every letter of the
/// word has one (short words such as "a", "ok", "сор"), the text's main script.
fn unconfuse(text: &str) -> std::borrow::Cow<'_, str> {
    let (mut latin, mut other) = (false, false);
    for c in text.chars() {
        match script(c) {
            Some(Script::Latin) => latin = true,
            Some(_) => other = true,
            None => {}
        }
    }
    if !(latin && other) {
        return std::borrow::Cow::Borrowed(text);
    }
    // The text's main script: that of its letters without a look-alike, or, when it has
    // none either way ("сукa"), that of most of its letters.
    let [mut tl, mut tc, _] = plain_letters(text.chars());
    if tl == tc {
        let count = |s: Script| text.chars().filter(|c| script(*c) == Some(s)).count();
        (tl, tc) = (count(Script::Latin) as u32, count(Script::Cyrillic) as u32);
    }
    let main = if tc > tl {
        Script::Cyrillic
    } else {
        Script::Latin
    };
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String| {
        let [pl, pc, pg] = plain_letters(word.iter().copied());
        let target = if pl > 0 && pc == 0 && pg == 0 {
            Some(Script::Latin)
        } else if pc > 0 && pl == 0 {
            Some(Script::Cyrillic)
        } else if pl == 0 && pc == 0 && pg == 0 {
            Some(main)
        } else {
            None
        };
        for &c in word.iter() {
            let mapped = match (target, script(c)) {
                (Some(Script::Latin), Some(Script::Cyrillic | Script::Greek)) => to_latin(c),
                (Some(Script::Cyrillic), Some(Script::Latin)) => to_cyrillic(c),
                _ => None,
            };
            out.push(mapped.unwrap_or(c));
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    std::borrow::Cow::Owned(out)
}

/// The spans of the words (runs of letters and digits) of `text`, in order.
pub(crate) fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    let ends = text.char_indices().chain([(text.len(), ' ')]);
    ends.filter_map(move |(i, c)| {
        if c.is_alphanumeric() && i < text.len() {
            start.get_or_insert(i);
            None
        } else {
            start.take().map(|s| (s, i))
        }
    })
}

/// Folds a lowercased word (a stem of the accented text) letter by letter, as [`fold`]
/// folds it inside a text.
pub(crate) fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Folds one lowercased character (accents, Arabic diacritics, apostrophes).
fn fold_char(c: char, out: &mut String) {
    let mapped = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ț' => 't',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => 'g',
        'ё' => 'е',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'æ' => {
            out.push_str("ae");
            return;
        }
        'œ' => {
            out.push_str("oe");
            return;
        }
        '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
        // Arabic: alef variants, alef maqsura and teh marbuta as everyday writing spells
        // them ("ضعيفه" for "ضعيفة", in phrases too, which the stemmer never sees);
        // diacritics and tatweel are dropped.
        'أ' | 'إ' | 'آ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        '\u{64b}'..='\u{652}' | '\u{640}' => return,
        // Combining marks left by decomposition (e.g. the dot of a lowercased İ).
        '\u{300}'..='\u{36f}' => return,
        // Full-width ASCII forms and the ideographic space (NFKC maps most already).
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    };
    out.push(mapped);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let words = |t| word_spans(t).collect::<Vec<_>>();
        assert_eq!(
            words("né la, ne 2"),
            vec![(0, 3), (4, 6), (8, 10), (11, 12)]
        );
        assert!(words(" ,").is_empty());
    }

    #[test]
    fn normalising_in_pieces_is_normalising_whole() {
        let texts = [
            "我的包裹，到现在还没有收到！",
            "ｶﾞｷﾞ ガ ｶ\u{ff9e}",
            "e\u{301}te\u{301} cafe\u{301}，",
            "\u{1100}\u{1161}\u{11a8}가\u{11a8}각\u{3131}ㅏ",
            "ＡＢＣ！ﬁ ① ㎏ \u{2460}\u{200b}x",
            "a\u{323}\u{302}b\u{302}\u{323}，\u{fb01}",
            "漢\u{fe00}字\u{f900}\u{2f00}ｈｅｌｌｏ",
            "ق\u{654}\u{64b}\u{651}ة，",
        ];
        for t in texts {
            let mut pieces = String::new();
            nfkc_into(t, &mut pieces);
            let whole: String = t.nfkc().filter(|c| !ignorable(*c)).collect();
            assert_eq!(pieces, whole, "{t:?}");
        }
    }

    #[test]
    fn elongated_cyrillic_and_arabic_letters_collapse() {
        assert_eq!(fold("Ужааасно!!! оооочень"), "ужасно!!! очень");
        assert_eq!(fold("حلوووو"), "حلو");
        assert_eq!(fold("класс"), "класс");
        assert_eq!(fold("soooo goood"), "soooo goood");
        assert_eq!(fold("((("), "(((");
    }

    #[test]
    fn folding_strips_case_and_accents() {
        assert_eq!(fold("ENTREGUÉ Straße"), "entregue strasse");
        assert_eq!(fold("İstanbul ÇOK"), "istanbul cok");
        assert_eq!(fold("ＡＢＣ！"), "abc!");
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("البطارية ضعيفة"), fold("البطاريه ضعيفه"));
    }

    #[test]
    fn invisible_and_lookalike_letters_are_undone() {
        assert_eq!(fold("charge\u{200b}back"), "chargeback");
        assert_eq!(fold("law\u{ad}yer"), "lawyer");
        assert_eq!(fold("s\u{2060}cam\u{feff}"), "scam");
        // Cyrillic а and с inside a Latin word.
        assert_eq!(fold("\u{0441}h\u{0430}rgeback"), "chargeback");
        // Greek omicron.
        assert_eq!(fold("fr\u{03bf}ud"), "froud");
        assert_eq!(fold("𝐬𝐜𝐚𝐦 ｆｒａｕｄ"), "scam fraud");
        // Latin o inside a Russian word.
        assert_eq!(fold("м\u{6f}шенник"), "мошенник");
        // Plain Russian stays Russian; plain Greek stays Greek.
        assert_eq!(fold("обман"), "обман");
        assert_eq!(fold("απάτη"), "απάτη");
    }
}
