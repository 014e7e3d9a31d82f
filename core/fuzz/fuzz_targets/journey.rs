//! Journeys from outside bytes: `MACHINE\0SNAPSHOT\0EVENT\0NOW`. MACHINE names a machine
//! of the default policy (`order`, `complaint`) or is a journeys document whose machine
//! `m` is used; SNAPSHOT is a start input or a snapshot as JSON; EVENT an event as JSON;
//! NOW an RFC 3339 time. Start, step, tick and clocks are called, and a started journey
//! is stepped with the event. Never a panic, and every time an answer writes reads back
//! as `now`.
#![no_main]

use std::sync::OnceLock;

use amends::journey::Machine;
use amends::{api, Engine};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::default)
}

/// Every time a step or clock report writes must parse back as `now`.
fn times_read_back(out: &str) {
    let v: Value = serde_json::from_str(out).unwrap_or_default();
    let mut times: Vec<&Value> = vec![&v["next_deadline"]];
    let s = &v["snapshot"];
    times.extend([&s["entered_at"], &s["clock_time"]]);
    for t in s["timers"].as_array().into_iter().flatten() {
        times.push(&t["due_at"]);
    }
    for c in s["clocks"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(v.as_array().into_iter().flatten())
    {
        times.extend([&c["due_at"], &c["running_since"], &c["breached_at"]]);
    }
    for a in v["actions"].as_array().into_iter().flatten() {
        times.extend([&a["due_at"], &a["fired_at"]]);
    }
    for t in times.into_iter().filter_map(Value::as_str) {
        assert!(api::parse_now(t).is_ok(), "{t} does not read back in {out}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(4, '\0');
    let (machine, snapshot, event, now) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let m = match machine.trim() {
        name @ ("order" | "complaint") => Machine::from_policy(engine(), name),
        doc => Machine::from_text(doc, "m"),
    };
    let (Ok(m), Ok(now)) = (m, api::parse_now(now.trim())) else {
        return;
    };
    if let Ok(out) = m.start_json(snapshot, now) {
        times_read_back(&out);
        let v: Value = serde_json::from_str(&out).unwrap_or_default();
        if let Ok(next) = m.step_json(&v["snapshot"].to_string(), event, now) {
            times_read_back(&next);
        }
    }
    for out in [
        m.step_json(snapshot, event, now),
        m.tick_json(snapshot, now),
        m.clocks_json(snapshot, now),
    ]
    .into_iter()
    .flatten()
    {
        times_read_back(&out);
    }
});
