//! Triage: language, category, sentiment and urgency from text and facts.
//!
//! The language comes from the text (whatlang), with the host's hint as a tiebreak when
//! the text is too short or ambiguous. Category, sentiment and signals come from
//! per-language lexicons compiled into one automaton (see [`lexicon`]), weighed with the
//! order and shipment facts. Urgency comes from the policy's rules ([`urgency`]).

#[cfg(test)]
mod adversarial_tests;
mod language;
pub mod lexicon;
mod matcher;
mod morphology;
mod normalize;
mod resolve;
mod score;
pub mod urgency;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, ProofOfDelivery, ShipmentStatus};
use crate::engine::{Ctx, Draft};
use crate::error::{Diagnostic, Error};
use crate::explain::Name;
use crate::policy::PolicyDecimal;

use lexicon::Lexicon;
pub use lexicon::{EntryKind, LexiconEntry};
pub use urgency::{UrgencyRule, UrgencyWhen};

/// How urgent a complaint is, from most to least.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Act now.
    Red,
    /// Today.
    Orange,
    /// Within the normal service level.
    Yellow,
    /// Routine.
    #[default]
    Green,
}

/// The `triage` section of the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriagePolicy {
    /// Category when neither the host, the text nor the facts say.
    #[serde(default)]
    pub default_category: Category,
    /// Urgency when no rule raises it.
    #[serde(default)]
    pub default_urgency: Urgency,
    /// Detector confidence (0..1) from which the text's language beats the buyer's hint.
    #[serde(default = "d_min_language_confidence")]
    pub min_language_confidence: PolicyDecimal,
    /// Languages the detector chooses among (BCP 47). Limiting it to the languages a
    /// store meets keeps short texts from being read as a neighbouring language.
    #[serde(default = "d_detect_languages")]
    pub detect_languages: Vec<String>,
    /// The lexicon with the most matched terms overrides the detector when it leads the
    /// detector's language by at least this many terms (1 when the detector's language
    /// has no lexicon).
    #[serde(default = "d_lexicon_vote_margin")]
    pub lexicon_vote_margin: u32,
    /// The detector reads at most this many characters (its cost grows with the text).
    #[serde(default = "d_detect_max_chars")]
    pub detect_max_chars: usize,
    /// When one lexicon matches at least this many distinct terms and leads every other
    /// by `lexicon_vote_margin`, it names the language without running the detector.
    #[serde(default = "d_lexicon_decides_at")]
    pub lexicon_decides_at: u32,
    /// Lexicons consulted for every text besides those of its language and the hints
    /// (`common` holds emoji; English is the lingua franca of cross-border orders).
    #[serde(default = "d_always_active")]
    pub always_active: Vec<String>,
    /// Besides its own language's lexicon, a text is read with the lexicon of the
    /// buyer's language (hint or profile) when that differs.
    #[serde(default)]
    pub hint_lexicon: bool,
    /// The lexicons of this many other languages whose terms the text matches most are
    /// read as well (texts mixing languages: "quero meu refund"); 0 reads only the
    /// text's own (and the hint's, with `hint_lexicon`).
    #[serde(default)]
    pub vote_lexicons: usize,
    /// At most this many lexicon matches are kept per text (and per reading of it), so
    /// overlapping lexicon terms cannot make a text cost more than this bound.
    #[serde(default = "d_max_matches")]
    pub max_matches: usize,
    /// Single-word content terms of at least this many characters also match a word one
    /// edit away (Damerau-Levenshtein 1: "recieved", "damgaed"); 0 turns this off.
    #[serde(default = "d_fuzzy_min_chars")]
    pub fuzzy_min_chars: usize,
    /// Languages whose terms all match as word prefixes (endings attach to the word).
    #[serde(default = "d_prefix_languages")]
    pub prefix_languages: Vec<String>,
    /// Languages whose long terms also match at the end of a compound word.
    #[serde(default = "d_compound_languages")]
    pub compound_languages: Vec<String>,
    /// Languages whose words are stemmed (Snowball; a light ending stripper for Polish)
    /// before matching, text and terms alike.
    #[serde(default = "d_stem_languages")]
    pub stem_languages: Vec<String>,
    /// Least characters of a term that matches inside a compound.
    #[serde(default = "d_compound_min_chars")]
    pub compound_min_chars: usize,
    /// A word whose stem would be shorter than this stays whole (over-stemming of short
    /// words makes unrelated words meet).
    #[serde(default = "d_min_stem_chars")]
    pub min_stem_chars: usize,
    /// Only the first this many characters of a text are analysed.
    #[serde(default = "d_max_text_chars")]
    pub max_text_chars: usize,
    /// Least summed weight a category needs to be chosen.
    #[serde(default = "d_min_category_score")]
    pub min_category_score: PolicyDecimal,
    /// Confidence = best / (best + runner-up + prior): the prior keeps one weak term
    /// from looking certain.
    #[serde(default = "d_confidence_prior")]
    pub confidence_prior: PolicyDecimal,
    /// Each complaint term also counts this much against sentiment.
    #[serde(default = "d_complaint_sentiment")]
    pub complaint_sentiment: PolicyDecimal,
    /// A negated sentiment term counts its weight times this ("not happy").
    #[serde(default = "d_negated_sentiment_factor")]
    pub negated_sentiment_factor: PolicyDecimal,
    /// A negated negative sentiment term counts its weight times this ("not bad" is no
    /// praise): 0 neutralises it.
    #[serde(default = "d_negated_negative_factor")]
    pub negated_negative_factor: PolicyDecimal,
    /// Positive sentiment of courtesy terms ("thanks", "please") counts this much when
    /// the message also holds complaint evidence.
    #[serde(default)]
    pub politeness_factor: PolicyDecimal,
    /// Signals still raised when negated ("I can't reach an agent" still asks for one).
    #[serde(default = "d_negation_keeps_signals")]
    pub negation_keeps_signals: Vec<String>,
    /// Sentiment = raw / (|raw| + scale), so it stays within -1..1.
    #[serde(default = "d_sentiment_scale")]
    pub sentiment_scale: PolicyDecimal,
    /// Sentiment at or below this raises the `anger` signal.
    #[serde(default = "d_anger_below")]
    pub anger_below: PolicyDecimal,
    /// A parcel this many days late supports `delivery_delay`.
    #[serde(default = "d_delay_evidence_days")]
    pub delay_evidence_days: i64,
    /// Weight the facts (delay, customs hold, lost parcel) add to their category.
    #[serde(default = "d_facts_weight")]
    pub facts_weight: PolicyDecimal,
    /// Proof of delivery from which a "not received" claim raises `proof_conflict`.
    #[serde(default = "d_proof_conflict_min")]
    pub proof_conflict_min: ProofOfDelivery,
    /// Most matched terms listed in the result.
    #[serde(default = "d_max_reported_terms")]
    pub max_reported_terms: usize,
    /// Entries added to or overriding the built-in lexicons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lexicon: Vec<LexiconEntry>,
    /// Urgency rules, evaluated in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urgency: Vec<UrgencyRule>,
}

fn dec(s: &str) -> PolicyDecimal {
    PolicyDecimal(crate::money::parse_decimal(s).unwrap_or_default())
}
fn d_min_language_confidence() -> PolicyDecimal {
    dec("0.5")
}
fn d_detect_languages() -> Vec<String> {
    [
        "en", "zh", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "ja", "ko", "ar", "tr", "sv",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}
fn d_detect_max_chars() -> usize {
    200
}
fn d_lexicon_decides_at() -> u32 {
    3
}
fn d_lexicon_vote_margin() -> u32 {
    2
}
fn d_always_active() -> Vec<String> {
    vec!["common".to_owned()]
}
fn d_max_matches() -> usize {
    2000
}
fn d_fuzzy_min_chars() -> usize {
    7
}
fn d_prefix_languages() -> Vec<String> {
    vec!["ko".to_owned()]
}
fn d_compound_languages() -> Vec<String> {
    ["de", "nl", "sv"].iter().map(|s| (*s).to_owned()).collect()
}
fn d_compound_min_chars() -> usize {
    6
}
fn d_stem_languages() -> Vec<String> {
    [
        "ar", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv", "tr",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}
fn d_min_stem_chars() -> usize {
    3
}
fn d_negated_negative_factor() -> PolicyDecimal {
    dec("0")
}
fn d_negation_keeps_signals() -> Vec<String> {
    vec!["escalation.request".to_owned()]
}
fn d_max_text_chars() -> usize {
    4000
}
fn d_min_category_score() -> PolicyDecimal {
    dec("2")
}
fn d_confidence_prior() -> PolicyDecimal {
    dec("2")
}
fn d_complaint_sentiment() -> PolicyDecimal {
    dec("1")
}
fn d_negated_sentiment_factor() -> PolicyDecimal {
    dec("-0.5")
}
fn d_sentiment_scale() -> PolicyDecimal {
    dec("3")
}
fn d_anger_below() -> PolicyDecimal {
    dec("-0.75")
}
fn d_delay_evidence_days() -> i64 {
    1
}
fn d_facts_weight() -> PolicyDecimal {
    dec("2")
}
fn d_proof_conflict_min() -> ProofOfDelivery {
    ProofOfDelivery::Photo
}
fn d_max_reported_terms() -> usize {
    20
}

impl Default for TriagePolicy {
    fn default() -> Self {
        TriagePolicy {
            default_category: Category::default(),
            default_urgency: Urgency::default(),
            min_language_confidence: d_min_language_confidence(),
            detect_languages: d_detect_languages(),
            lexicon_vote_margin: d_lexicon_vote_margin(),
            detect_max_chars: d_detect_max_chars(),
            lexicon_decides_at: d_lexicon_decides_at(),
            always_active: d_always_active(),
            hint_lexicon: false,
            vote_lexicons: 1,
            max_matches: d_max_matches(),
            fuzzy_min_chars: d_fuzzy_min_chars(),
            prefix_languages: d_prefix_languages(),
            compound_languages: d_compound_languages(),
            compound_min_chars: d_compound_min_chars(),
            min_stem_chars: d_min_stem_chars(),
            stem_languages: d_stem_languages(),
            max_text_chars: d_max_text_chars(),
            min_category_score: d_min_category_score(),
            confidence_prior: d_confidence_prior(),
            complaint_sentiment: d_complaint_sentiment(),
            negated_sentiment_factor: d_negated_sentiment_factor(),
            negated_negative_factor: d_negated_negative_factor(),
            politeness_factor: PolicyDecimal(Decimal::ZERO),
            negation_keeps_signals: d_negation_keeps_signals(),
            sentiment_scale: d_sentiment_scale(),
            anger_below: d_anger_below(),
            delay_evidence_days: d_delay_evidence_days(),
            facts_weight: d_facts_weight(),
            proof_conflict_min: d_proof_conflict_min(),
            max_reported_terms: d_max_reported_terms(),
            lexicon: Vec::new(),
            urgency: Vec::new(),
        }
    }
}

impl TriagePolicy {
    /// How the lexicons are matched under this policy.
    pub(crate) fn match_rules(&self) -> lexicon::MatchRules<'_> {
        lexicon::MatchRules {
            extra: &self.lexicon,
            fuzzy_min_chars: self.fuzzy_min_chars,
            prefix_languages: &self.prefix_languages,
            compound_languages: &self.compound_languages,
            compound_min_chars: self.compound_min_chars,
            min_stem_chars: self.min_stem_chars,
            stem_languages: &self.stem_languages,
        }
    }

    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        let unit = |name: &str, v: PolicyDecimal, out: &mut Vec<Diagnostic>| {
            if v.0 < Decimal::ZERO || v.0 > Decimal::ONE {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.{name}"),
                    "must be between 0 and 1",
                ));
            }
        };
        unit("min_language_confidence", self.min_language_confidence, out);
        if self.anger_below.0 < Decimal::NEGATIVE_ONE || self.anger_below.0 > Decimal::ONE {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.anger_below"),
                "must be between -1 and 1",
            ));
        }
        for (name, v) in [
            ("confidence_prior", self.confidence_prior),
            ("sentiment_scale", self.sentiment_scale),
        ] {
            if v.0 <= Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.{name}"),
                    "must be positive",
                ));
            }
        }
        for (name, v) in [
            ("min_category_score", self.min_category_score),
            ("complaint_sentiment", self.complaint_sentiment),
            ("facts_weight", self.facts_weight),
        ] {
            if v.0 < Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.{name}"),
                    "must not be negative",
                ));
            }
        }
        if self.max_matches == 0 {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.max_matches"),
                "must be positive",
            ));
        }
        if self.max_text_chars == 0 {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.max_text_chars"),
                "must be positive",
            ));
        }
        for (i, l) in self.always_active.iter().enumerate() {
            if !lexicon::BUILTIN.iter().any(|(b, _)| b == l) {
                out.push(Diagnostic::new(
                    "policy.unknown_language",
                    format!("{path}.always_active[{i}]"),
                    format!("no lexicon for language {l:?}"),
                ));
            }
        }
        for (i, l) in self.detect_languages.iter().enumerate() {
            if !language::known(l) {
                out.push(Diagnostic::new(
                    "policy.unknown_language",
                    format!("{path}.detect_languages[{i}]"),
                    format!("the detector does not know {l:?}"),
                ));
            }
        }
        for (i, e) in self.lexicon.iter().enumerate() {
            e.validate(&format!("{path}.lexicon[{i}]"), out);
        }
        for (i, r) in self.urgency.iter().enumerate() {
            r.validate(&format!("{path}.urgency[{i}]"), out);
        }
    }
}

/// Where a triage value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The case's hint field.
    Hint,
    /// The buyer's profile.
    Buyer,
    /// The text.
    Text,
    /// The order and shipment facts.
    Facts,
    /// The policy's default.
    Default,
    /// Nothing to go on.
    None,
}

/// The `triage` section of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    /// The text's language (BCP 47), if known.
    pub language: Option<String>,
    /// Where the language came from.
    pub language_source: Source,
    /// The complaint's category.
    pub category: Category,
    /// Where the category came from.
    pub category_source: Source,
    /// Confidence in the category, 0 to 1, as a decimal string.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub confidence: Decimal,
    /// Sentiment intensity, -1 (furious) to 1 (delighted), as a decimal string.
    #[serde(with = "crate::money::decimal_str")]
    #[schemars(with = "String")]
    pub sentiment: Decimal,
    /// How urgent.
    pub urgency: Urgency,
    /// Named signals seen, sorted: `anger`, `threat.chargeback`, `threat.legal`,
    /// `threat.public_review`, `accusation.scam`, `escalation.request`, `proof_conflict`.
    pub signals: Vec<String>,
    /// The lexicon terms that shaped category, sentiment and signals, in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<MatchedTerm>,
}

/// A lexicon term that shaped the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchedTerm {
    /// The lexicon entry as folded (a trailing `*` is a prefix match).
    pub term: Name,
    /// The lexicon it came from.
    pub lexicon: Name,
    /// What the entry does.
    pub kind: EntryKind,
    /// The category or signal it supports, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Name>,
    /// Its weight, as a decimal string.
    pub weight: Name,
    /// Whether a negation reached it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

/// Compiled triage stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: TriagePolicy,
    lexicon: Lexicon,
    always: Vec<usize>,
    detector: whatlang::Detector,
    /// Trace rule names of the urgency rules, in policy order.
    urgency_rules: Vec<Name>,
}

struct Scores {
    text: BTreeMap<Category, Decimal>,
    facts: BTreeMap<Category, Decimal>,
}

impl Compiled {
    pub(crate) fn new(policy: &TriagePolicy) -> Result<Compiled, Error> {
        let lexicon = Lexicon::compile(&policy.match_rules())?;
        let always = policy
            .always_active
            .iter()
            .filter_map(|l| lexicon.lang_index(l))
            .collect();
        Ok(Compiled {
            policy: policy.clone(),
            lexicon,
            always,
            detector: language::detector(&policy.detect_languages),
            urgency_rules: policy
                .urgency
                .iter()
                .map(|r| Name::shared(format!("urgency.{}", r.name)))
                .collect(),
        })
    }

    pub(crate) fn assess(&self, ctx: &Ctx<'_>, out: &mut Draft) -> Triage {
        let case = ctx.case;
        let p = &self.policy;
        // The first `max_text_chars` characters, borrowed.
        let text = match case.text.char_indices().nth(p.max_text_chars) {
            Some((end, _)) => case.text.get(..end).unwrap_or_default(),
            None => case.text.as_str(),
        };
        let folded = lexicon::fold(text);

        // Language: the detector when it is sure and the lexicons do not clearly
        // disagree, else the hint, else the lexicon that matched most terms, else the
        // detector's best guess.
        let hint = match (
            &case.language_hint,
            case.buyer.as_ref().and_then(|b| b.language.as_ref()),
        ) {
            (Some(l), _) => Some((l.clone(), Source::Hint)),
            (None, Some(l)) => Some((l.clone(), Source::Buyer)),
            (None, None) => None,
        };
        let (found, votes) = self.lexicon.find(&folded, p.max_matches);
        let decided = self.lexicon_decides(&votes, text);
        let by_lexicon = decided.is_some();
        let guess = match decided {
            Some(code) => Some(language::Guess {
                code,
                confidence: Decimal::ONE,
                reliable: true,
            }),
            None => language::detect(
                &self.detector,
                &p.detect_languages,
                text,
                p.detect_max_chars,
            ),
        };
        let vote = self.vote(&votes, guess.as_ref());
        let sure = guess
            .as_ref()
            .filter(|g| g.reliable && g.confidence >= p.min_language_confidence.0);
        let (language, language_source, rule) = match (sure, vote, &hint) {
            (Some(_), Some(v), _) => (Some(v), Source::Text, "language.lexicon_vote"),
            (Some(g), None, _) if by_lexicon => {
                (Some(g.code.clone()), Source::Text, "language.lexicon")
            }
            (Some(g), None, _) => (Some(g.code.clone()), Source::Text, "language.text"),
            (None, _, Some((h, src))) => (Some(h.clone()), *src, "language.hint_tiebreak"),
            (None, _, None) => match self.vote(&votes, None) {
                Some(v) => (Some(v), Source::Text, "language.lexicon_vote"),
                None => (None, Source::None, "language.unknown"),
            },
        };
        {
            let step = out.trace.push("triage", "language", rule);
            if let Some(l) = &language {
                step.with("language", l.clone());
            }
            if let Some(g) = guess.as_ref().filter(|_| !by_lexicon) {
                step.with("detected", g.code.clone())
                    .with("detector_confidence", g.confidence);
            }
            if let Some((h, _)) = &hint {
                step.with("hint", h.clone());
            }
        }

        // Lexicons in play: the text's language, the buyer's when it differs, the
        // always-active ones (emoji and symbols) and, if the policy asks, the languages
        // whose terms the text matches most (texts mixing languages).
        let mut active: Vec<usize> = self.always.clone();
        let hinted = hint.iter().filter(|_| p.hint_lexicon).map(|(h, _)| h);
        for l in language.iter().chain(hinted) {
            if let Some(i) = self.lexicon.lang_index(language::lexicon_of(l)) {
                active.push(i);
            }
        }
        let mut ranked: Vec<(u32, usize)> = votes
            .iter()
            .filter(|(l, _)| !active.contains(l))
            .map(|(l, n)| (*n, *l))
            .collect();
        // Most terms first; on a tie, the lexicon declared first.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        active.extend(ranked.iter().take(p.vote_lexicons).map(|r| r.1));
        active.sort_unstable();
        active.dedup();
        let hits = self
            .lexicon
            .analyse(&folded, &found, &active, p.max_matches);

        // Evidence from the text.
        let found = score::text_evidence(p, &self.lexicon, &hits);
        let mut signals = found.signals;
        let raw_sentiment = found.raw_sentiment;
        let terms = found.terms;
        let mut scores = Scores {
            text: found.categories,
            facts: BTreeMap::new(),
        };

        // Evidence from the facts.
        let shipment = case.shipment();
        if ctx
            .facts
            .delay_days
            .is_some_and(|d| d >= p.delay_evidence_days && d > 0)
        {
            *scores.facts.entry(Category::DeliveryDelay).or_default() += p.facts_weight.0;
        }
        match shipment.map(|s| s.status) {
            Some(ShipmentStatus::Customs) => {
                *scores.facts.entry(Category::CustomsDuties).or_default() += p.facts_weight.0;
            }
            Some(ShipmentStatus::Lost) => {
                *scores.facts.entry(Category::NotReceived).or_default() += p.facts_weight.0;
            }
            _ => {}
        }

        let (category, category_source, confidence) =
            self.category(case.category_hint, &scores, out);

        // A "not received" claim against a delivery the carrier can prove.
        if category == Category::NotReceived && ctx.facts.delivered {
            if let Some(proof) = shipment.map(|s| s.proof_of_delivery) {
                if proof >= p.proof_conflict_min {
                    signals.insert("proof_conflict".to_owned());
                    out.trace
                        .push("triage", "proof_conflict", "signal.proof_conflict")
                        .with("proof_of_delivery", format!("{proof:?}").to_lowercase());
                }
            }
        }

        let sentiment = raw_sentiment
            .checked_div(raw_sentiment.abs() + p.sentiment_scale.0)
            .unwrap_or_default()
            .round_dp(2)
            .normalize();
        if sentiment <= p.anger_below.0 {
            signals.insert("anger".to_owned());
        }
        let signals: Vec<String> = signals.into_iter().collect();
        out.trace
            .push("triage", "sentiment", "sentiment.lexicon")
            .with("sentiment", sentiment)
            .with("raw", raw_sentiment.normalize())
            .with("signals", signals.clone());

        let urgency = urgency::grade(
            &p.urgency,
            &self.urgency_rules,
            p.default_urgency,
            ctx,
            category,
            &signals,
            out,
        );
        Triage {
            language,
            language_source,
            category,
            category_source,
            confidence,
            sentiment,
            urgency,
            signals,
            terms,
        }
    }

    /// The lexicon language when the lexicons alone are decisive.
    fn lexicon_decides(&self, votes: &BTreeMap<usize, u32>, text: &str) -> Option<String> {
        let mut ranked: Vec<(u32, usize)> = votes
            .iter()
            .filter(|(l, _)| {
                self.lexicon
                    .langs
                    .get(**l)
                    .is_some_and(|r| r.code != "common")
            })
            .map(|(l, n)| (*n, *l))
            .collect();
        ranked.sort_by(|a, b| b.cmp(a));
        let (n, l) = ranked.first().copied()?;
        let second = ranked.get(1).map_or(0, |r| r.0);
        if n < self.policy.lexicon_decides_at
            || n.saturating_sub(second) < self.policy.lexicon_vote_margin
        {
            return None;
        }
        let code = self.lexicon.langs.get(l)?.code.as_str();
        Some(if code == "zh" {
            language::chinese_script(text).to_owned()
        } else {
            code.to_owned()
        })
    }

    /// The lexicon language that out-votes the detector, if any.
    fn vote(
        &self,
        votes: &BTreeMap<usize, u32>,
        guess: Option<&language::Guess>,
    ) -> Option<String> {
        let (best, n) = votes
            .iter()
            .filter(|(l, n)| {
                **n > 0
                    && self
                        .lexicon
                        .langs
                        .get(**l)
                        .is_some_and(|r| r.code != "common")
            })
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))?;
        let code = self.lexicon.langs.get(*best).map(|r| r.code.as_str())?;
        // Without a detector guess, any lexicon match names the language.
        let Some(guess) = guess else {
            return Some(if code == "zh" {
                "zh-Hans".to_owned()
            } else {
                code.to_owned()
            });
        };
        let guessed = Some(language::lexicon_of(&guess.code));
        if guessed == Some(code) {
            return None;
        }
        let theirs = guessed
            .and_then(|g| self.lexicon.lang_index(g))
            .map(|i| votes.get(&i).copied().unwrap_or(0));
        let margin = match theirs {
            Some(t) => n.saturating_sub(t) >= self.policy.lexicon_vote_margin,
            None => *n >= 1,
        };
        if !margin {
            return None;
        }
        Some(match code {
            "zh" if guess.code.starts_with("zh") => guess.code.clone(),
            "zh" => "zh-Hans".to_owned(),
            c => c.to_owned(),
        })
    }

    fn category(
        &self,
        hint: Option<Category>,
        scores: &Scores,
        out: &mut Draft,
    ) -> (Category, Source, Decimal) {
        let p = &self.policy;
        let mut total: BTreeMap<Category, Decimal> = scores.text.clone();
        for (c, w) in &scores.facts {
            *total.entry(*c).or_default() += *w;
        }
        let mut ranked: Vec<(Category, Decimal)> = total.into_iter().collect();
        // Highest score first; ties go to the category declared first.
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = ranked.first().copied();
        let second = ranked.get(1).map(|r| r.1).unwrap_or_default();
        let (category, source, confidence) = match (hint, best) {
            (Some(c), _) => (c, Source::Hint, Decimal::ONE),
            (None, Some((c, s))) if s >= p.min_category_score.0 && !s.is_zero() => {
                let source = if scores.text.get(&c).is_some_and(|t| !t.is_zero()) {
                    Source::Text
                } else {
                    Source::Facts
                };
                let conf = s
                    .checked_div(s + second + p.confidence_prior.0)
                    .unwrap_or_default()
                    .round_dp(2)
                    .normalize();
                (c, source, conf)
            }
            _ => (p.default_category, Source::Default, Decimal::ZERO),
        };
        let step = out
            .trace
            .push("triage", "category", category_reason(source))
            .with("category", category.as_str());
        if let Some((c, s)) = best {
            step.with("best", c.as_str())
                .with("score", s.normalize())
                .with("runner_up", second.normalize());
        }
        (category, source, confidence)
    }
}

fn category_reason(s: Source) -> &'static str {
    match s {
        Source::Hint => "category.hint",
        Source::Buyer => "category.buyer",
        Source::Text => "category.text",
        Source::Facts => "category.facts",
        Source::Default => "category.default",
        Source::None => "category.none",
    }
}
