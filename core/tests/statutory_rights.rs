//! No default offer undercuts a statutory right. Inside the legal window, a buyer who
//! returns an item (EU/UK 14-day withdrawal, Brazil's 7-day right of regret) or rejects a
//! faulty one (UK 30-day right to reject) is always offered a full refund that some role
//! may approve, and the assessment carries the legal deadline, whatever the amount, the
//! currency, the tier or the channel. (A buyer the risk stage sends to manual review is
//! answered by a person first; this property covers the buyers it lets through.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a test

use amends::{api, Engine};
use proptest::prelude::*;
use serde_json::{json, Value};

const NOW: &str = "2026-11-20T12:00:00Z";

/// A market, its currency, the right, the categories it covers, its window in days.
const RIGHTS: &[(&str, &str, &str, &[&str], i64)] = &[
    (
        "DE",
        "EUR",
        "withdrawal_period",
        &["return_request", "cancellation"],
        14,
    ),
    (
        "FR",
        "EUR",
        "withdrawal_period",
        &["return_request", "cancellation"],
        14,
    ),
    (
        "PL",
        "PLN",
        "withdrawal_period",
        &["return_request", "cancellation"],
        14,
    ),
    (
        "SE",
        "SEK",
        "withdrawal_period",
        &["return_request", "cancellation"],
        14,
    ),
    (
        "GB",
        "GBP",
        "withdrawal_period",
        &["return_request", "cancellation"],
        14,
    ),
    (
        "GB",
        "GBP",
        "right_to_reject",
        &["damaged", "quality_defect", "not_as_described"],
        30,
    ),
    (
        "BR",
        "BRL",
        "right_of_regret",
        &["return_request", "cancellation"],
        7,
    ),
];

fn assess(right: usize, cents: i64, days_ago: i64, tier: &str, channel: &str) -> (Value, Value) {
    let (market, cur, _, cats, _) = RIGHTS[right];
    let cat = cats[(cents as usize) % cats.len()];
    let total = format!("{}.{:02}", cents / 100, cents % 100);
    let delivered = api::parse_now(NOW).unwrap() - chrono::Duration::days(days_ago);
    let case = json!({
        "id": "c", "received_at": "2026-11-20T11:00:00Z",
        "store": {"id": "s", "marketplace": "own_site", "country": market},
        "channel": channel, "text": "", "category_hint": cat,
        "claim": {"kind": "refund"},
        "order": {
            "id": "o", "placed_at": (delivered - chrono::Duration::days(5)).to_rfc3339(),
            "total": {"amount": total, "currency": cur},
            "items": [{"sku": "SKU-1", "quantity": 1, "unit_price": {"amount": total, "currency": cur}}],
            "shipment": {"status": "delivered", "origin": "CN", "destination": market,
                         "shipped_at": (delivered - chrono::Duration::days(4)).to_rfc3339(),
                         "delivered_at": delivered.to_rfc3339()}
        },
        "buyer": {"id": "b", "tier": tier, "history": {"orders": 4}}
    });
    let case = api::parse_case(&case.to_string()).unwrap();
    let a = Engine::default()
        .assess(&case, api::parse_now(NOW).unwrap())
        .unwrap();
    let a: Value = serde_json::from_str(&api::to_canonical(&a)).unwrap();
    (a, json!(cat))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn no_default_offer_undercuts_a_statutory_right(
        right in 0..RIGHTS.len(),
        cents in 100i64..500_000,
        day in 0i64..30,
        tier in prop::sample::select(vec!["none", "silver", "gold", "platinum"]),
        channel in prop::sample::select(vec!["email", "chat", "marketplace_message", "phone"]),
    ) {
        let (_, _, deadline, _, window) = RIGHTS[right];
        let days_ago = day % window;
        let (a, cat) = assess(right, cents, days_ago, tier, channel);
        if a["risk"]["action"] == "manual_review" {
            return Ok(());
        }
        let options = a["remedy"]["options"].as_array().unwrap();
        let refund = options.iter().any(|o| {
            o["band"] != "blocked"
                && o["outcomes"].as_array().unwrap().iter().any(|x| x["kind"] == "full_refund")
        });
        prop_assert!(refund, "{cat} in {}: no full refund that a role may approve: {}", RIGHTS[right].0, a["remedy"]);
        let deadlines = a["sla"]["deadlines"].as_array().unwrap();
        prop_assert!(
            deadlines.iter().any(|d| d["name"] == deadline),
            "{cat} in {}: no {deadline} deadline: {}", RIGHTS[right].0, a["sla"]
        );
    }
}
