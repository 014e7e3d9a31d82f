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
mod policy;
mod resolve;
mod score;
pub mod urgency;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, ShipmentStatus};
use crate::engine::{Ctx, Draft};
use crate::error::Error;
use crate::explain::Name;

use lexicon::Lexicon;
pub use lexicon::{EntryKind, LexiconEntry};
pub use policy::TriagePolicy;
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
        let own: Vec<usize> = active
            .iter()
            .copied()
            .filter(|l| !self.always.contains(l))
            .collect();
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
            .analyse(&folded, &found, &active, &own, p.max_matches);

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
