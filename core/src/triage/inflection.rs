//! Second readings a lexicon confirms: inflected forms the stemmer leaves apart from
//! their dictionary form, read as that form only when the lexicon holds it.
//!
//! - definite endings the stemmer keeps (Swedish "-et", "-n": "felet", "batteriet",
//!   "lådan" read as "fel", "batteri", "låda");
//! - participles (German and Dutch "ge-", after a separable prefix when there is one:
//!   "geliefert", "zurückgeschickt", "geleverd", "teruggestuurd" read as "liefern",
//!   "zurückschicken", "leveren", "terugsturen").
//!
//! A reading counts only if its reduced form is a word of the language's entries
//! ([`Morphology::known`]): "paket" is no "pak", "Geschenk" keeps its "ge". The table
//! comes from a lexicon file's `[morphology]` section.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::case::Category;
use crate::money::PolicyDecimal;

/// The `[morphology]` table of a lexicon file, and the words its readings may reach.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Morphology {
    /// Endings taken off a stem for another reading, each with what replaces it
    /// (Swedish definite "-et" -> "", "-an" -> "-a").
    #[serde(default)]
    pub definite_endings: BTreeMap<String, String>,
    /// The prefix of a participle ("ge"), taken off for another reading.
    #[serde(default)]
    pub participle_prefix: String,
    /// Separable verb prefixes the participle prefix may follow ("zurück", "an").
    #[serde(default)]
    pub separable_prefixes: Vec<String>,
    /// Endings of an infinitive ("en", "ern"): an entry word written so is a verb a
    /// participle may reach.
    #[serde(default)]
    pub infinitive_endings: Vec<String>,
    /// Endings that make another inflection, not a misspelling: a word one edit from a
    /// term is no misspelling of it when only one of the two ends so (Turkish "-siz"
    /// "without": "kalitesine" is no "kalitesiz"), and a word reduced alike with a term
    /// so ending reaches it only when it holds one of them too (Russian reflexive "-ся",
    /// "-сь": "греет" is no "греется").
    #[serde(default)]
    pub distinct_endings: Vec<String>,
    /// The language's vowels, if one vowel in place of another in a word's first
    /// syllable makes another word (Turkish "olmadım" / "almadım"): such a word is no
    /// misspelling. Empty: no such rule.
    #[serde(default)]
    pub distinct_first_vowels: String,
    /// Intensifiers written as the first part of a compound, with their factor
    /// (Swedish "jättebra", Dutch "superblij", German "megalangweilig"): when the rest of
    /// the word reduces to a word of the entries, the word is reduced as the prefix and
    /// the reduced rest, the rest matches as an entry whatever its length, and weighs so.
    #[serde(default)]
    pub intensifier_prefixes: BTreeMap<String, PolicyDecimal>,
    /// Derivational suffixes the stemmer takes off as it does inflections, each as the
    /// family of its written forms (Spanish `[["oso", "osa"], ["able"]]`): a word and an
    /// entry met through one reduced form are another word when only one of them, or
    /// each with another family, continues that form with one (`super::derivation`).
    #[serde(default)]
    pub derived_endings: Vec<Vec<String>>,
    /// Endings an entry written with one asks of the word (Turkish possessive locative
    /// `[["ında", "inde", "unda", "ünde"]]`: "zamanında", on time): a word meets such an
    /// entry through one reduced form only if it continues that form with the same
    /// family ("zamanımı", my time, is no "zamanında"); an entry without one meets every
    /// form (`super::derivation`).
    #[serde(default)]
    pub bound_endings: Vec<Vec<String>>,
    /// Privative prefixes of compounds (German "un", Dutch "on"): a term is not read at
    /// the end of a compound that only such a prefix opens ("unbeschädigt" holds no
    /// "beschädigt", "onbeschadigd" no "beschadigd").
    #[serde(default)]
    pub negating_prefixes: Vec<String>,
    /// Adjective endings whose inflected forms an entry ending in one also reads
    /// (Japanese "にくい", "やすい": `super::adjective`).
    #[serde(default)]
    pub adjective_endings: Vec<String>,
    /// The part of an adjective ending its forms replace, with those forms (Japanese
    /// `{ "い" = ["く", "くて", "かった", "さ"] }`).
    #[serde(default)]
    pub adjective_forms: BTreeMap<String, Vec<String>>,
    /// Every word of the language's entries, reduced (both readings): filled when the
    /// lexicon is compiled.
    #[serde(skip)]
    pub known: FxHashSet<String>,
    /// The verbs among them: words written with an infinitive ending, and present forms
    /// read as their infinitive's stem ("fehlt" -> "fehl"). A participle reaches only
    /// these: "afgewerkt" is no "afwerking", "reingefallen" no "Reinfall".
    #[serde(skip)]
    pub verbs: FxHashSet<String>,
    /// The categories of the entries each known word is a word of.
    #[serde(skip)]
    pub categories: FxHashMap<String, Vec<Category>>,
}

impl Morphology {
    /// The same table folded (as entries are matched), knowing the words of the entries
    /// `terms` yields as (term as folded, term reduced, its other reading).
    pub(crate) fn compiled<'a>(
        &self,
        terms: impl Iterator<Item = (&'a str, &'a str, Option<&'a str>)>,
    ) -> Morphology {
        let fold = |t: &String| super::normalize::fold(t.trim());
        let mut prefixes: Vec<String> = self.separable_prefixes.iter().map(fold).collect();
        // Longest first: "zurück" before "zu".
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let endings: Vec<String> = self.infinitive_endings.iter().map(fold).collect();
        let words = |t: &'a str| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
        };
        let (mut known, mut verbs) = (FxHashSet::default(), FxHashSet::default());
        for (term, text, alt) in terms {
            // A term and its reduced text have the same words, in the same order.
            for (written, reduced) in words(term).zip(words(text)) {
                if endings.iter().any(|e| written.ends_with(e.as_str())) {
                    verbs.insert(reduced.to_owned());
                }
                known.insert(reduced.to_owned());
            }
            // Words read another way (present forms read as their infinitive's stem).
            for (plain, other) in words(text).zip(alt.into_iter().flat_map(words)) {
                if plain != other {
                    verbs.insert(other.to_owned());
                    known.insert(other.to_owned());
                }
            }
        }
        Morphology {
            definite_endings: (self.definite_endings.iter())
                .map(|(k, v)| (fold(k), fold(v)))
                .collect(),
            participle_prefix: fold(&self.participle_prefix),
            separable_prefixes: prefixes,
            infinitive_endings: endings,
            distinct_endings: self.distinct_endings.iter().map(fold).collect(),
            distinct_first_vowels: super::normalize::fold(&self.distinct_first_vowels),
            intensifier_prefixes: (self.intensifier_prefixes.iter())
                .map(|(k, v)| (fold(k), *v))
                .collect(),
            derived_endings: (self.derived_endings.iter())
                .map(|f| f.iter().map(fold).collect())
                .collect(),
            bound_endings: (self.bound_endings.iter())
                .map(|f| f.iter().map(fold).collect())
                .collect(),
            negating_prefixes: self.negating_prefixes.iter().map(fold).collect(),
            adjective_endings: self.adjective_endings.iter().map(fold).collect(),
            adjective_forms: (self.adjective_forms.iter())
                .map(|(k, v)| (fold(k), v.iter().map(fold).collect()))
                .collect(),
            known,
            verbs,
            categories: FxHashMap::default(),
        }
    }

    /// The table knowing the categories of the entries `terms` yields as (term reduced,
    /// its other reading, its category).
    pub(crate) fn with_categories<'a>(
        mut self,
        terms: impl Iterator<Item = (&'a str, Option<&'a str>, Option<Category>)>,
    ) -> Morphology {
        for (text, alt, category) in terms {
            let Some(category) = category else { continue };
            let words = text.split(|c: char| !c.is_alphanumeric());
            let alt = alt
                .into_iter()
                .flat_map(|a| a.split(|c: char| !c.is_alphanumeric()));
            for w in words.chain(alt).filter(|w| !w.is_empty()) {
                let list = self.categories.entry(w.to_owned()).or_default();
                if !list.contains(&category) {
                    list.push(category);
                }
            }
        }
        self
    }

    /// The table with its intensifier prefixes folded, as texts are read.
    pub(crate) fn with_folded_prefixes(mut self) -> Morphology {
        self.intensifier_prefixes = (self.intensifier_prefixes.iter())
            .map(|(k, v)| (super::normalize::fold(k.trim()), *v))
            .collect();
        self
    }

    /// The intensifier prefix the folded `word` opens with, and the rest, when the rest
    /// is at least `min_stem` characters long.
    pub(crate) fn intensified<'w>(
        &self,
        word: &'w str,
        min_stem: usize,
    ) -> Option<(&'w str, &'w str)> {
        let prefix = (self.intensifier_prefixes.keys())
            .filter(|p| !p.is_empty() && word.starts_with(p.as_str()))
            .max_by_key(|p| p.len())?;
        let (head, rest) = (word.get(..prefix.len())?, word.get(prefix.len()..)?);
        (rest.chars().count() >= min_stem).then_some((head, rest))
    }

    /// The factor of the intensifier prefix that the word holding byte `s` of `text`
    /// opens with, when the word starts exactly with it and `s` is where the rest begins
    /// ("jätte|dålig").
    pub(crate) fn prefix_factor(&self, text: &str, s: usize) -> Option<Decimal> {
        if self.intensifier_prefixes.is_empty() {
            return None;
        }
        let before = text.get(..s)?;
        let start = (before.char_indices().rev())
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map(|(i, _)| i)?;
        let prefix = before.get(start..)?;
        self.intensifier_prefixes.get(prefix).map(|w| w.0)
    }

    /// Whether the letters of the word before `s` in `text` are one of the
    /// `negating_prefixes` ("un" of "unbeschädigt").
    pub(crate) fn negating_prefix(&self, text: &str, s: usize) -> bool {
        if self.negating_prefixes.is_empty() {
            return false;
        }
        let Some(before) = text.get(..s) else {
            return false;
        };
        let start = (before.char_indices().rev())
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map(|(i, _)| i);
        let prefix = start.and_then(|i| before.get(i..));
        prefix.is_some_and(|p| self.negating_prefixes.iter().any(|n| n == p))
    }

    /// Whether the table asks for any reading.
    pub(crate) fn active(&self) -> bool {
        !self.known.is_empty()
            && (!self.definite_endings.is_empty() || !self.participle_prefix.is_empty())
    }

    /// Whether `reading` is a word of the lexicon.
    pub(crate) fn knows(&self, reading: &str) -> bool {
        self.known.contains(reading)
    }

    /// Whether `reading` is a verb of the lexicon.
    pub(crate) fn knows_verb(&self, reading: &str) -> bool {
        self.verbs.contains(reading)
    }

    /// Whether `word`, one edit from the term `term` (both folded, as matched), is
    /// another word rather than a misspelling of it: a word of the lexicon's own entries
    /// none of which is of the term's category `category` ("changerai" reduces to the
    /// "chang" of "changer de taille", no "échange"), a word differing from the term in a
    /// distinct ending, or a word with another vowel in the first syllable.
    pub(crate) fn other_word(&self, word: &str, term: &str, category: Option<Category>) -> bool {
        let same = |c: Category| self.categories.get(word).is_some_and(|l| l.contains(&c));
        if self.known.contains(word) && !category.is_some_and(same) {
            return true;
        }
        if (self.distinct_endings.iter())
            .any(|e| word.ends_with(e.as_str()) != term.ends_with(e.as_str()))
        {
            return true;
        }
        let vowels = self.distinct_first_vowels.as_str();
        if vowels.is_empty() || word.chars().count() != term.chars().count() {
            return false;
        }
        // The first vowel of each, at the same place, and the rest alike.
        let first = |w: &str| w.char_indices().find(|&(_, c)| vowels.contains(c));
        match (first(word), first(term)) {
            (Some((i, a)), Some((j, b))) => {
                i == j
                    && a != b
                    && word.get(..i) == term.get(..i)
                    && word.get(i + a.len_utf8()..) == term.get(j + b.len_utf8()..)
            }
            _ => false,
        }
    }

    /// Whether a text span written `written`, reduced alike with the term `term`, keeps
    /// the term's distinct ending: the stemmer takes "-siz" and "-si" off alike, but
    /// "kalitesi" ("its quality") is no "kalitesiz" ("without quality"); Snowball takes
    /// the Russian reflexive "-ся" off, but "греет" (keeps warm) is no "греется" (heats
    /// up). The endings of one list are forms of one another (Turkish "-siz", "-suz";
    /// Russian "-ся", "-сь": "греется" reaches "грелась"), so the span may hold any.
    pub(crate) fn keeps_ending(&self, written: &str, term: &str) -> bool {
        let term = term.trim_end_matches('*');
        let ends = |e: &String| term.ends_with(e.as_str());
        !self.distinct_endings.iter().any(ends)
            || (self.distinct_endings.iter()).any(|e| written.contains(e.as_str()))
    }

    /// The words `stem` may stand for without a definite ending, to be reduced again:
    /// "felet" -> "fel", "lådan" -> "låda". At least `min_stem` letters remain.
    pub(crate) fn without_definite<'s>(
        &'s self,
        stem: &'s str,
        min_stem: usize,
    ) -> impl Iterator<Item = Cow<'s, str>> + 's {
        self.definite_endings.iter().filter_map(move |(end, with)| {
            let base = stem
                .strip_suffix(end.as_str())
                .filter(|b| b.chars().count() >= min_stem)?;
            Some(if with.is_empty() {
                Cow::Borrowed(base)
            } else {
                Cow::Owned(format!("{base}{with}"))
            })
        })
    }

    /// The word without its participle prefix, kept after a separable prefix
    /// ("zurückgeschickt" -> "zurückschickt", "geliefert" -> "liefert"), if the word
    /// has the shape of a participle: the prefix, at least `min_stem` letters, and a
    /// participle ending ("-t", "-d", "-en").
    pub(crate) fn without_participle_prefix(&self, word: &str, min_stem: usize) -> Option<String> {
        let ge = self.participle_prefix.as_str();
        if ge.is_empty() || !word.ends_with(['t', 'd', 'n']) {
            return None;
        }
        let sep = self
            .separable_prefixes
            .iter()
            .map(String::as_str)
            .find(|p| word.strip_prefix(p).is_some_and(|r| r.starts_with(ge)))
            .unwrap_or("");
        let rest = word.get(sep.len()..)?.strip_prefix(ge)?;
        // A strong participle ("-en") is read only after a separable prefix
        // ("kaputtgegangen", "angekommen"): without one, the shape is mostly a noun
        // ("Gedanken", "Gebühren") and the common strong participles are entries.
        let strong = rest.ends_with('n');
        if rest.chars().count() < min_stem || (strong && (sep.is_empty() || !rest.ends_with("en")))
        {
            return None;
        }
        let mut out = String::with_capacity(sep.len() + rest.len());
        out.push_str(sep);
        out.push_str(rest);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_words_are_no_misspellings() {
        let m = Morphology {
            distinct_endings: vec!["siz".to_owned()],
            distinct_first_vowels: "aeiou".to_owned(),
            ..Morphology::default()
        }
        .with_categories(
            [
                ("chang de taill", None, Some(Category::SizeFit)),
                ("nicht wie beschrieb", None, Some(Category::NotAsDescribed)),
            ]
            .into_iter(),
        );
        let mut m = m;
        m.known.extend(["chang", "beschrieb"].map(str::to_owned));
        // A word of another category's entries; not of the term's own.
        assert!(m.other_word("chang", "echang", Some(Category::ReturnRequest)));
        assert!(!m.other_word("beschrieb", "beschreib", Some(Category::NotAsDescribed)));
        // A distinct ending on one side only; a first-syllable vowel.
        assert!(m.other_word("kalitesin", "kalitesiz", None));
        assert!(m.other_word("olmadim", "almadim", None));
        assert!(!m.other_word("almadm", "almadim", None));
        assert!(!m.other_word("almadimm", "almadim", None));
        // The ending must be written for the term to match.
        assert!(m.keeps_ending("kalitesizdi", "kalitesiz"));
        assert!(!m.keeps_ending("kalitesi", "kalitesiz"));
        assert!(m.keeps_ending("kalitesi", "kalite"));
    }

    #[test]
    fn a_reflexive_entry_reaches_reflexive_words_only() {
        let m = Morphology {
            distinct_endings: vec!["ся".to_owned(), "сь".to_owned()],
            ..Morphology::default()
        };
        // "греется" (heats up) reaches its reflexive forms, "-ся" or "-сь"...
        assert!(m.keeps_ending("греются", "греется"));
        assert!(m.keeps_ending("грелась", "греется"));
        assert!(m.keeps_ending("телефон не включился", "не включается"));
        // ...not "греет" (keeps warm), reduced alike.
        assert!(!m.keeps_ending("греет", "греется"));
        assert!(!m.keeps_ending("не включает", "не включается"));
        // An entry without the ending reaches both.
        assert!(m.keeps_ending("ломается", "ломает"));
    }

    /// Triage of a text with a buyer in `country`: sentiment, and the terms counted as
    /// `(term, weight)`.
    fn triage(text: &str, country: &str) -> (f64, Vec<(String, String)>) {
        let t = crate::triage::test_support::triage_of(text, country);
        let list = t["terms"].as_array().cloned().unwrap_or_default();
        let terms = (list.iter())
            .map(|x| {
                let s = |k: &str| x[k].as_str().unwrap_or_default().to_owned();
                (s("term"), s("weight"))
            })
            .collect();
        (t["sentiment"].as_str().unwrap().parse().unwrap(), terms)
    }

    #[test]
    fn an_intensifier_prefix_reads_the_rest_of_its_compound() {
        for (text, country, term, positive) in [
            ("Jag tycker att den är jättebra.", "SE", "bra", true),
            (
                "Den är skitsnygg och jag är supernöjd med köpet.",
                "SE",
                "snygg*",
                true,
            ),
            ("Jätteful färg, tyvärr.", "SE", "ful", false),
            ("Ik ben superblij met deze jas.", "NL", "blij", true),
            ("Het product is echt keigoed.", "NL", "goed", true),
            ("Die Jacke ist supergut, danke.", "DE", "gut", true),
        ] {
            let (s, terms) = triage(text, country);
            assert!(
                terms.iter().any(|(t, _)| t == term),
                "{text:?}: no {term:?} in {terms:?}"
            );
            assert_eq!(s > 0.0, positive, "{text:?}: sentiment {s}");
        }
        // Weighed by the prefix: "jättebra" counts as "mycket bra".
        assert_eq!(
            triage("Jag tycker att den är jättebra.", "SE").0,
            triage("Jag tycker att den är mycket bra.", "SE").0
        );
    }

    #[test]
    fn a_word_that_only_starts_like_an_intensifier_stays_whole() {
        // The rest is no word of the entries: "sau|ber", "bere|kenen", "as|falten".
        for (text, country) in [
            ("Das ist sauber verarbeitet.", "DE"),
            ("Ik moet dit nog berekenen.", "NL"),
            ("Asfalten utanför huset.", "SE"),
        ] {
            let (s, terms) = triage(text, country);
            assert!(terms.is_empty(), "{text:?}: {terms:?}");
            assert!(s.abs() < f64::EPSILON, "{text:?}: sentiment {s}");
        }
        // A Swedish compound is not read as the French praise prefix "superbe*".
        assert!(triage("Jag är superbesviken på varan.", "SE").0 < 0.0);
    }
}
