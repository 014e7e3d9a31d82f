//! Service-level deadlines that start running when a complaint arrives.

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Channel;
use crate::duration::PolicyDuration;
use crate::engine::{Ctx, Draft};
use crate::error::Diagnostic;
use crate::triage::Triage;

/// One deadline rule: a duration after the complaint is received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// Deadline name (`first_response`).
    pub name: String,
    /// Time after `received_at`, around the clock (`4h`, `2m`, `3d`).
    pub after: PolicyDuration,
    /// Channels it applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The `sla` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Deadline rules.
    #[serde(default)]
    pub targets: Vec<SlaTarget>,
}

impl SlaPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (i, t) in self.targets.iter().enumerate() {
            if t.name.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{path}.targets[{i}].name"),
                    "a deadline needs a name",
                ));
            }
            if t.after.seconds() == 0 {
                out.push(
                    Diagnostic::new(
                        "policy.out_of_range",
                        format!("{path}.targets[{i}].after"),
                        "a deadline must be after receipt",
                    )
                    .hint("write e.g. after = \"24h\""),
                );
            }
        }
    }
}

/// A running deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Its name.
    pub name: String,
    /// When it falls due.
    pub due_at: DateTime<Utc>,
    /// Whether `now` is past it.
    pub breached: bool,
    /// Seconds from `now` to `due_at` (negative once breached).
    pub seconds_left: i64,
    /// Where the rule comes from.
    pub source: String,
}

/// The `sla` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// Running deadlines, earliest first.
    pub deadlines: Vec<Deadline>,
}

/// Compiled SLA stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    targets: Vec<(SlaTarget, Duration)>,
}

impl Compiled {
    pub(crate) fn new(policy: &SlaPolicy) -> Compiled {
        let targets = policy
            .targets
            .iter()
            .map(|t| (t.clone(), t.after.to_chrono()))
            .collect();
        Compiled { targets }
    }

    pub(crate) fn assess(&self, ctx: &Ctx<'_>, _triage: &Triage, out: &mut Draft) -> Sla {
        let (case, now) = (ctx.case, ctx.now);
        let mut deadlines: Vec<Deadline> = self
            .targets
            .iter()
            .filter(|(t, _)| t.channels.is_empty() || t.channels.contains(&case.channel))
            .filter_map(|(t, d)| {
                let due_at = case.received_at.checked_add_signed(*d)?;
                let seconds_left = due_at.signed_duration_since(now).num_seconds();
                out.trace
                    .push("sla", format!("sla.{}", t.name), "sla.deadline")
                    .with(
                        "due_at",
                        due_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    );
                Some(Deadline {
                    name: t.name.clone(),
                    due_at,
                    breached: seconds_left < 0,
                    seconds_left,
                    source: t.source.clone(),
                })
            })
            .collect();
        deadlines.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.name.cmp(&b.name)));
        Sla { deadlines }
    }
}
