//! Authority: who may approve an option, by role, kind and amount.
//!
//! Roles are listed from the least to the most authority. An option's approver is the
//! first role that may grant every kind in the option, whose limit in the option's
//! currency covers its value, and (if it has one) whose ceiling relative to the order
//! value covers it too.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::outcomes::Kind;
use crate::error::Diagnostic;
use crate::fx::FxTable;
use crate::money::PolicyDecimal;
use crate::money::{Currency, FxConversion, Money};

/// A role's limit in one currency: an amount, or `"unlimited"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// No limit.
    Unlimited,
    /// Up to and including this amount.
    Amount(Decimal),
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Limit::Unlimited => s.serialize_str("unlimited"),
            Limit::Amount(d) => s.serialize_str(&d.normalize().to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if v.as_str() == Some("unlimited") {
            return Ok(Limit::Unlimited);
        }
        PolicyDecimal::deserialize(v)
            .map(|p| Limit::Amount(p.0))
            .map_err(|e| serde::de::Error::custom(format!("{e}, or \"unlimited\"")))
    }
}

impl JsonSchema for Limit {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Limit".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number"], "description": "an amount, or \"unlimited\"" })
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Unlimited => f.write_str("unlimited"),
            Limit::Amount(d) => write!(f, "{}", d.normalize()),
        }
    }
}

/// A role that may approve remedies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name (`bot`, `agent`, `supervisor`, `regional_specialist`, `manager`).
    pub name: String,
    /// Options this role may approve are granted without asking anyone (front line).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto: bool,
    /// The outcome kinds this role may grant; empty means every kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// Limits per currency. An option in a currency not listed is converted into the
    /// first listed currency that has a rate, and the conversion recorded.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Limit>")]
    pub limits: BTreeMap<Currency, Limit>,
    /// At most this percentage of the order value, whatever the limits say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pct_of_order: Option<PolicyDecimal>,
}

pub(crate) fn validate(roles: &[Role], path: &str, out: &mut Vec<Diagnostic>) {
    for (i, r) in roles.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if r.name.trim().is_empty() {
            out.push(Diagnostic::new(
                "policy.empty",
                format!("{p}.name"),
                "a role needs a name",
            ));
        }
        if roles.iter().take(i).any(|o| o.name == r.name) {
            out.push(Diagnostic::new(
                "policy.remedy.duplicate",
                format!("{p}.name"),
                format!("role `{}` is listed twice", r.name),
            ));
        }
        if r.limits.is_empty() {
            out.push(
                Diagnostic::new(
                    "policy.remedy.role_limits",
                    format!("{p}.limits"),
                    "a role needs at least one limit",
                )
                .hint("e.g. limits = { USD = \"20\" } or { USD = \"unlimited\" }"),
            );
        }
        for (c, l) in &r.limits {
            if let Limit::Amount(a) = l {
                if *a < Decimal::ZERO {
                    out.push(Diagnostic::new(
                        "policy.out_of_range",
                        format!("{p}.limits.{c}"),
                        "limits must not be negative",
                    ));
                }
            }
        }
        if let Some(m) = r.max_pct_of_order {
            if m.0 < Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{p}.max_pct_of_order"),
                    "must not be negative",
                ));
            }
        }
    }
}

/// Whether `role` may approve an option of `kinds` worth `value`, on an order of
/// `order_total`. Conversions made are appended to `conv`.
pub(crate) fn may_approve(
    role: &Role,
    kinds: impl Iterator<Item = Kind>,
    value: Option<Money>,
    order_total: Option<Money>,
    fx: &FxTable,
    conv: &mut Vec<FxConversion>,
) -> bool {
    let mut kinds = kinds;
    if !role.kinds.is_empty() && !kinds.all(|k| role.kinds.contains(&k)) {
        return false;
    }
    let Some(v) = value.filter(|v| !v.amount.is_zero()) else {
        return true;
    };
    let within = match role.limits.get(&v.currency) {
        Some(Limit::Unlimited) => true,
        Some(Limit::Amount(a)) => v.amount <= *a,
        // An unlimited role needs no exchange rate to be within its limit.
        None if role.limits.values().any(|l| matches!(l, Limit::Unlimited)) => true,
        None => {
            let mut res = false;
            for (c, l) in &role.limits {
                let done = conv
                    .iter()
                    .find(|x| x.from == v && x.to.currency == *c)
                    .map(|x| x.to.amount);
                let amount = match done {
                    Some(a) => Some(a),
                    None => fx.convert(v, *c).map(|x| {
                        let a = x.to.amount;
                        conv.push(x);
                        a
                    }),
                };
                if let Some(a) = amount {
                    res = match l {
                        Limit::Unlimited => true,
                        Limit::Amount(max) => a <= *max,
                    };
                    break;
                }
            }
            res
        }
    };
    if !within {
        return false;
    }
    match (role.max_pct_of_order, order_total) {
        (None, _) => true,
        (Some(pct), Some(t)) if t.currency == v.currency => {
            super::outcomes::pct_of(t, pct.0).is_some_and(|ceiling| v.amount <= ceiling.amount)
        }
        (Some(_), _) => false,
    }
}
