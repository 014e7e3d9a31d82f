//! Properties of the remedy stage on generated cases: no option exceeds its caps or its
//! approver's limit, amounts sit on the currency's minor unit, refund allocations
//! conserve every minor unit, and evaluation is deterministic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test

use std::path::Path;

use amends::api;
use amends::policy::{Format, FxTable, Policy};
use amends::remedy::{Band, Evaluator, Limit};
use amends::{Case, Engine};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn policy(name: &str) -> Policy {
    if name == "default" {
        return Policy::default_policy().unwrap();
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/policies")
        .join(format!("{name}.toml"));
    Policy::parse(&std::fs::read_to_string(p).unwrap(), Format::Toml).unwrap()
}

const NOW: &str = "2026-11-20T12:00:00Z";

#[allow(clippy::too_many_arguments)]
fn case(
    cur: &str,
    units: i64,
    cat: &str,
    delay: i64,
    tier: &str,
    given_pct: i64,
    claim_pct: i64,
    past_units: i64,
    market: &str,
    lines: usize,
) -> Case {
    let currency = amends::Currency::from_code(cur).unwrap();
    let dp = currency.minor_units();
    let total = Decimal::new(units, dp);
    let given = Decimal::new(units * given_pct / 100, dp);
    let claim = Decimal::new(units * claim_pct / 100, dp);
    let line = Decimal::new(units / lines as i64, dp);
    let items: Vec<_> = (0..lines)
        .map(|i| json!({"sku": format!("SKU-{i}"), "quantity": 1, "unit_price": {"amount": line.to_string(), "currency": cur}}))
        .collect();
    let est = chrono::DateTime::parse_from_rfc3339(NOW).unwrap() - chrono::Duration::days(delay);
    let v = json!({
        "id": "p", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s", "marketplace": "amazon", "country": market, "group": "g"},
        "channel": "email", "category_hint": cat, "market": market,
        "claim": {"kind": "compensation", "amount": {"amount": claim.to_string(), "currency": cur}},
        "order": {"id": "o", "placed_at": "2026-09-01T00:00:00Z",
                  "total": {"amount": total.to_string(), "currency": cur},
                  "compensation_given": {"amount": given.to_string(), "currency": cur},
                  "items": items,
                  "shipment": {"origin": "CN", "destination": market, "status": "in_transit",
                               "estimated_delivery_at": est.to_rfc3339()}},
        "buyer": {"id": "b", "tier": tier, "history": {"compensations": [
            {"granted_at": "2026-11-01T00:00:00Z", "amount": {"amount": Decimal::new(past_units, 2).to_string(), "currency": "USD"}}]}}
    });
    api::parse_case(&v.to_string()).unwrap()
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(vec!["EUR", "JPY", "KWD", "USD", "BRL", "GBP"]),
        1i64..5_000_000,
        prop::sample::select(vec![
            "delivery_delay",
            "not_received",
            "damaged",
            "quality_defect",
            "not_as_described",
            "size_fit",
            "missing_parts",
            "customs_duties",
            "service",
            "return_request",
        ]),
        0i64..80,
        prop::sample::select(vec!["none", "silver", "gold", "platinum"]),
        0i64..200,
        0i64..120,
        0i64..200_000,
        prop::sample::select(vec!["FR", "DE", "JP", "BR", "US", "SA", "GB"]),
        1usize..4,
    )
        .prop_map(|(c, u, cat, d, t, g, cl, p, m, l)| case(c, u, cat, d, t, g, cl, p, m, l))
}

fn check(policy_name: &str, case: &Case) -> Result<(), TestCaseError> {
    let pol = policy(policy_name);
    let ev = Evaluator::new(&pol.remedy, pol.fx.as_ref()).unwrap();
    let engine = Engine::new(pol.clone()).unwrap();
    let now = api::parse_now(NOW).unwrap();
    let a = engine.assess(case, now).unwrap();
    let prepared = ev.prepare(case, now);
    let d = ev.decide(case, &a.triage, &a.risk, &prepared, now);
    let fx = FxTable::new(pol.fx.as_ref(), &case.fx_rates);
    let total = case.order.as_ref().map(|o| o.total);
    for o in d.options.iter().filter(|o| o.band != Band::Blocked) {
        // Caps: what the option adds never passes the headroom the cap had, unless the
        // policy lets that cap raise the approver, and then the approver is at least the
        // role it names.
        for c in &o.cap_use {
            let limit = c.limit.expect("an unblocked option has known limits");
            let headroom = (limit.amount - c.before.amount).max(Decimal::ZERO);
            if c.after.amount - c.before.amount <= headroom {
                continue;
            }
            let raise = pol.remedy.caps.approve_past.get(c.name);
            prop_assert!(raise.is_some(), "{} over cap {}: {:?}", o.id(), c.name, c);
            let need = ev.roles().iter().position(|r| Some(&r.name) == raise);
            prop_assert!(
                o.approver >= need && need.is_some(),
                "{} past cap {} approved by {:?}",
                o.id(),
                c.name,
                o.approver
            );
        }
        // Authority: the value is within the approver's limit and ceiling.
        let role = &ev.roles()[o.approver.expect("unblocked options have an approver")];
        if let Some(v) = o.value {
            let within = match role.limits.get(&v.currency) {
                Some(Limit::Unlimited) => true,
                Some(Limit::Amount(l)) => v.amount <= *l,
                Some(other) => panic!("a limit this check does not know: {other:?}"),
                None => role.limits.iter().any(|(c, l)| match fx.convert(v, *c) {
                    Some(x) => match l {
                        Limit::Unlimited => true,
                        Limit::Amount(l) => x.to.amount <= *l,
                        other => panic!("a limit this check does not know: {other:?}"),
                    },
                    None => false,
                }),
            };
            prop_assert!(within, "{} worth {} past {}'s limit", o.id(), v, role.name);
            if let (Some(pct), Some(t)) = (role.max_pct_of_order, total) {
                prop_assert!(v.amount <= t.percent(pct.0).unwrap().amount);
            }
        }
        for x in &o.outcomes {
            if let Some(m) = x.amount {
                prop_assert_eq!(m.amount.scale(), m.currency.minor_units());
                prop_assert!(m.amount >= Decimal::ZERO);
            }
        }
    }
    // Allocations conserve every minor unit.
    for o in &a.remedy.options {
        for x in &o.outcomes {
            if !x.allocation.is_empty() {
                let sum: Decimal = x.allocation.iter().map(|l| l.amount.amount).sum();
                prop_assert_eq!(sum, x.amount.unwrap().amount);
            }
        }
    }
    // Deterministic: the same engine, case and now give the same bytes.
    let b = engine.assess(case, now).unwrap();
    prop_assert_eq!(api::to_canonical(&a), api::to_canonical(&b));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn no_option_exceeds_its_caps_or_its_approvers_limit(c in arb_case()) {
        check("default", &c)?;
    }

    #[test]
    fn the_decision_table_respects_caps_and_authority(c in arb_case()) {
        check("table16", &c)?;
        check("caps_tight", &c)?;
    }

    #[test]
    fn risk_rules_respect_caps_and_authority(c in arb_case()) {
        check("risk_collect_evidence", &c)?;
    }
}
