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

use crate::error::Diagnostic;
use crate::fx::FxTable;
use crate::money::{Currency, FxConversion, Money};

pub use super::fields::field_names;
pub(crate) use super::fields::Subject;
use super::fields::*;

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
                    .and_then(|f| crate::money::decimal_from_f64(f).ok())
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
        Ty::Sym(vocab, _) => {
            let names = vocab.names();
            let s = v.as_str();
            match s.and_then(|s| names.iter().position(|n| n == s)) {
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

/// Conversions made while evaluating conditions, for the trace.
pub(crate) type Conversions = Vec<FxConversion>;

impl Cond {
    /// The categories (as a bit set of their indexes) outside of which this condition is
    /// false before it reads anything else: its first test, through leading `all`s, is
    /// on the category. `None` when the condition does not start with the category (or
    /// the category has more than 64 values). Skipping such a condition for any other
    /// category skips nothing it would have done: `all` stops at its first false test,
    /// before any money is converted.
    pub(crate) fn category_mask(&self) -> Option<u64> {
        let bit = |v: &Const| match v {
            Const::Sym(s) if *s < 64 => Some(1u64 << s),
            _ => None,
        };
        let n = Vocab::Category.names().len();
        if n > 64 {
            return None;
        }
        let every = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        match self {
            Cond::All(list) => list.first().and_then(Cond::category_mask),
            Cond::In {
                field: Field::Category,
                values,
                negate,
            } => {
                let mut m = 0u64;
                for v in values {
                    m |= bit(v)?;
                }
                Some(if *negate { every & !m } else { m })
            }
            Cond::Cmp {
                field: Field::Category,
                op: op @ (Op::Eq | Op::Ne),
                value,
                ..
            } => {
                let m = bit(value)?;
                Some(if *op == Op::Ne { every & !m } else { m })
            }
            _ => None,
        }
    }

    /// This condition once its leading category test is known to hold: what `all` tests
    /// after it (`True` when nothing), or `True` for a bare category test. `None` when it
    /// does not start with a category test of its own (a nested `all` keeps its form).
    /// Only used together with [`Cond::category_mask`], which decides where it holds.
    pub(crate) fn after_category(&self) -> Option<Cond> {
        let is_category = |c: &Cond| {
            matches!(
                c,
                Cond::In {
                    field: Field::Category,
                    ..
                } | Cond::Cmp {
                    field: Field::Category,
                    op: Op::Eq | Op::Ne,
                    ..
                }
            )
        };
        match self {
            c if is_category(c) => Some(Cond::True),
            Cond::All(list) => {
                let (first, rest) = list.split_first()?;
                if !is_category(first) {
                    return None;
                }
                Some(match rest {
                    [] => Cond::True,
                    [one] => one.clone(),
                    _ => Cond::All(rest.to_vec()),
                })
            }
            _ => None,
        }
    }

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
    use crate::case::{
        Category, Channel, ClaimKind, DisputeKind, LoyaltyTier, Marketplace, ShipmentStatus,
    };
    use crate::risk::RiskAction;
    use crate::triage::Urgency;

    fn check<T: serde::de::DeserializeOwned + Copy>(vocab: Vocab, idx: impl Fn(T) -> u8) {
        let names = vocab.names();
        assert!(names.len() > 1, "{vocab:?}: {names:?}");
        for (i, n) in names.iter().enumerate() {
            let v: T = serde_json::from_value(serde_json::Value::String(n.clone())).unwrap();
            assert_eq!(usize::from(idx(v)), i, "{n}");
        }
    }

    #[test]
    fn enum_tables_match_the_case_model() {
        check::<Category>(Vocab::Category, sym_category);
        check::<Urgency>(Vocab::Urgency, urgency);
        check::<RiskAction>(Vocab::RiskAction, risk_action);
        check::<LoyaltyTier>(Vocab::Tier, |t| t as u8);
        check::<Marketplace>(Vocab::Marketplace, marketplace);
        check::<Channel>(Vocab::Channel, channel);
        check::<ClaimKind>(Vocab::ClaimKind, claim_kind);
        check::<ShipmentStatus>(Vocab::ShipmentStatus, status);
        check::<DisputeKind>(Vocab::DisputeKind, dispute_kind);
        assert_eq!(Vocab::Category.names().len(), Category::ALL.len());
        assert_eq!(Vocab::Urgency.names(), ["red", "orange", "yellow", "green"]);
    }

    fn mask(toml_text: &str) -> Option<u64> {
        let c: Condition = toml::from_str(toml_text).unwrap();
        let mut out = Vec::new();
        let cond = Cond::compile(&c, "w", &mut out);
        assert!(out.is_empty(), "{out:?}");
        cond.category_mask()
    }

    #[test]
    fn only_a_leading_category_test_indexes_a_rule() {
        let bit = |c: Category| 1u64 << sym_category(c);
        let every = (1u64 << Category::ALL.len()) - 1;
        assert_eq!(
            mask("field = 'category'\nin = ['damaged', 'not_received']"),
            Some(bit(Category::Damaged) | bit(Category::NotReceived))
        );
        assert_eq!(
            mask("field = 'category'\neq = 'damaged'"),
            Some(bit(Category::Damaged))
        );
        assert_eq!(
            mask("field = 'category'\nne = 'damaged'"),
            Some(every & !bit(Category::Damaged))
        );
        assert_eq!(
            mask("field = 'category'\nnot_in = ['damaged']"),
            Some(every & !bit(Category::Damaged))
        );
        assert_eq!(
            mask("all = [{ all = [{ field = 'category', eq = 'damaged' }] }, { field = 'delay_days', gte = 3 }]"),
            Some(bit(Category::Damaged))
        );
        // A test before the category may convert money (recorded in the trace): not indexed.
        assert_eq!(
            mask("all = [{ field = 'order.total', gte = '5', currency = 'USD' }, { field = 'category', eq = 'damaged' }]"),
            None
        );
        assert_eq!(mask("any = [{ field = 'category', eq = 'damaged' }]"), None);
        assert_eq!(mask("not = { field = 'category', eq = 'damaged' }"), None);
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
