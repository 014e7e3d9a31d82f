//! Lexicons: per-language data files (`core/lexicons/<lang>.toml`) plus the policy's own
//! entries, compiled once into a single Aho-Corasick automaton over folded text.
//!
//! Folding lowercases, strips accents and Arabic diacritics and maps full-width forms to
//! ASCII, so "ENTREGUE", "entregué" and "entregue" match the same entry. Languages written
//! without spaces (Chinese, Japanese) match anywhere; the others match at word boundaries,
//! and a term ending in `*` matches as a word prefix (`damag*`: damaged, damages).

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Category;
use crate::error::{Diagnostic, Error};
use crate::explain::Name;
use crate::policy::PolicyDecimal;

pub use super::normalize::fold;

/// The built-in lexicon files, embedded at compile time.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("common", include_str!("../../lexicons/common.toml")),
    ("en", include_str!("../../lexicons/en.toml")),
    ("zh", include_str!("../../lexicons/zh.toml")),
    ("es", include_str!("../../lexicons/es.toml")),
    ("pt", include_str!("../../lexicons/pt.toml")),
    ("fr", include_str!("../../lexicons/fr.toml")),
    ("de", include_str!("../../lexicons/de.toml")),
    ("it", include_str!("../../lexicons/it.toml")),
    ("nl", include_str!("../../lexicons/nl.toml")),
    ("pl", include_str!("../../lexicons/pl.toml")),
    ("ru", include_str!("../../lexicons/ru.toml")),
    ("ja", include_str!("../../lexicons/ja.toml")),
    ("ko", include_str!("../../lexicons/ko.toml")),
    ("ar", include_str!("../../lexicons/ar.toml")),
    ("tr", include_str!("../../lexicons/tr.toml")),
    ("sv", include_str!("../../lexicons/sv.toml")),
];

/// How terms of a language meet the surrounding text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// Terms start and end at word boundaries (a trailing `*` lifts the end).
    #[default]
    Word,
    /// Terms match anywhere (scripts written without spaces).
    None,
}

/// One lexicon file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
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
}

fn one() -> u32 {
    1
}

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
    /// A word that ends a negation's reach ("but", "aber").
    ClauseBreak,
    /// Multiplies the sentiment of the next term ("very").
    Intensifier,
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
    Intensifier,
}

impl Kind {
    /// Content entries compete for their span; cues do not.
    fn group(&self) -> Option<u8> {
        match self {
            Kind::Category(_) | Kind::Negated(_) => Some(0),
            Kind::Sentiment => Some(1),
            Kind::Signal(_) => Some(2),
            _ => None,
        }
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
    prefix: bool,
}

/// A language's matching rules.
#[derive(Debug, Clone)]
pub(crate) struct LangRules {
    pub code: Name,
    boundary: Boundary,
    negation_window: u32,
    intensifier_window: u32,
}

/// All lexicons compiled into one automaton.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub langs: Vec<LangRules>,
    pub entries: Vec<Entry>,
    /// Pattern id -> entries sharing that folded text.
    by_pattern: Vec<Vec<usize>>,
    automaton: AhoCorasick,
}

/// One accepted term in a text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub entry: usize,
    pub negated: bool,
    pub factor: Decimal,
}

type Key = (String, EntryKind, String, String);

fn key_kind(k: &Kind) -> (EntryKind, String) {
    match k {
        Kind::Category(c) => (EntryKind::Category, c.as_str().to_owned()),
        Kind::Negated(c) => (EntryKind::Negated, c.as_str().to_owned()),
        Kind::Sentiment => (EntryKind::Sentiment, String::new()),
        Kind::Signal(s) => (EntryKind::Signal, s.to_string()),
        Kind::NegationBefore => (EntryKind::NegationBefore, String::new()),
        Kind::NegationAfter => (EntryKind::NegationAfter, String::new()),
        Kind::ClauseBreak => (EntryKind::ClauseBreak, String::new()),
        Kind::Intensifier => (EntryKind::Intensifier, String::new()),
    }
}

fn parse_category(s: &str) -> Option<Category> {
    Category::ALL.iter().copied().find(|c| c.as_str() == s)
}

fn lexicon_error(lang: &str, message: String) -> Error {
    Error::Policy(vec![Diagnostic::new(
        "policy.lexicon",
        format!("lexicons.{lang}"),
        message,
    )])
}

impl Lexicon {
    /// Compiles the built-in lexicons with the policy's entries applied on top.
    pub(crate) fn compile(extra: &[LexiconEntry]) -> Result<Lexicon, Error> {
        let mut langs = Vec::new();
        let mut table: BTreeMap<Key, (Kind, Decimal)> = BTreeMap::new();
        let mut add = |lang: &str, kind: Kind, term: &str, w: Decimal| {
            let folded = fold(term.trim());
            let (ek, target) = key_kind(&kind);
            table.insert((lang.to_owned(), ek, target, folded), (kind, w));
        };
        for (name, text) in BUILTIN {
            let file: LexiconFile =
                toml::from_str(text).map_err(|e| lexicon_error(name, e.to_string()))?;
            if file.language != *name {
                return Err(lexicon_error(
                    name,
                    "language does not match the file".into(),
                ));
            }
            langs.push(LangRules {
                code: Name::shared(file.language.as_str()),
                boundary: file.boundary,
                negation_window: file.negation_window,
                intensifier_window: file.intensifier_window,
            });
            let l = file.language.as_str();
            for t in &file.negation_before {
                add(l, Kind::NegationBefore, t, Decimal::ONE);
            }
            for t in &file.negation_after {
                add(l, Kind::NegationAfter, t, Decimal::ONE);
            }
            for t in &file.clause_breaks {
                add(l, Kind::ClauseBreak, t, Decimal::ONE);
            }
            for (t, w) in &file.intensifiers {
                add(l, Kind::Intensifier, t, w.0);
            }
            for (c, terms) in &file.category {
                for (t, w) in terms {
                    add(l, Kind::Category(*c), t, w.0);
                }
            }
            for (c, terms) in &file.negated {
                for (t, w) in terms {
                    add(l, Kind::Negated(*c), t, w.0);
                }
            }
            for (t, w) in &file.sentiment {
                add(l, Kind::Sentiment, t, w.0);
            }
            for (s, terms) in &file.signals {
                for t in terms {
                    add(l, Kind::Signal(Name::shared(s.as_str())), t, Decimal::ONE);
                }
            }
        }
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
                EntryKind::Intensifier => Some(Kind::Intensifier),
            };
            let Some(kind) = kind else { continue };
            let w = e.weight.map(|w| w.0).unwrap_or(Decimal::ONE);
            let folded = fold(e.term.trim());
            let (ek, target) = key_kind(&kind);
            let key = (e.language.clone(), ek, target, folded);
            if w.is_zero() {
                table.remove(&key);
            } else {
                table.insert(key, (kind, w));
            }
        }
        let mut entries = Vec::with_capacity(table.len());
        let mut pattern_ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_pattern: Vec<Vec<usize>> = Vec::new();
        for ((lang, _, _, folded), (kind, weight)) in table {
            let Some(li) = langs.iter().position(|r| *r.code == *lang) else {
                continue;
            };
            let prefix = folded.ends_with('*');
            let text = folded.trim_end_matches('*').to_owned();
            if text.is_empty() {
                continue;
            }
            let id = match pattern_ids.get(&text) {
                Some(id) => *id,
                None => {
                    let id = by_pattern.len();
                    pattern_ids.insert(text.clone(), id);
                    by_pattern.push(Vec::new());
                    id
                }
            };
            if let Some(list) = by_pattern.get_mut(id) {
                list.push(entries.len());
            }
            entries.push(Entry {
                lang: li,
                kind,
                term: Name::shared(folded),
                weight,
                weight_text: Name::shared(weight.normalize().to_string()),
                prefix,
            });
        }
        let mut patterns: Vec<(usize, String)> =
            pattern_ids.into_iter().map(|(t, id)| (id, t)).collect();
        patterns.sort();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|(_, t)| t.as_str()))
            .map_err(|e| lexicon_error("all", e.to_string()))?;
        Ok(Lexicon {
            langs,
            entries,
            by_pattern,
            automaton,
        })
    }

    /// Index of a lexicon language.
    pub(crate) fn lang_index(&self, code: &str) -> Option<usize> {
        self.langs.iter().position(|l| l.code == code)
    }

    /// Finds every entry in the folded text (one pass of the automaton), checks word
    /// boundaries, and counts how many distinct content terms each language matched.
    pub(crate) fn find(&self, folded: &str) -> (Found, BTreeMap<usize, u32>) {
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(folded) {
            let (s, e) = (m.start(), m.end());
            let Some(list) = self.by_pattern.get(m.pattern().as_usize()) else {
                continue;
            };
            for &ei in list {
                let Some(entry) = self.entries.get(ei) else {
                    continue;
                };
                let Some(rules) = self.langs.get(entry.lang) else {
                    continue;
                };
                if rules.boundary == Boundary::Word {
                    let before = folded.get(..s).and_then(|p| p.chars().next_back());
                    if before.is_some_and(char::is_alphanumeric) {
                        continue;
                    }
                    if !entry.prefix {
                        let after = folded.get(e..).and_then(|p| p.chars().next());
                        if after.is_some_and(char::is_alphanumeric) {
                            continue;
                        }
                    }
                }
                raw.push((s, e, ei));
            }
        }
        let mut votes: BTreeMap<usize, u32> = BTreeMap::new();
        let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
        for &(_, _, ei) in &raw {
            if let Some(e) = self.entries.get(ei) {
                if e.kind.group().is_some() && seen.insert((e.lang, e.term.as_str())) {
                    *votes.entry(e.lang).or_insert(0) += 1;
                }
            }
        }
        (Found { raw }, votes)
    }

    /// Keeps the entries of `active` languages, resolves overlaps (longest span wins
    /// within each kind of evidence), and marks negation and intensifiers.
    pub(crate) fn resolve(
        &self,
        folded: &str,
        found: &Found,
        active: &dyn Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let raw: Vec<(usize, usize, usize)> = found
            .raw
            .iter()
            .copied()
            .filter(|&(_, _, ei)| self.entries.get(ei).is_some_and(|e| active(e.lang)))
            .collect();
        if raw.is_empty() {
            return Vec::new();
        }
        let gaps = Gaps::new(folded);
        // Overlap resolution per group: longest span first, then leftmost.
        let mut accepted: Vec<(usize, usize, usize)> = Vec::new();
        let mut spans_by_group: BTreeMap<u8, Vec<(usize, usize)>> = BTreeMap::new();
        let mut order: Vec<&(usize, usize, usize)> = raw.iter().collect();
        order.sort_by(|a, b| (b.1 - b.0, a.0, a.2).cmp(&(a.1 - a.0, b.0, b.2)));
        for &&(s, e, ei) in &order {
            let Some(group) = self.entries.get(ei).and_then(|x| x.kind.group()) else {
                continue;
            };
            let spans = spans_by_group.entry(group).or_default();
            let clash = spans
                .iter()
                .any(|&(a, b)| (a, b) != (s, e) && s < b && a < e);
            if !clash {
                if !spans.contains(&(s, e)) {
                    spans.push((s, e));
                }
                accepted.push((s, e, ei));
            }
        }
        let all_spans: Vec<(usize, usize)> = spans_by_group.values().flatten().copied().collect();
        let inside = |s: usize, e: usize| {
            all_spans
                .iter()
                .any(|&(a, b)| a <= s && e <= b && (a, b) != (s, e))
        };
        let cues: Vec<(usize, usize, &Entry)> = raw
            .iter()
            .filter_map(|&(s, e, ei)| {
                let entry = self.entries.get(ei)?;
                (entry.kind.group().is_none() && !inside(s, e)).then_some((s, e, entry))
            })
            .collect();
        let breaks: Vec<(usize, usize, usize)> = cues
            .iter()
            .filter(|c| c.2.kind == Kind::ClauseBreak)
            .map(|&(s, e, c)| (s, e, c.lang))
            .collect();
        let broken = |from: usize, to: usize, lang: usize| {
            gaps.punctuation(from, to)
                || breaks
                    .iter()
                    .any(|&(s, e, l)| l == lang && from <= s && e <= to)
        };
        accepted.sort_by_key(|&(s, _, ei)| (s, ei));
        let mut hits: Vec<(usize, usize, Hit)> = Vec::with_capacity(accepted.len());
        for (s, e, ei) in accepted {
            let Some(entry) = self.entries.get(ei) else {
                continue;
            };
            let Some(rules) = self.langs.get(entry.lang) else {
                continue;
            };
            let reach =
                |from: usize, to: usize, window: u32| gaps.within(from, to, rules.boundary, window);
            let negated = cues.iter().any(|&(cs, ce, c)| {
                c.lang == entry.lang
                    && match c.kind {
                        Kind::NegationBefore => {
                            ce <= s
                                && reach(ce, s, rules.negation_window)
                                && !broken(ce, s, entry.lang)
                        }
                        Kind::NegationAfter => {
                            e <= cs
                                && reach(e, cs, rules.negation_window)
                                && !broken(e, cs, entry.lang)
                        }
                        _ => false,
                    }
            });
            let mut factor = Decimal::ONE;
            if entry.kind == Kind::Sentiment {
                for &(_, ce, c) in &cues {
                    if c.kind == Kind::Intensifier
                        && c.lang == entry.lang
                        && ce <= s
                        && reach(ce, s, rules.intensifier_window)
                    {
                        factor = c.weight;
                    }
                }
            }
            hits.push((
                s,
                e,
                Hit {
                    entry: ei,
                    negated,
                    factor,
                },
            ));
        }
        // The same word in two lexicons ("reembolso" in Spanish and Portuguese) counts
        // once: the reading that takes effect wins (a negated-only entry when negated).
        let key = |h: &Hit| {
            let kind = self.entries.get(h.entry).map(|x| key_kind(&x.kind));
            let effective = match self.entries.get(h.entry).map(|x| &x.kind) {
                Some(Kind::Negated(_)) => h.negated,
                _ => !h.negated,
            };
            (kind, !effective, h.entry)
        };
        hits.sort_by_cached_key(|(s, e, h)| (*s, *e, key(h)));
        hits.dedup_by(|b, a| {
            a.0 == b.0
                && a.1 == b.1
                && self.entries.get(a.2.entry).map(|x| &x.kind)
                    == self.entries.get(b.2.entry).map(|x| &x.kind)
        });
        hits.into_iter().map(|(_, _, h)| h).collect()
    }
}

/// Raw matches of one text, before language filtering.
pub(crate) struct Found {
    raw: Vec<(usize, usize, usize)>,
}

impl Found {
    /// Whether the entry matched somewhere.
    #[cfg(test)]
    pub(crate) fn contains(&self, entry: usize) -> bool {
        self.raw.iter().any(|r| r.2 == entry)
    }
}

/// Prefix counts over a folded text, so distance and punctuation checks between two
/// positions cost O(1).
struct Gaps {
    /// Words started before each byte.
    words: Vec<u32>,
    /// Non-space characters before each byte.
    chars: Vec<u32>,
    /// Clause punctuation before each byte.
    punct: Vec<u32>,
}

impl Gaps {
    fn new(folded: &str) -> Gaps {
        let n = folded.len() + 1;
        let (mut words, mut chars, mut punct) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut w, mut c, mut p) = (0u32, 0u32, 0u32);
        let mut prev_space = true;
        for ch in folded.chars() {
            let space = ch.is_whitespace();
            for _ in 0..ch.len_utf8() {
                words.push(w);
                chars.push(c);
                punct.push(p);
            }
            if !space && prev_space {
                w += 1;
            }
            if !space {
                c += 1;
            }
            if matches!(
                ch,
                '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '。' | '、' | '；' | '،' | '؟'
            ) {
                p += 1;
            }
            prev_space = space;
        }
        words.push(w);
        chars.push(c);
        punct.push(p);
        Gaps {
            words,
            chars,
            punct,
        }
    }

    fn count(v: &[u32], from: usize, to: usize) -> u32 {
        match (v.get(from), v.get(to)) {
            (Some(a), Some(b)) => b.saturating_sub(*a),
            _ => u32::MAX,
        }
    }

    /// Whether `from..to` spans at most `window` words (or non-space characters).
    fn within(&self, from: usize, to: usize, boundary: Boundary, window: u32) -> bool {
        let n = match boundary {
            // A word that starts exactly at `from` belongs to the gap too.
            Boundary::Word => Gaps::count(&self.words, from, to),
            Boundary::None => Gaps::count(&self.chars, from, to),
        };
        n <= window
    }

    fn punctuation(&self, from: usize, to: usize) -> bool {
        Gaps::count(&self.punct, from, to) > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_compile() {
        let lex = Lexicon::compile(&[]);
        assert!(lex.is_ok(), "{lex:?}");
    }
}
