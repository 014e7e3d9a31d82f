//! Properties of the explanation sections on generated cases: applying a reported
//! counterfactual to the case moves the decision as stated and one minor unit less does
//! not; the risk score does not depend on the buyer's language or country.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test

use amends::{api, Case, Engine};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const NOW: &str = "2026-11-23T12:00:00Z";

fn now() -> chrono::DateTime<chrono::Utc> {
    api::parse_now(NOW).unwrap()
}

fn examples() -> Vec<Value> {
    let text = include_str!("../../examples/cases.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn parse(v: &Value) -> Case {
    api::parse_case(&v.to_string()).unwrap()
}

/// A damaged item on a 5,000 order in `cur`, the buyer claiming `amount`.
fn refund_case(cur: &str, amount: Decimal) -> Value {
    json!({
        "id": "p", "received_at": "2026-11-23T09:00:00Z",
        "store": {"id": "s", "marketplace": "shopify", "country": "DE"},
        "channel": "email", "category_hint": "damaged", "text": "broken",
        "claim": {"kind": "refund", "amount": {"amount": amount.to_string(), "currency": cur}},
        "order": {"id": "o", "placed_at": "2026-11-01T10:00:00Z",
                  "total": {"amount": "5000.00", "currency": cur},
                  "shipment": {"origin": "DE", "destination": "DE", "status": "delivered",
                               "delivered_at": "2026-11-20T10:00:00Z"}},
        "buyer": {"id": "b", "history": {"orders": 12, "claims": 0}}
    })
}

/// The default policy with one remedy rule: a refund of what the buyer claims, so an
/// offer's value is the claimed amount.
fn refund_engine() -> Engine {
    Engine::from_policy_text(
        r#"
[policy]
id = "refund-only"
version = "1"
extends = "amends.default"

[[remedy.groups]]
id = "all"

[[remedy.groups.rules]]
id = "refund"
options = [{ id = "refund", outcomes = [{ kind = "partial_refund", pct = "100", of = "claim" }] }]
"#,
    )
    .unwrap()
}

fn with_claim(v: &Value, amount: Decimal) -> Value {
    let mut v = v.clone();
    v["claim"]["amount"]["amount"] = json!(amount.to_string());
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For every offer whose value is the claimed amount, claiming the reported
    /// `stays_up_to` keeps its approver and one minor unit more gives the reported role.
    #[test]
    fn an_offer_at_its_reported_bound_keeps_its_approver(cents in 100i64..900_000, cur in 0usize..3) {
        let cur = ["EUR", "GBP", "USD"][cur];
        let e = refund_engine();
        let v = refund_case(cur, Decimal::new(cents, 2));
        let a = e.assess(&parse(&v), now()).unwrap();
        let claimed = Some(Decimal::new(cents, 2));
        let mut checked = 0;
        for c in &a.what_would_change.offers {
            let (Some(value), Some(up)) = (c.value, c.stays_up_to) else { continue };
            if Some(value.amount) != claimed {
                continue;
            }
            let approver = a.remedy.options[c.option].approver.clone();
            let at = e.assess(&parse(&with_claim(&v, up.amount)), now()).unwrap();
            let Some(o) = at.remedy.options.iter().find(|o| o.id == c.id) else { continue };
            prop_assert_eq!(&o.approver, &approver, "at {}", up.amount);
            let past = up.amount + Decimal::new(1, up.currency.minor_units());
            let p = e.assess(&parse(&with_claim(&v, past)), now()).unwrap();
            let Some(o) = p.remedy.options.iter().find(|o| o.id == c.id) else { continue };
            let by_role_or_raise = c.above.is_some() || c.limited_by.as_deref() == Some("role");
            if by_role_or_raise {
                prop_assert_eq!(o.approver.as_ref().map(|n| n.to_string()),
                                c.above.as_ref().map(|n| n.to_string()), "past {}", past);
                prop_assert_eq!(Some(o.band), c.above_band);
            } else {
                // A cap that cuts: the amount stays at the bound, under the same approver.
                prop_assert_eq!(o.value, Some(up), "past {}", past);
                prop_assert_eq!(&o.approver, &approver);
            }
            checked += 1;
        }
        let unbounded = a.remedy.options.iter().all(|o| o.approver.as_deref() == Some("manager"));
        prop_assert!(checked > 0 || unbounded, "{:?}", a.what_would_change.offers);
    }

    /// The risk score, band and reasons do not depend on the buyer's language or country.
    #[test]
    fn risk_is_invariant_to_the_buyers_language_and_country(
        i in 0usize..52, lang in 0usize..6, country in 0usize..6,
    ) {
        let cases = examples();
        let base = &cases[i % cases.len()];
        let e = Engine::default();
        let a = e.assess(&parse(base), now()).unwrap();
        let mut v = base.clone();
        if v.get("buyer").is_none() {
            v["buyer"] = json!({"id": "b"});
        }
        v["buyer"]["language"] = json!(["en", "de", "pt-BR", "zh-Hans", "ar", "sw"][lang]);
        v["buyer"]["country"] = json!(["US", "DE", "BR", "CN", "SA", "KE"][country]);
        let b = e.assess(&parse(&v), now()).unwrap();
        prop_assert_eq!(&a.risk, &b.risk);
    }
}

/// Removing the reasons that carry a band takes the score into the band below; the next
/// band is exactly `next.points` away.
#[test]
fn the_signals_that_carry_a_band_are_enough_to_leave_it() {
    let e = Engine::default();
    let bands = &e.policy().risk.bands;
    let band_of = |score: i64| {
        let s = u32::try_from(score.clamp(0, 100)).unwrap();
        bands
            .iter()
            .rev()
            .find(|b| b.min_score <= s)
            .unwrap()
            .name
            .clone()
    };
    let mut checked = 0;
    for v in examples() {
        let a = e.assess(&parse(&v), now()).unwrap();
        let Some(r) = &a.what_would_change.risk else {
            continue;
        };
        let raw: i64 = i64::from(e.policy().risk.base_score)
            + a.risk
                .reasons
                .iter()
                .map(|x| i64::from(x.points))
                .sum::<i64>();
        if let Some(n) = &r.next {
            assert_eq!(band_of(i64::from(r.score) + n.points), n.band);
            assert_eq!(band_of(i64::from(r.score) + n.points - 1), r.band);
        }
        if let Some(p) = &r.previous {
            assert_eq!(band_of(raw.max(i64::from(r.score)) - p.points), p.band);
            assert_eq!(band_of(raw.max(i64::from(r.score)) - p.points + 1), r.band);
            if !r.carried_by.is_empty() {
                let carried: i64 = r.carried_by.iter().map(|c| i64::from(c.points)).sum();
                assert_eq!(band_of(raw - carried), p.band, "{}", a.case_id);
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no example carries a band above the lowest");
}

/// A protected attribute anywhere in a case is rejected with its own code.
#[test]
fn protected_attributes_are_rejected() {
    for (field, path) in [
        ("gender", "buyer.gender"),
        ("age", "buyer.age"),
        ("Nationality", "buyer.Nationality"),
    ] {
        let mut v = examples()[0].clone();
        v["buyer"][field] = json!("x");
        let err = api::parse_case(&v.to_string()).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, "input.protected_attribute");
        assert_eq!(d.path, path);
    }
    let mut v = examples()[0].clone();
    v["religion"] = json!("x");
    let err = api::parse_case(&v.to_string()).unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "input.protected_attribute");
}

/// Every example case has the three sections, within the policy's bounds.
#[test]
fn every_assessment_explains_itself_within_its_bounds() {
    let e = Engine::default();
    let limit = e.policy().explain.per_group;
    for v in examples() {
        let a = e.assess(&parse(&v), now()).unwrap();
        assert_eq!(a.why_not.remedy.len(), e.policy().remedy.groups.len());
        for g in &a.why_not.remedy {
            assert!(g.missed.len() <= limit);
        }
        assert!(a.why_not.urgency.missed.len() <= limit);
        assert!(a.why_not.routing.missed.len() <= limit);
        assert_eq!(a.what_would_change.offers.len(), a.remedy.options.len());
        let s = serde_json::to_string(&a.buyer_summary).unwrap();
        assert!(!s.contains("risk"), "{s}");
        assert!(!a.buyer_summary.messages.is_empty());
    }
}
