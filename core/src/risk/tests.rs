#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::*;
use crate::case::{Case, Category};
use crate::facts::Facts;
use crate::fx::FxTable;
use crate::policy::Policy;
use crate::stage::{Ctx, Draft};
use crate::triage::{Source, Triage};

const NOW: &str = "2026-11-20T12:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn default_policy() -> Policy {
    Policy::default_policy().unwrap()
}

fn triage(category: Category, signals: &[&str]) -> Triage {
    Triage {
        language: None,
        language_source: Source::None,
        category,
        category_source: Source::Hint,
        confidence: Decimal::ONE,
        sentiment: Decimal::ZERO,
        urgency: crate::triage::Urgency::Green,
        signals: signals.iter().map(|s| (*s).to_owned()).collect(),
        terms: Vec::new(),
    }
}

/// Scores `case` under `policy` with a triage of `category` and `signals`.
fn score_with(
    policy: &Policy,
    case: &Value,
    category: Category,
    signals: &[&str],
) -> (RiskAssessment, Draft) {
    let case: Case = serde_json::from_value(case.clone()).unwrap();
    let problems = crate::validate::case(&case, &crate::limits::Limits::default());
    assert!(problems.is_empty(), "invalid test case: {problems:?}");
    let fx = FxTable::new(policy.fx.as_ref(), &case.fx_rates);
    let facts = Facts::derive(&case, now(), &fx, policy.fx.as_ref().map(|f| f.base));
    let ctx = Ctx {
        case: &case,
        now: now(),
        fx,
        facts,
    };
    let mut out = Draft::default();
    let r = Compiled::compile(&policy.risk, "risk", &mut Vec::new()).assess(
        &ctx,
        &triage(category, signals),
        &mut out,
    );
    (r, out)
}

fn score(case: &Value, category: Category, signals: &[&str]) -> RiskAssessment {
    score_with(&default_policy(), case, category, signals).0
}

fn codes(r: &RiskAssessment) -> Vec<&str> {
    r.reasons.iter().map(|r| r.code.as_str()).collect()
}

/// A delivered 120 EUR order, claim of 40 EUR, a buyer with a modest history.
fn base_case() -> Value {
    json!({
        "id": "c1",
        "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
        "channel": "email",
        "claim": {"kind": "partial_refund", "amount": {"amount": "40.00", "currency": "EUR"}},
        "order": {
            "id": "o1",
            "placed_at": "2026-11-01T10:00:00Z",
            "total": {"amount": "120.00", "currency": "EUR"},
            "items": [
                {"sku": "A", "quantity": 1, "unit_price": {"amount": "80.00", "currency": "EUR"}},
                {"sku": "B", "quantity": 2, "unit_price": {"amount": "20.00", "currency": "EUR"}}
            ],
            "shipment": {
                "origin": "CN", "destination": "DE",
                "shipped_at": "2026-11-02T10:00:00Z",
                "estimated_delivery_at": "2026-11-12T00:00:00Z",
                "delivered_at": "2026-11-11T15:00:00Z",
                "status": "delivered"
            }
        },
        "buyer": {
            "id": "b1",
            "account_created_at": "2025-06-01T00:00:00Z",
            "history": {"orders": 4, "claims": 0}
        }
    })
}

#[test]
fn a_quiet_case_scores_zero_in_the_low_band() {
    let r = score(&base_case(), Category::Damaged, &[]);
    assert_eq!(r.score, 0);
    assert_eq!(r.band, "low");
    assert_eq!(r.action, RiskAction::Proceed);
    assert!(r.reasons.is_empty(), "{:?}", codes(&r));
}

#[test]
fn triage_signals_add_their_policy_weights() {
    let r = score(
        &base_case(),
        Category::Damaged,
        &["anger", "threat.chargeback"],
    );
    assert_eq!(r.score, 15);
    assert_eq!(
        codes(&r),
        ["risk.triage.threat.chargeback", "risk.triage.anger"]
    );
    assert_eq!(r.reasons[0].subject.as_deref(), Some("threat.chargeback"));
}

#[test]
fn every_triage_code_is_weighted_by_the_default_policy() {
    let p = default_policy();
    for code in [
        "anger",
        "threat.chargeback",
        "threat.legal",
        "threat.public_review",
        "accusation.scam",
        "escalation.request",
        "proof_conflict",
    ] {
        assert!(p.risk.triage_signals.contains_key(code), "{code}");
    }
}

#[test]
fn unknown_and_repeated_triage_signals_count_once_or_not_at_all() {
    let r = score(
        &base_case(),
        Category::Damaged,
        &["anger", "anger", "sarcasm", "escalation.request"],
    );
    assert_eq!(codes(&r), ["risk.triage.anger"]);
    assert_eq!(r.score, 5);
}

#[test]
fn proof_conflict_from_triage_is_not_counted_twice_by_default() {
    // The default policy scores the contradiction from the carrier's facts only.
    let r = score(&base_case(), Category::NotReceived, &["proof_conflict"]);
    assert!(!codes(&r).contains(&"risk.triage.proof_conflict"));
}

#[test]
fn proof_strength_orders_the_contradiction_points() {
    let mut points = Vec::new();
    for proof in ["scan", "gps", "photo", "signature"] {
        let mut c = base_case();
        c["order"]["shipment"]["proof_of_delivery"] = json!(proof);
        c["risk_context"] = json!({"proof_address_match": true});
        let r = score(&c, Category::NotReceived, &[]);
        let p = r
            .reasons
            .iter()
            .find(|r| r.code == "risk.proof_contradiction")
            .map_or(0, |r| r.points);
        points.push(p);
    }
    assert_eq!(points, [8, 18, 18, 30]);
}

#[test]
fn proof_taken_elsewhere_does_not_contradict_the_buyer() {
    let mut c = base_case();
    c["order"]["shipment"]["proof_of_delivery"] = json!("signature");
    c["risk_context"] = json!({"proof_address_match": false});
    let r = score(&c, Category::NotReceived, &[]);
    assert!(!codes(&r).contains(&"risk.proof_contradiction"));
    c["risk_context"] = json!({});
    let r = score(&c, Category::NotReceived, &[]);
    let reason = r
        .reasons
        .iter()
        .find(|r| r.code == "risk.proof_contradiction")
        .unwrap();
    assert_eq!((reason.points, reason.factor.as_deref()), (21, Some("0.7")));
}

#[test]
fn a_premature_not_received_claim_waits_without_penalty() {
    let mut c = base_case();
    c["order"]["shipment"] = json!({
        "origin": "CN", "destination": "DE",
        "shipped_at": "2026-11-10T10:00:00Z",
        "estimated_delivery_at": "2026-11-25T00:00:00Z",
        "status": "in_transit"
    });
    let (r, out) = score_with(&default_policy(), &c, Category::NotReceived, &[]);
    assert_eq!(r.score, 0);
    assert_eq!(codes(&r), ["risk.premature_not_received"]);
    assert_eq!(r.reasons[0].points, 0);
    assert_eq!(out.actions.len(), 1);
    assert_eq!(out.actions[0].kind, "wait_for_carrier_window");
    assert_eq!(
        out.actions[0].due_at,
        Some("2026-11-26T00:00:00Z".parse().unwrap())
    );
}

#[test]
fn the_window_falls_back_to_the_route_average() {
    let mut c = base_case();
    c["order"]["shipment"] = json!({
        "origin": "CN", "destination": "DE",
        "shipped_at": "2026-11-10T10:00:00Z",
        "route_average_transit_days": 12,
        "status": "in_transit"
    });
    let (_, out) = score_with(&default_policy(), &c, Category::NotReceived, &[]);
    assert_eq!(
        out.actions[0].due_at,
        Some("2026-11-23T10:00:00Z".parse().unwrap())
    );
}

#[test]
fn an_honest_buyer_with_a_late_parcel_stays_low() {
    let mut c = base_case();
    c["claim"] = json!({"kind": "refund", "amount": {"amount": "120.00", "currency": "EUR"}});
    c["order"]["shipment"] = json!({
        "origin": "CN", "destination": "DE",
        "shipped_at": "2026-11-02T10:00:00Z",
        "estimated_delivery_at": "2026-11-12T00:00:00Z",
        "status": "in_transit"
    });
    c["buyer"]["history"] = json!({"orders": 1});
    let r = score(&c, Category::NotReceived, &["anger"]);
    assert_eq!(r.band, "low", "{:?}", r.reasons);
    assert!(codes(&r).contains(&"risk.fairness.late_parcel"));
    assert!(!codes(&r).contains(&"risk.claim_ratio"));
}

#[test]
fn a_long_good_history_is_not_sent_to_review_by_one_weak_signal() {
    // A policy where history earns no points, a base of 30 and one weak signal of 15:
    // without the guard the score would be 45 (elevated).
    let mut p = default_policy();
    p.risk.base_score = 30;
    p.risk.signals.long_good_history.as_mut().unwrap().weight = 0;
    let mut c = base_case();
    c["buyer"]["history"] = json!({"orders": 40, "claims": 1});
    c["risk_context"] = json!({"address_changed_after_dispatch": true});
    let (r, _) = score_with(&p, &c, Category::Damaged, &[]);
    assert_eq!(r.score, 39);
    assert_eq!(r.band, "low");
    let cap = r
        .reasons
        .iter()
        .find(|r| r.code == "risk.fairness.good_history_cap")
        .unwrap();
    assert_eq!(cap.points, -6);
    // Two signals are no longer "one weak signal".
    c["risk_context"]["forwarder_address"] = json!(true);
    let (r, _) = score_with(&p, &c, Category::Damaged, &[]);
    assert_eq!(r.score, 55);
    assert_eq!(r.band, "elevated");
}

#[test]
fn reasons_sum_to_the_score() {
    let mut c = base_case();
    c["buyer"]["history"] = json!({"orders": 3, "claims": 3, "chargebacks": 1});
    c["risk_context"] =
        json!({"forwarder_address": true, "linked_claims_7d": 2, "linked_claims_30d": 2});
    let r = score(&c, Category::NotReceived, &["anger"]);
    let sum: i32 = r.reasons.iter().map(|r| r.points).sum();
    assert_eq!(i64::from(r.score), i64::from(sum).clamp(0, 100));
}

#[test]
fn reasons_are_sorted_by_contribution() {
    let mut c = base_case();
    c["buyer"]["history"] = json!({"orders": 40, "claims": 0});
    c["buyer"]["account_created_at"] = json!("2020-01-01T00:00:00Z");
    c["risk_context"] = json!({"forwarder_address": true, "fingerprints_seen_elsewhere": 1});
    let r = score(&c, Category::Damaged, &["anger"]);
    let pts: Vec<i32> = r.reasons.iter().map(|r| r.points).collect();
    assert_eq!(pts, [40, -25, 10, 5]);
}

#[test]
fn a_product_that_draws_complaints_lowers_the_buyer_risk() {
    let mut c = base_case();
    c["claim"]["skus"] = json!(["A"]);
    c["risk_context"] = json!({
        "fingerprints_seen_elsewhere": 1,
        "products": [{"sku": "A", "orders": 400, "complaints": 60, "peer_orders": 10000, "peer_complaints": 500}]
    });
    let r = score(&c, Category::QualityDefect, &[]);
    let p = r
        .reasons
        .iter()
        .find(|r| r.code == "risk.product_complaint_rate")
        .unwrap();
    assert_eq!(p.points, -15);
    assert_eq!(p.subject.as_deref(), Some("A"));
    assert_eq!(r.score, 25);
}

#[test]
fn a_product_with_too_few_orders_has_no_index_signal() {
    let mut c = base_case();
    c["risk_context"] = json!({
        "products": [{"sku": "A", "orders": 5, "complaints": 5, "peer_orders": 10000, "peer_complaints": 500}]
    });
    let r = score(&c, Category::QualityDefect, &[]);
    assert!(!codes(&r).contains(&"risk.product_complaint_rate"));
}

#[test]
fn a_full_refund_for_one_cheap_line_crosses_the_line_ratio() {
    let mut c = base_case();
    c["claim"] =
        json!({"kind": "refund", "amount": {"amount": "120.00", "currency": "EUR"}, "skus": ["B"]});
    let r = score(&c, Category::QualityDefect, &[]);
    let l = r
        .reasons
        .iter()
        .find(|r| r.code == "risk.line_claim_ratio")
        .unwrap();
    assert_eq!((l.value.as_str(), l.threshold.as_str()), ("3", "1.01"));
}

#[test]
fn refunded_value_rate_converts_currencies() {
    let mut c = base_case();
    c["buyer"]["history"] = json!({
        "orders": 4,
        "order_value": {"amount": "400.00", "currency": "EUR"},
        "refunded_value": {"amount": "223.40", "currency": "USD"}
    });
    let r = score(&c, Category::Damaged, &[]);
    let rv = r
        .reasons
        .iter()
        .find(|r| r.code == "risk.refunded_value_rate")
        .unwrap();
    assert_eq!(rv.value, "0.5");
}

#[test]
fn a_policy_without_signals_scores_nothing() {
    let mut p = default_policy();
    p.risk.signals = Signals::default();
    p.risk.triage_signals.clear();
    let mut c = base_case();
    c["risk_context"] = json!({"forwarder_address": true, "fingerprints_seen_elsewhere": 3});
    let (r, _) = score_with(&p, &c, Category::NotReceived, &["anger"]);
    assert_eq!(r.score, 0);
    assert!(r.reasons.is_empty());
}

#[test]
fn policy_validation_reports_every_risk_problem() {
    let mut p = default_policy();
    p.risk.base_score = 101;
    p.risk.signals.claim_ratio.as_mut().unwrap().weight = 500;
    p.risk.triage_signals.insert("anger".into(), -101);
    let s = &mut p
        .risk
        .signals
        .proof_contradiction
        .as_mut()
        .unwrap()
        .strength;
    s.scan = crate::money::PolicyDecimal(Decimal::ONE);
    let paths: Vec<String> = p.validate().into_iter().map(|d| d.path).collect();
    assert_eq!(
        paths,
        [
            "risk.base_score",
            "risk.signals.claim_ratio.weight",
            "risk.signals.proof_contradiction.strength",
            "risk.triage_signals.anger",
            "risk.fairness.good_history_cap",
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Params {
    orders: u32,
    claims: u32,
    nr: u32,
    chargebacks: u32,
    disputes: u32,
    returns: u32,
    linked: usize,
    l7: u32,
    l30_extra: u32,
    forwarder: bool,
    mismatch: bool,
    changed: bool,
    fingerprints: u32,
    proof: usize,
    delivered: bool,
    category: usize,
    claim_cents: u32,
    account_days: Option<i64>,
    signals: Vec<usize>,
    sku_complaints: u32,
    addr_match: Option<bool>,
}

const CATEGORIES: [Category; 5] = [
    Category::NotReceived,
    Category::Damaged,
    Category::DeliveryDelay,
    Category::QualityDefect,
    Category::Other,
];
const PROOFS: [&str; 5] = ["none", "scan", "gps", "photo", "signature"];
const TRIAGE_CODES: [&str; 7] = [
    "anger",
    "threat.chargeback",
    "threat.legal",
    "threat.public_review",
    "accusation.scam",
    "escalation.request",
    "proof_conflict",
];

fn params() -> impl Strategy<Value = Params> {
    (
        (0u32..60, 0u32..20, 0u32..8, 0u32..3, 0u32..4, 0u32..12),
        (
            0usize..4,
            0u32..4,
            0u32..4,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (0u32..3, 0usize..5, any::<bool>(), 0usize..5, 0u32..30_000),
        (
            proptest::option::of(0i64..2000),
            proptest::collection::vec(0usize..7, 0..4),
            0u32..200,
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (orders, claims, nr, chargebacks, disputes, returns),
                (linked, l7, l30_extra, forwarder, mismatch, changed),
                (fingerprints, proof, delivered, category, claim_cents),
                (account_days, signals, sku_complaints, addr_match),
            )| Params {
                orders,
                claims,
                nr,
                chargebacks,
                disputes,
                returns,
                linked,
                l7,
                l30_extra,
                forwarder,
                mismatch,
                changed,
                fingerprints,
                proof,
                delivered,
                category,
                claim_cents,
                account_days,
                signals,
                sku_complaints,
                addr_match,
            },
        )
}

fn build(p: &Params) -> Value {
    let mut c = base_case();
    c["claim"]["amount"]["amount"] = json!(format!(
        "{}.{:02}",
        p.claim_cents / 100,
        p.claim_cents % 100
    ));
    let mut buyer = json!({
        "id": "b1",
        "history": {
            "orders": p.orders, "claims": p.claims.max(p.nr), "not_received_claims": p.nr,
            "chargebacks": p.chargebacks, "disputes": p.disputes
        },
        "linked_accounts": (0..p.linked).map(|i| format!("h{i}")).collect::<Vec<_>>()
    });
    if let Some(d) = p.account_days {
        // Counted back from receipt: an account cannot postdate its complaint.
        let received: chrono::DateTime<chrono::Utc> =
            c["received_at"].as_str().unwrap().parse().unwrap();
        let t = received - chrono::Duration::days(d);
        buyer["account_created_at"] = json!(t.to_rfc3339());
    }
    c["buyer"] = buyer;
    if !p.delivered {
        c["order"]["shipment"]["status"] = json!("in_transit");
        c["order"]["shipment"]
            .as_object_mut()
            .unwrap()
            .remove("delivered_at");
    }
    c["order"]["shipment"]["proof_of_delivery"] = json!(PROOFS[p.proof]);
    let mut rc = json!({
        "returns": p.returns,
        "linked_claims_7d": p.l7,
        "linked_claims_30d": p.l7 + p.l30_extra,
        "forwarder_address": p.forwarder,
        "billing_shipping_mismatch": p.mismatch,
        "address_changed_after_dispatch": p.changed,
        "fingerprints_seen_elsewhere": p.fingerprints,
        "high_resale_skus": ["A"],
        "products": [{"sku": "A", "orders": 200, "complaints": p.sku_complaints,
                      "peer_orders": 5000, "peer_complaints": 250}]
    });
    if let Some(m) = p.addr_match {
        rc["proof_address_match"] = json!(m);
    }
    c["risk_context"] = rc;
    c
}

fn run(p: &Params) -> u32 {
    let codes: Vec<&str> = p.signals.iter().map(|i| TRIAGE_CODES[*i]).collect();
    score(&build(p), CATEGORIES[p.category], &codes).score
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn score_is_always_within_0_and_100(p in params()) {
        let (r, _) = score_with(&default_policy(), &build(&p), CATEGORIES[p.category], &[]);
        prop_assert!(r.score <= 100);
        let sum: i64 = r.reasons.iter().map(|r| i64::from(r.points)).sum();
        prop_assert_eq!(i64::from(r.score), sum.clamp(0, 100));
    }

    #[test]
    fn adding_a_positive_weight_signal_never_lowers_the_score(p in params(), which in 0usize..11) {
        let before = run(&p);
        let mut q = p.clone();
        match which {
            0 => q.chargebacks += 1,
            1 => q.disputes += 1,
            2 => q.claims += 1,
            3 => q.nr += 1,
            4 => q.forwarder = true,
            5 => q.mismatch = true,
            6 => q.changed = true,
            7 => q.fingerprints += 1,
            8 => { q.l7 += 1; }
            9 => q.linked += 1,
            _ => q.signals.push(which % 7),
        }
        let after = run(&q);
        prop_assert!(after >= before, "{} -> {} adding #{}", before, after, which);
    }

    #[test]
    fn removing_history_never_raises_trust(p in params(), fewer in 1u32..60, younger in 1i64..2000) {
        let before = run(&p);
        let mut q = p.clone();
        q.orders = q.orders.saturating_sub(fewer);
        let after = run(&q);
        prop_assert!(after >= before, "fewer orders: {} -> {}", before, after);
        let mut q = p.clone();
        q.account_days = q.account_days.map(|d| (d - younger).max(0));
        let after = run(&q);
        prop_assert!(after >= before, "younger account: {} -> {}", before, after);
    }

    #[test]
    fn product_index_is_positive_and_grows_with_complaints(orders in 1u32..5000, c in 0u32..500, peers in 0u32..100_000) {
        let rule = default_policy().risk.signals.product_complaint_rate.unwrap();
        let s = |complaints| crate::case::ProductStats {
            sku: "S".into(), orders, complaints, peer_orders: peers, peer_complaints: peers / 20,
        };
        let a = product_risk_index(&s(c), &rule).unwrap();
        let b = product_risk_index(&s(c + 1), &rule).unwrap();
        prop_assert!(a > Decimal::ZERO);
        prop_assert!(b >= a);
    }
}
