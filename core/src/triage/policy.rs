//! The `triage` section of the policy: every threshold and weight of the triage stage.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{language, lexicon, LexiconEntry, Urgency, UrgencyRule};
use crate::case::{Category, ProofOfDelivery};
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

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
    /// A word the text already holds adds no evidence again ("TOPP TOPP TOPP" weighs as
    /// "topp", margin and letters alike), for the first this many distinct words of the
    /// text (0: every occurrence counts; at most 64).
    #[serde(default = "d_language_distinct_words")]
    pub language_distinct_words: u32,
    /// A text of unknown language shorter than this many characters whose every word is
    /// read by the terms of exactly one language lexicon takes that language
    /// ("Betrug!", "Truffa"; `term_language.rs`); 0: never.
    #[serde(default = "d_language_lexicon_max_chars")]
    pub language_lexicon_max_chars: u32,
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
    /// Besides its own language's lexicon, a text is read with the lexicon of the
    /// buyer's language (hint or profile) when that differs.
    #[serde(default)]
    pub hint_lexicon: bool,
    /// The lexicons of this many other languages whose terms the text matches most are
    /// read as well (texts mixing languages: "quero meu refund"); 0 reads only the
    /// text's own (and the hint's, with `hint_lexicon`).
    #[serde(default)]
    pub vote_lexicons: usize,
    /// The languages that vote chooses among: these lexicons (`en`: English words in
    /// texts of any language), the lexicons of the other scripts the text holds, and
    /// those of the `vote_nearest` languages the language model reads the text's Latin
    /// letters most like after its own. Only the lexicons in play and these candidates
    /// are compiled (each on its first text), so the first engine compiles none.
    /// Left out of the policy's canonical form at its default (as is `vote_nearest`), so
    /// a policy that does not set it keeps the hash it had before the key existed.
    #[serde(default = "d_vote_always", skip_serializing_if = "is_d_vote_always")]
    pub vote_always: Vec<String>,
    /// How many of the language model's nearest languages are candidates of the vote
    /// (see `vote_always`); a text whose language is unknown has all of them.
    #[serde(default = "d_vote_nearest", skip_serializing_if = "is_d_vote_nearest")]
    pub vote_nearest: usize,
    /// In a text whose language is clear, a term of such another lexicon counts only
    /// where its words read, to the language model, at least this many nats more like that lexicon's language than like the
    /// text's (both Latin-script model languages): English "refund" in a Portuguese text
    /// counts, Spanish "mal" in a German text ("noch mal") does not.
    #[serde(default = "d_vote_foreign_margin")]
    pub vote_foreign_margin: PolicyDecimal,
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
    /// Where a word meets entries of different kinds through one reduced form, an entry
    /// less close to the word as written than another counts only when at least this
    /// percent of the longer of it and the word stays as it is (Levenshtein): "harto"
    /// reads the signal "harta"; "sıkıntı" does not read the signal "siktir".
    #[serde(default = "d_stem_shared_percent")]
    pub stem_shared_percent: usize,
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
    /// A message whose judgement (its sentiment without `expletives`) is at or below
    /// this and whose category evidence stays under `min_category_score` takes its best
    /// category with any positive evidence. -1 turns it off.
    #[serde(default = "d_complaint_weak_below")]
    pub complaint_weak_below: PolicyDecimal,
    /// A message whose judgement is at or below this and that names no category at all
    /// takes `complaint_category`. -1 turns it off.
    #[serde(default = "d_complaint_below")]
    pub complaint_below: PolicyDecimal,
    /// The category of a clearly negative message that names no problem.
    #[serde(default = "d_complaint_category")]
    pub complaint_category: Category,
    /// Each complaint term also counts this much against sentiment.
    #[serde(default = "d_complaint_sentiment")]
    pub complaint_sentiment: PolicyDecimal,
    /// A category term of a lower weight (or listed under a lexicon's `topics`) names a
    /// topic more than a complaint ("quality", "качество", "客服"): with praise in its
    /// clause, or in a message that praises and holds no other complaint, it counts
    /// nothing against sentiment.
    #[serde(default = "d_topic_below")]
    pub topic_below: PolicyDecimal,
    /// A complaint term overlapping a negative sentiment term (a word listed as both)
    /// counts `complaint_sentiment` this many times.
    #[serde(default = "d_overlap_complaint_factor")]
    pub overlap_complaint_factor: PolicyDecimal,
    /// In a message without an evaluative word (no sentiment term or fixed phrase
    /// counts), a complaint term that alone reaches `min_category_score` counts
    /// `complaint_sentiment` this many times: "The parcel never arrived" reads clearly
    /// negative.
    #[serde(default = "d_factual_complaint_factor")]
    pub factual_complaint_factor: PolicyDecimal,
    /// Around the last contrast cue ("but") of a text, the sentiment and complaint weight
    /// of the terms before it count this many times...
    #[serde(default = "d_contrast_before_factor")]
    pub contrast_before_factor: PolicyDecimal,
    /// ...and of the terms after it this many times.
    #[serde(default = "d_contrast_after_factor")]
    pub contrast_after_factor: PolicyDecimal,
    /// A complaint term after the last contrast cue with no evaluative word after the
    /// cue (the part the buyer comes to tells it as a fact: "Nice colour, but it broke
    /// after a day") counts `complaint_sentiment` this many times, whatever was praised
    /// before the cue; 1 leaves it as any complaint next to praise.
    #[serde(default = "d_turned_fact_factor")]
    pub turned_fact_factor: PolicyDecimal,
    /// Praise in a clause a past-state opener starts (`[scope] past_openers`: "at
    /// first", "anfangs", "最初は") counts this many times when a complaint follows it:
    /// "At first it worked great, then it stopped working".
    #[serde(default = "d_past_praise_factor")]
    pub past_praise_factor: PolicyDecimal,
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
    /// Categories whose terms still count when negated: a negated request is still the
    /// request ("I can't cancel my order" is about cancelling).
    #[serde(default = "d_negation_keeps_categories")]
    pub negation_keeps_categories: Vec<Category>,
    /// Categories whose terms name what the seller does for the buyer (a refund, a
    /// return): with unnegated praise in its clause such a term counts nothing against
    /// sentiment ("Rückerstattung kam schnell"); without it, it is a complaint as before.
    #[serde(default = "d_praised_categories")]
    pub praised_categories: Vec<Category>,
    /// A complaint term the praise is about counts its category weight this many times
    /// (and nothing against sentiment): a term inside an unnegated praise term ("wie
    /// beschrieben" over "beschrieben", "conforme à la description"), or a topic term
    /// with unnegated praise in its clause ("Die Größe passt perfekt"). 0: a praised
    /// topic names no complaint category.
    #[serde(default = "d_affirmed_category_factor")]
    pub affirmed_category_factor: PolicyDecimal,
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
fn d_vote_foreign_margin() -> PolicyDecimal {
    dec("2")
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
fn d_language_lexicon_max_chars() -> u32 {
    20
}
fn d_language_distinct_words() -> u32 {
    64
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
    vec!["common".to_owned()]
}
fn d_vote_always() -> Vec<String> {
    vec!["en".to_owned()]
}
fn d_vote_nearest() -> usize {
    6
}
fn is_d_vote_always(v: &[String]) -> bool {
    v == d_vote_always().as_slice()
}
fn is_d_vote_nearest(n: &usize) -> bool {
    *n == d_vote_nearest()
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
        "ar", "de", "es", "fr", "it", "ko", "nl", "pl", "pt", "ru", "sv", "tr",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}
fn d_min_stem_chars() -> usize {
    3
}
fn d_stem_shared_percent() -> usize {
    60
}
fn d_negated_negative_factor() -> PolicyDecimal {
    dec("0")
}
fn d_negation_keeps_signals() -> Vec<String> {
    vec!["escalation.request".to_owned()]
}
fn d_negation_keeps_categories() -> Vec<Category> {
    vec![Category::Cancellation, Category::ReturnRequest]
}
fn d_praised_categories() -> Vec<Category> {
    vec![Category::RefundStatus, Category::ReturnRequest]
}
fn d_affirmed_category_factor() -> PolicyDecimal {
    dec("0")
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
fn d_contrast_before_factor() -> PolicyDecimal {
    dec("0.75")
}
fn d_contrast_after_factor() -> PolicyDecimal {
    dec("1.25")
}
fn d_turned_fact_factor() -> PolicyDecimal {
    dec("1")
}
fn d_past_praise_factor() -> PolicyDecimal {
    dec("0.25")
}
fn d_complaint_sentiment() -> PolicyDecimal {
    dec("1")
}
fn d_topic_below() -> PolicyDecimal {
    dec("2")
}
fn d_overlap_complaint_factor() -> PolicyDecimal {
    dec("1")
}
fn d_factual_complaint_factor() -> PolicyDecimal {
    dec("2")
}
fn d_negated_sentiment_factor() -> PolicyDecimal {
    dec("-0.5")
}
fn d_sentiment_scale() -> PolicyDecimal {
    dec("3")
}
fn d_complaint_weak_below() -> PolicyDecimal {
    dec("-0.3")
}
fn d_complaint_below() -> PolicyDecimal {
    dec("-0.4")
}
fn d_complaint_category() -> Category {
    Category::QualityDefect
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
            language_lexicon_max_chars: d_language_lexicon_max_chars(),
            language_distinct_words: d_language_distinct_words(),
            language_cjk_weight: d_language_cjk_weight(),
            market_languages: d_market_languages(),
            always_active: d_always_active(),
            hint_lexicon: false,
            vote_lexicons: 1,
            vote_always: d_vote_always(),
            vote_nearest: d_vote_nearest(),
            vote_foreign_margin: d_vote_foreign_margin(),
            max_matches: d_max_matches(),
            fuzzy_min_chars: d_fuzzy_min_chars(),
            prefix_languages: d_prefix_languages(),
            compound_languages: d_compound_languages(),
            compound_min_chars: d_compound_min_chars(),
            min_stem_chars: d_min_stem_chars(),
            stem_shared_percent: d_stem_shared_percent(),
            stem_languages: d_stem_languages(),
            max_text_chars: d_max_text_chars(),
            min_category_score: d_min_category_score(),
            confidence_prior: d_confidence_prior(),
            complaint_weak_below: d_complaint_weak_below(),
            complaint_below: d_complaint_below(),
            complaint_category: d_complaint_category(),
            complaint_sentiment: d_complaint_sentiment(),
            topic_below: d_topic_below(),
            overlap_complaint_factor: d_overlap_complaint_factor(),
            factual_complaint_factor: d_factual_complaint_factor(),
            contrast_before_factor: d_contrast_before_factor(),
            contrast_after_factor: d_contrast_after_factor(),
            turned_fact_factor: d_turned_fact_factor(),
            past_praise_factor: d_past_praise_factor(),
            negated_sentiment_factor: d_negated_sentiment_factor(),
            negated_negative_factor: d_negated_negative_factor(),
            politeness_factor: PolicyDecimal(Decimal::ZERO),
            negation_keeps_signals: d_negation_keeps_signals(),
            negation_keeps_categories: d_negation_keeps_categories(),
            praised_categories: d_praised_categories(),
            affirmed_category_factor: d_affirmed_category_factor(),
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
            stem_shared_percent: self.stem_shared_percent,
            stem_languages: &self.stem_languages,
        }
    }

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
            ("complaint_weak_below", self.complaint_weak_below),
            ("complaint_below", self.complaint_below),
        ] {
            if v.0 < Decimal::NEGATIVE_ONE || v.0 >= Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.{name}"),
                    "must be at least -1 (off) and below 0",
                ));
            }
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
            ("topic_below", self.topic_below),
            ("overlap_complaint_factor", self.overlap_complaint_factor),
            ("factual_complaint_factor", self.factual_complaint_factor),
            ("facts_weight", self.facts_weight),
            ("contrast_before_factor", self.contrast_before_factor),
            ("contrast_after_factor", self.contrast_after_factor),
            ("turned_fact_factor", self.turned_fact_factor),
            ("past_praise_factor", self.past_praise_factor),
            ("affirmed_category_factor", self.affirmed_category_factor),
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
        for (key, list) in [
            ("always_active", &self.always_active),
            ("vote_always", &self.vote_always),
        ] {
            for (i, l) in list.iter().enumerate() {
                if !super::builtin::BUILTIN.iter().any(|(b, _)| b == l) {
                    out.push(Diagnostic::new(
                        "policy.unknown_language",
                        format!("{path}.{key}[{i}]"),
                        format!("no lexicon for language {l:?}"),
                    ));
                }
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
