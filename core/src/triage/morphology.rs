//! Morphology: how words of a language are reduced before matching, applied alike to
//! lexicon terms and to texts, so an entry written in one form meets its inflections.
//!
//! - Snowball stemmers (rust-stemmers) for ar, de, en, es, fr, it, nl, pt, ru, sv, tr;
//! - Polish: a light stripper of case, number and gender endings;
//! - Korean: terms are word prefixes, so particles and verb endings attach freely
//!   (handled by the matcher, see `Rules::prefix_words`); read split into open syllables
//!   and final consonants, so a stem ending in an open syllable meets the forms that add
//!   a final consonant to it (남기 -> 남길게요, 남긴);
//! - Chinese and Japanese: characters match anywhere, no reduction.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::hangul::{hangul_map, hangul_split, is_final_jamo};
use super::inflection::Morphology;
use super::normalize::{fold_word, latin_accented};
use super::word_cache::WordCache;

/// A word's readings: its stem, its other reading, and its reading without a proclitic
/// or participle prefix (see [`Reduced`]).
pub(crate) type Readings<'t> = (Cow<'t, str>, Option<String>, Option<Cow<'t, str>>);

/// The readings a text's words were given, by word as folded and as written.
pub(crate) type Stems<'t> = FxHashMap<(&'t str, Option<&'t str>), Readings<'t>>;

/// How a language's words are reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reducer {
    Snowball(Algorithm),
    Polish,
    /// Every Hangul syllable with a final consonant read as the open syllable and the
    /// final consonant as a conjoining jamo (남길 is read 나 ᆷ 기 ᆯ), terms and texts alike.
    Korean,
}

impl Reducer {
    const ARABIC: Reducer = Reducer::Snowball(Algorithm::Arabic);

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
            "ko" => return Some(Reducer::Korean),
            _ => return None,
        };
        Some(Reducer::Snowball(a))
    }

    /// Reduces every word of a folded text, keeping everything between words as it is
    /// (spaces, punctuation), so clause and distance checks read the result like the text.
    /// A word whose stem would be shorter than `min_stem` characters stays whole (Snowball
    /// reduces Turkish "beden" and "benden" alike to "be").
    #[cfg(test)]
    pub(crate) fn text(self, folded: &str, min_stem: usize) -> String {
        self.reduce(folded, None, min_stem, None, (None, None))
            .0
            .text
    }

    /// A term or text reduced, and its other reading when one of its words has one (see
    /// [`Reduced::alt`]): `accented` is the text with its accents kept
    /// ([`super::normalize::fold_accented`]).
    pub(crate) fn forms(
        self,
        folded: &str,
        accented: Option<&str>,
        min_stem: usize,
    ) -> (String, Option<String>) {
        let r = self
            .reduce(folded, accented, min_stem, None, (None, None))
            .0;
        (r.text, r.alt.map(|a| a.0))
    }

    /// As [`Reducer::text`], with the offset in `folded` of every byte offset of the
    /// result (and of its end), so matches in the reduced text map back to the text; and
    /// the other reading with its own offsets, when a word has one. `morph` gives the
    /// readings the lexicon confirms (see [`super::inflection`]) and the words read
    /// without a proclitic or participle prefix for prefix entries ([`Reduced::surface`]).
    #[cfg(test)]
    pub(crate) fn text_mapped(
        self,
        folded: &str,
        accented: Option<&str>,
        min_stem: usize,
        morph: &Morphology,
    ) -> Reduced {
        self.reduce(folded, accented, min_stem, Some(morph), (None, None))
            .0
    }

    /// As [`Reducer::text_mapped`], reading the words `known` holds from there (the
    /// readings of another text by the same reducer, `min_stem` and `morph`), and with
    /// the readings of this text's other words: the compact text of a phrase over a
    /// filler (`super::phrase::Compact`) holds only words of its text, read once.
    pub(crate) fn text_mapped_with<'f>(
        self,
        (folded, accented): (&'f str, Option<&'f str>),
        min_stem: usize,
        (morph, cache): (&Morphology, Option<&WordCache>),
        known: Option<&Stems<'_>>,
    ) -> (Reduced, Stems<'f>) {
        self.reduce(folded, accented, min_stem, Some(morph), (known, cache))
    }

    /// Reduces a text (with offsets, when `morph` is given: texts are mapped back,
    /// lexicon terms are not) or a term, with the readings it computed.
    fn reduce<'f>(
        self,
        folded: &'f str,
        accented: Option<&'f str>,
        min_stem: usize,
        morph: Option<&Morphology>,
        (known, cache): (Option<&Stems<'_>>, Option<&WordCache>),
    ) -> (Reduced, Stems<'f>) {
        let mapped = morph.is_some();
        let confirmed = morph.filter(|m| m.active());
        let stemmer = match self {
            Reducer::Snowball(a) => Some(Stemmer::create(a)),
            Reducer::Polish | Reducer::Korean => None,
        };
        let mut r = Reduced {
            text: String::with_capacity(folded.len()),
            map: Vec::with_capacity(if mapped { folded.len() + 1 } else { 0 }),
            alt: None,
            alt_words: Vec::new(),
            surface: None,
            surface_words: Vec::new(),
        };
        // The words of the accented text, one for each word of the folded text.
        let mut accented_words = accented.map(|a| {
            a.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
        });
        // Stems and other readings already computed in this text, by word as folded and
        // as written: a word met again costs a lookup instead of a Snowball run (a
        // stemmer call costs hundreds to thousands of instructions; texts repeat words).
        // Only texts keep them (`mapped`): a lexicon term is a few words, read once.
        // Words no longer than the shortest stem are cheap to read and skip the lookup.
        // The reading the lexicon confirms comes first, then the other rules.
        let read = |word: &'f str, written: Option<&str>| -> Readings<'f> {
            let st = stemmer.as_ref();
            // A compound an intensifier opens ("jättebra") reads as the prefix and the
            // reduced rest when that is a word of the entries: Snowball would stem the
            // whole compound ("jättebr").
            let stem = (morph.and_then(|m| {
                let (head, rest) = m.intensified(word, min_stem)?;
                let rest = self.stem(st, rest, min_stem);
                m.knows(&rest).then(|| Cow::Owned(format!("{head}{rest}")))
            }))
            .unwrap_or_else(|| self.stem(st, word, min_stem));
            let surface = morph.and_then(|m| self.surface(word, m, min_stem));
            let participle = surface.as_deref().filter(|_| self != Reducer::ARABIC);
            let alt = confirmed
                .and_then(|m| self.confirmed(st, (stem.as_ref(), participle), m, min_stem))
                .or_else(|| self.alt(st, (word, &stem), written, min_stem, (mapped, confirmed)));
            (stem, alt, surface)
        };
        let mut seen: Stems<'f> = FxHashMap::default();
        // Words of earlier texts (`cache`), and the words this text reads first.
        let kept = cache.map(WordCache::reader);
        let mut fresh: Vec<(&'f str, Option<&'f str>)> = Vec::new();
        let mut push = |from: usize, to: usize, r: &mut Reduced| {
            let word = folded.get(from..to).unwrap_or_default();
            let written = accented_words.as_mut().and_then(Iterator::next);
            let short;
            let before = known.and_then(|k| k.get(&(word, written)));
            let (stem, alt, surface) = if !mapped || word.len() <= min_stem {
                short = read(word, written);
                (&short.0, &short.1, &short.2)
            } else if let Some((stem, alt, surface)) = before {
                (stem, alt, surface)
            } else {
                let (stem, alt, surface) = seen.entry((word, written)).or_insert_with(|| {
                    let before = kept.as_ref().and_then(|k| k.get(word, written));
                    match before {
                        Some((stem, alt, surface)) => (
                            Cow::Owned(stem.clone()),
                            alt.clone(),
                            surface.clone().map(Cow::Owned),
                        ),
                        None => {
                            fresh.push((word, written));
                            read(word, written)
                        }
                    }
                });
                (&*stem, &*alt, &*surface)
            };
            if let Some(s) = surface {
                let (text, map) = r.surface.get_or_insert_with(|| {
                    (
                        folded.get(..from).unwrap_or_default().to_owned(),
                        (0..from).collect(),
                    )
                });
                text.push_str(s);
                extend_map(map, from, to, s.len());
                r.surface_words.push((from, to));
            } else if let Some((text, map)) = r.surface.as_mut() {
                text.push_str(word);
                map.extend(from..to);
            }
            if let Some(alt) = alt.as_deref().filter(|a| *a != stem.as_ref()) {
                let (text, map) = r.alt.get_or_insert_with(|| (r.text.clone(), r.map.clone()));
                text.push_str(alt);
                if mapped {
                    extend_map(map, from, to, alt.len());
                }
                r.alt_words.push((from, to));
            } else if let Some((text, map)) = r.alt.as_mut() {
                text.push_str(stem);
                if mapped {
                    extend_map(map, from, to, stem.len());
                }
            }
            r.text.push_str(stem);
            if mapped && self == Reducer::Korean {
                hangul_map(&mut r.map, word, from);
            } else if mapped {
                extend_map(&mut r.map, from, to, stem.len());
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
                push(s, i, &mut r);
            }
            r.text.push(c);
            if let Some((text, _)) = r.alt.as_mut() {
                text.push(c);
            }
            if let Some((text, map)) = r.surface.as_mut() {
                text.push(c);
                map.extend(i..i + c.len_utf8());
            }
            if mapped {
                r.map.extend(i..i + c.len_utf8());
                if let Some((_, map)) = r.alt.as_mut() {
                    map.extend(i..i + c.len_utf8());
                }
            }
        }
        if let Some(s) = start {
            push(s, folded.len(), &mut r);
        }
        if mapped {
            r.map.push(folded.len());
            if let Some((_, map)) = r.alt.as_mut() {
                map.push(folded.len());
            }
            if let Some((_, map)) = r.surface.as_mut() {
                map.push(folded.len());
            }
        }
        drop(kept);
        if let Some(c) = cache.filter(|_| !fresh.is_empty()) {
            c.keep(fresh.iter().filter_map(|&(word, written)| {
                let (stem, alt, surface) = seen.get(&(word, written))?;
                let surface = surface.as_deref().map(str::to_owned);
                Some((word, written, (stem.to_string(), alt.clone(), surface)))
            }));
        }
        (r, seen)
    }

    /// The reading of a word the lexicon confirms (`morph.known`), if any: its stem
    /// without a definite ending (Swedish "felet" -> "fel"), or the word without its
    /// participle prefix, read as a present form or a stem ("geliefert" -> "lief", as
    /// "liefern"; Dutch "geleverd" -> "lever", as "leveren").
    /// `participle` is the word without its participle prefix, if it has one.
    fn confirmed(
        self,
        stemmer: Option<&Stemmer>,
        (stem, participle): (&str, Option<&str>),
        morph: &Morphology,
        min_stem: usize,
    ) -> Option<String> {
        let known = |r: &str| r != stem && morph.knows(r);
        // An Arabic stem that is itself a word of the entries stays ("الجوده" is listed),
        // and the shorter word keeps its first letter: "البضاعه" -> "بضاع" is no
        // "ضاع" (lost), which Snowball would make of it.
        let arabic = self == Reducer::ARABIC;
        if arabic && morph.knows(stem) {
            return None;
        }
        for base in morph.without_definite(stem, min_stem) {
            let r = self.stem(stemmer, &base, min_stem);
            if known(&r) && (!arabic || r.chars().next() == base.chars().next()) {
                return Some(r.into_owned());
            }
        }
        let known = |r: &str| r != stem && morph.knows_verb(r);
        let base = participle?;
        let s = self.stem(stemmer, base, min_stem);
        let verb = match self {
            Reducer::Snowball(Algorithm::German) => german_verb(s.clone(), min_stem),
            Reducer::Snowball(Algorithm::Dutch) => dutch_verb(s.clone(), min_stem),
            _ => s.clone(),
        };
        if known(&verb) {
            return Some(verb.into_owned());
        }
        // Without the participle's "-t" or "-d" ("geleverd" -> "lever", "geöffnet" ->
        // "offne", stemmed as "öffnen").
        let bare = base
            .strip_suffix(['t', 'd'])
            .filter(|b| b.chars().count() >= min_stem)
            .map(|b| self.stem(stemmer, b, min_stem));
        if let Some(b) = bare.filter(|b| known(b)) {
            return Some(b.into_owned());
        }
        known(&s).then(|| s.into_owned())
    }

    /// The word as prefix entries ("تأخر*") read it, when that differs from the word:
    /// without its Arabic conjunction and preposition ("فتأخر" -> "تأخر"), or without its
    /// participle prefix ("zurückgeschickt" -> "zurückschickt").
    fn surface<'w>(
        self,
        word: &'w str,
        morph: &Morphology,
        min_stem: usize,
    ) -> Option<Cow<'w, str>> {
        match self {
            Reducer::Snowball(Algorithm::Arabic) => {
                arabic_proclitic(word, min_stem).map(Cow::Borrowed)
            }
            Reducer::Korean => None,
            _ => morph
                .without_participle_prefix(word, min_stem)
                .map(Cow::Owned),
        }
    }

    /// The stem of one word, or the word itself when the stem would be shorter than
    /// `min_stem` characters.
    fn stem<'w>(self, stemmer: Option<&Stemmer>, word: &'w str, min_stem: usize) -> Cow<'w, str> {
        // Korean syllables are split whatever their number: 감 is 가 and ㅁ.
        if self == Reducer::Korean {
            return hangul_split(word);
        }
        // A word no longer than the shortest stem allowed always stays whole.
        if word.len() <= min_stem || word.chars().nth(min_stem).is_none() {
            return Cow::Borrowed(word);
        }
        let stem = match stemmer {
            Some(s) => s.stem(word),
            None => polish(word),
        };
        if stem.chars().count() < min_stem {
            Cow::Borrowed(word)
        } else {
            stem
        }
    }

    /// Whether an entry (its `term` as folded, a prefix term if `prefix`) is read on the
    /// text reduced this reducer's way; otherwise on the folded text. Snowball and Polish
    /// read their plain terms reduced and their prefix terms (`damag*`) as written; Korean
    /// reads every term split but its word-ending cues (`-ㄴ데`, which read the final
    /// consonant of the syllable before them).
    pub(crate) fn reads(self, term: &str, prefix: bool) -> bool {
        match self {
            Reducer::Korean => !term.starts_with('-'),
            _ => !prefix,
        }
    }

    /// Whether an entry is read on the reduced text as [`Reducer::reads`] tells, knowing
    /// whether it is a closed-class cue (negation, contrast, clause break): Snowball and
    /// Polish read such a cue as written only, so no other word meets it through its
    /// stem (Swedish "dockan", the doll, is no "dock", but; "internet" no "int").
    /// Arabic keeps reading its cues reduced (its stemmer takes off the clitics written
    /// onto them, "ولكن", "فلا"), and Korean its cues split.
    pub(crate) fn reads_entry(self, term: &str, prefix: bool, cue: bool) -> bool {
        let as_written = !matches!(self, Reducer::Korean | Reducer::Snowball(Algorithm::Arabic));
        self.reads(term, prefix) && !(cue && as_written)
    }

    /// Whether the reduced term `term`, met at `start` of the reduced `text`, reaches
    /// another syllable rather than a form of its word: a Korean term of one open
    /// syllable does not take a final consonant (가* is not 감 or 강).
    pub(crate) fn other_syllable(self, text: &str, start: usize, term: &str) -> bool {
        if self != Reducer::Korean || term.chars().nth(1).is_some() {
            return false;
        }
        let after = text.get(start..).and_then(|t| t.strip_prefix(term));
        after
            .and_then(|t| t.chars().next())
            .is_some_and(is_final_jamo)
    }

    /// Whether `word`, one edit from the reduced term `term`, is another word rather than
    /// a misspelling of it. Turkish marks meaning with single letters: the negation
    /// infix "m" (çalışıyor / çalışmıyor) and the alternating consonants k/ğ, t/d, p/b,
    /// ç/c (sığıyor "it fits" / sıkıyor "it is tight", folded to g and k).
    pub(crate) fn other_word(self, word: &str, term: &str) -> bool {
        if self != Reducer::Snowball(Algorithm::Turkish) {
            return false;
        }
        let (mut a, mut b) = (word.chars(), term.chars());
        loop {
            match (a.next(), b.next()) {
                (Some(x), Some(y)) if x == y => continue,
                (x, y) => {
                    // The first difference: one extra "m" on either side, or one
                    // alternating consonant, with the rest alike.
                    let (ra, rb) = (a.as_str(), b.as_str());
                    let m_in_word = x == Some('m')
                        && y.is_some_and(|y| {
                            let mut rest = String::from(y);
                            rest.push_str(rb);
                            rest == ra
                        });
                    let m_in_term = y == Some('m')
                        && x.is_some_and(|x| {
                            let mut rest = String::from(x);
                            rest.push_str(ra);
                            rest == rb
                        });
                    let pair = matches!(
                        (x, y),
                        (Some('k' | 'g'), Some('k' | 'g'))
                            | (Some('t' | 'd'), Some('t' | 'd'))
                            | (Some('p' | 'b'), Some('p' | 'b'))
                    ) && ra == rb;
                    let last_m = (x == Some('m') && y.is_none() && ra.is_empty())
                        || (y == Some('m') && x.is_none() && rb.is_empty());
                    return m_in_word || m_in_term || pair || last_m;
                }
            }
        }
    }

    /// The other reading of a word (`word` and its `stem`), if it has one: Arabic
    /// without its attached conjunction or preposition ("والمنتج", "وانكسر"), in texts
    /// only (`text`: an entry is written without one, and its first letter is its own:
    /// "فاخر" is no "وآخر"), read as the lexicon confirms (`confirmed`, "والممتازة" ->
    /// "ممتاز"); for a word
    /// written with accents, the folded stem of the word as written ("rompió" -> "romp",
    /// where the folded "rompio" stems to "rompi"); German and Dutch verbs without the
    /// present "-t" Snowball keeps ("klemmt" -> "klemm", as "klemmen").
    fn alt(
        self,
        stemmer: Option<&Stemmer>,
        (word, stem): (&str, &str),
        written: Option<&str>,
        min_stem: usize,
        (text, confirmed): (bool, Option<&Morphology>),
    ) -> Option<String> {
        let Reducer::Snowball(algorithm) = self else {
            return None;
        };
        let accented = match algorithm {
            Algorithm::Arabic => {
                if !text {
                    return None;
                }
                // Snowball may take a second letter off what remains ("فوزبال", football,
                // would become "زبال", rubbish): only the article may go with it.
                let rest = arabic_proclitic(word, min_stem)?;
                let stem = self.stem(stemmer, rest, min_stem);
                let whole = rest.starts_with("ال") || stem.chars().next() == rest.chars().next();
                if !whole {
                    return None;
                }
                let known = confirmed
                    .and_then(|m| self.confirmed(stemmer, (stem.as_ref(), None), m, min_stem));
                return Some(known.unwrap_or_else(|| stem.into_owned()));
            }
            // Turkish Snowball reads accented words too eagerly: "süre" (time), "sürtük"
            // (an insult) and "sürdü" (it took) all become "sür", "ürün" (product) "ür".
            Algorithm::Turkish => None,
            // The accented stem may take off the ending the accent marks ("-ió", "-ção")
            // and one letter before it, no more: Snowball also knows derivational endings
            // by their accents ("responsabilité" -> "respons", as "responsable").
            _ => written.filter(|w| *w != word).and_then(|w| {
                let b = self.stem(stemmer, w, min_stem);
                let after = w.chars().rev().take_while(|c| !latin_accented(*c)).count();
                let taken = stem.chars().count().saturating_sub(b.chars().count());
                (b.len() < w.len() && taken <= after + 1).then(|| fold_word(&b))
            }),
        };
        let base: Cow<'_, str> = accented.map_or(Cow::Borrowed(stem), Cow::Owned);
        let verb = match algorithm {
            Algorithm::German => german_verb(base, min_stem),
            Algorithm::Dutch => dutch_verb(base, min_stem),
            _ => base,
        };
        (verb != stem && verb.chars().count() >= min_stem).then(|| verb.into_owned())
    }
}

/// A text reduced for matching, with the offsets of its bytes in the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reduced {
    pub text: String,
    /// Offset in the folded text of every byte offset of `text`, and of its end.
    pub map: Vec<usize>,
    /// The text read another way where a word has a second reading (accented stem,
    /// Arabic proclitic stripped), with its own offsets; `None` when no word has one.
    pub alt: Option<(String, Vec<usize>)>,
    /// The words (byte spans of the folded text) that have another reading: a match in
    /// the other reading counts only if it holds one of them.
    pub alt_words: Vec<(usize, usize)>,
    /// The folded text with words read without a proclitic or participle prefix, for
    /// prefix entries (Arabic "فتأخر" meets "تأخر*"), with its offsets; texts only.
    pub surface: Option<(String, Vec<usize>)>,
    /// The words (byte spans of the folded text) read so in `surface`.
    pub surface_words: Vec<(usize, usize)>,
}

impl Reduced {
    /// Whether the span `start..end` of the folded text holds a word read another way.
    pub(crate) fn holds_alt(&self, start: usize, end: usize) -> bool {
        self.alt_words.iter().any(|&(s, e)| s < end && start < e)
    }

    /// Whether a word read without its prefix in `surface` starts at `start`.
    pub(crate) fn surface_starts(&self, start: usize) -> bool {
        self.surface_words.iter().any(|&(s, _)| s == start)
    }

    /// The matches `find` gives in `surface` (start, end, entry), mapped to the folded
    /// text, that start at a word read without its prefix; none without such a word.
    pub(crate) fn surface_matches(
        &self,
        find: impl FnOnce(&str) -> Vec<(usize, usize, usize)>,
    ) -> Vec<(usize, usize, usize)> {
        let Some((text, map)) = &self.surface else {
            return Vec::new();
        };
        let mapped = |(s, e, ei)| Some((*map.get(s)?, *map.get(e)?, ei));
        let found = find(text).into_iter().filter_map(mapped);
        found.filter(|m| self.surface_starts(m.0)).collect()
    }
}

/// Maps the `len` bytes of a word's stem to the word's bytes `from..to` of the folded
/// text: the end of the stem is the end of the word.
fn extend_map(map: &mut Vec<usize>, from: usize, to: usize, len: usize) {
    let last = to.saturating_sub(1).max(from);
    map.extend((0..len).map(|k| (from + k).min(last)));
}

/// A German present form read as its infinitive's stem: Snowball keeps the "-t" and
/// "-et" of "klemmt", "arbeitet" and the "-er" before it in "funktioniert", "liefert",
/// while it reduces "klemmen", "arbeiten", "funktionieren", "liefern" to "klemm",
/// "arbeit", "funktioni", "lief". The "-t" goes only where more than `min_stem` letters
/// remain ("wert" is not "wer", "Zeit" stays).
fn german_verb(stem: Cow<'_, str>, min_stem: usize) -> Cow<'_, str> {
    if let Some(r) = stem.strip_suffix("et").filter(|r| r.ends_with(['t', 'd'])) {
        return Cow::Owned(r.to_owned());
    }
    let Some(r) = stem
        .strip_suffix('t')
        .filter(|r| r.chars().count() > min_stem)
    else {
        return stem;
    };
    let r = r
        .strip_suffix("er")
        .filter(|x| x.chars().count() >= min_stem)
        .unwrap_or(r);
    Cow::Owned(r.to_owned())
}

/// A Dutch present form read as its infinitive's stem: without the "-t" Snowball keeps
/// (werkt -> werk), with the open syllable's spelling undone (breekt -> brek, as Snowball
/// leaves "breken") and the consonant a one-syllable stem doubles before "-en" doubled
/// (klemt -> klemm, as "klemmen"; Snowball itself undoubles k, d and t).
fn dutch_verb(stem: Cow<'_, str>, min_stem: usize) -> Cow<'_, str> {
    let vowel = |c: u8| b"aeiouy".contains(&c);
    let consonant = |c: u8| c.is_ascii_alphabetic() && !vowel(c);
    let Some(r) = stem
        .strip_suffix('t')
        .filter(|r| r.chars().count() > min_stem)
    else {
        return stem;
    };
    let b = r.as_bytes();
    let mut out = r.to_owned();
    if let Some(&[x, v, c]) = b.len().checked_sub(3).and_then(|i| b.get(i..)) {
        let syllables = b
            .windows(2)
            .filter(|w| matches!(w, [p, q] if !vowel(*p) && vowel(*q)))
            .count()
            + usize::from(b.first().copied().is_some_and(vowel));
        if x == v && b"aeou".contains(&v) && consonant(c) {
            out.truncate(b.len() - 2);
            out.push(char::from(c));
        } else if consonant(x) && vowel(v) && consonant(c) && !b"kdt".contains(&c) && syllables == 1
        {
            out.push(char::from(c));
        }
    }
    Cow::Owned(out)
}

/// An Arabic word without its attached conjunction (و, ف) and then a preposition before
/// the article (بال, كال, لال written لل) or the Gulf demonstrative ها before it (هالمهزلة,
/// "this farce", is read المهزلة), when what remains is still a plausible word:
/// at least `min_stem` letters after the conjunction and after the article (a word's own
/// first letter is often one of these: وصل, بطيء, بالغة; "كل" is a word, not ك and لل:
/// "وكلمتهم"). `None` when nothing was stripped.
fn arabic_proclitic(word: &str, min_stem: usize) -> Option<&str> {
    let mut rest = word;
    if let Some(r) = rest
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= min_stem)
    {
        rest = r;
    }
    let article = |r: &str, li: bool| {
        r.strip_prefix("ال")
            .or_else(|| r.strip_prefix('ل').filter(|_| li))
            .is_some_and(|n| n.chars().count() >= min_stem)
    };
    if let Some(r) = (rest.strip_prefix('ل').filter(|r| article(r, true))).or_else(|| {
        rest.strip_prefix(['ب', 'ك', 'ه'])
            .filter(|r| article(r, false))
    }) {
        rest = r;
    }
    (rest.len() < word.len()).then_some(rest)
}

/// Polish endings (folded, so without diacritics), longest first.
const POLISH_ENDINGS: &[&str] = &[
    "owego", "owemu", "owych", "owymi", "iego", "iemu", "ich", "ych", "ymi", "imi", "ami", "ach",
    "ego", "emu", "owa", "owe", "owy", "owi", "iej", "iem", "ej", "om", "ow", "em", "ie", "ia",
    "iu", "ym", "im", "a", "e", "i", "o", "u", "y",
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
#[path = "morphology_tests.rs"]
mod tests;
