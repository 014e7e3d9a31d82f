//! The `remedy` section of an assessment: the offer menu, its outcomes, caps and notes.

use super::*;

/// Who may grant an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Band {
    /// The front line may grant it without asking.
    Auto,
    /// A higher role must approve it.
    NeedsApproval,
    /// No role may grant it, or a cap rules it out.
    Blocked,
}

/// One outcome of an option, with its amount rounded to the currency's minor unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Outcome {
    /// What it is.
    pub kind: Kind,
    /// Its tier.
    pub tier: Tier,
    /// The money involved, after uplift and caps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// A percentage discount (coupons without an amount).
    #[serde(
        default,
        with = "crate::money::decimal_str_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub percent: Option<Decimal>,
    /// Store credit: the bonus included in `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Money>,
    /// Points granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// Reship with priority shipping.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priority: bool,
    /// A coupon for the next order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub next_order: bool,
    /// Days to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The amount was raised by the policy's uplift.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uplifted: bool,
    /// The cap that reduced the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capped_by: Option<String>,
    /// Refunds: the amount split over the claimed order lines, summing exactly to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocation: Vec<LineAmount>,
}

/// Part of an amount attributed to one order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LineAmount {
    /// The line's SKU.
    pub sku: String,
    /// Its share.
    pub amount: Money,
}

/// The cap with the least headroom after an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CapReport {
    /// The cap that reduced an amount of this option, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// The cap with the least headroom left.
    pub tightest: String,
    /// What that cap leaves after this option.
    pub headroom: Money,
}

/// One option offered to the buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Offer {
    /// The option's id in its rule.
    pub id: String,
    /// The rule that offered it (`group.rule`).
    pub rule: Name,
    /// The highest tier among its outcomes.
    pub tier: Tier,
    /// What the buyer gets.
    pub outcomes: Vec<Outcome>,
    /// The sum of its amounts, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    /// The lowest role that may approve it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<Name>,
    /// Auto, needs approval, or blocked.
    pub band: Band,
    /// Why it is blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<String>,
    /// Caps: which bound and the headroom left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caps: Option<CapReport>,
    /// Cash must be paid by then (market rule).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::rfc3339::serialize_opt"
    )]
    pub due_by: Option<DateTime<Utc>>,
}

/// Whether a remedy was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemedyStatus {
    /// At least one option may be granted.
    Offered,
    /// Options were found but every one is blocked.
    Blocked,
    /// Rules matched but offered no option (actions or notes only).
    NoOptions,
    /// No rule of the policy matched this case.
    NoRuleMatched,
}

/// A note for the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Note {
    /// Stable key.
    pub key: String,
    /// Days, where the note is about a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// The rule or market rule that added it.
    pub source: Name,
}

/// The reply template the host should render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Template {
    /// `remedy.<style>.<language>`.
    pub key: String,
    /// The style.
    pub style: String,
    /// The market.
    pub market: String,
    /// The language.
    pub language: String,
}

/// The `remedy` section of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Remedy {
    /// Whether anything is offered.
    pub status: RemedyStatus,
    /// The highest tier among the options that are not blocked.
    pub tier: Option<Tier>,
    /// The menu.
    pub options: Vec<Offer>,
    /// Index into `options` of the recommended one.
    pub recommended: Option<usize>,
    /// The currency of the amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The rules that matched (`group.rule`), in order.
    pub rules: Vec<Name>,
    /// Notes for the host.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The reply template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Template>,
    /// The key under which this remedy is the same in every store of the group:
    /// `group/category/skus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency_key: Option<String>,
}
