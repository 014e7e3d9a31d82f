//! Triage: language, category, sentiment and urgency from text and facts.
//!
//! The language comes from the text (script rules and a compact n-gram model, see
//! [`language`]), with the hint, the buyer's language and the market as priors that a
//! clear text overrides. Category, sentiment and signals come from
//! per-language lexicons compiled into one automaton (see [`lexicon`]), weighed with the
//! order and shipment facts. Urgency comes from the policy's rules ([`urgency`]).

pub mod language;
pub mod lexicon;
pub mod urgency;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, ProofOfDelivery, ShipmentStatus};
use crate::error::{Diagnostic, Error};
use crate::money::PolicyDecimal;
use crate::name::Name;
use crate::stage::{Ctx, Draft};

pub use lexicon::{EntryKind, LexiconEntry};
use lexicon::{Kind, Lexicon};
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
    /// Languages the detector may name (BCP 47; `zh` stands for `zh-Hans` and `zh-Hant`).
    /// Limiting it to the languages a store meets keeps short texts from being read as a
    /// neighbouring language. See docs/triage.md#language-identification.
    #[serde(default = "d_detect_languages")]
    pub detect_languages: Vec<String>,
    /// The detector reads at most this many characters.
    #[serde(default = "d_detect_max_chars")]
    pub detect_max_chars: usize,
    /// Nats of log-odds by which the text's best language must lead the runner-up to
    /// decide alone; below it the priors (hint, buyer, market) are added.
    #[serde(default = "d_language_clear_margin")]
    pub language_clear_margin: PolicyDecimal,
    /// Nats of log-odds below which an unclear text that no prior settles names no
    /// language (`language.unknown`) rather than a coin toss.
    #[serde(default = "d_language_min_margin")]
    pub language_min_margin: PolicyDecimal,
    /// Nats the case's `language_hint` adds to its language when the text is not clear.
    #[serde(default = "d_language_hint_prior")]
    pub language_hint_prior: PolicyDecimal,
    /// Nats the buyer's language adds to its language when the text is not clear.
    #[serde(default = "d_language_buyer_prior")]
    pub language_buyer_prior: PolicyDecimal,
    /// Nats the market's language (`market_languages`) adds when the text is not clear.
    #[serde(default = "d_language_market_prior")]
    pub language_market_prior: PolicyDecimal,
    /// A text with fewer Latin letters than this counts its evidence in proportion: the
    /// margin it needs to be clear and the priors it weighs against grow by
    /// `language_full_evidence_letters / letters`.
    #[serde(default = "d_language_full_evidence_letters")]
    pub language_full_evidence_letters: u32,
    /// A Han, kana or Hangul character counts as this many letters when the script rules
    /// weigh the scripts of a mixed text.
    #[serde(default = "d_language_cjk_weight")]
    pub language_cjk_weight: u32,
    /// The language most buyers of a market write (ISO country -> BCP 47); markets with
    /// several languages are left out.
    #[serde(default = "d_market_languages")]
    pub market_languages: BTreeMap<String, String>,
    /// Lexicons consulted for every text besides those of its language and the hints
    /// (`common` holds emoji; English is the lingua franca of cross-border orders).
    #[serde(default = "d_always_active")]
    pub always_active: Vec<String>,
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
fn d_detect_languages() -> Vec<String> {
    [
        "en", "zh", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "ja", "ko", "ar", "tr", "sv",
        "hi", "id", "th", "vi",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}
fn d_detect_max_chars() -> usize {
    200
}
fn d_language_clear_margin() -> PolicyDecimal {
    dec("4")
}
fn d_language_min_margin() -> PolicyDecimal {
    dec("1")
}
fn d_language_hint_prior() -> PolicyDecimal {
    dec("5")
}
fn d_language_buyer_prior() -> PolicyDecimal {
    dec("3")
}
fn d_language_market_prior() -> PolicyDecimal {
    dec("1.5")
}
fn d_language_full_evidence_letters() -> u32 {
    16
}
fn d_language_cjk_weight() -> u32 {
    3
}
fn d_market_languages() -> BTreeMap<String, String> {
    language::DEFAULT_MARKETS
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect()
}
fn d_always_active() -> Vec<String> {
    vec!["common".to_owned(), "en".to_owned()]
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
            detect_languages: d_detect_languages(),
            detect_max_chars: d_detect_max_chars(),
            language_clear_margin: d_language_clear_margin(),
            language_min_margin: d_language_min_margin(),
            language_hint_prior: d_language_hint_prior(),
            language_buyer_prior: d_language_buyer_prior(),
            language_market_prior: d_language_market_prior(),
            language_full_evidence_letters: d_language_full_evidence_letters(),
            language_cjk_weight: d_language_cjk_weight(),
            market_languages: d_market_languages(),
            always_active: d_always_active(),
            max_text_chars: d_max_text_chars(),
            min_category_score: d_min_category_score(),
            confidence_prior: d_confidence_prior(),
            complaint_sentiment: d_complaint_sentiment(),
            negated_sentiment_factor: d_negated_sentiment_factor(),
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
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        language::validate(self, path, out);
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
    /// The market's language (a prior for an unclear text).
    Market,
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
    detector: language::Detector,
    /// Trace rule names of the urgency rules, in policy order.
    urgency_rules: Vec<Name>,
}

struct Scores {
    text: BTreeMap<Category, Decimal>,
    facts: BTreeMap<Category, Decimal>,
}

impl Compiled {
    pub(crate) fn new(policy: &TriagePolicy) -> Result<Compiled, Error> {
        let lexicon = Lexicon::compile(&policy.lexicon)?;
        let always = policy
            .always_active
            .iter()
            .filter_map(|l| lexicon.lang_index(l))
            .collect();
        Ok(Compiled {
            policy: policy.clone(),
            lexicon,
            always,
            detector: language::Detector::new(policy)?,
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

        // Language: script rules, the model, then the priors an unclear text yields to.
        let hint = case.language_hint.as_deref();
        let buyer_language = case.buyer.as_ref().and_then(|b| b.language.as_deref());
        let priors = self.detector.priors(hint, buyer_language, case.market());
        let decision = self.detector.decide(text, &priors);
        {
            let step = out.trace.push("triage", "language", decision.rule);
            if let Some(l) = &decision.language {
                step.with("language", l.clone());
            }
            if let Some(d) = decision.detected {
                step.with("detected", d);
            }
            if let Some(m) = decision.margin {
                step.with("detector_margin", m);
            }
            if let Some(h) = hint.or(buyer_language) {
                step.with("hint", h.to_owned());
            }
        }
        let language = decision.language;
        let language_source = decision.source;
        let (found, votes) = self.lexicon.find(&folded);

        // Lexicons in play: the text's language, the hints', the detector's guess, the two
        // lexicons that matched most terms (mixed-language texts) and the always-active ones.
        let mut active: BTreeSet<usize> = self.always.iter().copied().collect();
        let mut ranked: Vec<(u32, usize)> = votes.iter().map(|(l, n)| (*n, *l)).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        active.extend(ranked.iter().take(2).map(|r| r.1));
        for l in language
            .iter()
            .map(String::as_str)
            .chain(hint.or(buyer_language))
            .chain(decision.detected)
        {
            if let Some(i) = self.lexicon.lang_index(language::lexicon_of(l)) {
                active.insert(i);
            }
        }
        let hits = self
            .lexicon
            .resolve(&folded, &found, &|l| active.contains(&l));

        // Evidence from the text.
        let mut scores = Scores {
            text: BTreeMap::new(),
            facts: BTreeMap::new(),
        };
        let mut raw_sentiment = Decimal::ZERO;
        let mut signals: BTreeSet<String> = BTreeSet::new();
        let mut terms = Vec::new();
        for h in &hits {
            let Some(e) = self.lexicon.entries.get(h.entry) else {
                continue;
            };
            let counted = match &e.kind {
                Kind::Category(c) if !h.negated => {
                    *scores.text.entry(*c).or_default() += e.weight;
                    // Negative weights are counter-evidence ("on time"), not complaints.
                    if e.weight > Decimal::ZERO {
                        raw_sentiment -= p.complaint_sentiment.0;
                    }
                    Some((EntryKind::Category, Some(Name::Static(c.as_str()))))
                }
                Kind::Negated(c) if h.negated => {
                    *scores.text.entry(*c).or_default() += e.weight;
                    raw_sentiment -= p.complaint_sentiment.0;
                    Some((EntryKind::Negated, Some(Name::Static(c.as_str()))))
                }
                Kind::Category(c) => Some((EntryKind::Category, Some(Name::Static(c.as_str())))),
                Kind::Sentiment => {
                    let mut w = e.weight * h.factor;
                    if h.negated {
                        w *= p.negated_sentiment_factor.0;
                    }
                    raw_sentiment += w;
                    Some((EntryKind::Sentiment, None))
                }
                Kind::Signal(s) => {
                    if !h.negated {
                        signals.insert(s.to_string());
                    }
                    Some((EntryKind::Signal, Some(s.clone())))
                }
                _ => None,
            };
            if let Some((kind, target)) = counted {
                if terms.len() < p.max_reported_terms {
                    terms.push(MatchedTerm {
                        term: e.term.clone(),
                        lexicon: self
                            .lexicon
                            .langs
                            .get(e.lang)
                            .map(|l| l.code.clone())
                            .unwrap_or_default(),
                        kind,
                        target,
                        weight: e.weight_text.clone(),
                        negated: h.negated,
                    });
                }
            }
        }

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
        Source::Market => "category.market",
        Source::Default => "category.default",
        Source::None => "category.none",
    }
}
