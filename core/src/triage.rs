//! Triage: language, category, sentiment and urgency from text and facts.
//!
//! Until the lexicons land this stage uses the host's hints and the policy's defaults,
//! and says so in `language_source` and `category_source`.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Category;
use crate::engine::{Ctx, Draft};
use crate::error::Diagnostic;

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriagePolicy {
    /// Category when neither the host nor the text says.
    #[serde(default)]
    pub default_category: Category,
    /// Urgency when no rule raises it.
    #[serde(default)]
    pub default_urgency: Urgency,
}

impl TriagePolicy {
    pub(crate) fn validate(&self, _path: &str, _out: &mut Vec<Diagnostic>) {}
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
    /// Named signals seen (e.g. `threat.chargeback`).
    pub signals: Vec<String>,
}

/// Compiled triage stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: TriagePolicy,
}

impl Compiled {
    pub(crate) fn new(policy: &TriagePolicy) -> Compiled {
        Compiled {
            policy: policy.clone(),
        }
    }

    pub(crate) fn assess(&self, ctx: &Ctx<'_>, out: &mut Draft) -> Triage {
        let case = ctx.case;
        let (language, language_source) = match (
            &case.language_hint,
            case.buyer.as_ref().and_then(|b| b.language.as_ref()),
        ) {
            (Some(l), _) => (Some(l.clone()), Source::Hint),
            (None, Some(l)) => (Some(l.clone()), Source::Buyer),
            (None, None) => (None, Source::None),
        };
        let (category, category_source, confidence) = match case.category_hint {
            Some(c) => (c, Source::Hint, Decimal::ONE),
            None => (self.policy.default_category, Source::Default, Decimal::ZERO),
        };
        out.trace
            .push(
                "triage",
                "category",
                format!("category.{}", category_source_name(category_source)),
            )
            .with("category", category.as_str());
        Triage {
            language,
            language_source,
            category,
            category_source,
            confidence,
            sentiment: Decimal::ZERO,
            urgency: self.policy.default_urgency,
            signals: Vec::new(),
        }
    }
}

fn category_source_name(s: Source) -> &'static str {
    match s {
        Source::Hint => "hint",
        Source::Buyer => "buyer",
        Source::Text => "text",
        Source::Facts => "facts",
        Source::Default => "default",
        Source::None => "none",
    }
}
