//! Policy text (TOML or JSON, sniffed): check, compile, and when it compiles assess a
//! sample case with it. Never a panic.
#![no_main]

use amends::{api, Engine};
use libfuzzer_sys::fuzz_target;

const CASE: &str = r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
  "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
  "channel": "email", "text": "Mein Paket ist nicht angekommen, ich will mein Geld zurück",
  "claim": {"kind": "refund", "amount": {"amount": "59.90", "currency": "EUR"}},
  "order": {"id": "o1", "placed_at": "2026-10-28T10:00:00Z",
    "total": {"amount": "59.90", "currency": "EUR"},
    "items": [{"sku": "A", "quantity": 1, "unit_price": {"amount": "59.90", "currency": "EUR"}}],
    "shipment": {"origin": "CN", "destination": "DE", "status": "in_transit"}},
  "buyer": {"id": "b1", "tier": "gold", "history": {"orders": 3, "claims": 1}}}"#;

fuzz_target!(|text: &str| {
    let _ = api::check_policy_json(text);
    if let Ok(engine) = Engine::from_policy_text(text) {
        if let (Ok(case), Ok(now)) = (api::parse_case(CASE), api::parse_now("2026-11-20T12:00:00Z")) {
            let _ = engine.assess(&case, now).map(|a| api::to_canonical(&a));
        }
    }
});
