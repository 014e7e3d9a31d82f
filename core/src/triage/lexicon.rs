//! Lexicons: per-language data files (`core/lexicons/<lang>.toml`) plus the policy's own
//! entries, each language compiled on its first text into an Aho-Corasick automaton over
//! folded text (`entries`).
//!
//! Folding lowercases, strips accents and Arabic diacritics and maps full-width forms to
//! ASCII, so "ENTREGUE", "entregué" and "entregue" match the same entry. Languages written
//! without spaces (Chinese, Japanese) match anywhere; the others match at word boundaries,
//! and a term ending in `*` matches as a word prefix (`damag*`: damaged, damages).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use rust_decimal::Decimal;
use rustc_hash::FxHashSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Category;
use crate::error::{Diagnostic, Error};
use crate::money::PolicyDecimal;
use crate::name::Name;

use super::builtin::{BUILTIN, HEADERS};
use super::char_gap;
use super::entries::{Entries, Header};
use super::inflection::Morphology;
use super::matcher::{Found, Raw, ALT};
use super::morphology::{Reducer, Stems};
pub use super::normalize::fold;
use super::per_language::PerLanguage;
use super::phrase::bridged;
use super::resolve::resolve;
pub(crate) use super::resolve::Hit;
pub use super::scope::Boundary;
use super::scope::Scope;

/// What a lexicon entry does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Evidence for `target` (a category), with a weight.
    Category,
    /// Evidence for `target` (a category) only when negated ("not arrived").
    Negated,
    /// Sentiment polarity, negative for displeasure.
    Sentiment,
    /// Raises the signal `target` (e.g. `threat.chargeback`).
    Signal,
    /// A negation cue placed before what it negates ("not", "nicht", "没有").
    NegationBefore,
    /// A negation cue placed after what it negates (Japanese "ない").
    NegationAfter,
    /// A word that ends a negation's reach ("although", "obwohl").
    ClauseBreak,
    /// A word that turns the message ("but", "aber"): what follows it weighs more than
    /// what precedes it; it also ends a negation's reach.
    Contrast,
    /// Multiplies the sentiment of the next term ("very").
    Intensifier,
    /// A courtesy term ("thanks"): its positive sentiment counts only when the message
    /// holds no complaint evidence.
    Politeness,
    /// A phrase read as a whole ("no problem"), with a sentiment weight; no term or
    /// negation inside it counts on its own.
    FixedPhrase,
}

/// A lexicon entry a policy adds or overrides (`[[triage.lexicon]]`). An entry with the
/// same language, kind, target and term as a built-in one replaces it; weight 0 removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    /// Lexicon language (`en`, `pt`, `zh`; `common` for emoji and symbols).
    pub language: String,
    /// What the entry does.
    pub kind: EntryKind,
    /// The category (for `category` and `negated`) or signal code (for `signal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The term; a trailing `*` matches a word prefix.
    pub term: String,
    /// Weight (category, negated, sentiment, intensifier); 0 removes the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<PolicyDecimal>,
}

impl LexiconEntry {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if !BUILTIN.iter().any(|(l, _)| *l == self.language) {
            out.push(
                Diagnostic::new(
                    "policy.unknown_language",
                    format!("{path}.language"),
                    format!("no lexicon for language {:?}", self.language),
                )
                .hint(format!(
                    "one of {}",
                    BUILTIN
                        .iter()
                        .map(|(l, _)| *l)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if fold(self.term.trim_end_matches('*')).trim().is_empty() {
            out.push(Diagnostic::new(
                "policy.empty",
                format!("{path}.term"),
                "the term is empty",
            ));
        } else if let Some((code, message, hint)) = misplaced_mark(&fold(self.term.trim())) {
            out.push(Diagnostic::new(code, format!("{path}.term"), message).hint(hint));
        }
        match self.kind {
            EntryKind::Category | EntryKind::Negated => match self.target.as_deref() {
                Some(t) if Category::ALL.iter().any(|c| c.as_str() == t) => {}
                _ => out.push(
                    Diagnostic::new(
                        "policy.unknown_category",
                        format!("{path}.target"),
                        "category entries need a target category",
                    )
                    .hint("e.g. target = \"not_received\""),
                ),
            },
            EntryKind::Signal if self.target.as_deref().is_none_or(|t| t.trim().is_empty()) => {
                out.push(
                    Diagnostic::new(
                        "policy.empty",
                        format!("{path}.target"),
                        "signal entries need a signal code",
                    )
                    .hint("e.g. target = \"threat.chargeback\""),
                );
            }
            _ => {}
        }
        if matches!(
            self.kind,
            EntryKind::Category
                | EntryKind::Negated
                | EntryKind::Sentiment
                | EntryKind::Intensifier
                | EntryKind::FixedPhrase
        ) && self.weight.is_none()
        {
            out.push(Diagnostic::new(
                "policy.missing_weight",
                format!("{path}.weight"),
                "this kind of entry needs a weight (0 removes it)",
            ));
        }
    }
}

/// Why a term (folded) is written with a mark where it means nothing: a `*` (a word
/// prefix) anywhere but at the end, or a gap marker `…` that does not stand once between
/// two parts. Such a term would never match, so it is refused rather than ignored.
pub(crate) fn misplaced_mark(term: &str) -> Option<(&'static str, &'static str, &'static str)> {
    if term.trim_end_matches('*').contains('*') {
        return Some((
            "policy.inner_wildcard",
            "`*` marks a word prefix and may only end the term",
            "write the word whole (inflected forms reach it through stemming), end the term \
             with the prefix (\"nie dział*\"), or join two parts with a gap: \"nie … działa\"",
        ));
    }
    let gap = super::phrase::split_gap(term);
    if gap.is_some_and(|(head, tail)| head.is_empty() || tail.is_empty() || tail.contains("...")) {
        return Some((
            "policy.misplaced_gap",
            "the gap marker `…` must stand once, between two parts of the term",
            "write \"a … b\": the two parts match with 1 to [scope] phrase_gap_words words between",
        ));
    }
    None
}

/// What a compiled entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Category(Category),
    Negated(Category),
    Sentiment,
    Signal(Name),
    NegationBefore,
    NegationAfter,
    ClauseBreak,
    Contrast,
    Intensifier,
    Politeness,
    Fixed,
}

impl Kind {
    /// Content entries compete for their span; cues do not.
    pub(crate) fn group(&self) -> Option<u8> {
        match self {
            Kind::Category(_) | Kind::Negated(_) => Some(0),
            Kind::Sentiment => Some(1),
            Kind::Signal(_) => Some(2),
            _ => None,
        }
    }

    /// Closed-class cues: negation, clause breaks and contrast words. They are read as
    /// written, never through a stemmer (`Reducer::reads_entry`).
    pub(crate) fn is_cue(&self) -> bool {
        matches!(
            self,
            Kind::NegationBefore | Kind::NegationAfter | Kind::ClauseBreak | Kind::Contrast
        )
    }

    /// The category of a category entry, negated or not.
    pub(crate) fn category(&self) -> Option<Category> {
        match self {
            Kind::Category(c) | Kind::Negated(c) => Some(*c),
            _ => None,
        }
    }

    /// An order over kinds, for sorting.
    pub(crate) fn sort_key(&self) -> (EntryKind, String) {
        super::entries::key_kind(self)
    }
}

/// A compiled entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub lang: usize,
    pub kind: Kind,
    /// The term as folded, shared with every assessment that reports it.
    pub term: Name,
    pub weight: Decimal,
    /// The weight as the assessment writes it.
    pub weight_text: Name,
    /// A trailing `*`: the term matches a word prefix.
    pub prefix: bool,
    /// Characters in the term as matched (`text`).
    pub chars: usize,
    /// A courtesy term (`politeness`).
    pub polite: bool,
    /// A low star verdict (`[stars]`): a negation does not lift it.
    pub low_star: bool,
    /// A category term listed under `topics`: it names a topic, as a weak one does.
    pub topic: bool,
    /// A category term listed under `evaluated`: it counts only where a negative
    /// sentiment term follows it in its clause (`evaluated.rs`).
    pub evaluated: bool,
    /// A sentiment term listed under `expletives`: it swears rather than judges, so a
    /// message's category is not inferred from it (`Compiled::category`).
    pub expletive: bool,
    /// A category term listed under `[waiting] terms`: a wait whose category goes to
    /// what is awaited within this many words after it and before it (`awaited.rs`).
    pub wait_window: Option<(u32, u32)>,
    /// A praise term or fixed phrase listed under `[resolved]`: a problem told as solved
    /// (`resolved.rs`).
    pub resolves: bool,
    /// The term as matched in text of its language: folded, and reduced (stemmed) when
    /// its language has a reducer.
    pub text: String,
    /// The term's other reduced reading, if a word of it has one (`Reduced::alt`).
    pub alt: Option<String>,
}

/// A language's matching rules.
#[derive(Debug, Clone)]
pub(crate) struct LangRules {
    pub code: Name,
    pub boundary: Boundary,
    pub negation_window: u32,
    pub intensifier_window: u32,
    pub scope: Scope,
    /// How its words are reduced before matching, if at all.
    pub reducer: Option<Reducer>,
    /// Every term matches as a word prefix (endings attach to words, as in Korean).
    pub prefix_words: bool,
    /// Terms of at least this many characters also match at the end of a compound.
    pub compound_min_chars: Option<usize>,
    /// Shortest stem the reducer may leave.
    pub min_stem_chars: usize,
    /// Share of the written form (percent) an entry of another kind keeps as written
    /// with a word to count beside a closer entry of its reduced form (`closest`).
    pub stem_shared_percent: usize,
    /// As the file gives it; compiled with the language's terms on first use.
    pub morphology: Morphology,
}

/// How the lexicons are matched, from the policy.
#[derive(Debug, Clone)]
pub(crate) struct MatchRules<'a> {
    pub extra: &'a [LexiconEntry],
    pub fuzzy_min_chars: usize,
    pub prefix_languages: &'a [String],
    pub compound_languages: &'a [String],
    pub compound_min_chars: usize,
    pub min_stem_chars: usize,
    pub stem_shared_percent: usize,
    pub stem_languages: &'a [String],
}

/// All lexicons, compiled: every language's rules, and its entries built on first use.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub langs: Vec<LangRules>,
    /// Every language's entries and what finds them as written (`entries`).
    pub entries: Entries,
    /// Per language, what its first text builds (`per_language`): reduced terms.
    per_language: PerLanguage,
}

/// A compiled lexicon and the rules it was compiled for (their `Debug` text).
type Shared = (String, Arc<Lexicon>);

impl Lexicon {
    /// The compiled lexicons for `rules`, built once per process for each distinct set of
    /// rules and shared: an engine is built far more often than its lexicons change (every
    /// policy that extends the default reads the same built-in files), and compiling them
    /// costs most of `Engine::new`.
    pub(crate) fn shared(rules: &MatchRules<'_>) -> Result<Arc<Lexicon>, Error> {
        // A few distinct rule sets per process at most; the oldest makes room.
        const KEPT: usize = 8;
        static CACHE: OnceLock<Mutex<Vec<Shared>>> = OnceLock::new();
        let key = format!("{rules:?}");
        let cache = CACHE.get_or_init(Mutex::default);
        if let Ok(kept) = cache.lock() {
            if let Some((_, l)) = kept.iter().find(|(k, _)| *k == key) {
                return Ok(Arc::clone(l));
            }
        }
        let lexicon = Arc::new(Lexicon::compile(rules)?);
        if let Ok(mut kept) = cache.lock() {
            if kept.len() >= KEPT {
                kept.remove(0);
            }
            kept.push((key, Arc::clone(&lexicon)));
        }
        Ok(lexicon)
    }

    /// Reads the built-in lexicons' rules, with the policy's entries to apply on top
    /// when each language's entries are built (on its first text).
    pub(crate) fn compile(rules: &MatchRules<'_>) -> Result<Lexicon, Error> {
        let mut langs = Vec::new();
        for (name, header) in HEADERS {
            let file = Header::read(name, header)?;
            let l = file.language.as_str();
            let listed = |list: &[String]| list.iter().any(|x| x == l);
            langs.push(LangRules {
                code: Name::shared(l),
                boundary: file.boundary,
                negation_window: file.negation_window,
                intensifier_window: file.intensifier_window,
                scope: file.scope.folded(),
                reducer: Reducer::of(l).filter(|_| listed(rules.stem_languages)),
                prefix_words: listed(rules.prefix_languages),
                compound_min_chars: listed(rules.compound_languages)
                    .then_some(rules.compound_min_chars),
                min_stem_chars: rules.min_stem_chars,
                stem_shared_percent: rules.stem_shared_percent,
                morphology: file.morphology.with_folded_prefixes(),
            });
        }
        let entries = Entries::new(&langs, rules.extra, rules.fuzzy_min_chars)?;
        let per_language = PerLanguage::new(&langs, rules.fuzzy_min_chars);
        Ok(Lexicon {
            langs,
            entries,
            per_language,
        })
    }

    /// Index of a lexicon language.
    pub(crate) fn lang_index(&self, code: &str) -> Option<usize> {
        self.langs.iter().position(|l| l.code == code)
    }

    /// The language code of a lexicon.
    pub(crate) fn code(&self, lang: usize) -> Option<&str> {
        self.langs.get(lang).map(|l| l.code.as_str())
    }

    /// Finds every entry of the languages `read` in the folded text as written (at most
    /// `cap` matches), and counts how many distinct content terms each language matched
    /// where `counts(entry, start, end)` accepts the match. Languages of `read` not
    /// `in_play` are only counted (see [`Entries::counted`]).
    pub(crate) fn find(
        &self,
        folded: &str,
        cap: usize,
        (read, in_play): (&[usize], &[usize]),
        counts: &dyn Fn(&Entry, usize, usize) -> bool,
    ) -> (Found, BTreeMap<usize, u32>) {
        let raw = self.surface(folded, (read, in_play), &|_| true, cap);
        let mut votes: BTreeMap<usize, u32> = BTreeMap::new();
        let mut seen: FxHashSet<(usize, &str)> = FxHashSet::default();
        for &(start, end, ei) in &raw {
            if let Some(e) = self.entries.get(ei) {
                // A term already counted is not asked again (`counts` may run the
                // language model on its words). An `evaluated` term, which counts only
                // with a judgement after it, casts no vote.
                if e.kind.group().is_some()
                    && !e.evaluated
                    && !seen.contains(&(e.lang, e.term.as_str()))
                    && counts(e, start, end)
                    && seen.insert((e.lang, e.term.as_str()))
                {
                    *votes.entry(e.lang).or_insert(0) += 1;
                }
            }
        }
        (Found { raw }, votes)
    }

    /// The matches as written of the entries of languages `read` that `keep` accepts, at
    /// most `cap`, building each language's entries on first use (whole for those
    /// `in_play`, as counted for the others).
    fn surface(
        &self,
        text: &str,
        (read, in_play): (&[usize], &[usize]),
        keep: &dyn Fn(&Entry) -> bool,
        cap: usize,
    ) -> Vec<Raw> {
        let mut raw = Vec::new();
        // An empty text matches nothing: a structured case without text must not build
        // its market language's lexicon (tens of millions of instructions, once).
        if text.is_empty() {
            return raw;
        }
        for &l in read {
            let words = if in_play.contains(&l) {
                self.entries.words(l, &self.langs)
            } else {
                self.entries.counted(l, &self.langs)
            };
            let Some(words) = words else {
                continue;
            };
            let room = cap.saturating_sub(raw.len());
            raw.extend((words.surface).find(text, &self.entries, &self.langs, keep, room));
        }
        raw
    }

    /// The terms of the `active` languages in the text. Languages without a reducer
    /// match on the folded text; languages with one match their plain terms on the text
    /// reduced their way (mapped back to the folded text) and their prefix terms
    /// (`damag*`) on the folded text. A word the text's `own` lexicons read is not read
    /// again by another lexicon ("problem" in an English text is not German "Problem"),
    /// and a match of another lexicon counts only where `counts(entry, start, end)`
    /// accepts it. All matches (and [`bridged`] phrases) are then resolved together.
    pub(crate) fn analyse(
        &self,
        (folded, accented): (&str, Option<&str>),
        found: &Found,
        langs: (&[usize], &[usize]),
        counts: &dyn Fn(&Entry, usize, usize) -> bool,
        cap: usize,
    ) -> Vec<Hit> {
        if folded.is_empty() {
            return Vec::new(); // as in `surface`: nothing to match, nothing to build
        }
        let (texts, lex) = ((folded, accented), (&self.entries, &self.langs[..]));
        let (mut raw, stems) = self.raw(texts, &found.raw, langs, counts, cap, &[]);
        // The compact text holds words of the text only: their readings are reused.
        let again = |t: (&str, Option<&str>), counts: &dyn Fn(&Entry, usize, usize) -> bool| {
            let found = self.surface(t.0, (langs.0, langs.0), &|_| true, cap);
            self.raw(t, &found, langs, counts, cap, &stems).0
        };
        bridged(texts, (&found.raw, &mut raw), lex, langs.0, counts, &again);
        char_gap::bridged(folded, (&found.raw, &mut raw), lex, langs.0, counts, &again);
        super::written::drop_unwritten(texts, &mut raw, &self.entries, &self.langs);
        resolve(folded, &raw, &self.entries, &self.langs)
    }

    /// The matches [`Lexicon::analyse`] resolves, in one text, and the readings of its
    /// words by each reducing language (`known` holds those of another text, by
    /// language).
    fn raw<'t>(
        &self,
        (folded, accented): (&'t str, Option<&'t str>),
        found: &[Raw],
        (active, own): (&[usize], &[usize]),
        counts: &dyn Fn(&Entry, usize, usize) -> bool,
        cap: usize,
        known: &[(usize, Stems<'_>)],
    ) -> (Vec<Raw>, Vec<(usize, Stems<'t>)>) {
        let mut stems = Vec::new();
        let reduces = |l: usize| self.langs.get(l).is_some_and(|r| r.reducer.is_some());
        let reads = |e: &Entry| {
            let reducer = self.langs.get(e.lang).and_then(|r| r.reducer);
            reducer.is_some_and(|r| r.reads_entry(&e.term, e.prefix, e.kind.is_cue()))
        };
        let surface = |e: &Entry| active.contains(&e.lang) && !reads(e);
        let mut raw: Vec<Raw> = found
            .iter()
            .copied()
            .filter(|r| self.entries.get(r.2).is_some_and(surface))
            .collect();
        let plain = |e: &Entry| active.contains(&e.lang) && !reduces(e.lang);
        let exact = raw.clone();
        for &l in active.iter().filter(|&&l| !reduces(l)) {
            if let (Some(words), Some(rules)) =
                (self.entries.words(l, &self.langs), self.langs.get(l))
            {
                let mut fuzzy = Vec::new();
                (words.fuzzy).find(folded, &exact, &self.entries, &plain, cap, &mut fuzzy);
                raw.extend(fuzzy.into_iter().filter(|&(s, e, ei)| {
                    let word = folded.get(s..e).unwrap_or_default();
                    let entry = self.entries.get(ei).map_or("", |x| x.text.as_str());
                    !rules.morphology.other_word(word, entry, None)
                }));
            }
        }
        // A word a content term reads as written is no misspelling of another stem
        // ("отлично" is praise, not one edit from the stem of "отличается").
        let group = |r: &&Raw| {
            self.entries
                .get(r.2)
                .is_some_and(|e| e.kind.group().is_some())
        };
        // Hash sets: these are only asked whether they hold a position, once per match.
        let read_exactly: FxHashSet<usize> = exact.iter().filter(group).map(|r| r.0).collect();
        for &l in active {
            let Some(rules) = self.langs.get(l) else {
                continue;
            };
            let Some(reducer) = rules.reducer else {
                continue;
            };
            let Some(words) = self.entries.words(l, &self.langs) else {
                continue;
            };
            let Some(parts) = self.per_language.get(l, words, &self.langs) else {
                continue;
            };
            let before = known.iter().find(|k| k.0 == l).map(|k| &k.1);
            let texts = (folded, accented);
            let morph = (&parts.morphology, Some(&parts.words));
            let (r, read) = reducer.text_mapped_with(texts, rules.min_stem_chars, morph, before);
            stems.push((l, read));
            let own = |e: &Entry| e.lang == l && reducer.reads(&e.term, e.prefix);
            // Cues read as written come from the folded text; their reduced matches only
            // undo a frame with a negation in its gap (`phrase`), then go.
            let stemmed_cue = |&(_, _, ei): &Raw| {
                self.entries.get(ei).is_some_and(|e| {
                    reducer.reads(&e.term, e.prefix)
                        && !reducer.reads_entry(&e.term, e.prefix, e.kind.is_cue())
                })
            };
            let mut reduced = parts
                .reduced
                .find(&r.text, &self.entries, &self.langs, &own, cap);
            reduced.retain(|&(s, e, ei)| {
                let term = self.entries.get(ei).map_or("", |x| x.text.as_str());
                !reducer.other_syllable(&r.text, s, term) && !stemmed_cue(&(s, e, ei))
            });
            let mut fuzzy = Vec::new();
            parts
                .fuzzy_reduced
                .find(&r.text, &reduced, &self.entries, &own, cap, &mut fuzzy);
            let mapped = |(s, e, ei): Raw| Some((*r.map.get(s)?, *r.map.get(e)?, ei));
            let misspelt = |&(s, e, ei): &Raw| {
                let word = r.text.get(s..e).unwrap_or_default();
                let Some(x) = self.entries.get(ei) else {
                    return false;
                };
                let entry = x.text.as_str();
                !reducer.other_word(word, entry)
                    && !parts.morphology.other_word(word, entry, x.kind.category())
            };
            let ending = |&(s, e, ei): &Raw| {
                let written = folded.get(s..e).unwrap_or_default();
                let term = self.entries.get(ei).map_or("", |x| &*x.term);
                parts.morphology.keeps_ending(written, term)
            };
            let fuzzy = fuzzy
                .into_iter()
                .filter(misspelt)
                .filter_map(mapped)
                .filter(ending);
            // A derived word is not its base ("precio" is no "preciosas"): `derivation`.
            let derived = |text: &str, map: &[usize], &(s, e, ei): &Raw| {
                let written = (map.get(s).zip(map.get(e))).and_then(|(a, b)| folded.get(*a..*b));
                let term = self.entries.get(ei).map_or("", |x| &*x.term);
                let (reduced, written) = (
                    text.get(s..e).unwrap_or_default(),
                    written.unwrap_or_default(),
                );
                let m = &parts.morphology;
                super::derivation::same_derivation(&m.derived_endings, reduced, written, term)
                    && super::derivation::bound_kept(&m.bound_endings, reduced, written, term)
            };
            let mut reduced: Vec<Raw> = reduced
                .into_iter()
                .filter(|m| derived(&r.text, &r.map, m))
                .filter_map(mapped)
                .filter(ending)
                .collect();
            super::closest::keep_closest(
                folded,
                &mut reduced,
                &self.entries,
                rules.stem_shared_percent,
            );
            // The other reading counts only for words no content term of the text's
            // reading starts at: the word as it is comes first.
            if let Some((alt, map)) = &r.alt {
                let read: FxHashSet<usize> = reduced.iter().filter(group).map(|r| r.0).collect();
                let other =
                    (parts.reduced).find_in(alt, ALT, &self.entries, &self.langs, &own, cap);
                let other = (other.into_iter())
                    .filter(|m| !stemmed_cue(m))
                    .filter(|m| derived(alt, map, m));
                raw.extend(other.filter_map(|(s, e, ei)| {
                    let s = *map.get(s)?;
                    let m = (s, *map.get(e)?, ei);
                    // Read whole: "erkundigt" is no compound ending in "kündigen".
                    let word_start = folded.get(..s).and_then(|p| p.chars().next_back());
                    let new = !read.contains(&s)
                        && !read_exactly.contains(&s)
                        && !word_start.is_some_and(char::is_alphanumeric);
                    let keep = new && r.holds_alt(m.0, m.1) && ending(&m);
                    (keep && !reduced.contains(&m)).then_some(m)
                }));
            }
            // Prefix entries on words without a proclitic or participle prefix ("فتأخر").
            let mine = |e: &Entry| e.lang == l && e.prefix && e.kind.group().is_some();
            let find = |t: &str| (words.surface).find(t, &self.entries, &self.langs, &mine, cap);
            let found = r.surface_matches(find);
            let new = |m: &Raw| !read_exactly.contains(&m.0) && !reduced.iter().any(|x| x.0 == m.0);
            raw.extend(found.into_iter().filter(new));
            raw.extend(reduced);
            raw.extend(fuzzy.filter(|r| !read_exactly.contains(&r.0)));
        }
        raw.truncate(cap);
        let lang = |r: &Raw| self.entries.get(r.2).map_or(usize::MAX, |e| e.lang);
        let read: FxHashSet<(usize, usize)> = raw
            .iter()
            .filter(|r| own.contains(&lang(r)))
            .map(|r| (r.0, r.1))
            .collect();
        raw.retain(|r| {
            let l = lang(r);
            own.contains(&l)
                || self.langs.get(l).is_some_and(|x| x.code == "common")
                || (!read.contains(&(r.0, r.1))
                    && self.entries.get(r.2).is_some_and(|e| counts(e, r.0, r.1)))
        });
        (raw, stems)
    }
}

#[cfg(test)]
#[path = "lexicon_tests.rs"]
mod tests;
