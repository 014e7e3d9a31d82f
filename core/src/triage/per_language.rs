//! The parts of the compiled lexicons a language needs only once a text reads it: the
//! automaton over its reduced (stemmed) terms, its one-edit misspelling index over them
//! and its morphology (the words its terms know). They are built on the first text whose
//! active lexicons include the language, once per compiled lexicon, and shared by every
//! later text and thread.
//!
//! What every text needs stays eager (`Lexicon::compile`): every lexicon file parsed and
//! checked, every entry folded and reduced, and the automaton over every entry as written,
//! because the vote for a secondary lexicon (`triage.vote_lexicons`) and the emoji and
//! symbol set read every language's terms in every text. A language's lazy parts are a
//! function of its own entries and rules alone, so what a text reads never depends on
//! which texts came first.

use std::sync::OnceLock;

use super::inflection::Morphology;
use super::lexicon::{Boundary, Entry, Kind, LangRules};
use super::matcher::{build_error, Fuzzy, Patterns, ALT, TEXT};
use crate::error::Error;

/// One language's lazily built parts.
#[derive(Debug, Clone)]
pub(crate) struct LangParts {
    /// Its entries reduced (both readings, see `Entry::alt`); empty without a reducer.
    pub reduced: Patterns,
    /// The one-edit index over its reduced category terms.
    pub fuzzy_reduced: Fuzzy,
    /// Its morphology, knowing the words of its terms.
    pub morphology: Morphology,
}

/// Every language's lazy parts, by lexicon index.
#[derive(Debug, Clone)]
pub(crate) struct PerLanguage {
    parts: Vec<OnceLock<Option<LangParts>>>,
    fuzzy_min_chars: usize,
}

/// Whether the entry's language has a reducer.
fn reduces(e: &Entry, langs: &[LangRules]) -> bool {
    langs.get(e.lang).is_some_and(|r| r.reducer.is_some())
}

/// Misspellings are tolerated for category terms only: on signal and sentiment terms
/// they raised signals on one abusive text in twelve (measured).
fn fuzzy_ok(e: &Entry, langs: &[LangRules]) -> bool {
    let word = langs
        .get(e.lang)
        .is_some_and(|r| r.boundary == Boundary::Word);
    matches!(e.kind, Kind::Category(_) | Kind::Negated(_)) && !e.prefix && word
}

/// The pattern texts of a language's reduced automaton: an entry's other form meets
/// only the text's other reading; its plain form meets the text as written, and the
/// other reading too when the entry has no other form.
fn reduced_terms<'a>(
    entries: &'a [Entry],
    langs: &'a [LangRules],
    lang: usize,
) -> impl Iterator<Item = (&'a str, usize, u8)> + 'a {
    entries
        .iter()
        .enumerate()
        .filter(move |(_, e)| e.lang == lang && reduces(e, langs))
        .flat_map(|(i, e)| {
            let plain = if e.alt.is_some() { TEXT } else { TEXT | ALT };
            [(Some(e.text.as_str()), plain), (e.alt.as_deref(), ALT)].map(|(t, r)| Some((t?, i, r)))
        })
        .flatten()
}

/// The eager indexes: the automaton over every entry as folded, and the one-edit index
/// over the category terms of languages without a reducer (it serves every active
/// language of a text at once).
pub(crate) fn surface_indexes(
    entries: &[Entry],
    langs: &[LangRules],
    fuzzy_min_chars: usize,
) -> Result<(Patterns, Fuzzy), Error> {
    let surface = Patterns::build(
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.term.trim_end_matches('*'), i)),
    )
    .map_err(build_error)?;
    let fuzzy_surface = Fuzzy::build(
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| fuzzy_ok(e, langs) && !reduces(e, langs))
            .map(|(i, e)| (e.text.as_str(), i)),
        fuzzy_min_chars,
    );
    Ok((surface, fuzzy_surface))
}

impl PerLanguage {
    /// Checks what could make a language's parts fail to build later, and prepares a
    /// slot per language. Building an automaton fails only when one of its ids (states,
    /// transitions, match links, patterns) would reach the automaton crate's limit
    /// (`PatternID::LIMIT`, shared by all its ids). A non-contiguous automaton over
    /// patterns of `n` bytes in all, the longest `m` bytes, has at most `n + 4` states,
    /// at most `n` patterns and `n + 512` sparse transitions, fewer than `256 * 65,800` dense
    /// transitions (only states less than three bytes deep have them), and at most
    /// `(n + 4) * m + 1` match links (a state lists only patterns ending it, at most one
    /// per length). So a language whose `(n + 4) * (m + 1)` is below the limit always
    /// builds; a language above it is refused here, when the engine is built.
    pub(crate) fn new(
        entries: &[Entry],
        langs: &[LangRules],
        fuzzy_min_chars: usize,
    ) -> Result<PerLanguage, Error> {
        // Bytes in all and longest pattern, by language (a pattern shared by two
        // entries counts twice: the bound only grows).
        let mut sizes = vec![(0usize, 0usize); langs.len()];
        for e in entries.iter().filter(|e| reduces(e, langs)) {
            if let Some((bytes, longest)) = sizes.get_mut(e.lang) {
                for t in std::iter::once(e.text.as_str()).chain(e.alt.as_deref()) {
                    *bytes = bytes.saturating_add(t.len());
                    *longest = (*longest).max(t.len());
                }
            }
        }
        for (rules, (bytes, longest)) in langs.iter().zip(sizes) {
            let bound = bytes
                .saturating_add(4)
                .saturating_mul(longest.saturating_add(1));
            if bound >= aho_corasick::PatternID::LIMIT {
                return Err(build_error(format!(
                    "the reduced terms of {} are too many to match ({bytes} bytes)",
                    rules.code
                )));
            }
        }
        Ok(PerLanguage {
            parts: langs.iter().map(|_| OnceLock::new()).collect(),
            fuzzy_min_chars,
        })
    }

    /// The parts of language `lang`, built on first use. `None` only for an index
    /// without a language, or if the automaton failed to build, which `new` rules out.
    pub(crate) fn get(
        &self,
        lang: usize,
        entries: &[Entry],
        langs: &[LangRules],
    ) -> Option<&LangParts> {
        let slot = self.parts.get(lang)?;
        slot.get_or_init(|| build(lang, entries, langs, self.fuzzy_min_chars))
            .as_ref()
    }
}

/// Builds one language's parts.
fn build(
    lang: usize,
    entries: &[Entry],
    langs: &[LangRules],
    fuzzy_min_chars: usize,
) -> Option<LangParts> {
    let rules = langs.get(lang)?;
    let reduced = Patterns::build_readings(reduced_terms(entries, langs, lang)).ok()?;
    let fuzzy_reduced = Fuzzy::build(
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.lang == lang
                    && fuzzy_ok(e, langs)
                    && reduces(e, langs)
                    && e.term.trim_end_matches('*').chars().count() >= fuzzy_min_chars
            })
            .map(|(i, e)| (e.text.as_str(), i)),
        // Stems are compared, each at least one character shorter than its word.
        fuzzy_min_chars.saturating_sub(1),
    );
    let own = entries.iter().filter(|e| e.lang == lang);
    let terms = own.map(|e| (e.term.trim_end_matches('*'), &*e.text, e.alt.as_deref()));
    Some(LangParts {
        reduced,
        fuzzy_reduced,
        morphology: rules.morphology.compiled(terms),
    })
}
