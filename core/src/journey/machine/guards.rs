//! Guards: conditions on a journey's context and an event's data.

use super::*;

/// Reads `context.a.b` or `event.a` from the context and the event's data.
pub(super) fn lookup<'a>(
    path: &str,
    ctx: &'a BTreeMap<String, Value>,
    data: &'a BTreeMap<String, Value>,
) -> Option<&'a Value> {
    let (map, rest) = if let Some(r) = path.strip_prefix("context.") {
        (ctx, r)
    } else {
        (data, path.strip_prefix("event.")?)
    };
    let mut parts = rest.split('.');
    let mut v = map.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v).filter(|v| !v.is_null())
}

pub(super) fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n.as_i64().map(Decimal::from).or_else(|| {
            n.as_f64()
                .and_then(|f| crate::money::decimal_from_f64(f).ok())
        }),
        Value::String(s) => crate::money::parse_decimal(s).ok(),
        _ => None,
    }
}

/// Evaluates a guard.
pub fn holds(g: &Guard, ctx: &BTreeMap<String, Value>, data: &BTreeMap<String, Value>) -> bool {
    if let Some(all) = &g.all {
        return all.iter().all(|g| holds(g, ctx, data));
    }
    if let Some(any) = &g.any {
        return any.iter().any(|g| holds(g, ctx, data));
    }
    if let Some(not) = &g.not {
        return !holds(not, ctx, data);
    }
    let Some(path) = &g.path else { return false };
    let v = lookup(path, ctx, data);
    if let Some(e) = g.exists {
        return v.is_some() == e;
    }
    if let Some(x) = &g.eq {
        return v == Some(x);
    }
    if let Some(x) = &g.ne {
        return v != Some(x);
    }
    if let Some(xs) = &g.one_of {
        return v.is_some_and(|v| xs.contains(v));
    }
    let Some(n) = v.and_then(as_decimal) else {
        return false;
    };
    g.gt.is_none_or(|x| n > x.0)
        && g.gte.is_none_or(|x| n >= x.0)
        && g.lt.is_none_or(|x| n < x.0)
        && g.lte.is_none_or(|x| n <= x.0)
}
