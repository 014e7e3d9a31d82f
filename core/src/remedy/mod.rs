//! Remedy: what to offer, at which tier, who may approve it, and within which caps.
//!
//! The `[remedy]` section of the policy holds rule groups (conditions → menus of
//! options), authority roles, caps and market overrides. [`Compiled`] is built once in
//! `Engine::new`: conditions are resolved into typed comparisons on struct fields, so an
//! assessment does no string lookups. Evaluation runs in two steps: [`Evaluator::decide`]
//! computes a compact [`Decision`] (which rules hit, each option's amounts after caps,
//! its approver and band), then the engine renders it into the [`Remedy`] section, the
//! trace and the host's actions.

mod authority;
mod caps;
mod conditions;
mod markets;
mod outcomes;

use crate::explain::Name;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use authority::{Limit, Role};
pub use caps::{BuyerCap, CapsPolicy};
pub use conditions::{field_names, Condition};
pub use markets::{MarketRule, NoteSpec};
pub use outcomes::{allocate, Base, Funding, Kind, OutcomeSpec, PolicyMoney, Tier};

use crate::assessment::Action;
use crate::case::Case;
use crate::engine::{Ctx, Draft};
use crate::error::{Diagnostic, Error};
use crate::facts::Facts;
use crate::money::{Currency, FxConversion, Money};
use crate::policy::{FxTable, Policy, PolicyDecimal};
use crate::risk::RiskAssessment;
use crate::triage::Triage;
use caps::CapState;
use conditions::{Cond, Subject};

// ---------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------

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

fn uses_store_id(c: &Condition) -> bool {
    c.field.as_deref() == Some("store.id")
        || c.all.iter().flatten().any(uses_store_id)
        || c.any.iter().flatten().any(uses_store_id)
        || c.not.as_deref().is_some_and(uses_store_id)
}

impl RemedyPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        let _ = Compiled::compile(self, path, out);
    }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/// Who may grant an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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
pub struct LineAmount {
    /// The line's SKU.
    pub sku: String,
    /// Its share.
    pub amount: Money,
}

/// The cap with the least headroom after an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_by: Option<DateTime<Utc>>,
}

/// Whether a remedy was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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

// ---------------------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct CRule {
    cond: Cond,
    /// `group.rule`, as the trace and the assessment name it.
    name: Name,
    /// `group.rule.option` for each of the rule's options, in order.
    options: Vec<Name>,
}

#[derive(Debug, Clone)]
struct CGroup {
    rules: Vec<CRule>,
}

/// Compiled remedy stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: RemedyPolicy,
    groups: Vec<CGroup>,
    uplift: Decimal,
    /// `markets.<id>` for each market rule, in order.
    market_names: Vec<Name>,
    /// Role names, in order.
    role_names: Vec<Name>,
}

impl Compiled {
    fn compile(p: &RemedyPolicy, path: &str, out: &mut Vec<Diagnostic>) -> Compiled {
        authority::validate(&p.roles, &format!("{path}.roles"), out);
        let roles: Vec<&str> = p.roles.iter().map(|r| r.name.as_str()).collect();
        p.caps.validate(&format!("{path}.caps"), &roles, out);
        markets::validate(&p.markets, &format!("{path}.markets"), out);
        if let Some(u) = p.uplift_pct {
            if u.0 < Decimal::ZERO || u.0 > Decimal::ONE_HUNDRED {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.uplift_pct"),
                    "the uplift runs from 0 to 100 percent",
                ));
            }
        }
        let mut groups = Vec::with_capacity(p.groups.len());
        for (gi, g) in p.groups.iter().enumerate() {
            let gp = format!("{path}.groups[{gi}]");
            if g.id.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{gp}.id"),
                    "a group needs an id",
                ));
            }
            if p.groups.iter().take(gi).any(|o| o.id == g.id) {
                out.push(Diagnostic::new(
                    "policy.remedy.duplicate",
                    format!("{gp}.id"),
                    format!("group `{}` is listed twice", g.id),
                ));
            }
            let mut rules = Vec::with_capacity(g.rules.len());
            for (ri, r) in g.rules.iter().enumerate() {
                let rp = format!("{gp}.rules[{ri}]");
                if r.id.trim().is_empty() {
                    out.push(Diagnostic::new(
                        "policy.empty",
                        format!("{rp}.id"),
                        "a rule needs an id",
                    ));
                }
                if g.rules.iter().take(ri).any(|o| o.id == r.id) {
                    out.push(Diagnostic::new(
                        "policy.remedy.duplicate",
                        format!("{rp}.id"),
                        format!("rule `{}` is listed twice in its group", r.id),
                    ));
                }
                let cond = match &r.when {
                    Some(c) => {
                        if p.consistency == Consistency::StoreGroup
                            && !r.store_specific
                            && uses_store_id(c)
                        {
                            out.push(
                                Diagnostic::new(
                                    "policy.remedy.consistency",
                                    format!("{rp}.when"),
                                    "the rule tests `store.id`, but the same SKU and category must get the same remedy in every store of a group",
                                )
                                .hint("test `store.group`, or mark the rule `store_specific = true`"),
                            );
                        }
                        Cond::compile(c, &format!("{rp}.when"), out)
                    }
                    None => Cond::True,
                };
                for (oi, o) in r.options.iter().enumerate() {
                    let op = format!("{rp}.options[{oi}]");
                    if o.id.trim().is_empty() {
                        out.push(Diagnostic::new(
                            "policy.empty",
                            format!("{op}.id"),
                            "an option needs an id",
                        ));
                    }
                    if r.options.iter().take(oi).any(|x| x.id == o.id) {
                        out.push(Diagnostic::new(
                            "policy.remedy.duplicate",
                            format!("{op}.id"),
                            format!("option `{}` is listed twice in its rule", o.id),
                        ));
                    }
                    if o.outcomes.is_empty() {
                        out.push(Diagnostic::new(
                            "policy.remedy.outcome",
                            format!("{op}.outcomes"),
                            "an option needs at least one outcome",
                        ));
                    }
                    for (k, s) in o.outcomes.iter().enumerate() {
                        s.validate(&format!("{op}.outcomes[{k}]"), out);
                    }
                }
                for (k, s) in r.with_each.iter().enumerate() {
                    s.validate(&format!("{rp}.with_each[{k}]"), out);
                }
                for (k, s) in r.add_to_menu.iter().enumerate() {
                    s.validate(&format!("{rp}.add_to_menu[{k}]"), out);
                }
                if let Some(rec) = &r.recommend {
                    if !r.options.iter().any(|o| &o.id == rec) {
                        out.push(Diagnostic::new(
                            "policy.remedy.recommend",
                            format!("{rp}.recommend"),
                            format!("`{rec}` is not an option of this rule"),
                        ));
                    }
                }
                if let Some(c) = r.cash_cap_pct {
                    if c.0 < Decimal::ZERO {
                        out.push(Diagnostic::new(
                            "policy.out_of_range",
                            format!("{rp}.cash_cap_pct"),
                            "must not be negative",
                        ));
                    }
                }
                let needs_money = r
                    .options
                    .iter()
                    .flat_map(|o| o.outcomes.iter())
                    .chain(r.with_each.iter())
                    .chain(r.add_to_menu.iter())
                    .any(|o| o.kind.funding() != Funding::None);
                if needs_money && p.roles.is_empty() {
                    out.push(
                        Diagnostic::new(
                            "policy.remedy.no_roles",
                            format!("{path}.roles"),
                            "rules grant money but no role may approve it",
                        )
                        .hint("add [[remedy.roles]] entries"),
                    );
                }
                let name = format!("{}.{}", g.id, r.id);
                rules.push(CRule {
                    cond,
                    options: r
                        .options
                        .iter()
                        .map(|o| Name::shared(format!("{name}.{}", o.id)))
                        .collect(),
                    name: Name::shared(name),
                });
            }
            groups.push(CGroup { rules });
        }
        out.dedup();
        Compiled {
            policy: p.clone(),
            groups,
            uplift: p.uplift_pct.map_or(Decimal::ZERO, |u| u.0),
            market_names: p
                .markets
                .iter()
                .map(|m| Name::shared(format!("markets.{}", m.id)))
                .collect(),
            role_names: p
                .roles
                .iter()
                .map(|r| Name::shared(r.name.clone()))
                .collect(),
        }
    }

    pub(crate) fn new(policy: &RemedyPolicy) -> Compiled {
        let mut ignored = Vec::new();
        Compiled::compile(policy, "remedy", &mut ignored)
    }

    pub(crate) fn assess(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        risk: &RiskAssessment,
        out: &mut Draft,
    ) -> Result<Remedy, Error> {
        let subject = Subject {
            case: ctx.case,
            triage,
            risk,
            facts: &ctx.facts,
            fx: &ctx.fx,
        };
        let d = self.decide(&subject, ctx.now);
        Ok(self.render(&subject, &d, out))
    }
}

// ---------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------

/// Where an outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Option,
    WithEach,
    Menu,
    Market,
}

/// An outcome with its computed amounts.
#[derive(Debug, Clone)]
pub struct DecidedOutcome<'p> {
    spec: &'p OutcomeSpec,
    /// The amount after uplift and caps.
    pub amount: Option<Money>,
    /// The store-credit bonus within `amount`.
    pub bonus: Option<Money>,
    /// The cap that reduced it.
    pub capped_by: Option<&'static str>,
}

impl DecidedOutcome<'_> {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        self.spec.kind
    }
}

/// An option with its amounts, caps, approver and band.
#[derive(Debug, Clone)]
pub struct DecidedOption<'p> {
    /// Group and rule indexes of the rule that offered it.
    pub rule: (usize, usize),
    spec: &'p OptionSpec,
    /// Its outcomes.
    pub outcomes: Vec<DecidedOutcome<'p>>,
    /// The highest tier among the outcomes.
    pub tier: Tier,
    /// The sum of the amounts.
    pub value: Option<Money>,
    /// Index of the approving role in the policy.
    pub approver: Option<usize>,
    /// Auto, needs approval, or blocked.
    pub band: Band,
    /// Why blocked.
    pub blocked_by: Option<&'static str>,
    /// The cap that reduced an amount.
    pub bound: Option<&'static str>,
    /// The cap past which the option needs a higher approver (`approve_past`).
    pub raised_by: Option<&'static str>,
    /// The cap with the least headroom left, and that headroom.
    pub tightest: Option<(&'static str, Money)>,
    /// Every cap that applies to the option: its name, its limit (unknown when it could
    /// not be converted), what was used before the option and after it.
    pub cap_use: Vec<CapUse>,
}

impl DecidedOption<'_> {
    /// The option's id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }
}

/// How an option used one cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapUse {
    /// The cap's name (`per_claim`, `per_order`, `per_buyer`, `guarantee_pool`, `cash`,
    /// `credit`, `risk_cash`).
    pub name: &'static str,
    /// Its limit in the case's currency; `None` when it could not be converted.
    pub limit: Option<Money>,
    /// Used before this option (compensation already given, the buyer's window).
    pub before: Money,
    /// Used once this option is granted.
    pub after: Money,
}

/// The compact result of evaluating the remedy rules for one case.
#[derive(Debug, Clone)]
pub struct Decision<'p> {
    /// Group and rule indexes of the rules that matched, in order.
    pub hits: Vec<(usize, usize)>,
    /// The menu.
    pub options: Vec<DecidedOption<'p>>,
    /// Index of the recommended option.
    pub recommended: Option<usize>,
    /// The currency of the amounts.
    pub currency: Option<Currency>,
    /// Exchange conversions made (conditions, fixed amounts, caps, limits).
    pub conversions: Vec<FxConversion>,
    /// The market rule that moved the recommendation off cash, if any.
    pub prefer_non_cash: Option<usize>,
}

impl Compiled {
    fn rule(&self, (g, r): (usize, usize)) -> Option<&Rule> {
        self.policy.groups.get(g).and_then(|g| g.rules.get(r))
    }

    fn market_rules<'a, 'm>(
        &'a self,
        market: &'m str,
    ) -> impl Iterator<Item = (usize, &'a MarketRule)> + use<'a, 'm> {
        self.policy
            .markets
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.markets.iter().any(|c| c == market))
    }

    /// Evaluates the rules and computes every option.
    fn decide<'p>(&'p self, s: &Subject<'_>, now: DateTime<Utc>) -> Decision<'p> {
        let mut conv = Vec::new();
        let mut hits = Vec::with_capacity(4);
        'groups: for (gi, g) in self.groups.iter().enumerate() {
            let Some(pg) = self.policy.groups.get(gi) else {
                continue;
            };
            for (ri, r) in g.rules.iter().enumerate() {
                if r.cond.eval(s, &mut conv) {
                    hits.push((gi, ri));
                    let stop = pg.rules.get(ri).is_some_and(|r| r.stop);
                    if stop {
                        break 'groups;
                    }
                    if pg.mode == Mode::FirstHit {
                        break;
                    }
                }
            }
        }
        let case = s.case;
        let Some(currency) = case_currency(case, self.policy.currency) else {
            return Decision {
                hits,
                options: Vec::new(),
                recommended: None,
                currency: None,
                conversions: conv,
                prefer_non_cash: None,
            };
        };
        let risk_cash = hits
            .iter()
            .filter_map(|h| self.rule(*h).and_then(|r| r.cash_cap_pct))
            .map(|p| p.0)
            .min();
        let caps = caps::resolve(
            &self.policy.caps,
            case,
            currency,
            now,
            s.fx,
            risk_cash,
            &mut conv,
        );
        let market = case.market();
        // Outcomes added to every option: from the rules, then the markets.
        let mut menu_wide: Vec<(&OutcomeSpec, From)> = Vec::new();
        for h in &hits {
            if let Some(r) = self.rule(*h) {
                menu_wide.extend(r.add_to_menu.iter().map(|o| (o, From::Menu)));
            }
        }
        for (_, m) in self.market_rules(market) {
            menu_wide.extend(m.add_to_all.iter().map(|o| (o, From::Market)));
        }
        let n_options = hits
            .iter()
            .filter_map(|h| self.rule(*h))
            .map(|r| r.options.len())
            .sum();
        let mut options = Vec::with_capacity(n_options);
        for h in &hits {
            let Some(r) = self.rule(*h) else { continue };
            for o in &r.options {
                let specs = o
                    .outcomes
                    .iter()
                    .map(|x| (x, From::Option))
                    .chain(r.with_each.iter().map(|x| (x, From::WithEach)))
                    .chain(menu_wide.iter().copied());
                options.push(self.option(*h, o, specs, s, currency, &caps, &mut conv));
            }
        }
        // Recommendation.
        let usable = |o: &DecidedOption<'_>| o.band != Band::Blocked;
        let mut recommended = None;
        for h in &hits {
            if let Some(rec) = self.rule(*h).and_then(|r| r.recommend.as_ref()) {
                recommended = options
                    .iter()
                    .position(|o| o.rule == *h && &o.spec.id == rec && usable(o));
                if recommended.is_some() {
                    break;
                }
            }
        }
        if recommended.is_none() {
            recommended = options.iter().position(usable);
        }
        let mut prefer_non_cash = None;
        if let Some(mi) = self
            .market_rules(market)
            .filter(|(_, m)| m.prefer_non_cash)
            .map(|(i, _)| i)
            .next()
        {
            let pays_cash = |o: &DecidedOption<'_>| {
                o.outcomes
                    .iter()
                    .any(|x| x.spec.kind.funding() == Funding::Cash)
            };
            if recommended
                .and_then(|i| options.get(i))
                .is_some_and(pays_cash)
            {
                if let Some(i) = options.iter().position(|o| usable(o) && !pays_cash(o)) {
                    recommended = Some(i);
                    prefer_non_cash = Some(mi);
                }
            }
        }
        Decision {
            hits,
            options,
            recommended,
            currency: Some(currency),
            conversions: conv,
            prefer_non_cash,
        }
    }

    /// Computes one option: amounts, uplift, caps, approver, band.
    #[allow(clippy::too_many_arguments)]
    fn option<'p>(
        &'p self,
        rule: (usize, usize),
        spec: &'p OptionSpec,
        outcomes: impl Iterator<Item = (&'p OutcomeSpec, From)>,
        s: &Subject<'_>,
        currency: Currency,
        caps: &[CapState],
        conv: &mut Vec<FxConversion>,
    ) -> DecidedOption<'p> {
        let pool = &self.policy.caps.guarantee_pool_kinds;
        // At most seven caps exist; a fixed array avoids an allocation per option.
        let mut used = [Money::zero(currency); 8];
        for (u, c) in used.iter_mut().zip(caps) {
            *u = c.used;
        }
        let mut blocked_by = None;
        let mut bound = None;
        // The least role that may approve past a cap that raises the approver.
        let mut raised: Option<(usize, &'static str)> = None;
        let mut list = Vec::with_capacity(outcomes.size_hint().0);
        for (o, from) in outcomes {
            // A menu-wide or market add-on the option already has (an apology, a gift)
            // is not given twice.
            if matches!(from, From::Menu | From::Market)
                && list
                    .iter()
                    .any(|x: &DecidedOutcome<'_>| x.spec.kind == o.kind)
            {
                continue;
            }
            let (amount, bonus) = match self.amount(o, s, currency, conv) {
                Ok(v) => v,
                Err(why) => {
                    blocked_by.get_or_insert(why);
                    (None, None)
                }
            };
            let mut d = DecidedOutcome {
                spec: o,
                amount,
                bonus,
                capped_by: None,
            };
            if let Some(a) = d.amount {
                let mut granted = a.amount.max(Decimal::ZERO);
                for (c, u) in caps.iter().zip(used.iter()) {
                    if !c.applies(o.kind, pool) {
                        continue;
                    }
                    let Some(limit) = c.limit else {
                        blocked_by.get_or_insert(c.unknown);
                        granted = Decimal::ZERO;
                        continue;
                    };
                    let left = limit
                        .amount
                        .checked_sub(u.amount)
                        .unwrap_or(Decimal::ZERO)
                        .max(Decimal::ZERO);
                    if granted > left {
                        if let Some(r) = self.raise_to(c.name) {
                            if raised.is_none_or(|(i, _)| r > i) {
                                raised = Some((r, c.name));
                            }
                            continue;
                        }
                        granted = left;
                        d.capped_by = Some(c.name);
                    }
                }
                for (c, u) in caps.iter().zip(used.iter_mut()) {
                    if c.applies(o.kind, pool) {
                        u.amount = u.amount.checked_add(granted).unwrap_or(Decimal::MAX);
                    }
                }
                if let Some(cap) = d.capped_by {
                    let g = Money::new(granted, a.currency).rounded();
                    if o.kind == Kind::FullRefund {
                        blocked_by.get_or_insert(cap);
                    }
                    d.bonus = match (d.bonus, o.bonus_pct) {
                        (Some(_), Some(b)) => {
                            let share = b.0.checked_div(Decimal::ONE_HUNDRED + b.0);
                            share.and_then(|sh| g.checked_mul(sh).ok())
                        }
                        (b, _) => b,
                    };
                    d.amount = Some(g);
                }
                if d.amount.is_some_and(|m| m.amount.is_zero()) && d.capped_by.is_some() {
                    if from == From::Option {
                        blocked_by.get_or_insert(d.capped_by.unwrap_or("cap"));
                    } else {
                        continue; // an add-on the caps leave no room for is dropped
                    }
                }
                if let Some(cap) = d.capped_by {
                    bound.get_or_insert(cap);
                }
            }
            list.push(d);
        }
        let tier = list.iter().map(|o| o.spec.tier()).max().unwrap_or(Tier::L1);
        let mut value: Option<Money> = None;
        for a in list.iter().filter_map(|o| o.amount) {
            value = Some(match value {
                None => a,
                Some(v) => v.checked_add(a).unwrap_or(v),
            });
        }
        let mut tightest: Option<(&'static str, Money)> = None;
        let mut cap_use = Vec::new();
        for (c, u) in caps.iter().zip(used.iter()) {
            if !list
                .iter()
                .any(|o| o.amount.is_some() && c.applies(o.spec.kind, pool))
            {
                continue;
            }
            cap_use.push(CapUse {
                name: c.name,
                limit: c.limit,
                before: c.used,
                after: *u,
            });
            let Some(l) = c.limit else { continue };
            let left = l
                .amount
                .checked_sub(u.amount)
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let left = Money::new(left, l.currency).rounded();
            if tightest.is_none_or(|(_, t)| left.amount < t.amount) {
                tightest = Some((c.name, left));
            }
        }
        let total = s.case.order.as_ref().map(|o| o.total);
        let least = raised.map_or(0, |(i, _)| i);
        let approver = self.policy.roles.iter().enumerate().position(|(i, r)| {
            let kinds = list.iter().map(|o| o.spec.kind);
            i >= least && authority::may_approve(r, kinds, value, total, s.fx, conv)
        });
        if approver.is_none() {
            blocked_by.get_or_insert("no_approver");
        }
        let band = match (blocked_by, approver.and_then(|i| self.policy.roles.get(i))) {
            (Some(_), _) | (None, None) => Band::Blocked,
            (None, Some(r)) if r.auto => Band::Auto,
            _ => Band::NeedsApproval,
        };
        DecidedOption {
            rule,
            spec,
            outcomes: list,
            tier,
            value,
            approver: if blocked_by.is_some() { None } else { approver },
            band,
            blocked_by,
            bound,
            raised_by: raised.map(|(_, c)| c),
            tightest,
            cap_use,
        }
    }

    /// The index of the role that must approve past cap `name`, when the policy lets that
    /// cap raise the approver instead of binding.
    fn raise_to(&self, name: &str) -> Option<usize> {
        let role = self.policy.caps.approve_past.get(name)?;
        self.policy.roles.iter().position(|r| &r.name == role)
    }

    /// The amount (and store-credit bonus) of an outcome before caps.
    fn amount(
        &self,
        o: &OutcomeSpec,
        s: &Subject<'_>,
        currency: Currency,
        conv: &mut Vec<FxConversion>,
    ) -> Result<(Option<Money>, Option<Money>), &'static str> {
        let money_kind = o.kind.funding() != Funding::None;
        if !money_kind {
            return Ok((None, None));
        }
        if o.kind == Kind::Coupon && o.fixed.is_none() && o.of.is_none() {
            return Ok((None, None)); // a percentage discount code
        }
        let base_amount = |b: Base| base(s.case, b, currency);
        let mut amount = if o.kind == Kind::FullRefund {
            Some(base_amount(Base::OrderTotal).ok_or("amount_unknown")?)
        } else if let Some(f) = o.fixed {
            let m = f.money();
            if m.currency == currency {
                Some(m.rounded())
            } else {
                let x = s.fx.convert(m, currency).ok_or("fx_missing")?;
                let to = x.to;
                if !conv.contains(&x) {
                    conv.push(x);
                }
                Some(to)
            }
        } else if let Some(p) = o.pct {
            let b = base_amount(o.of.unwrap_or_default()).ok_or("amount_unknown")?;
            Some(outcomes::pct_of(b, p.0).ok_or("overflow")?)
        } else if o.kind == Kind::ShippingRefund {
            Some(base_amount(Base::Shipping).ok_or("amount_unknown")?)
        } else {
            None
        };
        if o.uplift {
            if let Some(a) = amount {
                let f = Decimal::ONE_HUNDRED
                    .checked_add(self.uplift)
                    .ok_or("overflow")?;
                amount = Some(outcomes::pct_of(a, f).ok_or("overflow")?);
            }
        }
        let mut bonus = None;
        if let (Some(a), Some(b)) = (amount, o.bonus_pct) {
            let extra = outcomes::pct_of(a, b.0).ok_or("overflow")?;
            bonus = Some(extra);
            amount = Some(a.checked_add(extra).map_err(|_| "overflow")?);
        }
        Ok((amount, bonus))
    }
}

/// The currency of a case's amounts: the order's, else the claim's, else the policy's,
/// else US dollars.
fn case_currency(case: &Case, fallback: Option<Currency>) -> Option<Currency> {
    case.order
        .as_ref()
        .map(|o| o.total.currency)
        .or_else(|| {
            case.claim
                .as_ref()
                .and_then(|c| c.amount)
                .map(|m| m.currency)
        })
        .or(fallback)
        .or_else(|| Currency::from_code("USD"))
}

/// The amount a percentage is taken of.
fn base(case: &Case, b: Base, currency: Currency) -> Option<Money> {
    let order = case.order.as_ref().filter(|o| o.total.currency == currency);
    let items_value = |only_claimed: bool| -> Option<Money> {
        let o = order?;
        if o.items.is_empty() {
            return None;
        }
        let claimed = case
            .claim
            .as_ref()
            .map(|c| c.skus.as_slice())
            .unwrap_or_default();
        let mut sum = Money::zero(currency);
        for it in &o.items {
            if only_claimed && !claimed.is_empty() && !claimed.contains(&it.sku) {
                continue;
            }
            let line = it.unit_price.checked_mul(Decimal::from(it.quantity)).ok()?;
            sum = sum.checked_add(line).ok()?;
        }
        Some(sum)
    };
    match b {
        Base::OrderTotal => order.map(|o| o.total),
        Base::Claim => case
            .claim
            .as_ref()
            .and_then(|c| c.amount)
            .filter(|m| m.currency == currency)
            .or_else(|| order.map(|o| o.total)),
        Base::Items => items_value(true).or_else(|| order.map(|o| o.total)),
        Base::Shipping => {
            let items = items_value(false)?;
            let o = order?;
            let s = o.total.checked_sub(items).ok()?;
            Some(if s.amount < Decimal::ZERO {
                Money::zero(currency)
            } else {
                s
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

impl Compiled {
    fn compiled_rule(&self, (g, r): (usize, usize)) -> Option<&CRule> {
        self.groups.get(g).and_then(|g| g.rules.get(r))
    }

    fn rule_name(&self, at: (usize, usize)) -> Name {
        self.compiled_rule(at)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    }

    /// `group.rule.option`: precompiled for the rule's own options, built for the
    /// options a menu or market adds.
    fn option_name(&self, o: &DecidedOption<'_>, rule: &Name) -> Name {
        let own = self.rule(o.rule).and_then(|r| {
            r.options
                .iter()
                .position(|x| std::ptr::eq(x, o.spec))
                .and_then(|i| self.compiled_rule(o.rule)?.options.get(i).cloned())
        });
        own.unwrap_or_else(|| Name::from(format!("{rule}.{}", o.spec.id)))
    }

    fn market_name(&self, i: usize) -> Name {
        self.market_names.get(i).cloned().unwrap_or_default()
    }

    fn render(&self, s: &Subject<'_>, d: &Decision<'_>, out: &mut Draft) -> Remedy {
        let case = s.case;
        let market = case.market();
        let rules: Vec<Name> = d.hits.iter().map(|h| self.rule_name(*h)).collect();
        for (h, name) in d.hits.iter().zip(&rules) {
            let step = out
                .trace
                .push("remedy", name.clone(), "remedy.rule_matched");
            if let Some(r) = self.rule(*h) {
                if !r.source.is_empty() {
                    step.with("source", r.source.clone());
                }
                if r.stop {
                    step.with("stop", true);
                }
            }
        }
        if d.hits.is_empty() {
            out.trace
                .push("remedy", "rule_groups", "remedy.no_rule_matched");
        }
        for x in &d.conversions {
            out.trace
                .push("remedy", "fx", "remedy.fx_converted")
                .with("from", x.from)
                .with("to", x.to)
                .with("rate", x.rate)
                .with("source", x.source.clone());
        }
        // Market overrides.
        let mut notes: Vec<Note> = Vec::new();
        let mut add_note = |n: &NoteSpec, source: Name| {
            if !notes.iter().any(|x| x.key == n.key) {
                notes.push(Note {
                    key: n.key.clone(),
                    days: n.days,
                    source,
                });
            }
        };
        for (h, name) in d.hits.iter().zip(&rules) {
            if let Some(r) = self.rule(*h) {
                for n in &r.notes {
                    add_note(n, name.clone());
                }
            }
        }
        let mut style = self.policy.default_style.clone();
        let mut market_lang = None;
        let mut due = None;
        for (mi, m) in self.market_rules(market) {
            let step = out
                .trace
                .push("remedy", self.market_name(mi), "remedy.market_override")
                .with("market", market.to_owned());
            if let Some(w) = m.refund_within {
                due = case.received_at.checked_add_signed(w.to_chrono());
                step.with("refund_within", w.to_string());
            }
            for n in &m.notes {
                add_note(n, self.market_name(mi));
            }
            if m.style.is_some() {
                style.clone_from(&m.style);
            }
            if m.language.is_some() {
                market_lang.clone_from(&m.language);
            }
        }
        if let Some(mi) = d.prefer_non_cash {
            if self.policy.markets.get(mi).is_some() {
                out.trace
                    .push("remedy", self.market_name(mi), "remedy.prefer_non_cash")
                    .with("recommended", d.recommended.map_or(-1, |i| i as i64));
            }
        }
        let language = s
            .triage
            .language
            .as_deref()
            .map(|l| l.split('-').next().unwrap_or(l).to_ascii_lowercase())
            .or(market_lang)
            .or_else(|| self.policy.default_language.clone());
        let template = match (style, language) {
            (Some(style), Some(language)) if !d.options.is_empty() || !d.hits.is_empty() => {
                Some(Template {
                    key: format!("remedy.{style}.{language}"),
                    style,
                    market: market.to_owned(),
                    language,
                })
            }
            _ => None,
        };
        // Options.
        let mut options = Vec::with_capacity(d.options.len());
        for (i, o) in d.options.iter().enumerate() {
            let rule = self.rule_name(o.rule);
            let outcomes = o
                .outcomes
                .iter()
                .map(|x| self.render_outcome(s, x))
                .collect();
            let pays_cash = o
                .outcomes
                .iter()
                .any(|x| x.spec.kind.funding() == Funding::Cash);
            let approver = o.approver.and_then(|i| self.role_names.get(i)).cloned();
            let caps = o.tightest.map(|(name, left)| CapReport {
                bound: o.bound.map(str::to_owned),
                tightest: name.to_owned(),
                headroom: left,
            });
            let step = out
                .trace
                .push("remedy", self.option_name(o, &rule), band_reason(o.band))
                .with("option", i as u64)
                .with("tier", o.tier.as_str());
            if let Some(v) = o.value {
                step.with("value", v);
            }
            if let Some(a) = &approver {
                step.with("approver", a.clone());
            }
            if let Some(b) = o.blocked_by {
                step.with("blocked_by", b);
            }
            if let Some(c) = o.raised_by {
                step.with("approval_raised_by", c);
            }
            for c in &o.cap_use {
                let (limit, used) = caps::trace_keys(c.name);
                if let Some(l) = c.limit {
                    step.with(limit, l);
                }
                step.with(used, c.after.rounded());
            }
            options.push(Offer {
                id: o.spec.id.clone(),
                rule,
                tier: o.tier,
                outcomes,
                value: o.value,
                approver,
                band: o.band,
                blocked_by: o.blocked_by.map(str::to_owned),
                caps,
                due_by: if pays_cash { due } else { None },
            });
        }
        if let Some(i) = d.recommended {
            out.trace
                .push("remedy", "menu", "remedy.recommended")
                .with("option", i as u64);
        }
        // Actions.
        for (h, name) in d.hits.iter().zip(&rules) {
            let Some(r) = self.rule(*h) else { continue };
            for a in &r.actions {
                let mut params = a.params.clone();
                params.insert("rule".into(), name.as_str().into());
                if a.with_buyer {
                    if let Some(b) = &case.buyer {
                        params.insert("buyer_id".into(), b.id.clone().into());
                        params.insert("linked_accounts".into(), b.linked_accounts.clone().into());
                    }
                    if let Some(g) = &case.store.group {
                        params.insert("store_group".into(), g.clone().into());
                    }
                    if let Some(o) = &case.order {
                        params.insert("order_id".into(), o.id.clone().into());
                    }
                    if let Some(dk) = &case.dispute {
                        params.insert(
                            "dispute_kind".into(),
                            serde_json::to_value(dk.kind).unwrap_or_default(),
                        );
                    }
                }
                out.trace
                    .push("remedy", name.clone(), "remedy.action")
                    .with("type", a.kind.clone());
                out.actions.push(Action {
                    kind: a.kind.clone(),
                    due_at: None,
                    params,
                });
            }
        }
        // Consistency across the store group.
        let consistency_key = match (self.policy.consistency, &case.store.group) {
            (Consistency::StoreGroup, Some(g)) if !d.hits.is_empty() => {
                let mut skus: Vec<&str> = match &case.claim {
                    Some(c) if !c.skus.is_empty() => c.skus.iter().map(String::as_str).collect(),
                    _ => case
                        .order
                        .as_ref()
                        .map(|o| o.items.iter().map(|i| i.sku.as_str()).collect())
                        .unwrap_or_default(),
                };
                skus.sort_unstable();
                skus.dedup();
                let key = format!("{g}/{}/{}", s.triage.category.as_str(), skus.join("+"));
                out.trace
                    .push(
                        "remedy",
                        "consistency.store_group",
                        "remedy.same_remedy_in_group",
                    )
                    .with("key", key.clone())
                    .with("rules", rules.clone());
                Some(key)
            }
            _ => None,
        };
        let status = if options.iter().any(|o| o.band != Band::Blocked) {
            RemedyStatus::Offered
        } else if !options.is_empty() {
            RemedyStatus::Blocked
        } else if !d.hits.is_empty() {
            RemedyStatus::NoOptions
        } else {
            RemedyStatus::NoRuleMatched
        };
        Remedy {
            status,
            tier: options
                .iter()
                .filter(|o| o.band != Band::Blocked)
                .map(|o| o.tier)
                .max(),
            options,
            recommended: d.recommended,
            currency: d.currency,
            rules,
            notes,
            template,
            consistency_key,
        }
    }

    fn render_outcome(&self, s: &Subject<'_>, x: &DecidedOutcome<'_>) -> Outcome {
        let o = x.spec;
        let percent = match (o.kind, o.pct, x.amount) {
            (Kind::Coupon, Some(p), None) => Some(p.0.normalize()),
            _ => None,
        };
        let allocation = match (o.kind.funding(), x.amount) {
            (Funding::Cash, Some(a)) if !a.amount.is_zero() => lines(s.case, a),
            _ => Vec::new(),
        };
        Outcome {
            kind: o.kind,
            tier: o.tier(),
            amount: x.amount,
            percent,
            bonus: x.bonus,
            points: o.points,
            priority: o.priority,
            next_order: o.next_order,
            days: o.days,
            uplifted: o.uplift && x.amount.is_some(),
            capped_by: x.capped_by.map(str::to_owned),
            allocation,
        }
    }
}

/// Splits a refund over the claimed order lines in proportion to their value.
fn lines(case: &Case, amount: Money) -> Vec<LineAmount> {
    let Some(o) = case.order.as_ref() else {
        return Vec::new();
    };
    let claimed = case
        .claim
        .as_ref()
        .map(|c| c.skus.as_slice())
        .unwrap_or_default();
    let items: Vec<_> = o
        .items
        .iter()
        .filter(|i| claimed.is_empty() || claimed.contains(&i.sku))
        .filter(|i| i.unit_price.currency == amount.currency)
        .collect();
    if items.len() < 2 {
        return Vec::new();
    }
    let weights: Vec<Decimal> = items
        .iter()
        .map(|i| {
            i.unit_price
                .amount
                .checked_mul(Decimal::from(i.quantity))
                .unwrap_or(Decimal::ZERO)
        })
        .collect();
    match allocate(amount, &weights) {
        Some(parts) => items
            .iter()
            .zip(parts)
            .map(|(i, a)| LineAmount {
                sku: i.sku.clone(),
                amount: a,
            })
            .collect(),
        None => Vec::new(),
    }
}

fn band_reason(b: Band) -> &'static str {
    match b {
        Band::Auto => "remedy.option_auto",
        Band::NeedsApproval => "remedy.option_needs_approval",
        Band::Blocked => "remedy.option_blocked",
    }
}

// ---------------------------------------------------------------------------------------
// Public evaluator (for hosts and benches that want the remedy stage alone)
// ---------------------------------------------------------------------------------------

/// The remedy stage on its own: compiled once from a policy, evaluated per case with
/// the triage and risk results the host already has.
///
/// ```
/// use amends::{api, Policy};
/// use amends::remedy::Evaluator;
/// let ev = Evaluator::new(&Policy::default_policy().unwrap()).unwrap();
/// let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
///   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"}, "channel": "chat",
///   "category_hint": "service"}"#).unwrap();
/// let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
/// let prepared = ev.prepare(&case, now);
/// let triage = amends::Engine::default().assess(&case, now).unwrap().triage;
/// let risk = amends::Engine::default().assess(&case, now).unwrap().risk;
/// let d = ev.decide(&case, &triage, &risk, &prepared, now);
/// assert!(!d.hits.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Evaluator {
    compiled: Compiled,
    /// The policy's exchange rates, built once; each case may add its own.
    fx: FxTable,
    base: Option<Currency>,
}

/// What [`Evaluator::prepare`] derives from a case once: rates and facts.
#[derive(Debug, Clone)]
pub struct Prepared {
    fx: FxTable,
    facts: Facts,
}

impl Evaluator {
    /// Validates the policy and compiles its remedy section.
    pub fn new(policy: &Policy) -> Result<Evaluator, Error> {
        let diags = policy.validate();
        if !diags.is_empty() {
            return Err(Error::Policy(diags));
        }
        Ok(Evaluator {
            compiled: Compiled::new(&policy.remedy),
            fx: FxTable::new(policy.fx.as_ref(), &[]),
            base: policy.fx.as_ref().map(|f| f.base),
        })
    }

    /// Derives the rates and facts of a case at `now`.
    pub fn prepare(&self, case: &Case, now: DateTime<Utc>) -> Prepared {
        let fx = self.fx.with_case(&case.fx_rates);
        let facts = Facts::derive(case, now, &fx, self.base);
        Prepared { fx, facts }
    }

    /// Evaluates the rules, amounts, caps and approvals: the compact decision.
    pub fn decide<'p>(
        &'p self,
        case: &Case,
        triage: &Triage,
        risk: &RiskAssessment,
        prepared: &Prepared,
        now: DateTime<Utc>,
    ) -> Decision<'p> {
        let s = Subject {
            case,
            triage,
            risk,
            facts: &prepared.facts,
            fx: &prepared.fx,
        };
        self.compiled.decide(&s, now)
    }

    /// The full `remedy` section with its trace steps and actions.
    pub fn evaluate(
        &self,
        case: &Case,
        triage: &Triage,
        risk: &RiskAssessment,
        prepared: &Prepared,
        now: DateTime<Utc>,
    ) -> (Remedy, crate::explain::Trace, Vec<Action>) {
        let s = Subject {
            case,
            triage,
            risk,
            facts: &prepared.facts,
            fx: &prepared.fx,
        };
        let d = self.compiled.decide(&s, now);
        let mut out = Draft::default();
        let r = self.compiled.render(&s, &d, &mut out);
        (r, out.trace, out.actions)
    }

    /// The roles of the policy, by index (as in [`DecidedOption::approver`]).
    pub fn roles(&self) -> &[Role] {
        &self.compiled.policy.roles
    }
}
