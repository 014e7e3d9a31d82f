//! Evaluation of every signal of the policy against one case: each that fires becomes a
//! [`Reason`] with the value it saw, the comparison, the threshold it crossed and its points.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::case::{
    Buyer, BuyerHistory, Case, Category, ProofOfDelivery, RiskContext, Shipment, ShipmentStatus,
};
use crate::facts::Facts;
use crate::name::Name;
use crate::stage::Ctx;
use crate::triage::Triage;

use super::policy::{AtLeast, RiskPolicy, Signals};
use super::product::{product_risk_index, smoothed};
use super::{Fired, Op, SignalName};

/// What the signals found.
pub(crate) struct Found {
    /// Every signal that fired (points may be 0 for informational reasons).
    pub reasons: Vec<Fired>,
    /// Whether the long-good-history signal fired.
    pub good_history: bool,
    /// End of the carrier's window when a not-received claim came too early.
    pub wait_until: Option<DateTime<Utc>>,
}

/// A decimal as the canonical text: no trailing zeros. Written on the stack and shared:
/// the reason and its trace step hold the same text, and with twenty signals firing,
/// `Display` through a formatter was a fifth of the stage.
pub(crate) fn dec(d: Decimal) -> Name {
    Name::shared(crate::money::DecimalText::new(&d.normalize()).as_str())
}

/// `weight * factor`, rounded half-even to whole points.
fn scaled(weight: i32, factor: Decimal) -> i32 {
    use rust_decimal::prelude::ToPrimitive;
    Decimal::from(weight)
        .checked_mul(factor)
        .map(|p| p.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .and_then(|p| p.to_i32())
        .unwrap_or(0)
}

fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO {
        return None;
    }
    num.checked_div(den).map(|r| r.round_dp(4).normalize())
}

struct Out {
    reasons: Vec<Fired>,
}

impl Out {
    fn push(
        &mut self,
        name: SignalName,
        points: i32,
        value: impl Into<Name>,
        op: Op,
        threshold: impl Into<Name>,
    ) {
        self.reasons
            .push(Fired::new(name, points, value, op, threshold));
    }

    fn push_with(&mut self, r: Fired) {
        self.reasons.push(r);
    }

    /// Fires `rule` when `value >= threshold`.
    fn at_least(&mut self, name: SignalName, rule: Option<&AtLeast>, value: Option<Decimal>) {
        if let (Some(r), Some(v)) = (rule, value) {
            if v >= r.threshold.0 && r.weight != 0 {
                self.push(name, r.weight, dec(v), Op::AtLeast, dec(r.threshold.0));
            }
        }
    }
}

/// The buyer's smoothed claim rate, with the policy's prior (raw rate without a rule).
pub(crate) fn claim_rate(s: &Signals, h: &BuyerHistory) -> Option<Decimal> {
    match &s.claim_rate {
        Some(r) => smoothed(h.claims, h.orders, r.prior_rate.0, r.prior_orders.0)
            .map(|d| d.round_dp(4).normalize()),
        None => ratio(Decimal::from(h.claims), Decimal::from(h.orders.max(1))),
    }
}

/// What every signal family reads.
#[derive(Clone, Copy)]
struct Scope<'a> {
    policy: &'a RiskPolicy,
    s: &'a Signals,
    ctx: &'a Ctx<'a>,
    triage: &'a Triage,
    case: &'a Case,
    facts: &'a Facts,
    rc: &'a RiskContext,
    buyer: Option<&'a Buyer>,
    history: Option<&'a BuyerHistory>,
    shipment: Option<&'a Shipment>,
    /// The claim is that the parcel never arrived.
    not_received: bool,
}

/// Evaluates every signal the policy defines, family by family.
pub(crate) fn evaluate(policy: &RiskPolicy, ctx: &Ctx<'_>, triage: &Triage) -> Found {
    let case = ctx.case;
    let empty_rc = RiskContext::default();
    let buyer = case.buyer.as_ref();
    let x = Scope {
        policy,
        s: &policy.signals,
        ctx,
        triage,
        case,
        facts: &ctx.facts,
        rc: case.risk_context.as_ref().unwrap_or(&empty_rc),
        buyer,
        history: buyer.map(|b| &b.history),
        shipment: case.shipment(),
        not_received: triage.category == Category::NotReceived,
    };
    let mut out = Out {
        reasons: Vec::new(),
    };
    amounts(&x, &mut out);
    buyer_history(&x, &mut out);
    let wait_until = not_received(&x, &mut out);
    claim_latency(&x, &mut out);
    linked_accounts(&x, &mut out);
    address(&x, &mut out);
    evidence(&x, &mut out);
    triage_signals(&x, &mut out);
    product_complaint_rate(&x, &mut out);
    let good_history = long_good_history(&x, &mut out);
    Found {
        reasons: out.reasons,
        good_history,
        wait_until,
    }
}

/// Amount signals, unless the parcel is undelivered and late (fairness guard).
fn amounts(x: &Scope<'_>, out: &mut Out) {
    let Scope {
        policy,
        s,
        ctx,
        facts,
        ..
    } = *x;
    let late_days = match (&policy.fairness, facts.delay_days) {
        (Some(f), Some(d)) if !facts.delivered && d >= i64::from(f.late_parcel_days) => Some(d),
        _ => None,
    };
    let mut amounts = Out {
        reasons: Vec::new(),
    };
    amounts.at_least(
        signal!("claim_ratio"),
        s.claim_ratio.as_ref(),
        facts.claim_ratio,
    );
    amounts.at_least(
        signal!("line_claim_ratio"),
        s.line_claim_ratio.as_ref(),
        line_claim_ratio(ctx),
    );
    amounts.at_least(
        signal!("high_value_order"),
        s.high_value_order.as_ref(),
        facts.order_total_base.as_ref().map(|c| c.to.amount),
    );
    match (late_days, &policy.fairness) {
        (Some(d), Some(f)) if !amounts.reasons.is_empty() => {
            let mut r = Fired::new(
                signal!("fairness.late_parcel"),
                0,
                d.to_string(),
                Op::AtLeast,
                f.late_parcel_days.to_string(),
            );
            r.subject = Some(
                amounts
                    .reasons
                    .iter()
                    .map(|r| r.code.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
                    .into(),
            );
            out.push_with(r);
        }
        _ => out.reasons.append(&mut amounts.reasons),
    }
}

/// The buyer's history.
fn buyer_history(x: &Scope<'_>, out: &mut Out) {
    let Scope {
        s,
        ctx,
        facts,
        rc,
        history,
        ..
    } = *x;
    if let Some(h) = history {
        let rate = claim_rate(s, h);
        if let (Some(r), Some(v)) = (&s.claim_rate, rate) {
            if v >= r.threshold.0 && r.weight != 0 {
                let mut reason = Fired::new(
                    signal!("claim_rate"),
                    r.weight,
                    dec(v),
                    Op::AtLeast,
                    dec(r.threshold.0),
                );
                reason.subject = Some(format!("{} claims / {} orders", h.claims, h.orders).into());
                out.push_with(reason);
            }
        }
        let refunded = match (h.refunded_value, h.order_value) {
            (Some(rv), Some(ov)) => ctx
                .fx
                .convert(rv, ov.currency)
                .and_then(|c| ratio(c.to.amount, ov.amount)),
            _ => None,
        };
        out.at_least(
            signal!("refunded_value_rate"),
            s.refunded_value_rate.as_ref(),
            refunded,
        );
        out.at_least(
            signal!("not_received_history"),
            s.not_received_history.as_ref(),
            Some(Decimal::from(h.not_received_claims)),
        );
        if let Some(r) = &s.first_order {
            let v = Decimal::from(h.orders);
            if v <= r.threshold.0 && r.weight != 0 {
                out.push(
                    signal!("first_order"),
                    r.weight,
                    dec(v),
                    Op::AtMost,
                    dec(r.threshold.0),
                );
            }
        }
        out.at_least(
            signal!("chargebacks"),
            s.chargebacks.as_ref(),
            Some(Decimal::from(h.chargebacks)),
        );
        out.at_least(
            signal!("disputes"),
            s.disputes.as_ref(),
            Some(Decimal::from(h.disputes)),
        );
        if let Some(r) = &s.serial_returns {
            let rate = ratio(Decimal::from(rc.returns), Decimal::from(h.orders.max(1)));
            if let Some(v) = rate {
                if rc.returns >= r.min_returns && v >= r.threshold.0 && r.weight != 0 {
                    let mut reason = Fired::new(
                        signal!("serial_returns"),
                        r.weight,
                        dec(v),
                        Op::AtLeast,
                        dec(r.threshold.0),
                    );
                    reason.subject =
                        Some(format!("{} returns / {} orders", rc.returns, h.orders).into());
                    out.push_with(reason);
                }
            }
        }
    }
    if let (Some(r), Some(age)) = (&s.new_account, facts.account_age_days) {
        let v = Decimal::from(age);
        if v < r.threshold.0 && r.weight != 0 {
            out.push(
                signal!("new_account"),
                r.weight,
                dec(v),
                Op::Below,
                dec(r.threshold.0),
            );
        }
    }
}

/// Not received: on a delivered parcel, against proof, or too early.
fn not_received(x: &Scope<'_>, out: &mut Out) -> Option<DateTime<Utc>> {
    let Scope {
        s,
        ctx,
        case,
        facts,
        rc,
        shipment,
        not_received,
        ..
    } = *x;
    let mut wait_until = None;
    if not_received {
        if facts.delivered {
            if let Some(r) = &s.not_received_on_delivered {
                if r.weight != 0 {
                    out.push(
                        signal!("not_received_on_delivered"),
                        r.weight,
                        "delivered",
                        Op::Is,
                        "delivered",
                    );
                }
            }
            if let (Some(r), Some(sh)) = (&s.proof_contradiction, shipment) {
                let strength = match sh.proof_of_delivery {
                    ProofOfDelivery::None => None,
                    ProofOfDelivery::Scan => Some(r.strength.scan.0),
                    ProofOfDelivery::Gps => Some(r.strength.gps.0),
                    ProofOfDelivery::Photo => Some(r.strength.photo.0),
                    ProofOfDelivery::Signature => Some(r.strength.signature.0),
                };
                let (address, address_name) = match rc.proof_address_match {
                    Some(true) => (r.address.matched.0, "matched"),
                    Some(false) => (r.address.mismatched.0, "mismatched"),
                    None => (r.address.unknown.0, "unknown"),
                };
                if let Some(factor) = strength.and_then(|st| st.checked_mul(address)) {
                    let points = scaled(r.weight, factor);
                    if points != 0 {
                        let mut reason = Fired::new(
                            signal!("proof_contradiction"),
                            points,
                            proof_name(sh.proof_of_delivery),
                            Op::AtLeast,
                            "scan",
                        );
                        reason.factor = Some(dec(factor));
                        reason.subject = Some(format!("address {address_name}").into());
                        out.push_with(reason);
                    }
                }
            }
            if let (Some(r), Some(sh)) = (&s.high_resale_unsigned, shipment) {
                if sh.proof_of_delivery < ProofOfDelivery::Signature && r.weight != 0 {
                    if let Some(sku) = claimed_skus(ctx)
                        .into_iter()
                        .find(|k| rc.high_resale_skus.iter().any(|h| h == k))
                    {
                        let mut reason = Fired::new(
                            signal!("high_resale_unsigned"),
                            r.weight,
                            proof_name(sh.proof_of_delivery),
                            Op::Below,
                            "signature",
                        );
                        reason.subject = Some(sku.to_owned().into());
                        out.push_with(reason);
                    }
                }
            }
        } else if let (Some(r), Some(sh)) = (&s.premature_not_received, shipment) {
            let moving = matches!(
                sh.status,
                ShipmentStatus::LabelCreated
                    | ShipmentStatus::InTransit
                    | ShipmentStatus::Customs
                    | ShipmentStatus::OutForDelivery
            );
            let promised = sh.estimated_delivery_at.or_else(|| {
                let days = i64::from(sh.route_average_transit_days?);
                sh.shipped_at?
                    .checked_add_signed(chrono::Duration::try_days(days)?)
            });
            let window = promised.and_then(|p| p.checked_add_signed(r.grace.to_chrono()));
            if let (true, Some(w)) = (moving, window) {
                if case.received_at < w {
                    out.push(
                        signal!("premature_not_received"),
                        0,
                        crate::rfc3339::text(&case.received_at),
                        Op::Below,
                        crate::rfc3339::text(&w),
                    );
                    wait_until = Some(w);
                }
            }
        }
    }
    wait_until
}

/// Claim latency after delivery.
fn claim_latency(x: &Scope<'_>, out: &mut Out) {
    let Scope {
        s,
        triage,
        case,
        shipment,
        ..
    } = *x;
    if let (Some(r), Some(d)) = (&s.claim_latency, shipment.and_then(|s| s.delivered_at)) {
        if r.categories.contains(&triage.category) && case.received_at >= d {
            let days = Decimal::from(case.received_at.signed_duration_since(d).num_days());
            if days >= r.threshold.0 && r.weight != 0 {
                out.push(
                    signal!("claim_latency"),
                    r.weight,
                    dec(days),
                    Op::AtLeast,
                    dec(r.threshold.0),
                );
            }
        }
    }
}

/// Linked accounts and their velocity.
fn linked_accounts(x: &Scope<'_>, out: &mut Out) {
    let Scope { s, rc, buyer, .. } = *x;
    if let Some(b) = buyer {
        out.at_least(
            signal!("linked_accounts"),
            s.linked_accounts.as_ref(),
            Some(Decimal::from(b.linked_accounts.len())),
        );
    }
    out.at_least(
        signal!("linked_claims_7d"),
        s.linked_claims_7d.as_ref(),
        Some(Decimal::from(rc.linked_claims_7d)),
    );
    out.at_least(
        signal!("linked_claims_30d"),
        s.linked_claims_30d.as_ref(),
        Some(Decimal::from(rc.linked_claims_30d)),
    );
}

/// Address.
fn address(x: &Scope<'_>, out: &mut Out) {
    let Scope { s, rc, .. } = *x;
    for (name, rule, on) in [
        (
            signal!("forwarder_address"),
            &s.forwarder_address,
            rc.forwarder_address,
        ),
        (
            signal!("billing_shipping_mismatch"),
            &s.billing_shipping_mismatch,
            rc.billing_shipping_mismatch,
        ),
        (
            signal!("address_changed_after_dispatch"),
            &s.address_changed_after_dispatch,
            rc.address_changed_after_dispatch,
        ),
    ] {
        if let (Some(r), true) = (rule, on) {
            if r.weight != 0 {
                out.push(name, r.weight, "true", Op::Is, "true");
            }
        }
    }
}

/// Evidence integrity.
fn evidence(x: &Scope<'_>, out: &mut Out) {
    let Scope { s, rc, .. } = *x;
    out.at_least(
        signal!("evidence_reused"),
        s.evidence_reused.as_ref(),
        Some(Decimal::from(rc.fingerprints_seen_elsewhere)),
    );
}

/// Triage signals (anger, threats, accusations, proof conflict).
fn triage_signals(x: &Scope<'_>, out: &mut Out) {
    let Scope { policy, triage, .. } = *x;
    let seen: BTreeSet<&str> = triage.signals.iter().map(String::as_str).collect();
    for code in seen {
        if let Some(w) = policy.triage_signals.get(code) {
            if *w != 0 {
                let mut r = Fired::new(SignalName::triage(code), *w, "present", Op::Is, "present");
                r.subject = Some(code.to_owned().into());
                out.push_with(r);
            }
        }
    }
}

/// The product's own complaint rate.
fn product_complaint_rate(x: &Scope<'_>, out: &mut Out) {
    let Scope { s, ctx, rc, .. } = *x;
    if let Some(r) = &s.product_complaint_rate {
        let skus = claimed_skus(ctx);
        let best = rc
            .products
            .iter()
            .filter(|p| p.orders >= r.min_orders && skus.contains(&p.sku.as_str()))
            .filter_map(|p| product_risk_index(p, r).map(|i| (i, p.sku.as_str())))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
        if let Some((index, sku)) = best {
            if index >= r.threshold.0 && r.weight != 0 {
                let mut reason = Fired::new(
                    signal!("product_complaint_rate"),
                    r.weight,
                    dec(index),
                    Op::AtLeast,
                    dec(r.threshold.0),
                );
                reason.subject = Some(sku.to_owned().into());
                out.push_with(reason);
            }
        }
    }
}

/// A long good history.
fn long_good_history(x: &Scope<'_>, out: &mut Out) -> bool {
    let Scope {
        s, facts, history, ..
    } = *x;
    let mut good_history = false;
    if let (Some(r), Some(h), Some(age)) = (&s.long_good_history, history, facts.account_age_days) {
        let rate = claim_rate(s, h);
        if h.orders >= r.min_orders
            && rate.is_some_and(|v| v <= r.max_claim_rate.0)
            && h.chargebacks <= r.max_chargebacks
            && age >= i64::from(r.min_account_age_days)
        {
            good_history = true;
            if r.weight != 0 {
                let mut reason = Fired::new(
                    signal!("long_good_history"),
                    r.weight,
                    h.orders.to_string(),
                    Op::AtLeast,
                    r.min_orders.to_string(),
                );
                reason.subject = Some(
                    format!(
                        "claim rate {} <= {}, account {} days",
                        rate.map(dec).unwrap_or_default(),
                        dec(r.max_claim_rate.0),
                        age
                    )
                    .into(),
                );
                out.push_with(reason);
            }
        }
    }
    good_history
}

fn proof_name(p: ProofOfDelivery) -> &'static str {
    match p {
        ProofOfDelivery::None => "none",
        ProofOfDelivery::Scan => "scan",
        ProofOfDelivery::Gps => "gps",
        ProofOfDelivery::Photo => "photo",
        ProofOfDelivery::Signature => "signature",
    }
}

/// The SKUs the claim concerns: its own list, else every line of the order.
fn claimed_skus<'a>(ctx: &'a Ctx<'_>) -> Vec<&'a str> {
    let listed: Vec<&str> = ctx
        .case
        .claim
        .as_ref()
        .map(|c| c.skus.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    ctx.case
        .order
        .as_ref()
        .map(|o| o.items.iter().map(|i| i.sku.as_str()).collect())
        .unwrap_or_default()
}

/// Claimed amount over the value of the lines the claim names (only when it names some).
fn line_claim_ratio(ctx: &Ctx<'_>) -> Option<Decimal> {
    let claim = ctx.case.claim.as_ref()?;
    let amount = claim.amount?;
    if claim.skus.is_empty() {
        return None;
    }
    let order = ctx.case.order.as_ref()?;
    let mut value = Decimal::ZERO;
    for it in order
        .items
        .iter()
        .filter(|i| claim.skus.iter().any(|s| s == &i.sku))
    {
        if it.unit_price.currency != amount.currency {
            return None;
        }
        value = value.checked_add(
            it.unit_price
                .amount
                .checked_mul(Decimal::from(it.quantity))?,
        )?;
    }
    ratio(amount.amount, value)
}
