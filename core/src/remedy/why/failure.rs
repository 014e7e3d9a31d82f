//! The first failing comparison of a remedy condition, with the value it saw and the
//! threshold, for `why_not`.

use super::*;

/// The first failing comparison of a condition.
pub(crate) struct Failure {
    field: &'static str,
    op: &'static str,
    value: Value,
    threshold: Value,
}

impl Failure {
    pub(super) fn into_miss(self, rule: Name) -> Miss {
        Miss::new(rule, self.field, self.op, self.value, self.threshold)
    }
}

fn field_info(f: fields::Field) -> (&'static str, Ty) {
    FIELDS
        .iter()
        .find(|(_, x, _)| *x == f)
        .map_or(("", Ty::Str), |(n, _, t)| (*n, *t))
}

fn op_name(op: conditions::Op) -> &'static str {
    use conditions::Op;
    match op {
        Op::Eq => "eq",
        Op::Ne => "ne",
        Op::Gt => "gt",
        Op::Gte => "gte",
        Op::Lt => "lt",
        Op::Lte => "lte",
    }
}

fn const_value(c: &conditions::Const, ty: Ty) -> Value {
    use conditions::Const;
    match c {
        Const::Int(i) => Value::Int(*i),
        Const::Dec(d) => Value::Decimal(*d),
        Const::Bool(b) => Value::Bool(*b),
        Const::Str(s) => Value::Text(Name::from(s.clone())),
        Const::Sym(i) => sym_value(*i, ty),
    }
}

fn sym_value(i: u8, ty: Ty) -> Value {
    match ty {
        Ty::Sym(vocab, _) => vocab
            .names()
            .get(usize::from(i))
            .map_or(Value::Null, |n| Value::Text(Name::Static(n.as_str()))),
        _ => Value::UInt(u64::from(i)),
    }
}

impl Subject<'_> {
    pub(super) fn value_of(&self, f: fields::Field, ty: Ty, currency: Option<Currency>) -> Value {
        match self.read(f) {
            Val::Missing => Value::Null,
            Val::Int(i) => Value::Int(i),
            Val::Dec(d) => Value::Decimal(d),
            Val::Money(m) => match currency {
                Some(c) if c != m.currency => self
                    .fx
                    .convert(m, c)
                    .map_or(Value::Money(m), |x| Value::Money(x.to)),
                _ => Value::Money(m),
            },
            Val::Bool(b) => Value::Bool(b),
            Val::Str(s) => Value::Text(Name::from(s.to_owned())),
            Val::Sym(i) => sym_value(i, ty),
            Val::List => {
                let seen = std::cell::RefCell::new(Vec::new());
                self.any_str(f, |x| {
                    seen.borrow_mut()
                        .push(Value::Text(Name::from(x.to_owned())));
                    false
                });
                Value::List(seen.into_inner())
            }
        }
    }
}

impl Cond {
    /// `None` when the condition holds, else its first failing comparison.
    pub(crate) fn first_failure(
        &self,
        s: &Subject<'_>,
        conv: &mut Vec<FxConversion>,
    ) -> Option<Failure> {
        if self.eval(s, conv) {
            return None;
        }
        match self {
            Cond::True => None,
            Cond::All(list) => list.iter().find_map(|c| c.first_failure(s, conv)),
            // Every branch failed: report the first.
            Cond::Any(list) => list.first().and_then(|c| c.first_failure(s, conv)),
            Cond::Not(inner) => inner.describe(s).map(|mut f| {
                f.op = match f.op {
                    "eq" => "not_eq",
                    "ne" => "not_ne",
                    "gt" => "not_gt",
                    "gte" => "not_gte",
                    "lt" => "not_lt",
                    "lte" => "not_lte",
                    "in" => "not_in",
                    "not_in" => "not_not_in",
                    "exists" => "not_exists",
                    _ => "not",
                };
                f
            }),
            _ => self.describe(s),
        }
    }

    /// The comparison of a leaf (or the first leaf of a combination), with the value seen.
    fn describe(&self, s: &Subject<'_>) -> Option<Failure> {
        match self {
            Cond::True => None,
            Cond::All(l) | Cond::Any(l) => l.first().and_then(|c| c.describe(s)),
            Cond::Not(c) => c.describe(s),
            Cond::Cmp {
                field,
                op,
                value,
                currency,
            } => {
                let (name, ty) = field_info(*field);
                let threshold = match (value, currency) {
                    (conditions::Const::Dec(d), Some(c)) => Value::Money(Money::new(*d, *c)),
                    _ => const_value(value, ty),
                };
                Some(Failure {
                    field: name,
                    op: op_name(*op),
                    value: s.value_of(*field, ty, *currency),
                    threshold,
                })
            }
            Cond::In {
                field,
                values,
                negate,
            } => {
                let (name, ty) = field_info(*field);
                Some(Failure {
                    field: name,
                    op: if *negate { "not_in" } else { "in" },
                    value: s.value_of(*field, ty, None),
                    threshold: Value::List(values.iter().map(|c| const_value(c, ty)).collect()),
                })
            }
            Cond::Exists { field, want } => {
                let (name, ty) = field_info(*field);
                Some(Failure {
                    field: name,
                    op: "exists",
                    value: s.value_of(*field, ty, None),
                    threshold: Value::Bool(*want),
                })
            }
        }
    }
}
