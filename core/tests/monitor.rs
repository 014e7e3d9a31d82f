//! Monitoring and backtest: alarms fire exactly at threshold crossings, KPIs follow their
//! definitions, a policy compared with itself shows no difference, totals equal the sum of
//! the cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use amends::monitor::{
    backtest_html, case_cost, BacktestBuilder, DailyVolume, Monitor, Outcome, Scope,
};
use amends::remedy::{Offer, RemedyStatus, Tier};
use amends::risk::RiskAction;
use amends::{api, Assessment, Case, Engine};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use serde_json::json;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case(id: &str, at: DateTime<Utc>, extra: serde_json::Value) -> Case {
    let mut v = json!({
        "id": id, "received_at": at.to_rfc3339(),
        "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
        "channel": "email", "text": "problem"
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    api::parse_case(&v.to_string()).unwrap()
}

fn disputed(id: &str, at: DateTime<Utc>) -> Case {
    case(
        id,
        at,
        json!({"dispute": {"kind": "a_to_z", "opened_at": at.to_rfc3339()}}),
    )
}

fn shipped(id: &str, at: DateTime<Utc>, carrier: &str, category: &str) -> Case {
    case(
        id,
        at,
        json!({"category_hint": category, "order": {"id": format!("o-{id}"),
          "placed_at": "2026-10-01T00:00:00Z", "total": {"amount": "20.00", "currency": "EUR"},
          "items": [{"sku": "SKU-1", "quantity": 1, "unit_price": {"amount": "20.00", "currency": "EUR"}}],
          "shipment": {"carrier": carrier, "origin": "CN", "destination": "DE", "status": "in_transit"}}}),
    )
}

fn monitor() -> (Engine, Monitor) {
    let e = Engine::default();
    let m = Monitor::new(&e.policy().monitor);
    (e, m)
}

fn observe(e: &Engine, m: &mut Monitor, c: &Case, o: Option<&Outcome>) {
    let a = e.assess(c, c.received_at).unwrap();
    m.observe(c, &a, o);
}

fn volume(m: &mut Monitor, scope: Scope, id: &str, date: &str, count: u64) {
    m.add_volume(&DailyVolume {
        date: day(date),
        scope,
        id: id.into(),
        count,
    });
}

#[test]
fn store_dispute_alarm_waits_for_a_rate_strictly_above_the_threshold() {
    let (e, mut m) = monitor();
    for d in ["2026-11-01", "2026-11-02", "2026-11-03"] {
        volume(&mut m, Scope::Store, "s1", d, 40);
    }
    // 3 disputes over 120 orders = 2.5% exactly: not above the threshold.
    for (i, at) in [
        "2026-11-01T10:00:00Z",
        "2026-11-02T10:00:00Z",
        "2026-11-03T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        observe(&e, &mut m, &disputed(&format!("d{i}"), t(at)), None);
    }
    assert!(m.report().alarms.is_empty());
    // One more on the third day: 4 / 120 > 2.5%.
    observe(&e, &mut m, &disputed("d4", t("2026-11-03T11:00:00Z")), None);
    let alarms = m.report().alarms;
    assert_eq!(alarms.len(), 1);
    let a = &alarms[0];
    assert_eq!(a.rule, "monitor.store_disputes");
    assert_eq!(a.action, "freeze_inventory");
    assert_eq!((a.scope.as_str(), a.subject.as_str()), ("store", "s1"));
    assert_eq!(a.raised_on, day("2026-11-03"));
    assert_eq!(
        (a.window_from, a.window_to),
        (day("2026-11-01"), day("2026-11-03"))
    );
    assert_eq!((a.figures[0].events, a.figures[0].volume), (4, 120));
    assert_eq!(a.figures[0].rate.unwrap().to_string(), "0.0333");
    assert_eq!(a.threshold.to_string(), "0.025");
}

#[test]
fn store_dispute_alarm_fires_once_per_crossing() {
    let (e, mut m) = monitor();
    for d in 1..=12 {
        volume(&mut m, Scope::Store, "s1", &format!("2026-11-{d:02}"), 10);
    }
    // A dispute on day 1 keeps the 3-day window above 2.5% for days 1-3: one alarm.
    // Another on day 10 crosses again: a second alarm.
    observe(&e, &mut m, &disputed("a", t("2026-11-01T09:00:00Z")), None);
    observe(&e, &mut m, &disputed("b", t("2026-11-02T09:00:00Z")), None);
    observe(&e, &mut m, &disputed("c", t("2026-11-10T09:00:00Z")), None);
    let days: Vec<_> = m.report().alarms.iter().map(|a| a.raised_on).collect();
    assert_eq!(days, [day("2026-11-01"), day("2026-11-10")]);
}

#[test]
fn provider_alarm_needs_three_consecutive_days_above_the_rate() {
    let (e, mut m) = monitor();
    for d in 1..=5 {
        volume(
            &mut m,
            Scope::Carrier,
            "yanwen",
            &format!("2026-11-{d:02}"),
            100,
        );
    }
    // 2 of 100 = 2% on days 1, 2 and 4, 3, 5: day 3 has 1% (not above), so the runs
    // are 2 days and then 2 days: no alarm.
    let mut n = 0;
    for (d, k) in [(1, 2), (2, 2), (3, 1), (4, 2), (5, 2)] {
        for _ in 0..k {
            n += 1;
            let at = t(&format!("2026-11-{d:02}T12:00:00Z"));
            observe(
                &e,
                &mut m,
                &shipped(&format!("c{n}"), at, "yanwen", "delivery_delay"),
                None,
            );
        }
    }
    assert!(m.report().alarms.is_empty());
    // A sixth day above the rate completes a run of three: the alarm names all three.
    volume(&mut m, Scope::Carrier, "yanwen", "2026-11-06", 100);
    for i in 0..2 {
        let c = shipped(
            &format!("x{i}"),
            t("2026-11-06T12:00:00Z"),
            "yanwen",
            "damaged",
        );
        observe(&e, &mut m, &c, None);
    }
    let alarms = m.report().alarms;
    assert_eq!(alarms.len(), 1);
    let a = &alarms[0];
    assert_eq!(a.action, "switch_to_backup_provider");
    assert_eq!(
        (a.scope.as_str(), a.subject.as_str()),
        ("carrier", "yanwen")
    );
    assert_eq!(a.raised_on, day("2026-11-06"));
    assert_eq!(a.window_from, day("2026-11-04"));
    let per_day: Vec<_> = a
        .figures
        .iter()
        .map(|f| (f.to, f.events, f.volume))
        .collect();
    assert_eq!(
        per_day,
        [
            (day("2026-11-04"), 2, 100),
            (day("2026-11-05"), 2, 100),
            (day("2026-11-06"), 2, 100)
        ]
    );
}

#[test]
fn provider_alarm_ignores_categories_a_provider_cannot_cause() {
    let (e, mut m) = monitor();
    for d in 1..=3 {
        volume(
            &mut m,
            Scope::Carrier,
            "dhl",
            &format!("2026-11-{d:02}"),
            10,
        );
        let at = t(&format!("2026-11-{d:02}T12:00:00Z"));
        observe(
            &e,
            &mut m,
            &shipped(&format!("p{d}"), at, "dhl", "payment"),
            None,
        );
    }
    assert!(m.report().alarms.is_empty());
}

#[test]
fn warehouse_complaints_come_from_the_outcome() {
    let (e, mut m) = monitor();
    for d in 1..=3 {
        volume(
            &mut m,
            Scope::Warehouse,
            "wh-sz",
            &format!("2026-11-{d:02}"),
            50,
        );
        let at = t(&format!("2026-11-{d:02}T12:00:00Z"));
        let c = shipped(&format!("w{d}"), at, "dhl", "wrong_item");
        let o = Outcome {
            case_id: c.id.clone(),
            warehouse: Some("wh-sz".into()),
            ..Default::default()
        };
        observe(&e, &mut m, &c, Some(&o));
    }
    let alarms = m.report().alarms;
    let w: Vec<_> = alarms.iter().filter(|a| a.scope == "warehouse").collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].raised_on, day("2026-11-03"));
}

#[test]
fn sku_alarm_fires_when_one_category_clusters() {
    let (e, mut m) = monitor();
    // Two size complaints and one payment complaint: 2 < 3 complaints, no alarm.
    observe(
        &e,
        &mut m,
        &shipped("a", t("2026-11-01T10:00:00Z"), "dhl", "size_fit"),
        None,
    );
    observe(
        &e,
        &mut m,
        &shipped("b", t("2026-11-05T10:00:00Z"), "dhl", "payment"),
        None,
    );
    observe(
        &e,
        &mut m,
        &shipped("c", t("2026-11-09T10:00:00Z"), "dhl", "size_fit"),
        None,
    );
    assert!(m.report().alarms.iter().all(|a| a.scope != "sku"));
    // The third size complaint within 28 days: 3 of 4 complaints (75% >= 50%).
    observe(
        &e,
        &mut m,
        &shipped("d", t("2026-11-20T10:00:00Z"), "dhl", "size_fit"),
        None,
    );
    let alarms: Vec<_> = m
        .report()
        .alarms
        .into_iter()
        .filter(|a| a.scope == "sku")
        .collect();
    assert_eq!(alarms.len(), 1);
    let a = &alarms[0];
    assert_eq!(a.subject, "SKU-1");
    assert_eq!(a.action, "delist_or_fix_listing");
    assert_eq!(a.raised_on, day("2026-11-20"));
    assert_eq!((a.figures[0].events, a.figures[0].volume), (3, 4));
    assert_eq!(
        (a.window_from, a.window_to),
        (day("2026-10-24"), day("2026-11-20"))
    );
}

#[test]
fn kpis_follow_their_definitions() {
    let (e, mut m) = monitor();
    let at = t("2026-11-02T08:00:00Z");
    let outcomes = [
        // answered in 1 h, resolved in 10 h at first contact, satisfied, promoter
        (Some(1), Some(10), 1, Some(5), Some(10)),
        // answered in 3 h, resolved in 30 h after 3 contacts, dissatisfied, detractor
        (Some(3), Some(30), 3, Some(2), Some(3)),
        // answered in 5 h (email: 12 h deadline met, 4 h first_response missed), open
        (Some(5), None, 0, Some(4), Some(8)),
        // never answered
        (None, None, 0, None, None),
    ];
    for (i, (fr, res, contacts, csat, nps)) in outcomes.into_iter().enumerate() {
        let c = case(&format!("k{i}"), at, json!({}));
        let o = Outcome {
            case_id: c.id.clone(),
            first_response_at: fr.map(|h| at + Duration::hours(h)),
            resolved_at: res.map(|h| at + Duration::hours(h)),
            contacts,
            csat,
            nps,
            ..Default::default()
        };
        observe(&e, &mut m, &c, Some(&o));
    }
    observe(&e, &mut m, &case("no-outcome", at, json!({})), None);
    let k = m.report().kpis;
    assert_eq!((k.cases, k.with_outcome), (5, 4));
    assert_eq!(k.first_response.count, 3);
    assert_eq!(k.first_response.mean_seconds, Some(3 * 3600));
    assert_eq!(k.first_response.median_seconds, Some(3 * 3600));
    assert_eq!(k.resolution.mean_seconds, Some(20 * 3600));
    assert_eq!(k.resolution.median_seconds, Some(20 * 3600));
    assert_eq!(
        (
            k.first_contact_resolution.numerator,
            k.first_contact_resolution.denominator
        ),
        (1, 2)
    );
    assert_eq!(k.first_contact_resolution.rate.unwrap().to_string(), "0.5");
    assert_eq!((k.csat.numerator, k.csat.denominator), (2, 3));
    assert_eq!(k.csat.rate.unwrap().to_string(), "0.6667");
    assert_eq!(
        (k.nps.promoters, k.nps.detractors, k.nps.responses),
        (1, 1, 3)
    );
    assert_eq!(k.nps.score.unwrap().to_string(), "0");
    // Email deadlines: acknowledgement 24h, first_response 4h, channel_response 12h (by
    // first response) and regional_escalation 72h (by resolution), 4 cases x 4.
    // Met: case 0 all 4; case 1: 3 (resolved at 30 h < 72 h, answered at 3 h); case 2:
    // acknowledgement and channel_response; case 3: none.
    assert_eq!(k.sla_achievement.denominator, 16);
    assert_eq!(k.sla_achievement.numerator, 4 + 4 + 2);
}

#[test]
fn monitor_policy_problems_name_their_paths() {
    let mut text =
        amends::policy::DEFAULT_POLICY_TOML.replace("max_rate = \"0.025\"", "max_rate = \"2.5\"");
    text = text.replace("consecutive_days = 3", "consecutive_days = 0");
    let err = amends::Policy::parse(&text, amends::policy::Format::Toml).unwrap_err();
    let paths: Vec<_> = err.diagnostics().iter().map(|d| d.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "monitor.store_disputes.max_rate",
            "monitor.provider_complaints.consecutive_days"
        ]
    );
}

// ---- Backtest ----

fn offer(kind: &str, tier: Tier, amount: &str, cur: &str, approver: &str) -> Offer {
    let money = serde_json::json!({ "amount": amount, "currency": cur });
    serde_json::from_value(serde_json::json!({
        "id": kind, "rule": "test.offer", "tier": tier,
        "outcomes": [{ "kind": kind, "tier": tier, "amount": money }],
        "value": money, "approver": approver, "band": "auto",
    }))
    .unwrap()
}

fn base_assessment(id: &str) -> Assessment {
    let c = case(id, t("2026-11-02T08:00:00Z"), json!({}));
    Engine::default().assess(&c, c.received_at).unwrap()
}

fn with_offer(mut a: Assessment, o: Offer) -> Assessment {
    a.remedy.status = RemedyStatus::Offered;
    a.remedy.tier = Some(o.tier);
    a.remedy.options = vec![o];
    a.remedy.recommended = Some(0);
    a
}

#[test]
fn backtest_reports_cost_approvals_risk_and_the_cases_that_changed_most() {
    let e = Engine::default();
    let mut b = BacktestBuilder::new(e.policy_ref().clone(), e.policy_ref().clone(), 2);
    // c1: same offer both sides.
    let same = with_offer(
        base_assessment("c1"),
        offer("coupon", Tier::L1, "5.00", "EUR", "agent"),
    );
    b.add(&same, &same);
    // c2: partial refund grows and needs a supervisor; risk action changes too.
    let a2 = with_offer(
        base_assessment("c2"),
        offer("partial_refund", Tier::L2, "10.00", "EUR", "agent"),
    );
    let mut b2 = with_offer(
        base_assessment("c2"),
        offer("partial_refund", Tier::L2, "25.00", "EUR", "supervisor"),
    );
    b2.risk.score = 45;
    b2.risk.action = RiskAction::CollectEvidence;
    b.add(&a2, &b2);
    // c3: nothing offered under A, a yen coupon under B.
    let a3 = base_assessment("c3");
    let b3 = with_offer(
        base_assessment("c3"),
        offer("coupon", Tier::L1, "500", "JPY", "agent"),
    );
    b.add(&a3, &b3);
    let r = b.finish();
    assert_eq!((r.cases, r.cases_changed, r.offers_changed), (3, 2, 2));
    let cost: Vec<_> = r
        .cost
        .iter()
        .map(|c| {
            (
                c.currency.as_str(),
                c.tier.as_str(),
                c.a.to_string(),
                c.b.to_string(),
                c.delta.to_string(),
            )
        })
        .collect();
    assert_eq!(
        cost,
        [
            ("EUR", "L1", "5.00".into(), "5.00".into(), "0.00".into()),
            ("EUR", "L2", "10.00".into(), "25.00".into(), "15.00".into()),
            ("JPY", "L1", "0".into(), "500".into(), "500".into()),
            ("EUR", "all", "15.00".into(), "30.00".into(), "15.00".into()),
            ("JPY", "all", "0".into(), "500".into(), "500".into()),
        ]
    );
    let approvals: Vec<_> = r
        .approvals
        .iter()
        .map(|c| (c.key.as_str(), c.a, c.b))
        .collect();
    assert_eq!(approvals, [("agent", 2, 2), ("supervisor", 0, 1)]);
    let risk: Vec<_> = r
        .risk_actions
        .iter()
        .map(|c| (c.key.as_str(), c.a, c.b, c.delta))
        .collect();
    assert_eq!(risk, [("collect_evidence", 0, 1, 1), ("proceed", 3, 2, -1)]);
    let top: Vec<_> = r.top_changes.iter().map(|c| c.case_id.as_str()).collect();
    assert_eq!(top, ["c2", "c3"]);
    assert_eq!(
        r.top_changes[0].changed,
        ["risk_score", "risk_action", "offers", "approver", "cost"]
    );
    let json = api::to_canonical(&r);
    assert!(json.contains("\"top_changes\""));
    assert!(!json.contains("e+") && !json.contains("E+"));
}

#[test]
fn backtest_counts_errors_apart() {
    let e = Engine::default();
    let mut b = BacktestBuilder::new(e.policy_ref().clone(), e.policy_ref().clone(), 5);
    let a = base_assessment("ok");
    b.add_results::<()>(Ok(&a), Err(()), None);
    let r = b.finish();
    assert_eq!(
        (r.cases, r.errors.a, r.errors.b, r.cases_changed),
        (1, 0, 1, 0)
    );
    assert!(r.tiers.is_empty());
}

#[test]
fn stricter_deadlines_show_up_as_changed_cases() {
    let a = Engine::default();
    let strict = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/policies/strict.toml"
    ))
    .unwrap();
    let b = Engine::from_policy_text(&strict).unwrap();
    let c = case("s1", t("2026-11-02T08:00:00Z"), json!({}));
    let r = a.backtest(&b, [(&c, c.received_at)], 5);
    assert_eq!(r.cases_changed, 1);
    assert!(r.top_changes[0].changed.contains(&"deadlines".to_owned()));
}

#[test]
fn backtest_judges_each_policys_deadlines_against_the_outcome() {
    let a = Engine::default();
    let strict = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/policies/strict.toml"
    ))
    .unwrap();
    let b = Engine::from_policy_text(&strict).unwrap();
    let c = case("s1", t("2026-11-02T08:00:00Z"), json!({}));
    // Answered after 3 h: meets a 4 h first response, misses a 2 h one.
    let o = Outcome {
        case_id: "s1".into(),
        first_response_at: Some(t("2026-11-02T11:00:00Z")),
        resolved_at: Some(t("2026-11-04T20:00:00Z")),
        ..Default::default()
    };
    let (x, y) = (
        a.assess(&c, c.received_at).unwrap(),
        b.assess(&c, c.received_at).unwrap(),
    );
    let mut bt = BacktestBuilder::new(a.policy_ref().clone(), b.policy_ref().clone(), 5)
        .met_by_resolution(vec!["regional_escalation".into()]);
    bt.add_with_outcome(&x, &y, &o);
    let r = bt.finish();
    let sla: Vec<_> = r
        .sla
        .iter()
        .map(|s| (s.deadline.as_str(), s.a.numerator, s.b.numerator))
        .collect();
    // Resolved after 60 h: within 72 h (default), not within 48 h (strict).
    assert_eq!(
        sla,
        [
            ("acknowledgement", 1, 1),
            ("channel_response", 1, 1),
            ("first_response", 1, 0),
            ("regional_escalation", 1, 0)
        ]
    );
}

#[test]
fn html_report_is_self_contained() {
    let e = Engine::default();
    let mut b = BacktestBuilder::new(e.policy_ref().clone(), e.policy_ref().clone(), 5);
    let a = with_offer(
        base_assessment("<c&1>"),
        offer("coupon", Tier::L1, "5.00", "EUR", "agent"),
    );
    let z = with_offer(
        base_assessment("<c&1>"),
        offer("coupon", Tier::L1, "7.00", "EUR", "agent"),
    );
    b.add(&a, &z);
    let html = backtest_html(&b.finish());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"));
    assert!(html.contains("&lt;c&amp;1&gt;"));
    for banned in ["<script", "src=", "href=", "@import", "url(", "@font-face"] {
        assert!(!html.contains(banned), "{banned}");
    }
}

// ---- Properties ----

fn arb_case() -> impl Strategy<Value = Case> {
    (
        0u32..5,
        0i64..(60 * 24 * 30),
        prop::sample::select(vec!["email", "chat", "phone", "review", "social"]),
        prop::sample::select(vec!["damaged", "size_fit", "payment", "delivery_delay"]),
        any::<bool>(),
    )
        .prop_map(|(store, minutes, channel, cat, dispute)| {
            let at = t("2026-11-01T00:00:00Z") + Duration::minutes(minutes);
            let mut c = shipped(&format!("p{store}-{minutes}"), at, "dhl", cat);
            c.store.id = format!("s{store}");
            c.channel = api::parse_input(&format!("\"{channel}\"")).unwrap();
            if dispute {
                c.dispute = Some(amends::case::Dispute {
                    kind: amends::case::DisputeKind::Paypal,
                    opened_at: at,
                });
            }
            c
        })
}

fn arb_offer() -> impl Strategy<Value = Option<Offer>> {
    prop::option::of(
        (
            0u32..100_000,
            prop::sample::select(vec!["EUR", "JPY", "USD"]),
            prop::sample::select(vec![Tier::L1, Tier::L2, Tier::L3]),
            prop::sample::select(vec!["agent", "supervisor", "manager"]),
        )
            .prop_map(|(minor, cur, tier, role)| {
                let c = amends::Currency::from_code(cur).unwrap();
                let amount = rust_decimal::Decimal::new(i64::from(minor), c.minor_units());
                offer("partial_refund", tier, &amount.to_string(), cur, role)
            }),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_policy_compared_with_itself_shows_no_difference(cases in prop::collection::vec(arb_case(), 1..12)) {
        let e = Engine::default();
        let r = e.backtest(&e, cases.iter().map(|c| (c, c.received_at)), 10);
        prop_assert_eq!(r.cases, cases.len() as u64);
        prop_assert_eq!(r.cases_changed, 0);
        prop_assert_eq!(r.offers_changed, 0);
        prop_assert!(r.top_changes.is_empty());
        prop_assert!(r.cost.iter().all(|c| c.delta.is_zero()));
        prop_assert!(r.risk_actions.iter().chain(&r.tiers).chain(&r.categories).chain(&r.approvals).all(|c| c.delta == 0));
    }

    #[test]
    fn cost_totals_equal_the_sum_of_the_cases(pairs in prop::collection::vec((arb_offer(), arb_offer()), 0..20)) {
        let e = Engine::default();
        let mut b = BacktestBuilder::new(e.policy_ref().clone(), e.policy_ref().clone(), 3);
        let base = base_assessment("x");
        let mut sums: std::collections::BTreeMap<String, (rust_decimal::Decimal, rust_decimal::Decimal)> = Default::default();
        let mut roles = std::collections::BTreeMap::<String, u64>::new();
        for (i, (oa, ob)) in pairs.iter().enumerate() {
            let mk = |o: &Option<Offer>| {
                let mut a = base.clone();
                a.case_id = format!("c{i}");
                match o { Some(o) => with_offer(a, o.clone()), None => a }
            };
            let (a, z) = (mk(oa), mk(ob));
            if let Some(m) = case_cost(&a) { sums.entry(m.currency.code().into()).or_default().0 += m.amount; }
            if let Some(m) = case_cost(&z) { sums.entry(m.currency.code().into()).or_default().1 += m.amount; }
            if let Some(o) = oa { *roles.entry(amends::monitor::offer_role(o).to_owned()).or_default() += 1; }
            b.add(&a, &z);
        }
        let r = b.finish();
        let totals: std::collections::BTreeMap<String, (rust_decimal::Decimal, rust_decimal::Decimal)> =
            r.cost.iter().filter(|c| c.tier == "all").map(|c| (c.currency.clone(), (c.a, c.b))).collect();
        prop_assert_eq!(totals, sums);
        // Per-tier rows add up to the currency totals.
        for t in r.cost.iter().filter(|c| c.tier == "all") {
            let (sa, sb): (rust_decimal::Decimal, rust_decimal::Decimal) = r.cost.iter()
                .filter(|c| c.tier != "all" && c.currency == t.currency)
                .fold((Default::default(), Default::default()), |(x, y), c| (x + c.a, y + c.b));
            prop_assert_eq!((sa, sb), (t.a, t.b));
        }
        let approvals_a: std::collections::BTreeMap<String, u64> =
            r.approvals.iter().filter(|c| c.a > 0).map(|c| (c.key.clone(), c.a)).collect();
        prop_assert_eq!(approvals_a, roles);
        prop_assert_eq!(r.tiers.iter().map(|c| c.a).sum::<u64>(), pairs.len() as u64);
    }

    #[test]
    fn heat_map_and_kpis_count_every_case_once(cases in prop::collection::vec(arb_case(), 0..30)) {
        let (e, mut m) = monitor();
        for c in &cases { observe(&e, &mut m, c, None); }
        let r = m.report();
        prop_assert_eq!(r.heat_map.iter().map(|h| h.count).sum::<u64>(), cases.len() as u64);
        prop_assert_eq!(r.kpis.cases, cases.len() as u64);
        prop_assert_eq!(r.kpis_by_store.values().map(|k| k.cases).sum::<u64>(), cases.len() as u64);
        // Without daily volumes no rate can be judged, so only SKU clusters may fire.
        prop_assert!(r.alarms.iter().all(|a| a.scope == "sku"));
    }

    #[test]
    fn store_alarm_fires_iff_disputes_exceed_the_rate(orders in 1u64..400, disputes in 0u64..12) {
        let (e, mut m) = monitor();
        volume(&mut m, Scope::Store, "s1", "2026-11-01", orders);
        for i in 0..disputes {
            observe(&e, &mut m, &disputed(&format!("d{i}"), t("2026-11-01T10:00:00Z")), None);
        }
        // 2.5% = 1/40: above it exactly when 40 x disputes > orders.
        let expected = usize::from(40 * disputes > orders);
        prop_assert_eq!(m.report().alarms.len(), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn provider_alarm_fires_exactly_when_a_run_reaches_three_days(
        days in prop::collection::vec((0u64..4, prop::sample::select(vec![0u64, 50, 83, 84, 166, 167, 250, 400])), 1..10)
    ) {
        let (e, mut m) = monitor();
        let mut n = 0;
        let mut expected = Vec::new();
        let mut run = 0;
        for (i, (events, vol)) in days.iter().enumerate() {
            let date = day("2026-11-01") + Duration::days(i as i64);
            if *vol > 0 {
                m.add_volume(&DailyVolume { date, scope: Scope::Carrier, id: "c".into(), count: *vol });
            }
            for _ in 0..*events {
                n += 1;
                let at = date.and_hms_opt(12, 0, 0).unwrap().and_utc();
                observe(&e, &mut m, &shipped(&format!("e{n}"), at, "c", "delivery_delay"), None);
            }
            // 1.2% = 12/1000: above it exactly when 1000 x events > 12 x volume.
            if *vol > 0 && 1000 * events > 12 * vol { run += 1 } else { run = 0 }
            if run == 3 { expected.push(date) }
        }
        let got: Vec<_> = m.report().alarms.iter().filter(|a| a.scope == "carrier").map(|a| a.raised_on).collect();
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn history_lines_reject_unknown_fields() {
    let ok: amends::monitor::HistoryLine = api::parse_input(
        r#"{"volume": {"date": "2026-11-01", "scope": "carrier", "id": "dhl", "count": 3}}"#,
    )
    .unwrap();
    assert_eq!(ok.volume.unwrap().count, 3);
    let err = api::parse_input::<amends::monitor::HistoryLine>(
        r#"{"outcome": {"case_id": "c1", "stars": 5}}"#,
    )
    .unwrap_err();
    assert_eq!(err.path(), "outcome.stars");
}
