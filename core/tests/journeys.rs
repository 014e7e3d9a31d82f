//! Behaviour of journeys: load-time checks, snapshots (golden file, migrations, changed
//! definitions), time until breach, and the properties every run must keep.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests

use std::path::Path;

use amends::journey::{Event, Machine, Snapshot, StartInput, Step};
use amends::Engine;
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::json;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn ev(name: &str, at: &str) -> Event {
    Event {
        event: name.into(),
        at: t(at),
        data: Default::default(),
    }
}

fn order() -> Machine {
    Machine::from_policy(&Engine::default(), "order").unwrap()
}

fn complaint() -> Machine {
    Machine::from_policy(&Engine::default(), "complaint").unwrap()
}

fn start(m: &Machine, ctx: serde_json::Value, at: &str) -> Step {
    let input = StartInput {
        instance: "o-1".into(),
        context: serde_json::from_value(ctx).unwrap(),
    };
    m.start(&input, t(at)).unwrap()
}

const BROKEN: &str = r#"
[calendars.office]
zone = "Mars/Olympus"
hours = { mon = ["18:00-09:00"] }

[machines.m]
version = "1"
initial = "a"

[machines.m.states.a]
on = [{ event = "go", to = "b" }, { event = "jump", to = "nowhere" }]
timers = [{ name = "t", after = "0s" }, { name = "u", after = "1h", calendar = "shop" }]

[machines.m.states.b]
tags = ["waiting"]
on = [{ event = "loop", to = "c" }]

[machines.m.states.c]
on = [{ event = "back", to = "b" }]

[machines.m.states.d]
description = "never reached, no way out"

[machines.m.states.end]
final = true
"#;

#[test]
fn load_time_checks_report_every_problem_with_its_path() {
    let err = Machine::from_text(BROKEN, "m").unwrap_err();
    let got: Vec<(String, String)> = err
        .diagnostics()
        .iter()
        .map(|d| (d.code.clone(), d.path.clone()))
        .collect();
    let want = [
        ("journey.unknown_zone", "journeys.calendars.office.zone"),
        (
            "journey.bad_hours",
            "journeys.calendars.office.hours.mon[0]",
        ),
        ("journey.bad_hours", "journeys.calendars.office.hours"),
        (
            "journey.unknown_state",
            "journeys.machines.m.states.a.on[1].to",
        ),
        (
            "journey.bad_duration",
            "journeys.machines.m.states.a.timers[0].after",
        ),
        (
            "journey.unknown_calendar",
            "journeys.machines.m.states.a.timers[1].calendar",
        ),
        (
            "journey.waiting_without_timer",
            "journeys.machines.m.states.b",
        ),
        ("journey.no_final_path", "journeys.machines.m.states.a"),
        ("journey.no_final_path", "journeys.machines.m.states.b"),
        ("journey.no_final_path", "journeys.machines.m.states.c"),
        ("journey.unreachable", "journeys.machines.m.states.d"),
        ("journey.dead_end", "journeys.machines.m.states.d"),
        ("journey.unreachable", "journeys.machines.m.states.end"),
    ];
    for (code, path) in want {
        assert!(
            got.iter().any(|(c, p)| c == code && p == path),
            "missing {code} at {path}; got {got:#?}"
        );
    }
    assert_eq!(err.kind(), "policy");
}

#[test]
fn a_bad_machine_makes_the_whole_policy_invalid() {
    let mut p = amends::Policy::default_policy().unwrap();
    p.journeys
        .machines
        .get_mut("order")
        .unwrap()
        .states
        .get_mut("paid")
        .unwrap()
        .on[0]
        .to = Some("shiped".into());
    let diags = p.validate();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "journey.unknown_state");
    assert_eq!(
        diags[0].path,
        "journeys.machines.order.states.paid.on[0].to"
    );
}

#[test]
fn snapshot_against_a_changed_definition_fails_clearly() {
    let engine = Engine::default();
    let m = order();
    let s = start(&m, json!({}), "2026-11-02T10:00:00Z").snapshot;
    let mut p = engine.policy().clone();
    let def = p.journeys.machines.get_mut("order").unwrap();
    def.description.push_str(" (edited)");
    let changed = Machine::new(&p.journeys, "order").unwrap();
    let err = changed.tick(&s, t("2026-11-02T11:00:00Z")).unwrap_err();
    assert_eq!(err.code(), "journey.definition_changed");
    assert_eq!(err.path(), "snapshot.machine.hash");

    let def = p.journeys.machines.get_mut("order").unwrap();
    def.version = "3".into();
    let bumped = Machine::new(&p.journeys, "order").unwrap();
    let err = bumped.tick(&s, t("2026-11-02T11:00:00Z")).unwrap_err();
    assert_eq!(err.code(), "journey.version_mismatch");
}

#[test]
fn a_declared_migration_carries_old_snapshots_over() {
    let m = order();
    let s = start(&m, json!({}), "2026-11-02T10:00:00Z");
    let s = m
        .step(
            &s.snapshot,
            &ev("paid", "2026-11-02T11:00:00Z"),
            t("2026-11-02T11:00:00Z"),
        )
        .unwrap()
        .snapshot;
    let mut p = Engine::default().policy().clone();
    let def = p.journeys.machines.get_mut("order").unwrap();
    let paid = def.states.remove("paid").unwrap();
    def.states.insert("payment_confirmed".into(), paid);
    def.states.get_mut("placed").unwrap().on[0].to = Some("payment_confirmed".into());
    def.version = "3".into();
    def.migrations.push(amends::journey::def::Migration {
        from_version: "2".into(),
        states: [("paid".to_string(), "payment_confirmed".to_string())].into(),
    });
    let v2 = Machine::new(&p.journeys, "order").unwrap();
    let step = v2.tick(&s, t("2026-11-05T11:00:00Z")).unwrap();
    assert_eq!(step.snapshot.state, "payment_confirmed");
    assert_eq!(step.snapshot.machine.version, "3");
    assert_eq!(
        step.actions.len(),
        1,
        "the stall timer survives the migration"
    );
    assert_eq!(step.actions[0].cause, "timer.payment_confirmed.stall");
}

/// Snapshots stored under version 1 of the built-in machines (before the
/// week-after-purchase notice, the in-transit stall, the customs rounds and the churn
/// marking) carry over to version 2: the default policy declares the migrations.
#[test]
fn version_one_snapshots_of_the_builtin_machines_still_run() {
    for (m, ctx) in [
        (order(), json!({})),
        (complaint(), json!({"channel": "email"})),
    ] {
        let mut s = start(&m, ctx, "2026-11-02T10:00:00Z").snapshot;
        s.machine.version = "1".into();
        s.machine.hash = "0".repeat(64);
        let step = m.tick(&s, t("2026-11-02T11:00:00Z")).unwrap();
        assert_eq!(step.snapshot.machine.version, "2");
    }
}

#[test]
fn snapshot_format_matches_the_golden_file() {
    let m = complaint();
    let s = start(&m, json!({"channel": "review"}), "2026-11-02T09:00:00Z");
    let s = m
        .step(
            &s.snapshot,
            &ev("respond", "2026-11-02T10:00:00Z"),
            t("2026-11-02T10:00:00Z"),
        )
        .unwrap();
    let s = m
        .step(
            &s.snapshot,
            &ev("request_info", "2026-11-02T12:00:00Z"),
            t("2026-11-02T12:00:00Z"),
        )
        .unwrap();
    let actual = serde_json::to_string_pretty(&s.snapshot).unwrap() + "\n";
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/complaint_snapshot.json");
    if std::env::var_os("AMENDS_BLESS").is_some() {
        std::fs::write(&golden, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(actual, expected, "the snapshot format is public API");
    // An old snapshot stored by a host still loads and runs.
    let stored: Snapshot = serde_json::from_str(&expected).unwrap();
    m.tick(&stored, t("2026-11-03T12:00:00Z")).unwrap();
}

#[test]
fn time_until_breach_is_queryable() {
    let m = complaint();
    let s = start(&m, json!({}), "2026-11-02T09:00:00Z").snapshot;
    let report = m.clocks(&s, t("2026-11-02T12:00:00Z"));
    let fr = report.iter().find(|c| c.name == "first_response").unwrap();
    assert_eq!(fr.remaining_seconds, 3600);
    assert_eq!(fr.due_at, Some(t("2026-11-02T13:00:00Z")));
    assert!(!fr.breached);
    let json = m
        .clocks_json(
            &serde_json::to_string(&s).unwrap(),
            t("2026-11-02T14:00:00Z"),
        )
        .unwrap();
    assert!(json.contains(r#""name":"first_response","status":"running","target_seconds":14400,"elapsed_seconds":18000,"remaining_seconds":-3600"#), "{json}");
}

#[test]
fn action_ids_are_stable_when_a_call_is_retried() {
    let m = order();
    let s = start(&m, json!({}), "2026-11-02T10:00:00Z").snapshot;
    let a = m.tick(&s, t("2026-11-05T10:00:00Z")).unwrap();
    let b = m.tick(&s, t("2026-11-05T11:30:00Z")).unwrap();
    assert_eq!(a.actions[0].id, b.actions[0].id);
    assert_eq!(a.actions[0].due_at, b.actions[0].due_at);
    assert_ne!(a.actions[0].fired_at, b.actions[0].fired_at);
}

#[test]
fn snapshot_json_errors_name_their_path() {
    let m = order();
    let err = m
        .tick_json(r#"{"machine": {"id": "order"}}"#, t("2026-11-02T10:00:00Z"))
        .unwrap_err();
    assert_eq!(err.code(), "input.missing_field");
    assert_eq!(err.path(), "snapshot.machine.version");
    let err = m
        .step_json(
            &serde_json::to_string(&start(&m, json!({}), "2026-11-02T10:00:00Z").snapshot).unwrap(),
            r#"{"event": "paid", "at": "yesterday"}"#,
            t("2026-11-02T10:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(err.path(), "event.at");
}

#[test]
fn diagrams_draw_each_transition_once_and_label_timers() {
    let m = order();
    let mermaid = m.diagram("mermaid").unwrap();
    assert!(mermaid.starts_with("stateDiagram-v2\n    [*] --> placed\n"));
    assert!(mermaid.contains("    paid --> shipped : shipped\n"));
    assert!(mermaid.contains("    delivered --> after_delivery : timer after_delivery 2d\n"));
    assert!(mermaid.contains("    in_transit --> in_transit : timer predictive_delay 1.3x context.route_average_transit_days from event.shipped\n"));
    assert!(mermaid.contains("    done --> [*]\n"));
    let lines: Vec<&str> = mermaid.lines().collect();
    let mut unique = lines.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(lines.len(), unique.len(), "an edge is drawn twice");
    let dot = m.diagram("dot").unwrap();
    assert!(dot.starts_with("digraph journey {"));
    assert!(dot.contains("    placed -> paid [label=\"paid\"];\n"));
    assert!(dot.contains("style=dashed"));
    assert_eq!(
        m.diagram("png").unwrap_err().code(),
        "journey.unknown_format"
    );
}

// ----- properties --------------------------------------------------------------------

const ORDER_EVENTS: [&str; 9] = [
    "paid",
    "shipped",
    "in_transit",
    "customs",
    "out_for_delivery",
    "delivered",
    "canceled",
    "lost",
    "returned",
];
const COMPLAINT_EVENTS: [&str; 10] = [
    "acknowledge",
    "respond",
    "start_investigation",
    "request_info",
    "customer_replied",
    "escalate",
    "resolve",
    "reopen",
    "reply_publicly",
    "assign_expert",
];

#[derive(Debug, Clone)]
enum Call {
    Event(usize, i64),
    Tick(i64),
}

fn calls() -> impl Strategy<Value = Vec<Call>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..10, 0i64..200_000).prop_map(|(e, d)| Call::Event(e, d)),
            (0i64..400_000).prop_map(Call::Tick),
        ],
        0..25,
    )
}

fn run_all(
    m: &Machine,
    events: &[&str],
    ctx: serde_json::Value,
    calls: &[Call],
    restore_at: Option<usize>,
) -> Vec<String> {
    let mut now = t("2026-11-02T10:00:00Z");
    let step = start(m, ctx, "2026-11-02T10:00:00Z");
    let mut snap = step.snapshot.clone();
    let mut out = vec![serde_json::to_string(&step).unwrap()];
    for (i, c) in calls.iter().enumerate() {
        if restore_at == Some(i) {
            let text = serde_json::to_string(&snap).unwrap();
            snap = serde_json::from_str(&text).unwrap();
        }
        let step = match c {
            Call::Event(e, d) => {
                now += Duration::seconds(*d);
                let name = events[e % events.len()];
                m.step(
                    &snap,
                    &Event {
                        event: name.into(),
                        at: now,
                        data: Default::default(),
                    },
                    now,
                )
                .unwrap()
            }
            Call::Tick(d) => {
                now += Duration::seconds(*d);
                m.tick(&snap, now).unwrap()
            }
        };
        assert!(m.definition().states.contains_key(&step.snapshot.state));
        if let Some(d) = step.next_deadline {
            assert!(d > now, "next deadline {d} is not after now {now}");
        }
        snap = step.snapshot.clone();
        out.push(serde_json::to_string(&step).unwrap());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn restoring_a_snapshot_and_replaying_equals_an_uninterrupted_run(calls in calls(), k in 0usize..25, avg in 1u32..15) {
        for (m, events) in [(order(), &ORDER_EVENTS[..]), (complaint(), &COMPLAINT_EVENTS[..])] {
            let ctx = json!({"estimated_delivery_at": "2026-11-12T00:00:00Z", "route_average_transit_days": avg, "channel": "review", "complexity": "hard"});
            let a = run_all(&m, events, ctx.clone(), &calls, None);
            let b = run_all(&m, events, ctx, &calls, Some(k));
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn after_tick_the_next_deadline_is_after_now(calls in calls(), late in 0i64..5_000_000) {
        let m = complaint();
        let mut snap = start(&m, json!({"channel": "review"}), "2026-11-02T10:00:00Z").snapshot;
        let mut now = t("2026-11-02T10:00:00Z");
        for c in &calls {
            if let Call::Event(e, d) = c {
                now += Duration::seconds(*d);
                let name = COMPLAINT_EVENTS[e % COMPLAINT_EVENTS.len()];
                snap = m.step(&snap, &Event { event: name.into(), at: now, data: Default::default() }, now).unwrap().snapshot;
            }
        }
        let now = now + Duration::seconds(late);
        let step = m.tick(&snap, now).unwrap();
        if let Some(d) = step.next_deadline {
            prop_assert!(d > now);
        }
        for timer in &step.snapshot.timers {
            prop_assert!(timer.due_at > now);
        }
    }

    #[test]
    fn snapshots_round_trip_through_json(calls in calls()) {
        let m = order();
        let mut snap = start(&m, json!({"estimated_delivery_at": "2026-11-12T00:00:00Z"}), "2026-11-02T10:00:00Z").snapshot;
        let mut now = t("2026-11-02T10:00:00Z");
        for c in &calls {
            let (d, step) = match c {
                Call::Event(e, d) => (*d, Some(ORDER_EVENTS[e % ORDER_EVENTS.len()])),
                Call::Tick(d) => (*d, None),
            };
            now += Duration::seconds(d);
            snap = match step {
                Some(name) => m.step(&snap, &Event { event: name.into(), at: now, data: [("note".to_string(), json!({"x": [1, "é"]}))].into() }, now),
                None => m.tick(&snap, now),
            }.unwrap().snapshot;
            let text = serde_json::to_string(&snap).unwrap();
            let back: Snapshot = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &snap);
            prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
        }
    }
}

fn calendars() -> Vec<amends::journey::Calendar> {
    let engine = Engine::default();
    let defs = &engine.policy().journeys.calendars;
    let mut v: Vec<_> = defs
        .values()
        .map(|d| amends::journey::Calendar::new(d).unwrap())
        .collect();
    // A calendar with a period across a DST change at night.
    let night: amends::journey::CalendarDef = toml::from_str(
        "zone = 'America/New_York'\n[hours]\nsun = ['00:00-04:00', '22:00-24:00']\nsat = ['01:30-02:30']\n",
    )
    .unwrap();
    v.push(amends::journey::Calendar::new(&night).unwrap());
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn business_time_added_is_business_time_measured(start in 1_767_225_600i64..1_830_297_600, secs in 0i64..2_000_000, which in 0usize..8) {
        let cals = calendars();
        let cal = &cals[which % cals.len()];
        let a = DateTime::from_timestamp(start, 0).unwrap();
        let b = cal.add_seconds(a, secs).unwrap();
        prop_assert!(b >= a);
        prop_assert_eq!(cal.seconds_between(a, b), secs);
        let open = cal.next_open(a).unwrap();
        prop_assert!(open >= a);
        prop_assert!(cal.is_open(open));
        prop_assert_eq!(cal.seconds_between(a, open), 0);
    }
}

/// A complaint journey whose resolution clock is paused (waiting on the buyer).
fn paused_complaint() -> (Machine, Snapshot) {
    let m = complaint();
    let mut s = start(&m, json!({}), "2026-11-02T09:00:00Z").snapshot;
    for e in ["acknowledge", "request_info"] {
        let at = "2026-11-02T10:00:00Z";
        s = m.step(&s, &ev(e, at), t(at)).unwrap().snapshot;
    }
    assert_eq!(s.state, "awaiting_customer");
    (m, s)
}

fn bad_snapshot(m: &Machine, s: &Snapshot) -> amends::Error {
    let json = serde_json::to_string(s).unwrap();
    let now = t("2026-11-03T10:00:00Z");
    let e = m
        .step_json(
            &json,
            r#"{"event": "customer_replied", "at": "2026-11-03T09:00:00Z"}"#,
            now,
        )
        .unwrap_err();
    assert_eq!(m.tick_json(&json, now).unwrap_err(), e);
    assert_eq!(m.clocks_json(&json, now).unwrap_err(), e);
    assert_eq!(e.code(), "journey.bad_snapshot", "{e}");
    assert!(e.diagnostics()[0].hint.is_some());
    e
}

#[test]
fn a_tampered_elapsed_time_is_refused_not_a_panic() {
    let (m, s) = paused_complaint();
    let i = s
        .clocks
        .iter()
        .position(|c| c.name == "resolution")
        .unwrap();
    for elapsed in [-100_000_000_000_000_000i64, -1, i64::MAX, i64::MIN] {
        let mut bad = s.clone();
        bad.clocks[i].elapsed_seconds = elapsed;
        let e = bad_snapshot(&m, &bad);
        assert_eq!(e.path(), format!("snapshot.clocks[{i}].elapsed_seconds"));
        // The unchecked report saturates instead of wrapping.
        let r = m.clocks(&bad, t("2026-11-03T10:00:00Z"));
        assert!(r.iter().all(|c| c.remaining_seconds.signum()
            == (c.target_seconds.saturating_sub(c.elapsed_seconds)).signum()));
    }
}

#[test]
fn a_seq_at_the_end_of_its_range_is_refused_not_wrapped() {
    let (m, s) = paused_complaint();
    for seq in [0, u64::MAX, amends::journey::machine::MAX_SEQ] {
        let mut bad = s.clone();
        bad.seq = seq;
        assert_eq!(bad_snapshot(&m, &bad).path(), "snapshot.seq");
    }
    // The last seq that loads cannot grow: an error, never a wrap to 0.
    let mut last = s.clone();
    last.seq = amends::journey::machine::MAX_SEQ - 1;
    let e = m.tick(&last, t("2026-11-03T10:00:00Z")).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("journey.bad_snapshot", "snapshot.seq")
    );
    let mut ahead = s.clone();
    if let Some(timer) = ahead.timers.first_mut() {
        timer.armed_seq = ahead.seq + 1;
        assert_eq!(
            bad_snapshot(&m, &ahead).path(),
            "snapshot.timers[0].armed_seq"
        );
    }
}

#[test]
fn times_past_the_year_9999_are_refused_in_and_never_written_out() {
    let (m, s) = paused_complaint();
    let mut json: serde_json::Value = serde_json::to_value(&s).unwrap();
    json["clock_time"] = json!("+10000-01-01T00:00:00Z");
    if let Ok(bad) = serde_json::from_value::<Snapshot>(json) {
        assert_eq!(bad_snapshot(&m, &bad).path(), "snapshot.clock_time");
    }
    let mut late = s.clone();
    late.timers = vec![amends::journey::TimerState {
        state: s.state.clone(),
        name: "x".into(),
        due_at: t("9999-12-31T23:59:59Z") + Duration::seconds(1),
        armed_seq: 1,
    }];
    assert_eq!(bad_snapshot(&m, &late).path(), "snapshot.timers[0].due_at");
    // `now` one day before the end of the range: every deadline the start arms falls
    // after it, so the call fails instead of handing back a time `--now` cannot read.
    let input = StartInput {
        instance: "o-1".into(),
        context: Default::default(),
    };
    let e = m.start(&input, t("9999-12-31T00:00:00Z")).unwrap_err();
    assert_eq!(e.code(), "journey.out_of_range", "{e}");
    assert!(e.path().starts_with("snapshot.clocks["), "{}", e.path());
    // A `now` outside the range is refused where it is read.
    let e = amends::api::parse_now("9999-12-31T23:00:00-02:00").unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.invalid_time", "now"));
    let far = t("9999-12-31T23:00:00Z") + Duration::hours(2);
    let e = m.start(&input, far).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.invalid_time", "now"));
    // Every time a step writes parses back as `now`.
    let step = m
        .step(
            &s,
            &ev("customer_replied", "2026-11-03T09:00:00Z"),
            t("2026-11-03T10:00:00Z"),
        )
        .unwrap();
    let text = serde_json::to_string(&step).unwrap();
    for m in regex_times(&text) {
        amends::api::parse_now(&m).unwrap();
    }
}

/// Every string of the text that looks like a time (`…T…Z`).
fn regex_times(text: &str) -> Vec<String> {
    text.split('"')
        .filter(|s| s.len() >= 20 && s.contains('T') && s.ends_with('Z') && s.as_bytes()[4] == b'-')
        .map(str::to_owned)
        .collect()
}
