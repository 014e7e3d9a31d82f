//! The `risk` section of the policy: bands, base score, one rule per signal, the weights of
//! triage signals, the product index and the fairness guard.
//!
//! A signal whose rule is left out of the policy never fires. Weights are whole points on
//! the 0-100 scale; a negative weight lowers the score.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Category;
use crate::duration::PolicyDuration;
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

use super::Band;

/// Largest weight a single signal may carry, in points.
const MAX_WEIGHT: i32 = 100;

/// The `risk` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskPolicy {
    /// Bands in ascending `min_score`, the first starting at 0.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Points every claim starts from before signals are added (0-100).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub base_score: u32,
    /// One rule per signal; a signal without a rule never fires.
    #[serde(default, skip_serializing_if = "Signals::is_empty")]
    pub signals: Signals,
    /// Points per signal code found in the triage (`anger`, `threat.chargeback` ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub triage_signals: BTreeMap<String, i32>,
    /// Protections for genuine buyers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness: Option<Fairness>,
    /// External fraud scores the host passes (`risk_context.external_scores`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_scores: Option<super::external::ExternalScorePolicy>,
}

/// The rule of every signal. Each is optional: leave one out to switch it off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    /// Claimed amount / order total at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_ratio: Option<AtLeast>,
    /// Claimed amount / value of the claimed lines at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_claim_ratio: Option<AtLeast>,
    /// Order total in the policy's base currency at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_value_order: Option<AtLeast>,
    /// The buyer's smoothed claim rate at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_rate: Option<ClaimRate>,
    /// Refunded value / ordered value at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_value_rate: Option<AtLeast>,
    /// Past not-received claims at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_received_history: Option<AtLeast>,
    /// A not-received claim on an order the carrier reports delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_received_on_delivered: Option<Flag>,
    /// A not-received claim contradicted by proof of delivery, scaled by proof strength and
    /// address match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_contradiction: Option<ProofContradiction>,
    /// A not-received claim filed before the carrier's window closed: the outcome is to
    /// wait, never a penalty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premature_not_received: Option<Premature>,
    /// Days from delivery to the claim at or above `threshold`, for the listed categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_latency: Option<ClaimLatency>,
    /// Account younger than `threshold` days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_account: Option<Below>,
    /// At most `threshold` orders in the buyer's history (this one included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_order: Option<AtMost>,
    /// Linked accounts across the group's stores at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_accounts: Option<AtLeast>,
    /// Claims of linked accounts in the last 7 days at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_claims_7d: Option<AtLeast>,
    /// Claims of linked accounts in the last 30 days at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_claims_30d: Option<AtLeast>,
    /// Shipping address is a parcel forwarder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarder_address: Option<Flag>,
    /// Billing and shipping addresses differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_shipping_mismatch: Option<Flag>,
    /// Address changed after dispatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_changed_after_dispatch: Option<Flag>,
    /// A high-resale item delivered without a signature, claimed not received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_resale_unsigned: Option<Flag>,
    /// Serial returns: at least `min_returns` and a return rate at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_returns: Option<SerialReturns>,
    /// Past chargebacks at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chargebacks: Option<AtLeast>,
    /// Past marketplace disputes at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disputes: Option<AtLeast>,
    /// Image hashes or text fingerprints seen on other claims at or above `threshold`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_reused: Option<AtLeast>,
    /// The product index of a claimed SKU at or above `threshold`: similar orders share the
    /// problem, so the weight is normally negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_complaint_rate: Option<ProductIndexRule>,
    /// A long good history: normally a negative weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_good_history: Option<GoodHistory>,
}

/// Fires when the value is at or above `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AtLeast {
    /// Points added when it fires.
    pub weight: i32,
    /// The lowest value that fires.
    pub threshold: PolicyDecimal,
}

/// Fires when the value is at or below `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AtMost {
    /// Points added when it fires.
    pub weight: i32,
    /// The highest value that fires.
    pub threshold: PolicyDecimal,
}

/// Fires when the value is strictly below `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Below {
    /// Points added when it fires.
    pub weight: i32,
    /// Values below this fire.
    pub threshold: PolicyDecimal,
}

/// Fires when a condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// Points added when it fires.
    pub weight: i32,
}

/// The buyer's claim rate, smoothed toward a prior so that one claim in two orders does
/// not look like a 50% claimer: `(claims + prior_rate * prior_orders) / (orders + prior_orders)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimRate {
    /// Points added when it fires.
    pub weight: i32,
    /// The lowest smoothed rate that fires.
    pub threshold: PolicyDecimal,
    /// The claim rate assumed for a buyer with no history (0-1).
    pub prior_rate: PolicyDecimal,
    /// How many orders the prior is worth.
    pub prior_orders: PolicyDecimal,
}

/// Proof strength factors, each 0-1: scan < GPS ≈ photo < signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProofStrength {
    /// A delivery scan.
    pub scan: PolicyDecimal,
    /// A GPS position.
    pub gps: PolicyDecimal,
    /// A photo at the door.
    pub photo: PolicyDecimal,
    /// A signature.
    pub signature: PolicyDecimal,
}

/// Address-match factors, each 0-1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressMatch {
    /// The proof was taken at the shipping address.
    pub matched: PolicyDecimal,
    /// Nobody knows where.
    pub unknown: PolicyDecimal,
    /// The proof was taken elsewhere.
    pub mismatched: PolicyDecimal,
}

/// Not received, yet delivered with proof: `weight * strength[proof] * address[match]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProofContradiction {
    /// Points at full strength (signature at the right address).
    pub weight: i32,
    /// Factor per kind of proof.
    pub strength: ProofStrength,
    /// Factor per address match.
    pub address: AddressMatch,
}

/// The carrier's window: the promised delivery date plus `grace` (or, without a promise,
/// shipping plus the route's average transit plus `grace`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Premature {
    /// Extra time the carrier gets after the promise.
    pub grace: PolicyDuration,
}

/// Days from delivery to the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimLatency {
    /// Points added when it fires.
    pub weight: i32,
    /// The fewest days that fire.
    pub threshold: PolicyDecimal,
    /// Categories it applies to.
    pub categories: Vec<Category>,
}

/// Serial returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SerialReturns {
    /// Points added when it fires.
    pub weight: i32,
    /// The lowest return rate (returns / orders) that fires.
    pub threshold: PolicyDecimal,
    /// Fewest returns before the rate counts.
    pub min_returns: u32,
}

/// The product (SKU) risk index: the SKU's smoothed complaint rate over its category peers'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductIndexRule {
    /// Points added when it fires (negative: the product, not the buyer, is the likelier cause).
    pub weight: i32,
    /// The lowest index that fires.
    pub threshold: PolicyDecimal,
    /// How many orders the prior (the peer rate) is worth when smoothing a SKU's rate.
    pub prior_orders: PolicyDecimal,
    /// The complaint rate assumed for peers with few or no counts (0-1, above 0).
    pub default_rate: PolicyDecimal,
    /// Fewest SKU orders before the index may fire at all.
    pub min_orders: u32,
}

/// A long good history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodHistory {
    /// Points added when it fires (negative).
    pub weight: i32,
    /// Fewest past orders.
    pub min_orders: u32,
    /// Highest smoothed claim rate (the `claim_rate` smoothing; raw rate if that rule is off).
    pub max_claim_rate: PolicyDecimal,
    /// Fewest days since the account was created (unknown age never qualifies).
    pub min_account_age_days: u32,
    /// Most chargebacks allowed.
    pub max_chargebacks: u32,
}

/// Protections for genuine buyers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fairness {
    /// With a long good history and at most one positive signal of at most
    /// `weak_signal_points`, the score is capped at `good_history_cap`.
    pub good_history_cap: u32,
    /// The most points a signal may carry and still count as weak.
    pub weak_signal_points: u32,
    /// A parcel undelivered and at least this many days late: the amount signals
    /// (`claim_ratio`, `line_claim_ratio`, `high_value_order`) do not count, since asking for
    /// one's money back is what an honest buyer with a late parcel does.
    pub late_parcel_days: u32,
}

impl RiskPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if let Some(e) = &self.external_scores {
            e.validate(&format!("{path}.external_scores"), out);
        }
        if let Some(first) = self.bands.first() {
            if first.min_score != 0 {
                out.push(Diagnostic::new(
                    "policy.risk.bands",
                    format!("{path}.bands[0].min_score"),
                    "the first band must start at 0",
                ));
            }
        }
        for (i, pair) in self.bands.windows(2).enumerate() {
            if let [a, b] = pair {
                if b.min_score <= a.min_score {
                    out.push(Diagnostic::new(
                        "policy.risk.bands",
                        format!("{path}.bands[{}].min_score", i + 1),
                        "bands must be in strictly ascending min_score",
                    ));
                }
            }
        }
        for (i, b) in self.bands.iter().enumerate() {
            if b.min_score > 100 {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.bands[{i}].min_score"),
                    "scores run from 0 to 100",
                ));
            }
        }
        let mut c = Check { path, out };
        c.score("base_score", self.base_score);
        self.signals.validate(&mut c);
        for (code, w) in &self.triage_signals {
            c.weight(&format!("triage_signals.{code}"), *w);
        }
        if let Some(f) = &self.fairness {
            c.score("fairness.good_history_cap", f.good_history_cap);
            c.score("fairness.weak_signal_points", f.weak_signal_points);
            if f.good_history_cap < self.base_score {
                c.push(
                    "policy.out_of_range",
                    "fairness.good_history_cap",
                    "the cap must not be below base_score",
                );
            }
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Signals {
    fn is_empty(&self) -> bool {
        *self == Signals::default()
    }

    fn validate(&self, c: &mut Check<'_, '_>) {
        for (name, r) in [
            ("claim_ratio", &self.claim_ratio),
            ("line_claim_ratio", &self.line_claim_ratio),
            ("high_value_order", &self.high_value_order),
            ("refunded_value_rate", &self.refunded_value_rate),
            ("not_received_history", &self.not_received_history),
            ("linked_accounts", &self.linked_accounts),
            ("linked_claims_7d", &self.linked_claims_7d),
            ("linked_claims_30d", &self.linked_claims_30d),
            ("chargebacks", &self.chargebacks),
            ("disputes", &self.disputes),
            ("evidence_reused", &self.evidence_reused),
        ] {
            if let Some(r) = r {
                c.weight(&format!("signals.{name}.weight"), r.weight);
                c.non_negative(&format!("signals.{name}.threshold"), r.threshold);
            }
        }
        for (name, r) in [
            ("not_received_on_delivered", &self.not_received_on_delivered),
            ("forwarder_address", &self.forwarder_address),
            ("billing_shipping_mismatch", &self.billing_shipping_mismatch),
            (
                "address_changed_after_dispatch",
                &self.address_changed_after_dispatch,
            ),
            ("high_resale_unsigned", &self.high_resale_unsigned),
        ] {
            if let Some(r) = r {
                c.weight(&format!("signals.{name}.weight"), r.weight);
            }
        }
        if let Some(r) = &self.claim_rate {
            c.weight("signals.claim_rate.weight", r.weight);
            c.unit("signals.claim_rate.threshold", r.threshold);
            c.unit("signals.claim_rate.prior_rate", r.prior_rate);
            c.non_negative("signals.claim_rate.prior_orders", r.prior_orders);
        }
        if let Some(r) = &self.proof_contradiction {
            c.weight("signals.proof_contradiction.weight", r.weight);
            let s = &r.strength;
            for (n, v) in [
                ("scan", s.scan),
                ("gps", s.gps),
                ("photo", s.photo),
                ("signature", s.signature),
            ] {
                c.unit(&format!("signals.proof_contradiction.strength.{n}"), v);
            }
            if s.scan > s.gps || s.scan > s.photo || s.gps > s.signature || s.photo > s.signature {
                c.push(
                    "policy.risk.proof_order",
                    "signals.proof_contradiction.strength",
                    "proof strength must rise from scan to GPS and photo to signature",
                );
            }
            let a = &r.address;
            for (n, v) in [
                ("matched", a.matched),
                ("unknown", a.unknown),
                ("mismatched", a.mismatched),
            ] {
                c.unit(&format!("signals.proof_contradiction.address.{n}"), v);
            }
            if a.mismatched > a.unknown || a.unknown > a.matched {
                c.push(
                    "policy.risk.proof_order",
                    "signals.proof_contradiction.address",
                    "address factors must rise from mismatched to unknown to matched",
                );
            }
        }
        if let Some(r) = &self.claim_latency {
            c.weight("signals.claim_latency.weight", r.weight);
            c.non_negative("signals.claim_latency.threshold", r.threshold);
        }
        if let Some(r) = &self.new_account {
            c.weight("signals.new_account.weight", r.weight);
            c.non_negative("signals.new_account.threshold", r.threshold);
        }
        if let Some(r) = &self.first_order {
            c.weight("signals.first_order.weight", r.weight);
            c.non_negative("signals.first_order.threshold", r.threshold);
        }
        if let Some(r) = &self.serial_returns {
            c.weight("signals.serial_returns.weight", r.weight);
            c.non_negative("signals.serial_returns.threshold", r.threshold);
        }
        if let Some(r) = &self.product_complaint_rate {
            c.weight("signals.product_complaint_rate.weight", r.weight);
            c.non_negative("signals.product_complaint_rate.threshold", r.threshold);
            c.non_negative(
                "signals.product_complaint_rate.prior_orders",
                r.prior_orders,
            );
            c.unit(
                "signals.product_complaint_rate.default_rate",
                r.default_rate,
            );
            if r.default_rate.0 <= Decimal::ZERO {
                c.push(
                    "policy.out_of_range",
                    "signals.product_complaint_rate.default_rate",
                    "the default peer rate must be above 0",
                );
            }
        }
        if let Some(r) = &self.long_good_history {
            c.weight("signals.long_good_history.weight", r.weight);
            c.unit("signals.long_good_history.max_claim_rate", r.max_claim_rate);
        }
    }
}

struct Check<'a, 'b> {
    path: &'a str,
    out: &'b mut Vec<Diagnostic>,
}

impl Check<'_, '_> {
    fn push(&mut self, code: &str, field: &str, msg: &str) {
        self.out
            .push(Diagnostic::new(code, format!("{}.{field}", self.path), msg));
    }

    fn weight(&mut self, field: &str, w: i32) {
        if !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&w) {
            self.push(
                "policy.out_of_range",
                field,
                "weights run from -100 to 100 points",
            );
        }
    }

    fn score(&mut self, field: &str, s: u32) {
        if s > 100 {
            self.push("policy.out_of_range", field, "scores run from 0 to 100");
        }
    }

    fn non_negative(&mut self, field: &str, d: PolicyDecimal) {
        if d.0.is_sign_negative() && !d.0.is_zero() {
            self.push("policy.out_of_range", field, "must not be negative");
        }
    }

    fn unit(&mut self, field: &str, d: PolicyDecimal) {
        if d.0 < Decimal::ZERO || d.0 > Decimal::ONE {
            self.push("policy.out_of_range", field, "must be between 0 and 1");
        }
    }
}
