//! Triage: language, category, sentiment and urgency from text and facts.
//!
//! The language comes from the text (script rules and a compact n-gram model, see
//! [`language`]), with the hint, the buyer's language and the market as priors that a
//! clear text overrides. Category, sentiment and signals come from
//! per-language lexicons compiled into one automaton (see [`lexicon`]), weighed with the
//! order and shipment facts. Urgency comes from the policy's rules ([`urgency`]).

mod adjective;
#[cfg(test)]
mod adversarial_tests;
mod awaited;
mod builtin;
mod char_gap;
mod closest;
mod coordination;
mod derivation;
mod entries;
mod evaluated;
mod expectation;
mod hangul;
mod inflection;
mod intensifier_word;
mod irrealis;
pub mod language;
pub mod lexicon;
mod matcher;
mod morphology;
mod normalize;
mod per_language;
mod phrase;
mod policy;
mod privative;
mod question;
mod resolve;
mod resolved;
mod scope;
mod score;
mod stars;
mod term_language;
#[cfg(test)]
mod test_support;
mod turn;
pub mod urgency;
mod why;
mod word_cache;
mod written;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Category, ShipmentStatus};
use crate::error::Error;
use crate::name::Name;
use crate::stage::{Ctx, Draft};

use lexicon::Lexicon;
pub use lexicon::{EntryKind, LexiconEntry};
pub use policy::TriagePolicy;
pub use urgency::{UrgencyRule, UrgencyWhen};
pub use why::UrgencyChange;

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
    lexicon: Arc<Lexicon>,
    always: Vec<usize>,
    /// The lexicons the vote always chooses among (`vote_always`).
    vote_always: Vec<usize>,
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
        let lexicon = Lexicon::shared(&policy.match_rules())?;
        let always = policy
            .always_active
            .iter()
            .filter_map(|l| lexicon.lang_index(l))
            .collect();
        let vote_always = (policy.vote_always.iter())
            .filter_map(|l| lexicon.lang_index(l))
            .collect();
        Ok(Compiled {
            policy: policy.clone(),
            lexicon,
            always,
            vote_always,
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
        let (folded, accented) = normalize::fold_accented(text);

        // Language: script rules, the model, then the priors an unclear text yields to.
        let hint = case.language_hint.as_deref();
        let buyer_language = case.buyer.as_ref().and_then(|b| b.language.as_deref());
        let priors = self.detector.priors(hint, buyer_language, case.market());
        let (decision, others) = self.detector.decide_others(text, &priors);
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
        // Lexicons in play: the text's language, the buyer's when it differs, the
        // always-active ones (emoji and symbols) and, if the policy asks, the languages
        // whose terms the text matches most (texts mixing languages), counting only the
        // terms that read as their own language rather than the text's.
        let mut active: Vec<usize> = self.always.clone();
        let hinted = hint.or(buyer_language).filter(|_| p.hint_lexicon);
        for l in language.iter().map(String::as_str).chain(hinted) {
            if let Some(i) = self.lexicon.lang_index(language::lexicon_of(l)) {
                active.push(i);
            }
        }
        let own: Vec<usize> = active
            .iter()
            .copied()
            .filter(|l| !self.always.contains(l))
            .collect();
        // Only a text whose language is clear makes another lexicon's terms prove
        // themselves: a topic or signal term must not read as the text's own language
        // ("comment" in French), a sentiment word or cue must read as its lexicon's
        // ("mal" in German is no Spanish "bad"). A short or unsure text keeps every vote.
        let primary = language
            .as_deref()
            .filter(|_| decision.rule == "language.text");
        // The model's reading of the same words for the same lexicon is asked once per
        // text (a long text repeats its words, and each match asks).
        let read: RefCell<FxHashMap<(usize, bool, &str), bool>> = RefCell::default();
        let counts = |e: &lexicon::Entry, start: usize, end: usize| {
            let l = e.lang;
            own.contains(&l)
                || self.always.contains(&l)
                || match (primary, self.lexicon.code(l), folded.get(start..end)) {
                    (Some(primary), Some(code), Some(words)) => {
                        let topic = matches!(e.kind.group(), Some(0 | 2));
                        *read
                            .borrow_mut()
                            .entry((l, topic, words))
                            .or_insert_with(|| self.detector.reads_as(words, code, primary, !topic))
                    }
                    _ => true,
                }
        };
        // The vote chooses among candidates, so a text builds only the lexicons it may
        // read: `vote_always`, the other scripts' languages, the model's nearest (all
        // of them for a text whose language is unknown).
        let mut read = active.clone();
        if p.vote_lexicons > 0 {
            let index = |c: &&str| self.lexicon.lang_index(c);
            let near = if language.is_none() {
                usize::MAX
            } else {
                p.vote_nearest
            };
            let nearest = (others.nearest.iter().filter_map(index))
                .filter(|l| !active.contains(l))
                .take(near);
            read.extend(nearest);
            read.extend(others.scripts.iter().filter_map(index));
            read.extend(self.vote_always.iter().copied());
        }
        read.sort_unstable();
        read.dedup();
        let (found, votes) = (self.lexicon).find(&folded, p.max_matches, (&read, &active), &counts);
        // A short verdict of unknown language whose words are terms of one lexicon only.
        let short = (language.is_none())
            .then(|| {
                let (raw, entries) = (&found.raw, &self.lexicon.entries);
                let max = p.language_lexicon_max_chars;
                term_language::one_lexicon(&folded, raw, entries, &self.always, max)
            })
            .flatten();
        let short = short.and_then(|l| Some((l, self.lexicon.code(l)?.to_owned())));
        if let Some((l, code)) = &short {
            (out.trace.push("triage", "language", "language.lexicon"))
                .with("language", code.clone());
            active.push(*l);
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
        let hits = self.lexicon.analyse(
            (&folded, accented.as_deref()),
            &found,
            (&active, &own),
            &counts,
            p.max_matches,
        );
        let (language, language_source) = match short {
            Some((_, code)) => (Some(code), Source::Text),
            None => (language, language_source),
        };

        // Evidence from the text.
        let found = score::text_evidence(p, &self.lexicon, &hits);
        let mut signals = found.signals;
        let raw_sentiment = found.raw_sentiment;
        let expletive_sentiment = found.expletive_sentiment;
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

        let scaled = |raw: Decimal| {
            raw.checked_div(raw.abs() + p.sentiment_scale.0)
                .unwrap_or_default()
                .round_dp(2)
                .normalize()
        };
        let sentiment = scaled(raw_sentiment);
        let judgement = scaled(raw_sentiment - expletive_sentiment);
        let (category, category_source, confidence) =
            self.category(case.category_hint, &scores, judgement, out);

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

    /// The category: the host's hint; else the best evidence that reaches
    /// `min_category_score`; else, for a message whose judgement (its sentiment without
    /// expletives) is at or below `complaint_weak_below`, the best evidence under the
    /// floor ("category.weak"), or, at or below `complaint_below`, `complaint_category`
    /// ("category.complaint"): a buyer who writes only "Enttäuschend, nicht zu
    /// empfehlen" complains about what was bought; else the policy's default.
    fn category(
        &self,
        hint: Option<Category>,
        scores: &Scores,
        judgement: Decimal,
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
        let confidence = |s: Decimal| {
            s.checked_div(s + second + p.confidence_prior.0)
                .unwrap_or_default()
                .round_dp(2)
                .normalize()
        };
        // The thresholds are below 0 (validated), so a neutral message never qualifies.
        let below = |t: Decimal| judgement <= t;
        let (category, source, confidence, reason) = match (hint, best) {
            (Some(c), _) => (c, Source::Hint, Decimal::ONE, "category.hint"),
            (None, Some((c, s))) if s >= p.min_category_score.0 && !s.is_zero() => {
                if scores.text.get(&c).is_some_and(|t| !t.is_zero()) {
                    (c, Source::Text, confidence(s), "category.text")
                } else {
                    (c, Source::Facts, confidence(s), "category.facts")
                }
            }
            (None, Some((c, s))) if below(p.complaint_weak_below.0) && s > Decimal::ZERO => {
                (c, Source::Text, confidence(s), "category.weak")
            }
            _ if below(p.complaint_below.0) => (
                p.complaint_category,
                Source::Text,
                Decimal::ZERO,
                "category.complaint",
            ),
            _ => (
                p.default_category,
                Source::Default,
                Decimal::ZERO,
                "category.default",
            ),
        };
        let step =
            (out.trace.push("triage", "category", reason)).with("category", category.as_str());
        if let Some((c, s)) = best {
            step.with("best", c.as_str())
                .with("score", s.normalize())
                .with("runner_up", second.normalize());
        }
        if matches!(reason, "category.weak" | "category.complaint") {
            step.with("judgement", judgement);
        }
        (category, source, confidence)
    }
}
