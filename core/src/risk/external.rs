//! External fraud scores (a host's Signifyd, Riskified or Stripe Radar score) as one
//! risk input: each score is put on 0-100 (`value / scale x 100`), mapped to points by
//! the policy's bands, and scaled by the provider's weight. The highest-scoring provider
//! counts; scores never lower the score below what the engine's own signals give.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::signals::dec;
use super::{Fired, Op};
use crate::case::RiskContext;
use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

/// The `[risk.external_scores]` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalScorePolicy {
    /// Points by the score on 0-100: the band with the highest `min` at or below it.
    pub bands: Vec<ExternalBand>,
    /// Weight per provider (`signifyd = "1"`); the points are multiplied by it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, PolicyDecimal>,
    /// Weight of a provider not listed in `weights` (default 1; 0 ignores it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_weight: Option<PolicyDecimal>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// One band of the mapping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalBand {
    /// The lowest normalised score (0-100) of the band.
    pub min: PolicyDecimal,
    /// Points it adds before the provider's weight.
    pub points: i32,
}

impl ExternalScorePolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (i, b) in self.bands.iter().enumerate() {
            if b.min.0 < Decimal::ZERO || b.min.0 > Decimal::ONE_HUNDRED {
                out.push(
                    Diagnostic::new(
                        "policy.out_of_range",
                        format!("{path}.bands[{i}].min"),
                        "a band's minimum is a score from 0 to 100",
                    )
                    .hint("scores are normalised to 0-100 before the bands apply"),
                );
            }
        }
        let weights = self
            .weights
            .iter()
            .map(|(k, w)| (format!("{path}.weights.{k}"), w))
            .chain(
                self.default_weight
                    .iter()
                    .map(|w| (format!("{path}.default_weight"), w)),
            );
        for (p, w) in weights {
            if w.0 < Decimal::ZERO {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    p,
                    "a weight must not be negative",
                ));
            }
        }
    }

    /// The reason of the provider that adds the most points, if any adds points.
    pub(crate) fn reason(&self, rc: &RiskContext) -> Option<Fired> {
        rc.external_scores
            .iter()
            .filter_map(|s| {
                if s.scale <= Decimal::ZERO {
                    return None;
                }
                let norm = s
                    .value
                    .checked_div(s.scale)?
                    .checked_mul(Decimal::ONE_HUNDRED)?
                    .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
                let band = self
                    .bands
                    .iter()
                    .filter(|b| b.min.0 <= norm)
                    .max_by(|a, b| a.min.0.cmp(&b.min.0))?;
                let weight = self
                    .weights
                    .get(&s.source)
                    .or(self.default_weight.as_ref())
                    .map_or(Decimal::ONE, |w| w.0);
                let points = Decimal::from(band.points)
                    .checked_mul(weight)?
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
                    .to_i32()?;
                (points != 0).then(|| {
                    let mut r = Fired::new(
                        signal!("external_score"),
                        points,
                        dec(norm),
                        Op::AtLeast,
                        dec(band.min.0),
                    );
                    r.factor = (weight != Decimal::ONE).then(|| dec(weight));
                    r.subject = Some(s.source.clone().into());
                    r
                })
            })
            .max_by(|a, b| {
                a.points
                    .cmp(&b.points)
                    .then_with(|| b.subject.cmp(&a.subject))
            })
    }
}
