//! The risk band: which bands the score did not reach, the points to the neighbouring
//! bands and the signals that carry the score into its band. Points are whole numbers,
//! so every figure is exact.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::explain::{Miss, Value};
use crate::risk::{RiskAssessment, RiskPolicy};

use super::RuleMisses;

/// A neighbouring band and the points that separate the score from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BandStep {
    /// The band.
    pub band: String,
    /// Points to add (next band) or to remove (previous band).
    pub points: i64,
}

/// A signal that carries the score into its band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Carrier {
    /// The reason's code (as in `risk.reasons`).
    pub code: crate::name::Name,
    /// Its points.
    pub points: i32,
}

/// What would move the risk band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RiskChange {
    /// The band now.
    pub band: String,
    /// The score now.
    pub score: u32,
    /// The next band up and the points that would reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<BandStep>,
    /// The band below and the points that would have to go for the score to fall into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<BandStep>,
    /// The fewest raising reasons, largest first, whose points together are at least
    /// `previous.points`: without them the case would fall into the band below.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_by: Vec<Carrier>,
}

/// The index of the band a score falls in.
fn band_index(p: &RiskPolicy, score: u32) -> Option<usize> {
    p.bands.iter().rposition(|b| b.min_score <= score)
}

/// The bands above the score, each as a miss of `risk.score >= min_score`.
pub(crate) fn bands_missed(p: &RiskPolicy, r: &RiskAssessment, limit: usize) -> RuleMisses {
    let mut out = RuleMisses::default();
    for b in p.bands.iter().filter(|b| b.min_score > r.score) {
        if out.missed.len() >= limit {
            out.omitted += 1;
            continue;
        }
        out.missed.push(Miss::new(
            format!("bands.{}", b.name),
            "risk.score",
            "gte",
            Value::from(r.score),
            Value::from(b.min_score),
        ));
    }
    out
}

/// Points to the neighbouring bands and the reasons that carry the score.
pub(crate) fn change(p: &RiskPolicy, r: &RiskAssessment) -> Option<RiskChange> {
    let i = band_index(p, r.score)?;
    let score = i64::from(r.score);
    // The score before clamping: what removing points has to overcome.
    let raw = r.reasons.iter().fold(i64::from(p.base_score), |a, x| {
        a.saturating_add(i64::from(x.points))
    });
    let next = p.bands.get(i + 1).map(|b| BandStep {
        band: b.name.clone(),
        points: i64::from(b.min_score) - score,
    });
    let previous = i
        .checked_sub(1)
        .and_then(|k| p.bands.get(k))
        .zip(p.bands.get(i))
        .map(|(below, here)| BandStep {
            band: below.name.clone(),
            points: raw.max(score) - i64::from(here.min_score) + 1,
        });
    let mut carried_by = Vec::new();
    if let Some(need) = previous.as_ref().map(|s| s.points) {
        let mut raising: Vec<&crate::risk::Reason> =
            r.reasons.iter().filter(|x| x.points > 0).collect();
        raising.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.code.cmp(&b.code)));
        let mut sum = 0i64;
        for x in raising {
            if sum >= need {
                break;
            }
            sum += i64::from(x.points);
            carried_by.push(Carrier {
                code: x.code.clone(),
                points: x.points,
            });
        }
        if sum < need {
            // The base score alone holds the band: no signal carries it.
            carried_by.clear();
        }
    }
    Some(RiskChange {
        band: r.band.clone(),
        score: r.score,
        next,
        previous,
        carried_by,
    })
}
