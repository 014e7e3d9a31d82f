//! Caps: how much any option may be worth, per claim, per order, per buyer over a rolling
//! window, from the guarantee pool, in cash and in credit.
//!
//! Every cap is turned into a limit and an amount already used, in the case's currency,
//! once per case. Each option then spends the headroom outcome by outcome: an amount past
//! the headroom is reduced to it (the cap *binds*), and the option reports the cap with
//! the least headroom left.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::outcomes::{Funding, Kind, PolicyMoney};
use crate::case::Case;
use crate::duration::PolicyDuration;
use crate::error::Diagnostic;
use crate::fx::FxTable;
use crate::money::PolicyDecimal;
use crate::money::{Currency, FxConversion, Money};
use crate::name::Name;

/// The caps of the remedy policy. Each is optional; a missing cap does not bind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapsPolicy {
    /// Most value one claim may receive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_claim: Option<PolicyMoney>,
    /// Most value an order may receive over all its claims, in percent of the order
    /// total, counting `order.compensation_given`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_order_pct: Option<PolicyDecimal>,
    /// Most value a buyer may receive over a rolling window, counting
    /// `buyer.history.compensations` inside the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_buyer: Option<BuyerCap>,
    /// The store's quality-guarantee pool, in percent of the order value; it funds the
    /// kinds in `guarantee_pool_kinds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee_pool_pct: Option<PolicyDecimal>,
    /// The kinds the guarantee pool funds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guarantee_pool_kinds: Vec<Kind>,
    /// Cash back (refunds) at most this percentage of what was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_pct_of_paid: Option<PolicyDecimal>,
    /// Credit (store credit with its bonus, fixed coupons) at most this percentage of
    /// what was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_pct_of_paid: Option<PolicyDecimal>,
    /// Caps that raise who must approve instead of cutting the offer: past the cap named
    /// here (`per_claim`, `per_order`, `per_buyer`, `credit`) the option keeps its full
    /// value and needs at least the role named, so an honest claim stays possible. The
    /// other caps, and a risk rule's cash cap, bind for every role.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub approve_past: BTreeMap<String, String>,
}

/// The caps `approve_past` may name.
pub(crate) const ESCALATING: [&str; 4] = ["per_claim", "per_order", "per_buyer", "credit"];

/// A per-buyer cap over a rolling window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerCap {
    /// The most a buyer may receive inside the window.
    pub amount: PolicyDecimal,
    /// Its currency.
    pub currency: Currency,
    /// The window, counted back from `now`.
    pub window: PolicyDuration,
}

impl CapsPolicy {
    pub(crate) fn validate(&self, path: &str, roles: &[&str], out: &mut Vec<Diagnostic>) {
        for (k, v) in [
            ("per_order_pct", self.per_order_pct),
            ("guarantee_pool_pct", self.guarantee_pool_pct),
            ("cash_pct_of_paid", self.cash_pct_of_paid),
            ("credit_pct_of_paid", self.credit_pct_of_paid),
        ] {
            if v.is_some_and(|v| v.0 < Decimal::ZERO) {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.{k}"),
                    "must not be negative",
                ));
            }
        }
        if self.per_claim.is_some_and(|m| m.amount.0 < Decimal::ZERO) {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.per_claim.amount"),
                "must not be negative",
            ));
        }
        if self.per_buyer.is_some_and(|m| m.amount.0 < Decimal::ZERO) {
            out.push(Diagnostic::new(
                "policy.out_of_range",
                format!("{path}.per_buyer.amount"),
                "must not be negative",
            ));
        }
        for (cap, role) in &self.approve_past {
            if !ESCALATING.contains(&cap.as_str()) {
                out.push(
                    Diagnostic::new(
                        "policy.remedy.unknown_cap",
                        format!("{path}.approve_past.{cap}"),
                        format!("`{cap}` is not a cap that can raise the approver"),
                    )
                    .hint(format!("one of: {}", ESCALATING.join(", "))),
                );
            }
            if !roles.iter().any(|r| r == role) {
                out.push(
                    Diagnostic::new(
                        "policy.remedy.unknown_role",
                        format!("{path}.approve_past.{cap}"),
                        format!("no role named `{role}`"),
                    )
                    .hint("name a role of [[remedy.roles]]"),
                );
            }
        }
        if self.guarantee_pool_pct.is_some() && self.guarantee_pool_kinds.is_empty() {
            out.push(
                Diagnostic::new(
                    "policy.remedy.pool_kinds",
                    format!("{path}.guarantee_pool_kinds"),
                    "the guarantee pool funds no kind",
                )
                .hint("e.g. guarantee_pool_kinds = [\"gift\"]"),
            );
        }
    }
}

/// Which outcomes a cap applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every outcome with a value.
    Valued,
    /// Refunds.
    Cash,
    /// Credit.
    Credit,
    /// The guarantee pool's kinds.
    Pool,
}

/// One cap, resolved for a case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CapState {
    pub name: &'static str,
    pub scope: Scope,
    /// `None` when the limit could not be put into the case's currency.
    pub limit: Option<Money>,
    /// Why the limit is unknown: `fx_missing` or `overflow`.
    pub unknown: &'static str,
    pub used: Money,
}

/// The caps of a case, in the order the policy lists them: at most seven, kept inline
/// so that resolving them allocates nothing. Reads as a slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    list: [CapState; 7],
    len: usize,
}

impl Caps {
    fn new(currency: Currency) -> Caps {
        // Never read: only the first `len` entries are.
        let unused = CapState {
            name: "",
            scope: Scope::Valued,
            limit: None,
            unknown: "",
            used: Money::new(Decimal::ZERO, currency),
        };
        Caps {
            list: [unused; 7],
            len: 0,
        }
    }

    fn push(&mut self, c: CapState) {
        if let Some(slot) = self.list.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Caps {
    type Target = [CapState];
    fn deref(&self) -> &[CapState] {
        self.list.get(..self.len).unwrap_or_default()
    }
}

/// Which scopes of caps the outcomes of a decision can draw on, from the kinds they may
/// grant. A percentage-of-the-order cap no outcome can reach is not computed: its limit
/// would never be read, and it records no conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    valued: bool,
    cash: bool,
    credit: bool,
    pool: bool,
}

impl Reach {
    /// Every cap (for callers that do not know the outcomes).
    pub(crate) const ALL: Reach = Reach {
        valued: true,
        cash: true,
        credit: true,
        pool: true,
    };

    pub(crate) fn of(kinds: impl Iterator<Item = Kind>, pool: &[Kind]) -> Reach {
        let mut r = Reach {
            valued: false,
            cash: false,
            credit: false,
            pool: false,
        };
        for k in kinds {
            r.valued |= k.funding() != Funding::None;
            r.cash |= k.funding() == Funding::Cash;
            r.credit |= k.funding() == Funding::Credit;
            r.pool |= pool.contains(&k);
        }
        r
    }

    fn covers(self, scope: Scope) -> bool {
        match scope {
            Scope::Valued => self.valued,
            Scope::Cash => self.cash,
            Scope::Credit => self.credit,
            Scope::Pool => self.pool,
        }
    }
}

impl CapState {
    pub(crate) fn applies(&self, kind: Kind, pool: &[Kind]) -> bool {
        match self.scope {
            Scope::Valued => kind.funding() != Funding::None,
            Scope::Cash => kind.funding() == Funding::Cash,
            Scope::Credit => kind.funding() == Funding::Credit,
            Scope::Pool => pool.contains(&kind),
        }
    }
}

/// Resolves every cap of the policy for one case in `currency`. `risk_cash_pct` is the
/// cash cap a risk rule imposed. Conversions are appended to `conv`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve(
    p: &CapsPolicy,
    case: &Case,
    currency: Currency,
    now: DateTime<Utc>,
    fx: &FxTable,
    risk_cash_pct: Option<Decimal>,
    reach: Reach,
    conv: &mut Vec<FxConversion>,
) -> Caps {
    let zero = Money::zero(currency);
    let total = case
        .order
        .as_ref()
        .map(|o| o.total)
        .filter(|t| t.currency == currency);
    let mut convert = |m: Money| -> Option<Money> {
        if m.currency == currency {
            return Some(super::half_even::round(m));
        }
        let x = fx.convert(m, currency)?;
        let to = x.to;
        if !conv.contains(&x) {
            conv.push(x);
        }
        Some(to)
    };
    let pct_of_total = |pct: Decimal| total.and_then(|t| super::outcomes::pct_of(t, pct));
    let mut caps = Caps::new(currency);
    if let Some(m) = p.per_claim {
        caps.push(CapState {
            name: "per_claim",
            unknown: "fx_missing",
            scope: Scope::Valued,
            limit: convert(m.money()),
            used: zero,
        });
    }
    let given = case
        .order
        .as_ref()
        .and_then(|o| o.compensation_given)
        .and_then(&mut convert)
        .unwrap_or(zero);
    if let (Some(pct), Some(_), true) = (p.per_order_pct, total, reach.covers(Scope::Valued)) {
        caps.push(CapState {
            name: "per_order",
            unknown: "overflow",
            scope: Scope::Valued,
            limit: pct_of_total(pct.0),
            used: given,
        });
    }
    if let Some(b) = p.per_buyer {
        let from = now
            .checked_sub_signed(b.window.to_chrono())
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let mut used = Some(zero);
        let past = case
            .buyer
            .as_ref()
            .map(|b| b.history.compensations.as_slice())
            .unwrap_or_default();
        for c in past
            .iter()
            .filter(|c| c.granted_at > from && c.granted_at <= now)
        {
            used = match (used, convert(c.amount)) {
                (Some(u), Some(a)) => u.checked_add(a).ok(),
                _ => None,
            };
        }
        let limit = convert(Money::new(b.amount.0, b.currency));
        caps.push(CapState {
            name: "per_buyer",
            unknown: "fx_missing",
            scope: Scope::Valued,
            limit: if used.is_some() { limit } else { None },
            used: used.unwrap_or(zero),
        });
    }
    if let (Some(pct), Some(_), true) = (p.guarantee_pool_pct, total, reach.covers(Scope::Pool)) {
        caps.push(CapState {
            name: "guarantee_pool",
            unknown: "overflow",
            scope: Scope::Pool,
            limit: pct_of_total(pct.0),
            used: zero,
        });
    }
    if let (Some(pct), Some(_), true) = (p.cash_pct_of_paid, total, reach.covers(Scope::Cash)) {
        // What the order already received counts: cash back never exceeds what was paid.
        caps.push(CapState {
            name: "cash",
            unknown: "overflow",
            scope: Scope::Cash,
            limit: pct_of_total(pct.0),
            used: given,
        });
    }
    if let (Some(pct), Some(_), true) = (p.credit_pct_of_paid, total, reach.covers(Scope::Credit)) {
        caps.push(CapState {
            name: "credit",
            unknown: "overflow",
            scope: Scope::Credit,
            limit: pct_of_total(pct.0),
            used: zero,
        });
    }
    if let (Some(pct), Some(_), true) = (risk_cash_pct, total, reach.covers(Scope::Cash)) {
        caps.push(CapState {
            name: "risk_cash",
            unknown: "overflow",
            scope: Scope::Cash,
            limit: pct_of_total(pct),
            used: zero,
        });
    }
    caps
}

/// The trace names of a cap's limit and use (`cap.<name>.limit`, `cap.<name>.used`),
/// static for the caps this module defines.
pub(super) fn trace_keys(name: &str) -> (Name, Name) {
    macro_rules! keys {
        ($($cap:literal),*) => {
            match name {
                $($cap => (
                    Name::Static(concat!("cap.", $cap, ".limit")),
                    Name::Static(concat!("cap.", $cap, ".used")),
                ),)*
                _ => (
                    Name::from(format!("cap.{name}.limit")),
                    Name::from(format!("cap.{name}.used")),
                ),
            }
        };
    }
    keys!(
        "per_claim",
        "per_order",
        "per_buyer",
        "guarantee_pool",
        "cash",
        "credit",
        "risk_cash"
    )
}
