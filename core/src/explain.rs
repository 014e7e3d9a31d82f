//! The trace every decision carries: which rule fired, with which values, and why.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The ordered list of rules that shaped an assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Rules in evaluation order.
    pub steps: Vec<Step>,
}

/// One rule that fired (or, where noted, was checked and did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The module that evaluated it: `triage`, `risk`, `remedy`, `routing`, `sla`.
    pub module: String,
    /// The rule's id in the policy (`urgency.red_not_received_high_value`).
    pub rule: String,
    /// Stable reason code for what the rule decided.
    pub reason: String,
    /// The values the rule compared, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
}

impl Trace {
    /// Records a step.
    pub fn push(
        &mut self,
        module: &str,
        rule: impl Into<String>,
        reason: impl Into<String>,
    ) -> &mut Step {
        self.steps.push(Step {
            module: module.to_owned(),
            rule: rule.into(),
            reason: reason.into(),
            values: BTreeMap::new(),
        });
        let last = self.steps.len() - 1;
        // The push above guarantees the index exists.
        #[allow(clippy::indexing_slicing)]
        &mut self.steps[last]
    }
}

impl Step {
    /// Adds a value the rule saw.
    pub fn with(&mut self, name: &str, value: impl Into<serde_json::Value>) -> &mut Step {
        self.values.insert(name.to_owned(), value.into());
        self
    }
}
