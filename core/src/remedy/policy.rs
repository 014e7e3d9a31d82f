//! The `[remedy]` section of the policy: rule groups, rules, options and actions.

use super::*;

/// The `remedy` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemedyPolicy {
    /// The currency of a case that has neither an order nor a claimed amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// "Exceed the expectation": outcomes marked `uplift` are raised by this percentage,
    /// caps still applying after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift_pct: Option<PolicyDecimal>,
    /// Where the same SKU and category must get the same remedy: `store_group` (rules may
    /// not test `store.id` unless marked `store_specific`) or `store`.
    #[serde(default)]
    pub consistency: Consistency,
    /// Reply style when no market rule sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_style: Option<String>,
    /// Template language when neither triage nor a market rule gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    /// Approving roles, from the least to the most authority.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Caps on what any option may be worth.
    #[serde(default)]
    pub caps: CapsPolicy,
    /// Rule groups, evaluated in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Market overrides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<MarketRule>,
}

/// Where remedies are kept consistent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Consistency {
    /// The same SKU and category get the same remedy in every store of a group.
    #[default]
    StoreGroup,
    /// Each store may differ.
    Store,
}

/// A group of rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Stable id.
    pub id: String,
    /// First hit or collect all.
    #[serde(default)]
    pub mode: Mode,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// How a group's rules combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Mode {
    /// The first matching rule applies.
    #[default]
    FirstHit,
    /// Every matching rule applies.
    CollectAll,
}

/// A rule: when its condition holds it contributes options, add-ons, actions and notes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, unique in its group.
    pub id: String,
    /// Where the rule comes from (`[004] delay of 3+ days ...`), for the record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The condition; none means always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// Options added to the menu.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionSpec>,
    /// Outcomes added to each of this rule's options ("whichever is chosen").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with_each: Vec<OutcomeSpec>,
    /// Outcomes added to every option of the final menu, whichever rule offered it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_to_menu: Vec<OutcomeSpec>,
    /// The id of this rule's option to recommend; the first rule that names one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
    /// Actions for the host.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionSpec>,
    /// Notes for the host.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteSpec>,
    /// Caps cash outcomes at this percentage of the order total (risk rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_cap_pct: Option<PolicyDecimal>,
    /// When the rule matches, later groups are not evaluated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stop: bool,
    /// The rule may test `store.id` although remedies are kept consistent in the group.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub store_specific: bool,
}

/// One option of a menu, as written in the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Stable id, unique in its rule (`keep_waiting`, `priority_reship`).
    pub id: String,
    /// What the buyer gets.
    pub outcomes: Vec<OutcomeSpec>,
    /// How the option's amounts are rounded: `each` outcome to the minor unit (default),
    /// or the option's `total` once, the rounding difference put on its largest
    /// percentage outcome (the finance team's round(110% x total)).
    #[serde(default, skip_serializing_if = "Rounding::is_each")]
    pub rounding: Rounding,
}

/// How an option's amounts are rounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// Each outcome rounded half-even to the minor unit.
    #[default]
    Each,
    /// The option's exact total rounded once; the outcomes split it.
    Total,
}

impl Rounding {
    fn is_each(&self) -> bool {
        *self == Rounding::Each
    }
}

/// An action for the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// The action type (`freeze_linked_in_transit_orders`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Fixed parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
    /// Adds the buyer's id, linked accounts, store group, order id and dispute kind.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_buyer: bool,
}

pub(super) fn uses_store_id(c: &Condition) -> bool {
    c.field.as_deref() == Some("store.id")
        || c.all.iter().flatten().any(uses_store_id)
        || c.any.iter().flatten().any(uses_store_id)
        || c.not.as_deref().is_some_and(uses_store_id)
}
