//! Each language's compiled entries: its lexicon file parsed, every entry folded and
//! reduced, the policy's entries for the language applied on top, the automaton over its
//! entries as written and its one-edit misspelling index. They are built on the first
//! text that reads the language (its own language, the always-active set, or a candidate
//! of the vote for a secondary lexicon), once per compiled lexicon, and shared by every
//! later text and thread. A language's entries are a function of its own file and rules
//! alone, so what a text reads never depends on which texts came first.
//!
//! A stemmed language read only as a candidate of the vote is built without its
//! reduced forms (`Entries::counted`): the vote counts its terms as written, and
//! stemming them is most of a language's cost. They are reduced (the rest reused) once
//! a text reads the language as one of its lexicons in play; both give an entry the
//! same id and the same folded term, so the vote reads either alike.
//!
//! An entry's id is its language's rank among the lexicon codes (alphabetical), shifted,
//! plus its index among the language's entries: ids order entries as one table sorted by
//! language code would.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::awaited::Waiting;
use super::builtin::BUILTIN;
use super::inflection::Morphology;
use super::lexicon::{Boundary, Entry, EntryKind, Kind, LangRules, LexiconEntry};
use super::matcher::{build_error, Fuzzy, Patterns};
use super::normalize::fold_accented;
use super::resolved::Resolved;
use super::scope::Scope;
use super::stars::Stars;
use crate::case::Category;
use crate::error::{Diagnostic, Error};
use crate::money::PolicyDecimal;
use crate::name::Name;

/// Bits of an entry id that hold its index within its language.
const SHIFT: u32 = 24;

/// One lexicon file. Its rules are read by [`Header`]; they are listed here too so that
/// a key neither knows is refused.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct LexiconFile {
    language: String,
    #[serde(default)]
    boundary: Boundary,
    /// Words (or characters, for `boundary = "none"`) a negation reaches.
    negation_window: u32,
    /// Words (or characters) an intensifier reaches.
    #[serde(default = "one")]
    intensifier_window: u32,
    #[serde(default)]
    negation_before: Vec<String>,
    #[serde(default)]
    negation_after: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    /// Words that turn the message ("but"): they end a negation's reach too.
    #[serde(default)]
    contrast: Vec<String>,
    #[serde(default)]
    intensifiers: BTreeMap<String, PolicyDecimal>,
    #[serde(default)]
    category: BTreeMap<Category, BTreeMap<String, PolicyDecimal>>,
    #[serde(default)]
    negated: BTreeMap<Category, BTreeMap<String, PolicyDecimal>>,
    #[serde(default)]
    sentiment: BTreeMap<String, PolicyDecimal>,
    #[serde(default)]
    signals: BTreeMap<String, Vec<String>>,
    /// Courtesy terms: their positive sentiment counts only without complaint evidence.
    #[serde(default)]
    politeness: Vec<String>,
    /// Category terms that name a topic ("customer service", "客服"): they count as
    /// the weak ones (`topic_below`) against sentiment.
    #[serde(default)]
    topics: Vec<String>,
    /// Category terms that count only where a negative sentiment term follows them in
    /// their clause ("la consegna è stata lenta": `evaluated.rs`).
    #[serde(default)]
    evaluated: Vec<String>,
    /// Sentiment terms that swear rather than judge ("damn", "verdammt", "putain"):
    /// they count for sentiment, but no category is inferred from them alone.
    #[serde(default)]
    expletives: Vec<String>,
    /// Category terms that name a wait, and how far what is awaited may stand
    /// (`awaited.rs`).
    #[serde(default)]
    waiting: Waiting,
    /// Praise terms that tell a problem as solved, with their sentiment weight
    /// (`resolved.rs`).
    #[serde(default)]
    resolved: Resolved,
    /// Phrases read as a whole ("no problem"), with a sentiment weight; no term or cue
    /// inside them counts on its own.
    #[serde(default)]
    fixed_phrases: BTreeMap<String, PolicyDecimal>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    morphology: Morphology,
    /// Star verdicts ("1 star", "fünf Sterne"), generated (`stars.rs`).
    #[serde(default)]
    stars: Stars,
}

/// What `Engine::new` reads of a lexicon file: its matching rules, not its terms (the
/// term tables are skipped unparsed).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Header {
    pub language: String,
    #[serde(default)]
    pub boundary: Boundary,
    pub negation_window: u32,
    #[serde(default = "one")]
    pub intensifier_window: u32,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub morphology: Morphology,
}

fn one() -> u32 {
    1
}

impl Header {
    /// The header of built-in file `name`.
    pub(crate) fn read(name: &str, text: &str) -> Result<Header, Error> {
        let h: Header =
            serde_json::from_str(text).map_err(|e| lexicon_error(name, e.to_string()))?;
        if h.language != name {
            return Err(lexicon_error(
                name,
                "language does not match the file".into(),
            ));
        }
        Ok(h)
    }
}

fn lexicon_error(lang: &str, message: String) -> Error {
    Error::Policy(vec![Diagnostic::new(
        "policy.lexicon",
        format!("lexicons.{lang}"),
        message,
    )])
}

type Key = (EntryKind, String, String);
/// A lexicon row's value: kind, weight, and the term as written with its accents.
type Row = (Kind, Decimal, Option<String>);

pub(crate) fn key_kind(k: &Kind) -> (EntryKind, String) {
    match k {
        Kind::Category(c) => (EntryKind::Category, c.as_str().to_owned()),
        Kind::Negated(c) => (EntryKind::Negated, c.as_str().to_owned()),
        Kind::Sentiment => (EntryKind::Sentiment, String::new()),
        Kind::Signal(s) => (EntryKind::Signal, s.to_string()),
        Kind::NegationBefore => (EntryKind::NegationBefore, String::new()),
        Kind::NegationAfter => (EntryKind::NegationAfter, String::new()),
        Kind::ClauseBreak => (EntryKind::ClauseBreak, String::new()),
        Kind::Contrast => (EntryKind::Contrast, String::new()),
        Kind::Intensifier => (EntryKind::Intensifier, String::new()),
        Kind::Politeness => (EntryKind::Politeness, String::new()),
        Kind::Fixed => (EntryKind::FixedPhrase, String::new()),
    }
}

fn parse_category(s: &str) -> Option<Category> {
    Category::ALL.iter().copied().find(|c| c.as_str() == s)
}

/// One language's compiled entries and what finds them as written.
#[derive(Debug, Clone)]
pub(crate) struct Words {
    /// Its entries, in key order; entry `i` has id `base + i`.
    pub entries: Vec<Entry>,
    /// The id of its first entry.
    pub base: usize,
    /// Every entry as folded.
    pub surface: Patterns,
    /// The one-edit index over its category terms (languages without a reducer).
    pub fuzzy: Fuzzy,
    /// Entries not reduced (`Entries::counted`): each one's term as written with its
    /// accents, which reducing it reads. Empty otherwise.
    written: Vec<Option<String>>,
}

/// Every language's entries, by lexicon index, built on first use.
#[derive(Debug, Clone)]
pub(crate) struct Entries {
    words: Vec<OnceLock<Option<Words>>>,
    /// The entries of stemmed languages read only by the vote: not reduced (`text` is
    /// the folded term, `alt` none).
    counted: Vec<OnceLock<Option<Words>>>,
    /// Lexicon index -> rank of its code; and rank -> lexicon index.
    rank: Vec<usize>,
    by_rank: Vec<usize>,
    /// The policy's entries, by lexicon index.
    extra: Vec<Vec<LexiconEntry>>,
    fuzzy_min_chars: usize,
}

/// Built-in terms of one language, at most: bytes in all and the longest, as folded and
/// reduced (both readings). `builtin_terms_fit` checks every built-in file stays within.
pub(crate) const BUILTIN_TERM_BYTES: usize = 1_000_000;
pub(crate) const BUILTIN_TERM_LONGEST: usize = 400;

/// Whether the patterns of a language, `bytes` in all and the longest `longest` bytes,
/// always build. Building an automaton fails only when one of its ids (states,
/// transitions, match links, patterns) would reach the automaton crate's limit
/// (`PatternID::LIMIT`, shared by all its ids). A non-contiguous automaton over patterns
/// of `n` bytes in all, the longest `m` bytes, has at most `n + 4` states, at most `n`
/// patterns and `n + 512` sparse transitions, fewer than `256 * 65,800` dense transitions
/// (only states less than three bytes deep have them), and at most `(n + 4) * m + 1`
/// match links (a state lists only patterns ending it, at most one per length). So
/// patterns whose `(n + 4) * (m + 1)` is below the limit always build.
pub(crate) fn fits(bytes: usize, longest: usize) -> bool {
    let bound = bytes
        .saturating_add(4)
        .saturating_mul(longest.saturating_add(1));
    bound < aho_corasick::PatternID::LIMIT
}

impl Entries {
    /// Prepares a slot per language and checks, eagerly, what could make a language's
    /// entries fail to build later: the policy's entries for it (checked by the policy's
    /// validation) must leave its automata within the automaton crate's limits, counting
    /// its built-in terms at their bound.
    pub(crate) fn new(
        langs: &[LangRules],
        extra: &[LexiconEntry],
        fuzzy_min_chars: usize,
    ) -> Result<Entries, Error> {
        let mut order: Vec<usize> = (0..langs.len()).collect();
        order.sort_by(|a, b| {
            let code = |i: &usize| langs.get(*i).map(|l| l.code.as_str());
            code(a).cmp(&code(b))
        });
        let mut rank = vec![0; langs.len()];
        for (r, &li) in order.iter().enumerate() {
            if let Some(x) = rank.get_mut(li) {
                *x = r;
            }
        }
        let mut per: Vec<Vec<LexiconEntry>> = vec![Vec::new(); langs.len()];
        for e in extra {
            if let Some(list) = langs
                .iter()
                .position(|l| *l.code == *e.language)
                .and_then(|li| per.get_mut(li))
            {
                list.push(e.clone());
            }
        }
        for (rules, list) in langs.iter().zip(&per) {
            let (mut bytes, mut longest) = (BUILTIN_TERM_BYTES, BUILTIN_TERM_LONGEST);
            for e in list {
                // Folding may triple a term's bytes; both readings count.
                let n = e.term.len().saturating_mul(3);
                bytes = bytes.saturating_add(n.saturating_mul(2));
                longest = longest.max(n);
            }
            if !fits(bytes, longest) {
                return Err(build_error(format!(
                    "the terms of {} are too many to match ({bytes} bytes)",
                    rules.code
                )));
            }
        }
        Ok(Entries {
            words: langs.iter().map(|_| OnceLock::new()).collect(),
            counted: langs.iter().map(|_| OnceLock::new()).collect(),
            rank,
            by_rank: order,
            extra: per,
            fuzzy_min_chars,
        })
    }

    /// The entry with id `ei`, if its language is built: reduced when it is, else as
    /// the vote counts it.
    pub(crate) fn get<'a>(&'a self, ei: usize) -> Option<&'a Entry> {
        let li = *self.by_rank.get(ei >> SHIFT)?;
        let built = |slot: Option<&'a OnceLock<Option<Words>>>| slot?.get()?.as_ref();
        let words = built(self.words.get(li)).or_else(|| built(self.counted.get(li)))?;
        words.entries.get(ei & ((1 << SHIFT) - 1))
    }

    /// Language `lang`'s entries, built on first use. `None` only for an index without
    /// a language, or if its automaton failed to build, which `new` rules out.
    pub(crate) fn words(&self, lang: usize, langs: &[LangRules]) -> Option<&Words> {
        let slot = self.words.get(lang)?;
        slot.get_or_init(|| self.build(lang, langs, true)).as_ref()
    }

    /// Language `lang`'s entries as the vote counts them: its terms as written, the
    /// same ids and folded terms as [`Entries::words`], built on first use. A stemmed
    /// language not yet read in play is not reduced, except one that matches compound
    /// ends (its entries' lengths as matched decide those, so it is built whole).
    pub(crate) fn counted(&self, lang: usize, langs: &[LangRules]) -> Option<&Words> {
        let rules = langs.get(lang)?;
        let built = self.words.get(lang)?.get();
        if built.is_some() || rules.reducer.is_none() || rules.compound_min_chars.is_some() {
            return self.words(lang, langs);
        }
        let slot = self.counted.get(lang)?;
        slot.get_or_init(|| self.build(lang, langs, false)).as_ref()
    }

    /// Whether any of language `lang`'s entries are built.
    #[cfg(test)]
    pub(crate) fn is_built(&self, lang: usize) -> bool {
        let built =
            |slots: &[OnceLock<Option<Words>>]| slots.get(lang).is_some_and(|s| s.get().is_some());
        built(&self.words) || built(&self.counted)
    }

    /// Every entry of every language (built), with its id.
    #[cfg(test)]
    pub(crate) fn all<'a>(
        &'a self,
        langs: &'a [LangRules],
    ) -> impl Iterator<Item = (usize, &'a Entry)> + 'a {
        (0..langs.len())
            .filter_map(move |l| self.words(l, langs))
            .flat_map(|w| w.entries.iter().enumerate().map(|(i, e)| (w.base + i, e)))
    }

    /// Builds language `li`'s entries, reduced if `reduce`: from its counted entries
    /// when those are built (the same entries, automaton as written and ids).
    fn build(&self, li: usize, langs: &[LangRules], reduce: bool) -> Option<Words> {
        let rules = langs.get(li)?;
        let counted = self.counted.get(li).and_then(OnceLock::get);
        if let (true, Some(r), Some(Some(c))) = (reduce, rules.reducer, counted) {
            let entries = (c.entries.iter().zip(&c.written))
                .map(|(e, written)| {
                    let (text, alt) = r.forms(&e.text, written.as_deref(), rules.min_stem_chars);
                    let chars = text.chars().count();
                    Entry {
                        text,
                        alt,
                        chars,
                        ..e.clone()
                    }
                })
                .collect();
            return Some(Words {
                entries,
                base: c.base,
                surface: c.surface.clone(),
                fuzzy: Fuzzy::default(),
                written: Vec::new(),
            });
        }
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == rules.code.as_str())?;
        let file: LexiconFile = serde_json::from_str(text).ok()?;
        let base = self.rank.get(li)? << SHIFT;
        let (entries, written) = compile(li, rules, &file, self.extra.get(li)?, reduce);
        let surface = Patterns::build(
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.term.trim_end_matches('*'), base + i)),
        )
        .ok()?;
        let fuzzy = if rules.reducer.is_some() {
            Fuzzy::default()
        } else {
            Fuzzy::build(
                entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| fuzzy_ok(e, rules))
                    .map(|(i, e)| (e.text.as_str(), base + i)),
                self.fuzzy_min_chars,
            )
        };
        Some(Words {
            entries,
            base,
            surface,
            fuzzy,
            written,
        })
    }
}

/// Misspellings are tolerated for category terms only: on signal and sentiment terms
/// they raised signals on one abusive text in twelve (measured).
pub(crate) fn fuzzy_ok(e: &Entry, rules: &LangRules) -> bool {
    matches!(e.kind, Kind::Category(_) | Kind::Negated(_))
        && !e.prefix
        && rules.boundary == Boundary::Word
}

/// One language's entries: its file's in file order, then the policy's; a later row for
/// the same key replaces an earlier one, and a policy row without a value (weight 0)
/// removes it. Entries not reduced come with their terms as written (`Words::written`).
fn compile(
    li: usize,
    rules: &LangRules,
    file: &LexiconFile,
    extra: &[LexiconEntry],
    reduce: bool,
) -> (Vec<Entry>, Vec<Option<String>>) {
    // The value holds the kind, the weight and the term with its accents (see
    // `fold_accented`).
    let mut rows: Vec<(Key, Option<Row>)> = Vec::new();
    let mut add = |kind: Kind, term: &str, w: Decimal| {
        let forms = super::phrase::label_forms(term);
        for term in forms
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(String::as_str)
            .chain(forms.is_none().then_some(term))
        {
            let (folded, accented) = fold_accented(term.trim());
            let (ek, target) = key_kind(&kind);
            rows.push(((ek, target, folded), Some((kind.clone(), w, accented))));
        }
    };
    for t in &file.negation_before {
        add(Kind::NegationBefore, t, Decimal::ONE);
    }
    for t in &file.negation_after {
        add(Kind::NegationAfter, t, Decimal::ONE);
    }
    for t in &file.clause_breaks {
        add(Kind::ClauseBreak, t, Decimal::ONE);
    }
    for t in &file.contrast {
        add(Kind::Contrast, t, Decimal::ONE);
    }
    for t in &file.politeness {
        add(Kind::Politeness, t, Decimal::ONE);
    }
    for (t, w) in &file.intensifiers {
        add(Kind::Intensifier, t, w.0);
    }
    for (t, w) in &file.fixed_phrases {
        add(Kind::Fixed, t, w.0);
    }
    for (c, terms) in &file.category {
        for (t, w) in terms {
            add(Kind::Category(*c), t, w.0);
        }
    }
    for (c, terms) in &file.negated {
        for (t, w) in terms {
            add(Kind::Negated(*c), t, w.0);
        }
    }
    // Star verdicts first: the lexicon's own entry for the same term replaces one.
    let stars = file.stars.generate();
    for (t, w) in &stars.sentiment {
        add(Kind::Sentiment, t, *w);
    }
    for (s, t) in &stars.signals {
        add(Kind::Signal(Name::shared(s.as_str())), t, Decimal::ONE);
    }
    for (t, w) in &file.sentiment {
        add(Kind::Sentiment, t, w.0);
    }
    for (t, w) in &file.resolved {
        add(Kind::Sentiment, t, w.0);
    }
    for (s, terms) in &file.signals {
        for t in terms {
            add(Kind::Signal(Name::shared(s.as_str())), t, Decimal::ONE);
        }
    }
    // Forms derived from the file's entries by rule (`adjective`), first: a form the
    // file or the policy lists itself keeps its own row.
    let mut derived: Vec<(Key, Option<Row>)> = Vec::new();
    for ((ek, target, folded), value) in &rows {
        let Some((kind, w, _)) = value else { continue };
        for form in super::adjective::forms(folded, &rules.morphology) {
            derived.push(((*ek, target.clone(), form), Some((kind.clone(), *w, None))));
        }
    }
    derived.append(&mut rows);
    let mut rows = derived;
    for e in extra {
        let target = e.target.clone().unwrap_or_default();
        let kind = match e.kind {
            EntryKind::Category => parse_category(&target).map(Kind::Category),
            EntryKind::Negated => parse_category(&target).map(Kind::Negated),
            EntryKind::Sentiment => Some(Kind::Sentiment),
            EntryKind::Signal => Some(Kind::Signal(Name::shared(target.as_str()))),
            EntryKind::NegationBefore => Some(Kind::NegationBefore),
            EntryKind::NegationAfter => Some(Kind::NegationAfter),
            EntryKind::ClauseBreak => Some(Kind::ClauseBreak),
            EntryKind::Contrast => Some(Kind::Contrast),
            EntryKind::Intensifier => Some(Kind::Intensifier),
            EntryKind::Politeness => Some(Kind::Politeness),
            EntryKind::FixedPhrase => Some(Kind::Fixed),
        };
        let Some(kind) = kind else { continue };
        let w = e.weight.map(|w| w.0).unwrap_or(Decimal::ONE);
        let forms = super::phrase::label_forms(&e.term);
        let terms = forms.as_deref().unwrap_or(&[]).iter().map(String::as_str);
        for term in terms.chain(forms.is_none().then_some(e.term.as_str())) {
            let (folded, accented) = fold_accented(term.trim());
            let (ek, target) = key_kind(&kind);
            rows.push((
                (ek, target, folded),
                (!w.is_zero()).then_some((kind.clone(), w, accented)),
            ));
        }
    }
    // A stable sort keeps each key's rows in the order they were given, so the last
    // one wins: one sort instead of a map insertion per entry.
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut table: Vec<(Key, Row)> = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while let Some((key, value)) = rows.next() {
        if rows.peek().is_some_and(|(next, _)| *next == key) {
            continue;
        }
        if let Some(value) = value {
            table.push((key, value));
        }
    }
    let star: BTreeSet<String> = (stars.sentiment.iter())
        .filter(|(_, w)| *w < Decimal::ZERO)
        .map(|(t, _)| fold_accented(t.trim()).0)
        .collect();
    let topics: BTreeSet<String> = (file.topics.iter())
        .map(|t| fold_accented(t.trim()).0)
        .collect();
    let evaluated: BTreeSet<String> = (file.evaluated.iter())
        .map(|t| fold_accented(t.trim()).0)
        .collect();
    let expletives: BTreeSet<String> = (file.expletives.iter())
        .map(|t| fold_accented(t.trim()).0)
        .collect();
    let waiting: BTreeSet<String> = (file.waiting.terms.iter())
        .map(|t| fold_accented(t.trim()).0)
        .collect();
    let resolving: BTreeSet<String> = (file.resolved.keys())
        .map(|t| fold_accented(t.trim()).0)
        .collect();
    let polite: BTreeSet<&str> = table
        .iter()
        .filter(|(_, (k, _, _))| *k == Kind::Politeness)
        .map(|((_, _, t), _)| t.as_str())
        .collect();
    let mut entries = Vec::with_capacity(table.len());
    let mut written_all = Vec::new();
    for ((_, _, folded), (kind, weight, accented)) in &table {
        let (kind, weight) = (kind.clone(), *weight);
        if kind == Kind::Politeness {
            continue;
        }
        let prefix = folded.ends_with('*');
        let bare = folded.trim_end_matches('*');
        if bare.trim().is_empty() {
            continue;
        }
        let written = accented.as_deref().map(|a| a.trim_end_matches('*'));
        let (text, alt) = match rules.reducer {
            Some(r) if reduce => r.forms(bare, written, rules.min_stem_chars),
            Some(_) => {
                written_all.push(written.map(str::to_owned));
                (bare.to_owned(), None)
            }
            None => (bare.to_owned(), None),
        };
        entries.push(Entry {
            lang: li,
            polite: polite.contains(folded.as_str()),
            low_star: kind == Kind::Sentiment && star.contains(folded.as_str()),
            topic: matches!(kind, Kind::Category(_)) && topics.contains(folded.as_str()),
            evaluated: matches!(kind, Kind::Category(_)) && evaluated.contains(folded.as_str()),
            expletive: kind == Kind::Sentiment && expletives.contains(folded.as_str()),
            wait_window: (matches!(kind, Kind::Category(_)) && waiting.contains(folded.as_str()))
                .then_some((file.waiting.after, file.waiting.before)),
            resolves: matches!(kind, Kind::Sentiment | Kind::Fixed)
                && resolving.contains(folded.as_str()),
            kind,
            chars: text.chars().count(),
            term: Name::shared(folded.as_str()),
            weight,
            weight_text: Name::shared(weight.normalize().to_string()),
            prefix,
            text,
            alt,
        });
    }
    (entries, written_all)
}
