//! Routing: which queue, which skills, front line or back line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::{Ctx, Draft};
use crate::error::Diagnostic;
use crate::remedy::Remedy;
use crate::risk::RiskAssessment;
use crate::triage::{Triage, Urgency};

/// Front line (bot and generalists) or back line (specialists).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// Bot and generalist agents.
    #[default]
    Front,
    /// Specialists.
    Back,
}

/// The `routing` section of the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingPolicy {
    /// Queue for cases no rule routes elsewhere.
    #[serde(default = "front_line")]
    pub default_queue: String,
    /// Line of the default queue.
    #[serde(default)]
    pub default_line: Line,
}

fn front_line() -> String {
    "front_line".to_owned()
}

impl Default for RoutingPolicy {
    fn default() -> Self {
        RoutingPolicy {
            default_queue: front_line(),
            default_line: Line::Front,
        }
    }
}

impl RoutingPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        if self.default_queue.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    "policy.empty",
                    format!("{path}.default_queue"),
                    "a default queue is required",
                )
                .hint("e.g. default_queue = \"front_line\""),
            );
        }
    }
}

/// The `routing` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Queue name.
    pub queue: String,
    /// Front or back line.
    pub line: Line,
    /// Skills the handler needs (`lang.pt`, `customs`).
    pub skills: Vec<String>,
    /// Priority, the triage urgency.
    pub priority: Urgency,
}

/// Compiled routing stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    policy: RoutingPolicy,
}

impl Compiled {
    pub(crate) fn new(policy: &RoutingPolicy) -> Compiled {
        Compiled {
            policy: policy.clone(),
        }
    }

    pub(crate) fn assess(
        &self,
        _ctx: &Ctx<'_>,
        triage: &Triage,
        _risk: &RiskAssessment,
        _remedy: &Remedy,
        out: &mut Draft,
    ) -> Route {
        let skills = triage
            .language
            .iter()
            .map(|l| format!("lang.{l}"))
            .collect();
        out.trace
            .push("routing", "default_queue", "routing.default")
            .with("queue", self.policy.default_queue.as_str());
        Route {
            queue: self.policy.default_queue.clone(),
            line: self.policy.default_line,
            skills,
            priority: triage.urgency,
        }
    }
}
