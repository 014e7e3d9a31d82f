//! The parts of the compiled lexicons a stemmed language needs only once a text reads it
//! as one of its lexicons in play: the automaton over its reduced (stemmed) terms, its
//! one-edit misspelling index over them and its morphology (the words its terms know).
//! They are built on the first text whose active lexicons include the language, once per
//! compiled lexicon, and shared by every later text and thread. A language's entries
//! themselves (`entries`) are built earlier, on the first text that reads them as
//! written (a candidate of the vote for a secondary lexicon reads only those). A
//! language's lazy parts are a function of its own entries and rules alone, so what a
//! text reads never depends on which texts came first.

use std::sync::OnceLock;

use super::entries::{fuzzy_ok, Words};
use super::inflection::Morphology;
use super::lexicon::LangRules;
use super::matcher::{Fuzzy, Patterns, ALT, TEXT};
use super::word_cache::WordCache;

/// One language's lazily built parts.
#[derive(Debug, Clone)]
pub(crate) struct LangParts {
    /// Its entries reduced (both readings, see `Entry::alt`); empty without a reducer.
    pub reduced: Patterns,
    /// The one-edit index over its reduced category terms.
    pub fuzzy_reduced: Fuzzy,
    /// Its morphology, knowing the words of its terms.
    pub morphology: Morphology,
    /// The readings of the words its texts met.
    pub words: WordCache,
}

/// Every language's lazy parts, by lexicon index.
#[derive(Debug, Clone)]
pub(crate) struct PerLanguage {
    parts: Vec<OnceLock<Option<LangParts>>>,
    fuzzy_min_chars: usize,
}

/// The pattern texts of a language's reduced automaton: an entry's other form meets
/// only the text's other reading; its plain form meets the text as written, and the
/// other reading too when the entry has no other form.
fn reduced_terms(words: &Words) -> impl Iterator<Item = (&str, usize, u8)> + '_ {
    words
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let plain = if e.alt.is_some() { TEXT } else { TEXT | ALT };
            let ei = words.base + i;
            [(Some(e.text.as_str()), plain), (e.alt.as_deref(), ALT)]
                .map(|(t, r)| Some((t?, ei, r)))
        })
        .flatten()
}

impl PerLanguage {
    /// A slot per language (what could make a language's parts fail to build is checked
    /// with its entries, `Entries::new`).
    pub(crate) fn new(langs: &[LangRules], fuzzy_min_chars: usize) -> PerLanguage {
        PerLanguage {
            parts: langs.iter().map(|_| OnceLock::new()).collect(),
            fuzzy_min_chars,
        }
    }

    /// The parts of language `lang` (whose entries are `words`), built on first use.
    /// `None` only for an index without a language or a language without a reducer,
    /// or if the automaton failed to build, which `Entries::new` rules out.
    pub(crate) fn get(
        &self,
        lang: usize,
        words: &Words,
        langs: &[LangRules],
    ) -> Option<&LangParts> {
        let slot = self.parts.get(lang)?;
        slot.get_or_init(|| build(lang, words, langs, self.fuzzy_min_chars))
            .as_ref()
    }
}

/// Builds one language's parts.
fn build(
    lang: usize,
    words: &Words,
    langs: &[LangRules],
    fuzzy_min_chars: usize,
) -> Option<LangParts> {
    let rules = langs.get(lang)?;
    rules.reducer?;
    let reduced = Patterns::build_readings(reduced_terms(words)).ok()?;
    let fuzzy_reduced = Fuzzy::build(
        words
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                fuzzy_ok(e, rules)
                    && e.term.trim_end_matches('*').chars().count() >= fuzzy_min_chars
            })
            .map(|(i, e)| (e.text.as_str(), words.base + i)),
        // Stems are compared, each at least one character shorter than its word.
        fuzzy_min_chars.saturating_sub(1),
    );
    let terms =
        (words.entries.iter()).map(|e| (e.term.trim_end_matches('*'), &*e.text, e.alt.as_deref()));
    Some(LangParts {
        reduced,
        fuzzy_reduced,
        morphology: (rules.morphology.compiled(terms)).with_categories(
            (words.entries.iter()).map(|e| (&*e.text, e.alt.as_deref(), e.kind.category())),
        ),
        words: WordCache::default(),
    })
}
