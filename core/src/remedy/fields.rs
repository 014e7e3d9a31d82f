//! The fields a remedy condition may compare: their policy names and types, and how
//! each is read from a case, its triage and risk results and the derived facts.

use rust_decimal::Decimal;

use crate::case::{
    Case, Category, Channel, ClaimKind, DisputeKind, LoyaltyTier, Marketplace, ShipmentStatus,
};
use crate::facts::Facts;
use crate::fx::FxTable;
use crate::money::Money;
use crate::risk::{RiskAction, RiskAssessment};
use crate::triage::{Triage, Urgency};

/// The type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Int,
    Dec,
    Money,
    Bool,
    Str,
    /// An enumeration; `ordered` allows `gt`/`lt`.
    Sym(Vocab, bool),
    /// A list of strings (any element matches).
    StrList,
}

/// An enumeration a field holds, whose names are those of its serde form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Vocab {
    Category,
    Urgency,
    RiskAction,
    Tier,
    Marketplace,
    Channel,
    ClaimKind,
    ShipmentStatus,
    DisputeKind,
}

impl Vocab {
    /// The names in declaration order (a value's index is its discriminant), read once
    /// from the enum's JSON schema, which its serde attributes spell.
    pub(super) fn names(self) -> &'static [String] {
        use std::sync::OnceLock;
        macro_rules! names_of {
            ($t:ty) => {{
                static NAMES: OnceLock<Vec<String>> = OnceLock::new();
                NAMES.get_or_init(|| schema_names(&schemars::schema_for!($t)))
            }};
        }
        match self {
            Vocab::Category => names_of!(Category),
            Vocab::Urgency => names_of!(Urgency),
            Vocab::RiskAction => names_of!(RiskAction),
            Vocab::Tier => names_of!(LoyaltyTier),
            Vocab::Marketplace => names_of!(Marketplace),
            Vocab::Channel => names_of!(Channel),
            Vocab::ClaimKind => names_of!(ClaimKind),
            Vocab::ShipmentStatus => names_of!(ShipmentStatus),
            Vocab::DisputeKind => names_of!(DisputeKind),
        }
    }
}

/// The string values a unit-enum schema allows, in order: its `enum` list, or the
/// `const` (or `enum`) of each `oneOf` branch when its variants are documented.
fn schema_names(schema: &schemars::Schema) -> Vec<String> {
    fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
        if let Some(c) = v.get("const").and_then(serde_json::Value::as_str) {
            out.push(c.to_owned());
        }
        for key in ["enum", "oneOf", "anyOf"] {
            for item in v
                .get(key)
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
            {
                match item.as_str() {
                    Some(name) => out.push(name.to_owned()),
                    None => collect(item, out),
                }
            }
        }
    }
    let mut out = Vec::new();
    collect(schema.as_value(), &mut out);
    out
}

macro_rules! fields {
    ($( $variant:ident = $name:literal : $ty:expr ),* $(,)?) => {
        /// A field a condition may compare, resolved at compile time.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Field { $( $variant ),* }

        /// Every field, its policy name and its type.
        pub(super) const FIELDS: &[(&str, Field, Ty)] = &[ $( ($name, Field::$variant, $ty) ),* ];
    };
}

fields! {
    Category = "category": Ty::Sym(Vocab::Category, false),
    Urgency = "urgency": Ty::Sym(Vocab::Urgency, false),
    Sentiment = "sentiment": Ty::Dec,
    Language = "language": Ty::Str,
    RiskScore = "risk.score": Ty::Int,
    RiskBand = "risk.band": Ty::Str,
    RiskAction = "risk.action": Ty::Sym(Vocab::RiskAction, true),
    BuyerTier = "buyer.tier": Ty::Sym(Vocab::Tier, true),
    BuyerOrders = "buyer.orders": Ty::Int,
    BuyerClaims = "buyer.claims": Ty::Int,
    BuyerNotReceived = "buyer.not_received_claims": Ty::Int,
    BuyerChargebacks = "buyer.chargebacks": Ty::Int,
    BuyerDisputes = "buyer.disputes": Ty::Int,
    BuyerCountry = "buyer.country": Ty::Str,
    AccountAgeDays = "buyer.account_age_days": Ty::Int,
    Market = "market": Ty::Str,
    Marketplace = "marketplace": Ty::Sym(Vocab::Marketplace, false),
    Channel = "channel": Ty::Sym(Vocab::Channel, false),
    StoreId = "store.id": Ty::Str,
    StoreGroup = "store.group": Ty::Str,
    StoreCountry = "store.country": Ty::Str,
    OrderTotal = "order.total": Ty::Money,
    CompensationGiven = "order.compensation_given": Ty::Money,
    ClaimKind = "claim.kind": Ty::Sym(Vocab::ClaimKind, false),
    ClaimAmount = "claim.amount": Ty::Money,
    ClaimRatio = "claim.ratio": Ty::Dec,
    DelayDays = "delay_days": Ty::Int,
    HoursWaited = "hours_waited": Ty::Int,
    DaysSinceOrder = "days_since_order": Ty::Int,
    DaysSinceDelivery = "days_since_delivery": Ty::Int,
    Delivered = "delivered": Ty::Bool,
    ShipmentStatus = "shipment.status": Ty::Sym(Vocab::ShipmentStatus, false),
    Carrier = "shipment.carrier": Ty::Str,
    Destination = "shipment.destination": Ty::Str,
    DisputeOpen = "dispute.open": Ty::Bool,
    DisputeKind = "dispute.kind": Ty::Sym(Vocab::DisputeKind, false),
    EvidenceCount = "evidence.count": Ty::Int,
    Sku = "sku": Ty::StrList,
    ProductCategory = "product_category": Ty::StrList,
    UnresolvedBotTurns = "unresolved_bot_turns": Ty::Int,
}

/// The names of every field a condition may compare, for documentation and hints.
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|(n, _, _)| *n).collect()
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
pub(super) enum Val<'a> {
    Missing,
    Int(i64),
    Dec(Decimal),
    Money(Money),
    Bool(bool),
    Str(&'a str),
    Sym(u8),
    List,
}

pub(super) fn sym_category(c: Category) -> u8 {
    c as u8
}

impl<'a> Subject<'a> {
    pub(super) fn read(&self, f: Field) -> Val<'a> {
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
            Field::BuyerTier => Val::Sym(self.facts.loyalty_tier as u8),
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
    pub(super) fn any_str(&self, f: Field, pred: impl Fn(&str) -> bool) -> bool {
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

pub(super) fn urgency(u: Urgency) -> u8 {
    u as u8
}
pub(super) fn risk_action(a: RiskAction) -> u8 {
    a as u8
}
pub(super) fn marketplace(m: Marketplace) -> u8 {
    m as u8
}
pub(super) fn channel(c: Channel) -> u8 {
    c as u8
}
pub(super) fn claim_kind(k: ClaimKind) -> u8 {
    k as u8
}
pub(super) fn status(s: ShipmentStatus) -> u8 {
    s as u8
}
pub(super) fn dispute_kind(k: DisputeKind) -> u8 {
    k as u8
}
