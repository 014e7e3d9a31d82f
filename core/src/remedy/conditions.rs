//! Conditions of remedy rules: `all` / `any` / `not` over typed comparisons on the case,
//! its triage and risk results and the derived facts.
//!
//! A condition is written in the policy as a table:
//!
//! ```toml
//! when = { all = [
//!   { field = "category", in = ["delivery_delay", "not_received"] },
//!   { field = "delay_days", gte = 3, lt = 45 },
//!   { field = "order.total", gte = "500", currency = "USD" },
//! ] }
//! ```
//!
//! Field names are resolved once, when the policy is compiled, into a [`Field`] and each
//! constant into its typed form; an unknown field, an unknown enum value or a comparison
//! the field's type does not support is a load-time diagnostic with its path. Evaluation
//! then reads struct fields directly: no string lookups.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{
    Case, Category, Channel, ClaimKind, DisputeKind, LoyaltyTier, Marketplace, ShipmentStatus,
};
use crate::error::Diagnostic;
use crate::facts::Facts;
use crate::fx::FxTable;
use crate::money::{Currency, FxConversion, Money};
use crate::risk::{RiskAction, RiskAssessment};
use crate::triage::{Triage, Urgency};

/// A condition as written in the policy. Exactly one of `all`, `any`, `not` or `field`;
/// with `field`, one or more comparisons, all of which must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Every sub-condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// At least one sub-condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// The sub-condition does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
    /// The field compared (see the field table in the remedy guide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<serde_json::Value>,
    /// Not equal to. Like every comparison, false when the field has no value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ne: Option<serde_json::Value>,
    /// One of.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub in_: Option<Vec<serde_json::Value>>,
    /// None of. False when the field has no value (use `exists` to test for that).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<serde_json::Value>>,
    /// Greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<serde_json::Value>,
    /// Greater than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<serde_json::Value>,
    /// Less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<serde_json::Value>,
    /// Less than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<serde_json::Value>,
    /// Whether the field has a value at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// For money fields: the currency the constants are written in. The case's amount is
    /// converted into it at the case's or the policy's rate, and the conversion recorded.
    /// Without it the constants are in the case's own currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
}

/// The type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Int,
    Dec,
    Money,
    Bool,
    Str,
    /// An enumeration: the names in declaration order; `ordered` allows `gt`/`lt`.
    Sym(&'static [&'static str], bool),
    /// A list of strings (any element matches).
    StrList,
}

const CATEGORY: &[&str] = &[
    "not_received",
    "delivery_delay",
    "damaged",
    "wrong_item",
    "not_as_described",
    "size_fit",
    "quality_defect",
    "missing_parts",
    "customs_duties",
    "payment",
    "refund_status",
    "return_request",
    "cancellation",
    "service",
    "other",
];
const URGENCY: &[&str] = &["red", "orange", "yellow", "green"];
const RISK_ACTION: &[&str] = &["proceed", "collect_evidence", "manual_review"];
const TIER: &[&str] = &["none", "silver", "gold", "platinum"];
const MARKETPLACE: &[&str] = &[
    "amazon",
    "ebay",
    "aliexpress",
    "shopify",
    "own_site",
    "other",
];
const CHANNEL: &[&str] = &[
    "email",
    "chat",
    "social",
    "phone",
    "marketplace_message",
    "self_service",
    "review",
];
const CLAIM_KIND: &[&str] = &[
    "refund",
    "partial_refund",
    "reship",
    "exchange",
    "compensation",
    "information",
];
const SHIPMENT_STATUS: &[&str] = &[
    "label_created",
    "in_transit",
    "customs",
    "out_for_delivery",
    "delivered",
    "exception",
    "returned",
    "lost",
];
const DISPUTE_KIND: &[&str] = &[
    "a_to_z",
    "ebay_money_back",
    "aliexpress_dispute",
    "paypal",
    "chargeback",
    "other",
];

macro_rules! fields {
    ($( $variant:ident = $name:literal : $ty:expr ),* $(,)?) => {
        /// A field a condition may compare, resolved at compile time.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Field { $( $variant ),* }

        /// Every field, its policy name and its type.
        const FIELDS: &[(&str, Field, Ty)] = &[ $( ($name, Field::$variant, $ty) ),* ];
    };
}

fields! {
    Category = "category": Ty::Sym(CATEGORY, false),
    Urgency = "urgency": Ty::Sym(URGENCY, false),
    Sentiment = "sentiment": Ty::Dec,
    Language = "language": Ty::Str,
    RiskScore = "risk.score": Ty::Int,
    RiskBand = "risk.band": Ty::Str,
    RiskAction = "risk.action": Ty::Sym(RISK_ACTION, true),
    BuyerTier = "buyer.tier": Ty::Sym(TIER, true),
    BuyerOrders = "buyer.orders": Ty::Int,
    BuyerClaims = "buyer.claims": Ty::Int,
    BuyerNotReceived = "buyer.not_received_claims": Ty::Int,
    BuyerChargebacks = "buyer.chargebacks": Ty::Int,
    BuyerDisputes = "buyer.disputes": Ty::Int,
    BuyerCountry = "buyer.country": Ty::Str,
    AccountAgeDays = "buyer.account_age_days": Ty::Int,
    Market = "market": Ty::Str,
    Marketplace = "marketplace": Ty::Sym(MARKETPLACE, false),
    Channel = "channel": Ty::Sym(CHANNEL, false),
    StoreId = "store.id": Ty::Str,
    StoreGroup = "store.group": Ty::Str,
    StoreCountry = "store.country": Ty::Str,
    OrderTotal = "order.total": Ty::Money,
    CompensationGiven = "order.compensation_given": Ty::Money,
    ClaimKind = "claim.kind": Ty::Sym(CLAIM_KIND, false),
    ClaimAmount = "claim.amount": Ty::Money,
    ClaimRatio = "claim.ratio": Ty::Dec,
    DelayDays = "delay_days": Ty::Int,
    HoursWaited = "hours_waited": Ty::Int,
    DaysSinceOrder = "days_since_order": Ty::Int,
    DaysSinceDelivery = "days_since_delivery": Ty::Int,
    Delivered = "delivered": Ty::Bool,
    ShipmentStatus = "shipment.status": Ty::Sym(SHIPMENT_STATUS, false),
    Carrier = "shipment.carrier": Ty::Str,
    Destination = "shipment.destination": Ty::Str,
    DisputeOpen = "dispute.open": Ty::Bool,
    DisputeKind = "dispute.kind": Ty::Sym(DISPUTE_KIND, false),
    EvidenceCount = "evidence.count": Ty::Int,
    Sku = "sku": Ty::StrList,
    ProductCategory = "product_category": Ty::StrList,
    UnresolvedBotTurns = "unresolved_bot_turns": Ty::Int,
}

/// The names of every field a condition may compare, for documentation and hints.
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|(n, _, _)| *n).collect()
}

/// A typed constant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Int(i64),
    Dec(Decimal),
    Bool(bool),
    Str(String),
    Sym(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// A compiled comparison or combination.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    True,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Cmp {
        field: Field,
        op: Op,
        value: Const,
        currency: Option<Currency>,
    },
    In {
        field: Field,
        values: Vec<Const>,
        negate: bool,
    },
    Exists {
        field: Field,
        want: bool,
    },
}

/// Deepest nesting of `all`/`any`/`not` accepted.
const MAX_DEPTH: usize = 16;

impl Cond {
    /// Compiles a condition; problems are pushed with their paths.
    pub(crate) fn compile(c: &Condition, path: &str, out: &mut Vec<Diagnostic>) -> Cond {
        compile(c, path, 0, out)
    }
}

fn compile(c: &Condition, path: &str, depth: usize, out: &mut Vec<Diagnostic>) -> Cond {
    if depth > MAX_DEPTH {
        out.push(Diagnostic::new(
            "policy.remedy.too_deep",
            path,
            format!("conditions nest deeper than {MAX_DEPTH} levels"),
        ));
        return Cond::True;
    }
    let shapes = [
        c.all.is_some(),
        c.any.is_some(),
        c.not.is_some(),
        c.field.is_some(),
    ];
    let n = shapes.iter().filter(|b| **b).count();
    if n != 1 {
        out.push(
            Diagnostic::new(
                "policy.remedy.condition_shape",
                path,
                "a condition needs exactly one of `all`, `any`, `not` or `field`",
            )
            .hint("split it: { all = [ {...}, {...} ] }"),
        );
        return Cond::True;
    }
    if let Some(list) = &c.all {
        return Cond::All(
            list.iter()
                .enumerate()
                .map(|(i, s)| compile(s, &format!("{path}.all[{i}]"), depth + 1, out))
                .collect(),
        );
    }
    if let Some(list) = &c.any {
        return Cond::Any(
            list.iter()
                .enumerate()
                .map(|(i, s)| compile(s, &format!("{path}.any[{i}]"), depth + 1, out))
                .collect(),
        );
    }
    if let Some(s) = &c.not {
        return Cond::Not(Box::new(compile(s, &format!("{path}.not"), depth + 1, out)));
    }
    let name = c.field.as_deref().unwrap_or_default();
    let Some((_, field, ty)) = FIELDS.iter().find(|(n, _, _)| *n == name).copied() else {
        out.push(
            Diagnostic::new(
                "policy.remedy.unknown_field",
                format!("{path}.field"),
                format!(
                    "unknown field `{}`",
                    name.chars().take(64).collect::<String>()
                ),
            )
            .hint(format!("one of: {}", field_names().join(", "))),
        );
        return Cond::True;
    };
    if c.currency.is_some() && ty != Ty::Money {
        out.push(Diagnostic::new(
            "policy.remedy.type_mismatch",
            format!("{path}.currency"),
            format!("`{name}` is not an amount of money; `currency` does not apply"),
        ));
    }
    let mut parts = Vec::new();
    let mut cmp = |op: Op, key: &str, v: &Option<serde_json::Value>, out: &mut Vec<Diagnostic>| {
        let Some(v) = v else { return };
        let p = format!("{path}.{key}");
        let ordering = matches!(op, Op::Gt | Op::Gte | Op::Lt | Op::Lte);
        let ok = match ty {
            Ty::Int | Ty::Dec | Ty::Money => true,
            Ty::Sym(_, ordered) => !ordering || ordered,
            Ty::Bool | Ty::Str | Ty::StrList => !ordering,
        };
        if !ok {
            out.push(Diagnostic::new(
                "policy.remedy.type_mismatch",
                p,
                format!("`{name}` cannot be compared with `{key}`"),
            ));
            return;
        }
        if let Some(value) = constant(ty, v, &p, name, out) {
            parts.push(Cond::Cmp {
                field,
                op,
                value,
                currency: c.currency,
            });
        }
    };
    cmp(Op::Eq, "eq", &c.eq, out);
    cmp(Op::Ne, "ne", &c.ne, out);
    cmp(Op::Gt, "gt", &c.gt, out);
    cmp(Op::Gte, "gte", &c.gte, out);
    cmp(Op::Lt, "lt", &c.lt, out);
    cmp(Op::Lte, "lte", &c.lte, out);
    for (key, list, negate) in [("in", &c.in_, false), ("not_in", &c.not_in, true)] {
        let Some(list) = list else { continue };
        if ty == Ty::Money {
            out.push(Diagnostic::new(
                "policy.remedy.type_mismatch",
                format!("{path}.{key}"),
                format!("`{name}` is an amount; compare it with gt/gte/lt/lte"),
            ));
            continue;
        }
        let values = list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| constant(ty, v, &format!("{path}.{key}[{i}]"), name, out))
            .collect();
        parts.push(Cond::In {
            field,
            values,
            negate,
        });
    }
    if let Some(want) = c.exists {
        parts.push(Cond::Exists { field, want });
    }
    match parts.len() {
        0 => {
            out.push(
                Diagnostic::new(
                    "policy.remedy.condition_shape",
                    path,
                    format!("no comparison given for `{name}`"),
                )
                .hint("add one of eq, ne, in, not_in, gt, gte, lt, lte, exists"),
            );
            Cond::True
        }
        1 => parts.pop().unwrap_or(Cond::True),
        _ => Cond::All(parts),
    }
}

fn decimal_of(v: &serde_json::Value) -> Option<Decimal> {
    match v {
        serde_json::Value::String(s) => crate::money::parse_decimal(s).ok(),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(Decimal::from(i))
            } else {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .and_then(|f| crate::money::parse_decimal(&format!("{f}")).ok())
            }
        }
        _ => None,
    }
}

fn constant(
    ty: Ty,
    v: &serde_json::Value,
    path: &str,
    name: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Const> {
    let got = match ty {
        Ty::Int => v.as_i64().map(Const::Int),
        Ty::Dec | Ty::Money => decimal_of(v).map(Const::Dec),
        Ty::Bool => v.as_bool().map(Const::Bool),
        Ty::Str | Ty::StrList => v.as_str().map(|s| Const::Str(s.to_owned())),
        Ty::Sym(names, _) => {
            let s = v.as_str();
            match s.and_then(|s| names.iter().position(|n| *n == s)) {
                Some(i) => u8::try_from(i).ok().map(Const::Sym),
                None if s.is_some() => {
                    out.push(
                        Diagnostic::new(
                            "policy.remedy.unknown_value",
                            path,
                            format!(
                                "`{}` is not a value of `{name}`",
                                s.unwrap_or_default().chars().take(64).collect::<String>()
                            ),
                        )
                        .hint(format!("one of: {}", names.join(", "))),
                    );
                    return None;
                }
                None => None,
            }
        }
    };
    if got.is_none() {
        let want = match ty {
            Ty::Int => "a whole number",
            Ty::Dec => "a decimal",
            Ty::Money => "a decimal amount",
            Ty::Bool => "true or false",
            Ty::Str | Ty::StrList => "a string",
            Ty::Sym(..) => "one of the field's names",
        };
        out.push(Diagnostic::new(
            "policy.remedy.type_mismatch",
            path,
            format!("`{name}` compares with {want}"),
        ));
    }
    got
}

/// Everything a condition may read about one case.
pub(crate) struct Subject<'a> {
    pub case: &'a Case,
    pub triage: &'a Triage,
    pub risk: &'a RiskAssessment,
    pub facts: &'a Facts,
    pub fx: &'a FxTable,
}

/// A value read from the subject.
enum Val<'a> {
    Missing,
    Int(i64),
    Dec(Decimal),
    Money(Money),
    Bool(bool),
    Str(&'a str),
    Sym(u8),
    List,
}

fn sym_category(c: Category) -> u8 {
    c as u8
}

impl<'a> Subject<'a> {
    fn read(&self, f: Field) -> Val<'a> {
        let case = self.case;
        let buyer = case.buyer.as_ref();
        let order = case.order.as_ref();
        let ship = case.shipment();
        let hist = buyer.map(|b| &b.history);
        let count = |n: Option<u32>| n.map_or(Val::Int(0), |n| Val::Int(i64::from(n)));
        let opt_int = |n: Option<i64>| n.map_or(Val::Missing, Val::Int);
        let opt_str = |s: Option<&'a str>| s.map_or(Val::Missing, Val::Str);
        match f {
            Field::Category => Val::Sym(sym_category(self.triage.category)),
            Field::Urgency => Val::Sym(urgency(self.triage.urgency)),
            Field::Sentiment => Val::Dec(self.triage.sentiment),
            Field::Language => match &self.triage.language {
                Some(l) => Val::Str(l.as_str()),
                None => Val::Missing,
            },
            Field::RiskScore => Val::Int(i64::from(self.risk.score)),
            Field::RiskBand => Val::Str(self.risk.band.as_str()),
            Field::RiskAction => Val::Sym(risk_action(self.risk.action)),
            Field::BuyerTier => Val::Sym(buyer.map_or(LoyaltyTier::None, |b| b.tier) as u8),
            Field::BuyerOrders => count(hist.map(|h| h.orders)),
            Field::BuyerClaims => count(hist.map(|h| h.claims)),
            Field::BuyerNotReceived => count(hist.map(|h| h.not_received_claims)),
            Field::BuyerChargebacks => count(hist.map(|h| h.chargebacks)),
            Field::BuyerDisputes => count(hist.map(|h| h.disputes)),
            Field::BuyerCountry => opt_str(buyer.and_then(|b| b.country.as_deref())),
            Field::AccountAgeDays => opt_int(self.facts.account_age_days),
            Field::Market => Val::Str(case.market()),
            Field::Marketplace => Val::Sym(marketplace(case.store.marketplace)),
            Field::Channel => Val::Sym(channel(case.channel)),
            Field::StoreId => Val::Str(case.store.id.as_str()),
            Field::StoreGroup => opt_str(case.store.group.as_deref()),
            Field::StoreCountry => Val::Str(case.store.country.as_str()),
            Field::OrderTotal => order.map_or(Val::Missing, |o| Val::Money(o.total)),
            Field::CompensationGiven => match order {
                Some(o) => Val::Money(
                    o.compensation_given
                        .unwrap_or_else(|| Money::zero(o.total.currency)),
                ),
                None => Val::Missing,
            },
            Field::ClaimKind => case
                .claim
                .as_ref()
                .map_or(Val::Missing, |c| Val::Sym(claim_kind(c.kind))),
            Field::ClaimAmount => case
                .claim
                .as_ref()
                .and_then(|c| c.amount)
                .map_or(Val::Missing, Val::Money),
            Field::ClaimRatio => self.facts.claim_ratio.map_or(Val::Missing, Val::Dec),
            Field::DelayDays => opt_int(self.facts.delay_days),
            Field::HoursWaited => Val::Int(self.facts.hours_since_received),
            Field::DaysSinceOrder => opt_int(self.facts.days_since_order),
            Field::DaysSinceDelivery => opt_int(self.facts.days_since_delivery),
            Field::Delivered => Val::Bool(self.facts.delivered),
            Field::ShipmentStatus => ship.map_or(Val::Missing, |s| Val::Sym(status(s.status))),
            Field::Carrier => opt_str(ship.and_then(|s| s.carrier.as_deref())),
            Field::Destination => opt_str(ship.map(|s| s.destination.as_str())),
            Field::DisputeOpen => Val::Bool(case.dispute.is_some()),
            Field::DisputeKind => case
                .dispute
                .as_ref()
                .map_or(Val::Missing, |d| Val::Sym(dispute_kind(d.kind))),
            Field::EvidenceCount => {
                Val::Int(i64::try_from(case.evidence.len()).unwrap_or(i64::MAX))
            }
            Field::Sku | Field::ProductCategory => Val::List,
            Field::UnresolvedBotTurns => Val::Int(i64::from(case.unresolved_bot_turns)),
        }
    }

    /// The strings of a list field: the SKUs (or product categories) the claim concerns,
    /// or those of the whole order when the claim names none.
    fn any_str(&self, f: Field, pred: impl Fn(&str) -> bool) -> bool {
        let Some(order) = self.case.order.as_ref() else {
            return match (f, self.case.claim.as_ref()) {
                (Field::Sku, Some(c)) => c.skus.iter().any(|s| pred(s)),
                _ => false,
            };
        };
        let claimed = self.case.claim.as_ref().map(|c| &c.skus);
        let in_claim = |sku: &str| match claimed {
            Some(list) if !list.is_empty() => list.iter().any(|s| s == sku),
            _ => true,
        };
        match f {
            Field::Sku => match claimed {
                Some(list) if !list.is_empty() => list.iter().any(|s| pred(s)),
                _ => order.items.iter().any(|i| pred(&i.sku)),
            },
            _ => order
                .items
                .iter()
                .filter(|i| in_claim(&i.sku))
                .filter_map(|i| i.product_category.as_deref())
                .any(pred),
        }
    }
}

fn urgency(u: Urgency) -> u8 {
    u as u8
}
fn risk_action(a: RiskAction) -> u8 {
    a as u8
}
fn marketplace(m: Marketplace) -> u8 {
    m as u8
}
fn channel(c: Channel) -> u8 {
    c as u8
}
fn claim_kind(k: ClaimKind) -> u8 {
    k as u8
}
fn status(s: ShipmentStatus) -> u8 {
    s as u8
}
fn dispute_kind(k: DisputeKind) -> u8 {
    k as u8
}

/// Conversions made while evaluating conditions, for the trace.
pub(crate) type Conversions = Vec<FxConversion>;

impl Cond {
    /// Evaluates against a subject; money conversions are appended to `conv`.
    pub(crate) fn eval(&self, s: &Subject<'_>, conv: &mut Conversions) -> bool {
        match self {
            Cond::True => true,
            Cond::All(list) => list.iter().all(|c| c.eval(s, conv)),
            Cond::Any(list) => list.iter().any(|c| c.eval(s, conv)),
            Cond::Not(c) => !c.eval(s, conv),
            Cond::Exists { field, want } => {
                let has = match s.read(*field) {
                    Val::Missing => false,
                    Val::List => s.any_str(*field, |_| true),
                    _ => true,
                };
                has == *want
            }
            Cond::In {
                field,
                values,
                negate,
            } => {
                let v = s.read(*field);
                let hit = match v {
                    Val::Missing => return false,
                    Val::List => s.any_str(*field, |x| {
                        values.iter().any(|c| matches!(c, Const::Str(k) if k == x))
                    }),
                    _ => values.iter().any(|c| equal(&v, c)),
                };
                hit != *negate
            }
            Cond::Cmp {
                field,
                op,
                value,
                currency,
            } => {
                let v = s.read(*field);
                match (&v, op) {
                    (Val::Missing, _) => false,
                    (Val::List, Op::Eq) => {
                        s.any_str(*field, |x| matches!(value, Const::Str(k) if k == x))
                    }
                    (Val::List, _) => {
                        !s.any_str(*field, |x| matches!(value, Const::Str(k) if k == x))
                    }
                    (_, Op::Eq) => equal(&v, value),
                    (_, Op::Ne) => !equal(&v, value),
                    _ => {
                        let ord = match (&v, value) {
                            (Val::Int(a), Const::Int(b)) => Some(a.cmp(b)),
                            (Val::Dec(a), Const::Dec(b)) => Some(a.cmp(b)),
                            (Val::Int(a), Const::Dec(b)) => Some(Decimal::from(*a).cmp(b)),
                            (Val::Sym(a), Const::Sym(b)) => Some(a.cmp(b)),
                            (Val::Money(m), Const::Dec(b)) => {
                                money_amount(*m, *currency, s, conv).map(|a| a.cmp(b))
                            }
                            _ => None,
                        };
                        ord.is_some_and(|o| match op {
                            Op::Gt => o.is_gt(),
                            Op::Gte => o.is_ge(),
                            Op::Lt => o.is_lt(),
                            Op::Lte => o.is_le(),
                            Op::Eq | Op::Ne => false,
                        })
                    }
                }
            }
        }
    }
}

/// The amount of `m` in `currency` (converted and recorded), or in its own currency.
fn money_amount(
    m: Money,
    currency: Option<Currency>,
    s: &Subject<'_>,
    conv: &mut Conversions,
) -> Option<Decimal> {
    let fx: &FxTable = s.fx;
    match currency {
        None => Some(m.amount),
        Some(c) if c == m.currency => Some(m.amount),
        Some(c) => {
            // The order total in the policy's base currency is a shared fact, converted
            // once per case.
            if let Some(x) = s
                .facts
                .order_total_base
                .as_ref()
                .filter(|x| x.from == m && x.to.currency == c)
            {
                return Some(x.to.amount);
            }
            if let Some(done) = conv.iter().find(|x| x.from == m && x.to.currency == c) {
                return Some(done.to.amount);
            }
            let x = fx.convert(m, c)?;
            let a = x.to.amount;
            conv.push(x);
            Some(a)
        }
    }
}

fn equal(v: &Val<'_>, c: &Const) -> bool {
    match (v, c) {
        (Val::Int(a), Const::Int(b)) => a == b,
        (Val::Int(a), Const::Dec(b)) => Decimal::from(*a) == *b,
        (Val::Dec(a), Const::Dec(b)) => a == b,
        (Val::Money(m), Const::Dec(b)) => m.amount == *b,
        (Val::Bool(a), Const::Bool(b)) => a == b,
        (Val::Str(a), Const::Str(b)) => *a == b.as_str(),
        (Val::Sym(a), Const::Sym(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn check<T: serde::de::DeserializeOwned + Copy>(names: &[&str], idx: impl Fn(T) -> u8) {
        for (i, n) in names.iter().enumerate() {
            let v: T = serde_json::from_value(serde_json::Value::String((*n).into())).unwrap();
            assert_eq!(usize::from(idx(v)), i, "{n}");
        }
    }

    #[test]
    fn enum_tables_match_the_case_model() {
        check::<Category>(CATEGORY, sym_category);
        check::<Urgency>(URGENCY, urgency);
        check::<RiskAction>(RISK_ACTION, risk_action);
        check::<LoyaltyTier>(TIER, |t| t as u8);
        check::<Marketplace>(MARKETPLACE, marketplace);
        check::<Channel>(CHANNEL, channel);
        check::<ClaimKind>(CLAIM_KIND, claim_kind);
        check::<ShipmentStatus>(SHIPMENT_STATUS, status);
        check::<DisputeKind>(DISPUTE_KIND, dispute_kind);
        assert_eq!(CATEGORY.len(), Category::ALL.len());
    }

    fn diags(toml_text: &str) -> Vec<Diagnostic> {
        let c: Condition = toml::from_str(toml_text).unwrap();
        let mut out = Vec::new();
        Cond::compile(&c, "w", &mut out);
        out
    }

    #[test]
    fn unknown_fields_and_type_mismatches_are_load_time_diagnostics() {
        let d = diags("field = 'colour'\neq = 'red'");
        assert_eq!(d[0].code, "policy.remedy.unknown_field");
        assert_eq!(d[0].path, "w.field");
        let d = diags("field = 'delay_days'\ngte = 'three'");
        assert_eq!(d[0].code, "policy.remedy.type_mismatch");
        assert_eq!(d[0].path, "w.gte");
        let d = diags("field = 'category'\ngt = 'damaged'");
        assert_eq!(d[0].path, "w.gt");
        let d = diags("all = [{ field = 'category', in = ['damaged', 'broken'] }]");
        assert_eq!(d[0].code, "policy.remedy.unknown_value");
        assert_eq!(d[0].path, "w.all[0].in[1]");
        let d = diags("field = 'delay_days'\ngte = 3\ncurrency = 'USD'");
        assert_eq!(d[0].path, "w.currency");
        assert!(diags("field = 'buyer.tier'\ngte = 'gold'").is_empty());
    }
}
