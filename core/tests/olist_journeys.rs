//! Replays every order of the Olist sample (real Brazilian marketplace orders, CC BY-NC-SA
//! 4.0, Olist) through the built-in order journey and checks that it raises exactly the
//! late-delivery, stall and predictive-delay alerts the timestamps imply. The expectation
//! is computed here, independently of the machine, from the orders' timestamps.
//!
//! Run with the counts printed:
//! `cargo test -p amends --test olist_journeys -- --nocapture`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests

use std::collections::BTreeMap;
use std::path::PathBuf;

use amends::journey::{Event, Machine, StartInput};
use amends::Engine;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::America::Sao_Paulo;
use serde_json::json;

mod data;

/// The Olist tables in the shared data folder (required under `CI=true`).
fn data_dir() -> Option<PathBuf> {
    data::data_dir().map(|d| d.join("olist"))
}

fn table(dir: &std::path::Path, file: &str) -> Vec<BTreeMap<String, String>> {
    let rows = data::read_csv(&std::fs::read_to_string(dir.join(file)).unwrap());
    let header = rows[0].clone();
    rows[1..]
        .iter()
        .filter(|r| r.len() == header.len())
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// Olist times are local Sao Paulo wall times; the earlier instant in a fall-back
/// overlap, the end of the gap in a spring-forward gap.
fn local(s: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    let mut probe = naive;
    for _ in 0..120 {
        if let Some(t) = Sao_Paulo.from_local_datetime(&probe).earliest() {
            return Some(t.with_timezone(&Utc));
        }
        probe += Duration::minutes(1);
    }
    None
}

struct Order {
    id: String,
    status: String,
    purchase: DateTime<Utc>,
    approved: Option<DateTime<Utc>>,
    carrier: Option<DateTime<Utc>>,
    delivered: Option<DateTime<Utc>>,
    /// The end of the estimated delivery day (the next local midnight).
    promised_by: Option<DateTime<Utc>>,
    route_average_seconds: Option<i64>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Alerts {
    late: u32,
    stall: u32,
    predictive: u32,
}

const STALL: i64 = 72 * 3600;

fn half_even_13_tenths(secs: i64) -> i64 {
    let r = 13 * secs;
    let (q, rem) = (r / 10, r % 10);
    if rem > 5 || (rem == 5 && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// The events the replay sends, in time order (ties in journey order).
fn events(o: &Order) -> Vec<(&'static str, DateTime<Utc>)> {
    let mut v: Vec<(&str, DateTime<Utc>)> = [
        ("paid", o.approved),
        ("shipped", o.carrier),
        ("in_transit", o.carrier),
        ("delivered", o.delivered),
    ]
    .into_iter()
    .filter_map(|(e, t)| t.map(|t| (e, t)))
    .collect();
    v.sort_by_key(|(_, t)| *t); // stable: ties keep journey order
    if o.status == "canceled" || o.status == "unavailable" {
        // Olist does not record when an order was canceled: at its last timestamp.
        let last = v.last().map_or(o.purchase, |(_, t)| *t);
        v.push(("canceled", last));
    }
    v
}

/// The expectation, from the timestamps alone: a forward-only walk through the nodes.
fn expected(o: &Order, horizon: DateTime<Utc>) -> Alerts {
    let rank = |s: &str| match s {
        "placed" => 0,
        "paid" => 1,
        "shipped" => 2,
        "in_transit" => 3,
        _ => 4,
    };
    let mut a = Alerts::default();
    let (mut state, mut since) = ("placed", o.purchase);
    let mut end = horizon;
    let mut in_transit: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    let stayed = |state: &str, from: DateTime<Utc>, to: DateTime<Utc>, a: &mut Alerts| {
        // In transit the one carrier scan Olist records is the last: 72 h without another
        // raises the no-scan outreach once.
        if matches!(state, "placed" | "paid" | "shipped" | "in_transit")
            && to - from >= Duration::seconds(STALL)
        {
            a.stall += 1;
        }
    };
    for (e, t) in events(o) {
        if e == "canceled" {
            if matches!(state, "placed" | "paid") {
                stayed(state, since, t, &mut a);
                end = t;
                state = "canceled";
                break;
            }
            continue;
        }
        if rank(e) > rank(state) {
            stayed(state, since, t, &mut a);
            if state == "in_transit" {
                in_transit = Some((since, t));
            }
            state = e;
            since = t;
            if e == "delivered" {
                end = t;
                break;
            }
        }
    }
    if state != "delivered" && state != "canceled" {
        stayed(state, since, horizon, &mut a);
        if state == "in_transit" {
            in_transit = Some((since, horizon));
        }
    }
    if o.promised_by.is_some_and(|l| l <= end) {
        a.late = 1;
    }
    if let (Some((_, left)), Some(avg), Some(shipped)) =
        (in_transit, o.route_average_seconds, o.carrier)
    {
        if shipped + Duration::seconds(half_even_13_tenths(avg)) <= left {
            a.predictive = 1;
        }
    }
    a
}

fn replay(m: &Machine, o: &Order, horizon: DateTime<Utc>) -> Alerts {
    let mut ctx = serde_json::Map::new();
    if let Some(l) = o.promised_by {
        ctx.insert("estimated_delivery_at".into(), json!(l.to_rfc3339()));
    }
    if let Some(s) = o.route_average_seconds {
        ctx.insert("route_average_transit_days".into(), json!(format!("{s}s")));
    }
    let input = StartInput {
        instance: o.id.clone(),
        context: ctx.into_iter().collect(),
    };
    let mut steps = vec![m.start(&input, o.purchase).unwrap()];
    for (e, t) in events(o) {
        let snap = &steps.last().unwrap().snapshot;
        let ev = Event {
            event: e.into(),
            at: t,
            data: Default::default(),
        };
        steps.push(m.step(snap, &ev, t).unwrap());
    }
    let last = &steps.last().unwrap().snapshot;
    steps.push(m.tick(last, horizon.max(last.clock_time)).unwrap());
    let mut a = Alerts::default();
    for s in &steps {
        for act in &s.actions {
            match act.kind.as_str() {
                "late_delivery_alert" => a.late += 1,
                "proactive_outreach" => a.stall += 1,
                "reassure_buyer" => a.predictive += 1,
                "notify_buyer" | "post_delivery_check" | "open_case" => {}
                other => panic!("unexpected action {other}"),
            }
        }
    }
    a
}

#[test]
fn olist_orders_raise_exactly_the_alerts_their_timestamps_imply() {
    let Some(dir) = data_dir() else {
        eprintln!("notice: the Olist sample is not present; skipping the replay");
        return;
    };
    let sellers: BTreeMap<String, String> = table(&dir, "olist_sellers_dataset.csv")
        .into_iter()
        .map(|r| (r["seller_id"].clone(), r["seller_state"].clone()))
        .collect();
    let mut seller_of: BTreeMap<String, String> = BTreeMap::new();
    for r in table(&dir, "olist_order_items_dataset.csv") {
        if r["order_item_id"] == "1" {
            seller_of.insert(r["order_id"].clone(), r["seller_id"].clone());
        }
    }
    let rows = table(&dir, "olist_orders_dataset.csv");
    let opt = |r: &BTreeMap<String, String>, k: &str| local(&r[k]);
    let mut orders: Vec<Order> = rows
        .iter()
        .map(|r| Order {
            id: r["order_id"].clone(),
            status: r["order_status"].clone(),
            purchase: opt(r, "order_purchase_timestamp").unwrap(),
            approved: opt(r, "order_approved_at"),
            carrier: opt(r, "order_delivered_carrier_date"),
            delivered: opt(r, "order_delivered_customer_date"),
            promised_by: NaiveDateTime::parse_from_str(
                r["order_estimated_delivery_date"].trim(),
                "%Y-%m-%d %H:%M:%S",
            )
            .ok()
            .and_then(|d| {
                local(
                    &(d + Duration::days(1))
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                )
            }),
            route_average_seconds: None,
        })
        .collect();
    // Route average: mean transit (hand-over to delivery) of delivered orders, by the
    // seller's state (the buyer's state is not in the sample).
    let state_of = |id: &str| seller_of.get(id).and_then(|s| sellers.get(s)).cloned();
    let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for o in &orders {
        if let (Some(c), Some(d), Some(st)) = (o.carrier, o.delivered, state_of(&o.id)) {
            if d >= c {
                let e = sums.entry(st).or_default();
                e.0 += (d - c).num_seconds();
                e.1 += 1;
            }
        }
    }
    for o in &mut orders {
        o.route_average_seconds = state_of(&o.id)
            .and_then(|st| sums.get(&st))
            .map(|(sum, n)| sum / n);
    }
    let horizon = orders
        .iter()
        .flat_map(|o| [Some(o.purchase), o.approved, o.carrier, o.delivered])
        .flatten()
        .max()
        .unwrap();

    let m = Machine::from_policy(&Engine::default(), "order").unwrap();
    let (mut want, mut got) = (Alerts::default(), Alerts::default());
    let mut mismatches = Vec::new();
    for o in &orders {
        let e = expected(o, horizon);
        let a = replay(&m, o, horizon);
        if e != a {
            mismatches.push(format!("{}: expected {e:?}, got {a:?}", o.id));
        }
        want.late += e.late;
        want.stall += e.stall;
        want.predictive += e.predictive;
        got.late += a.late;
        got.stall += a.stall;
        got.predictive += a.predictive;
    }
    let delivered = orders.iter().filter(|o| o.delivered.is_some()).count();
    let late_delivered = orders
        .iter()
        .filter(|o| matches!((o.delivered, o.promised_by), (Some(d), Some(l)) if d >= l))
        .count();
    eprintln!(
        "olist replay: {} orders ({delivered} delivered, {late_delivered} of them late), horizon {horizon}; \
         alerts: late delivery {}, stall {}, predictive delay {}",
        orders.len(),
        got.late,
        got.stall,
        got.predictive
    );
    assert!(
        mismatches.is_empty(),
        "{} orders differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(want, got);
    assert!(orders.len() > 2000);
}
