//! Checks a parsed [`Case`] for what its types cannot say: currencies that must agree,
//! amounts within precision and sign, times in order, country codes, sizes.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::case::Case;
use crate::error::Diagnostic;
use crate::limits::Limits;
use crate::money::Money;

/// A field's path, written out only for a diagnostic: a valid case formats none.
#[derive(Clone, Copy)]
enum At<'a> {
    Field(&'a str),
    /// `list[index]field`, as `order.items[2].sku`.
    Item(&'a str, usize, &'a str),
}

impl<'a> From<&'a str> for At<'a> {
    fn from(path: &'a str) -> At<'a> {
        At::Field(path)
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Field(path) => f.write_str(path),
            At::Item(list, i, field) => write!(f, "{list}[{i}]{field}"),
        }
    }
}

/// Every problem in the case, in document order.
pub(crate) fn case(c: &Case, limits: &Limits) -> Vec<Diagnostic> {
    let mut v = Checker {
        out: Vec::new(),
        limits: *limits,
    };
    v.id("id", &c.id);
    v.id("store.id", &c.store.id);
    v.country("store.country", &c.store.country);
    v.short("store.group", c.store.group.as_deref());
    if c.text.len() > limits.max_text_bytes {
        v.push(
            "input.too_large",
            "text",
            format!(
                "text is {} bytes; the limit is {}",
                c.text.len(),
                limits.max_text_bytes
            ),
        );
    }
    v.short("language_hint", c.language_hint.as_deref());
    if let Some(m) = &c.market {
        v.country("market", m);
    }
    if let Some(cl) = &c.claim {
        if let Some(a) = cl.amount {
            v.money("claim.amount", a);
        }
        v.len("claim.skus", cl.skus.len(), limits.max_list);
        for (i, s) in cl.skus.iter().enumerate().take(limits.max_list) {
            v.id(At::Item("claim.skus", i, ""), s);
        }
    }
    if let Some(o) = &c.order {
        v.id("order.id", &o.id);
        v.money("order.total", o.total);
        v.len("order.items", o.items.len(), limits.max_items);
        for (i, it) in o.items.iter().enumerate().take(limits.max_items) {
            let at = |field| At::Item("order.items", i, field);
            v.id(at(".sku"), &it.sku);
            if it.quantity == 0 {
                v.push(
                    "input.out_of_range",
                    at(".quantity"),
                    "quantity must be at least 1",
                );
            }
            v.money(at(".unit_price"), it.unit_price);
            v.same_currency(at(".unit_price.currency"), it.unit_price, o.total);
            v.short(at(".product_category"), it.product_category.as_deref());
        }
        if let Some(g) = o.compensation_given {
            v.money("order.compensation_given", g);
            v.same_currency("order.compensation_given.currency", g, o.total);
        }
        if let Some(p) = o.paid_at {
            v.order("order.paid_at", o.placed_at, p, "order.placed_at");
        }
        if let Some(s) = &o.shipment {
            v.short("order.shipment.carrier", s.carrier.as_deref());
            v.country("order.shipment.origin", &s.origin);
            v.country("order.shipment.destination", &s.destination);
            if let Some(t) = s.shipped_at {
                v.order(
                    "order.shipment.shipped_at",
                    o.placed_at,
                    t,
                    "order.placed_at",
                );
            }
            if let Some(d) = s.delivered_at {
                match s.shipped_at {
                    Some(t) => v.order(
                        "order.shipment.delivered_at",
                        t,
                        d,
                        "order.shipment.shipped_at",
                    ),
                    None => v.order(
                        "order.shipment.delivered_at",
                        o.placed_at,
                        d,
                        "order.placed_at",
                    ),
                }
            }
            if let Some(e) = s.estimated_delivery_at {
                v.order(
                    "order.shipment.estimated_delivery_at",
                    o.placed_at,
                    e,
                    "order.placed_at",
                );
            }
        }
        v.order("received_at", o.placed_at, c.received_at, "order.placed_at");
        if let Some(d) = &c.dispute {
            v.order(
                "dispute.opened_at",
                o.placed_at,
                d.opened_at,
                "order.placed_at",
            );
        }
    }
    if let Some(b) = &c.buyer {
        v.id("buyer.id", &b.id);
        if let Some(ct) = &b.country {
            v.country("buyer.country", ct);
        }
        v.short("buyer.language", b.language.as_deref());
        if let Some(t) = b.account_created_at {
            if t > c.received_at {
                v.push(
                    "input.time_order",
                    "buyer.account_created_at",
                    "is after received_at",
                );
            }
        }
        let h = &b.history;
        if h.not_received_claims > h.claims {
            v.push(
                "input.inconsistent",
                "buyer.history.not_received_claims",
                format!(
                    "{} not-received claims but only {} claims in all",
                    h.not_received_claims, h.claims
                ),
            );
        }
        if let Some(m) = h.order_value {
            v.money("buyer.history.order_value", m);
        }
        if let Some(m) = h.refunded_value {
            v.money("buyer.history.refunded_value", m);
        }
        v.len(
            "buyer.linked_accounts",
            b.linked_accounts.len(),
            limits.max_list,
        );
        for (i, a) in b.linked_accounts.iter().enumerate().take(limits.max_list) {
            v.id(At::Item("buyer.linked_accounts", i, ""), a);
        }
        v.len(
            "buyer.history.compensations",
            b.history.compensations.len(),
            limits.max_list,
        );
        for (i, p) in b
            .history
            .compensations
            .iter()
            .enumerate()
            .take(limits.max_list)
        {
            v.money(
                At::Item("buyer.history.compensations", i, ".amount"),
                p.amount,
            );
        }
    }
    v.len("evidence", c.evidence.len(), limits.max_evidence);
    for (i, e) in c.evidence.iter().enumerate().take(limits.max_evidence) {
        if let Some(h) = &e.sha256 {
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                v.push(
                    "input.invalid_hash",
                    format!("evidence[{i}].sha256"),
                    "expected 64 hexadecimal digits",
                );
            }
        }
    }
    if let Some(r) = &c.risk_context {
        v.len(
            "risk_context.high_resale_skus",
            r.high_resale_skus.len(),
            limits.max_list,
        );
        v.len("risk_context.products", r.products.len(), limits.max_list);
        for (i, p) in r.products.iter().enumerate().take(limits.max_list) {
            v.id(At::Item("risk_context.products", i, ".sku"), &p.sku);
        }
        if r.linked_claims_30d < r.linked_claims_7d {
            v.push(
                "input.out_of_range",
                "risk_context.linked_claims_30d",
                "the 30-day count includes the 7-day count and cannot be smaller",
            );
        }
    }
    if let Some(rc) = &c.risk_context {
        for (i, e) in rc.external_scores.iter().enumerate().take(limits.max_list) {
            let p = format!("risk_context.external_scores[{i}]");
            if e.scale <= Decimal::ZERO {
                v.push(
                    "input.out_of_range",
                    format!("{p}.scale"),
                    "the scale's top must be positive",
                );
            } else if e.value < Decimal::ZERO || e.value > e.scale {
                v.push(
                    "input.out_of_range",
                    format!("{p}.value"),
                    format!("the score must lie between 0 and its scale ({})", e.scale),
                );
            }
        }
    }
    v.len("fx_rates", c.fx_rates.len(), limits.max_list);
    for (i, r) in c.fx_rates.iter().enumerate().take(limits.max_list) {
        if r.rate <= Decimal::ZERO {
            v.push(
                "money.invalid_rate",
                format!("fx_rates[{i}].rate"),
                "rates must be positive",
            );
        } else if r.rate < Decimal::new(1, crate::limits::FX_RATE_DECADES)
            || r.rate > Decimal::from(10u64.pow(crate::limits::FX_RATE_DECADES))
        {
            let n = crate::limits::FX_RATE_DECADES;
            v.push(
                "money.invalid_rate",
                format!("fx_rates[{i}].rate"),
                format!(
                    "{} is outside 1e-{n} to 1e{n}, where amounts convert exactly",
                    r.rate
                ),
            )
            .hint = Some("pass a rate in that range, e.g. the other way round".into());
        } else if r.from == r.to && r.rate != Decimal::ONE {
            v.push(
                "money.invalid_rate",
                format!("fx_rates[{i}].rate"),
                format!("a rate from {} to itself must be 1", r.from),
            );
        }
    }
    v.out
}

struct Checker {
    out: Vec<Diagnostic>,
    limits: Limits,
}

impl Checker {
    fn push(
        &mut self,
        code: &str,
        path: impl fmt::Display,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(code, path.to_string(), msg));
        let i = self.out.len() - 1;
        #[allow(clippy::indexing_slicing)] // just pushed
        &mut self.out[i]
    }

    fn id<'a>(&mut self, path: impl Into<At<'a>>, s: &str) {
        let path = path.into();
        if s.trim().is_empty() {
            self.push("input.empty", path, "must not be empty");
        } else {
            self.short(path, Some(s));
        }
    }

    /// An optional short string: only its length is checked.
    fn short<'a>(&mut self, path: impl Into<At<'a>>, s: Option<&str>) {
        let path = path.into();
        let max = self.limits.max_id_bytes;
        if let Some(s) = s {
            if s.len() > max {
                self.push(
                    "input.too_large",
                    path,
                    format!("{} bytes; the limit is {max}", s.len()),
                );
            }
        }
    }

    fn len<'a>(&mut self, path: impl Into<At<'a>>, n: usize, max: usize) {
        let path = path.into();
        if n > max {
            self.push(
                "input.too_large",
                path,
                format!("{n} entries; the limit is {max}"),
            );
        }
    }

    fn country<'a>(&mut self, path: impl Into<At<'a>>, s: &str) {
        let path = path.into();
        if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
            let d = self.push(
                "input.invalid_country",
                path,
                format!(
                    "`{}` is not an ISO 3166-1 alpha-2 code",
                    s.chars().take(16).collect::<String>()
                ),
            );
            d.hint = Some("use two upper-case letters, e.g. \"DE\"".into());
        }
    }

    fn money<'a>(&mut self, path: impl Into<At<'a>>, m: Money) {
        let path = path.into();
        if m.amount.is_sign_negative() && !m.amount.is_zero() {
            self.push(
                "money.negative",
                format!("{path}.amount"),
                "amounts must not be negative",
            );
        }
        let max = self.limits.max_amount_units;
        if m.amount.abs() > Decimal::from(max) {
            self.push(
                "money.out_of_range",
                format!("{path}.amount"),
                format!("larger than {max} {}", m.currency),
            )
            .hint = Some("amounts are in currency units, not minor units".into());
        }
        if let Err(e) = m.check_precision() {
            let d = self.push(
                e.code(),
                format!("{path}.amount"),
                e.to_string()
                    .split_once("] ")
                    .map_or(String::new(), |(_, m)| m.to_owned()),
            );
            d.hint = Some(format!(
                "{} has {} decimals",
                m.currency,
                m.currency.minor_units()
            ));
        }
    }

    fn same_currency<'a>(&mut self, path: impl Into<At<'a>>, m: Money, reference: Money) {
        let path = path.into();
        if m.currency != reference.currency {
            self.push(
                "money.currency_mismatch",
                path,
                format!(
                    "{} differs from the order currency {}",
                    m.currency, reference.currency
                ),
            );
        }
    }

    fn order(
        &mut self,
        path: &'static str,
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
        earlier_path: &str,
    ) {
        if later < earlier {
            self.push(
                "input.time_order",
                path,
                format!("is before {earlier_path}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn list_items_are_named_by_index_only_when_wrong() {
        let long = "x".repeat(Limits::default().max_id_bytes + 1);
        let json = format!(
            r#"{{"id":"c","received_at":"2026-11-20T09:00:00Z","store":{{"id":"s","marketplace":"amazon","country":"US"}},"channel":"email","text":"",
            "order":{{"id":"o","placed_at":"2026-09-21T12:00:00Z","total":{{"amount":"10","currency":"USD"}},
              "items":[{{"sku":"a","quantity":1,"unit_price":{{"amount":"5","currency":"USD"}}}},
                       {{"sku":"b","quantity":1,"unit_price":{{"amount":"5","currency":"EUR"}},"product_category":"{long}"}}]}},
            "buyer":{{"id":"b","history":{{"compensations":[{{"granted_at":"2026-10-01T00:00:00Z","amount":{{"amount":"1","currency":"USD"}}}},
              {{"granted_at":"2026-10-01T00:00:00Z","amount":{{"amount":"-1","currency":"USD"}}}}]}}}}}}"#
        );
        let c: Case = serde_json::from_str(&json).unwrap();
        let paths: Vec<String> = case(&c, &Limits::default())
            .into_iter()
            .map(|d| d.path)
            .collect();
        assert_eq!(
            paths,
            [
                "order.items[1].unit_price.currency",
                "order.items[1].product_category",
                "buyer.history.compensations[1].amount.amount",
            ]
        );
    }
}
