//! Guards as written in a machine definition: declarative predicates on the journey's
//! context and the event's data, checked when the policy is compiled.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::money::PolicyDecimal;

/// A guard from a closed set of declarative predicates. Exactly one form per guard:
/// `all`, `any`, `not`, or `path` with one comparison (`exists`, `eq`, `ne`, `one_of`,
/// `gt`, `gte`, `lt`, `lte`). Paths are `context.FIELD[.SUB]` or `event.FIELD` (the
/// event's data).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guard {
    /// Every guard holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Guard>>,
    /// At least one guard holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Guard>>,
    /// The guard does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Guard>>,
    /// The value compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value is present (true) or absent (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// Equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<Value>,
    /// Not equal to (absent counts as not equal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ne: Option<Value>,
    /// One of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Value>>,
    /// Numerically greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<PolicyDecimal>,
    /// Numerically at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<PolicyDecimal>,
    /// Numerically less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<PolicyDecimal>,
    /// Numerically at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<PolicyDecimal>,
}

fn check_path(path: &str, p: &str, out: &mut Vec<Diagnostic>) {
    let ok = ["context.", "event."]
        .iter()
        .any(|pre| p.strip_prefix(pre).is_some_and(|rest| !rest.is_empty()));
    if !ok {
        out.push(
            Diagnostic::new(
                "journey.bad_guard",
                path,
                format!("`{p}` is not a path like context.FIELD or event.FIELD"),
            )
            .hint("guards read the journey's context or the event's data"),
        );
    }
}

impl Guard {
    /// Reports every problem with its path.
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        let comparisons = [
            self.exists.is_some(),
            self.eq.is_some(),
            self.ne.is_some(),
            self.one_of.is_some(),
            self.gt.is_some(),
            self.gte.is_some(),
            self.lt.is_some(),
            self.lte.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        let forms = [self.all.is_some(), self.any.is_some(), self.not.is_some()]
            .iter()
            .filter(|b| **b)
            .count()
            + usize::from(self.path.is_some());
        if forms != 1
            || (self.path.is_some() && comparisons != 1)
            || (self.path.is_none() && comparisons != 0)
        {
            out.push(
                Diagnostic::new(
                    "journey.bad_guard",
                    path,
                    "a guard is exactly one of all, any, not, or a path with one comparison",
                )
                .hint("e.g. { path = \"context.channel\", eq = \"review\" }"),
            );
            return;
        }
        if let Some(p) = &self.path {
            check_path(&format!("{path}.path"), p, out);
        }
        for (key, list) in [("all", &self.all), ("any", &self.any)] {
            if let Some(gs) = list {
                if gs.is_empty() {
                    out.push(Diagnostic::new(
                        "journey.bad_guard",
                        format!("{path}.{key}"),
                        "an empty list of guards",
                    ));
                }
                for (i, g) in gs.iter().enumerate() {
                    g.validate(&format!("{path}.{key}[{i}]"), out);
                }
            }
        }
        if let Some(g) = &self.not {
            g.validate(&format!("{path}.not"), out);
        }
    }
}
