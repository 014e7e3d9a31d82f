//! Prints the triage of one text with its trace:
//! `cargo run -p amends --example triage -- "Mein Paket ist nicht angekommen" [hint]`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // an example

use amends::{api, Engine};
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let mut case = json!({
        "id": "example", "received_at": "2026-11-20T09:00:00Z",
        "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
        "channel": "email", "text": text
    });
    if let Some(hint) = args.next() {
        case["language_hint"] = json!(hint);
    }
    let case = api::parse_case(&case.to_string()).expect("a valid case");
    let now = api::parse_now("2026-11-20T10:00:00Z").expect("a valid time");
    let a = Engine::default().assess(&case, now).expect("an assessment");
    println!("{}", serde_json::to_string_pretty(&a.triage).unwrap());
    for s in a.trace.steps.iter().filter(|s| s.module == "triage") {
        println!(
            "{} {} {}",
            s.rule,
            s.reason,
            serde_json::to_string(&s.values).unwrap()
        );
    }
}
