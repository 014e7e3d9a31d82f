//! Policies from any source a host holds them in, loaded or checked the same way
//! everywhere: `amends policy check`, Python's `check_policy`, JavaScript's `checkPolicy`
//! and the `policy_check` conformance vectors all read [`check_policy`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{compact_len, to_canonical};
use crate::assessment::PolicyRef;
use crate::error::{Diagnostic, Error};
use crate::limits::Limits;
use crate::policy::{Format, Policy};
use crate::Engine;

/// A policy as a host holds it.
#[derive(Debug, Clone)]
pub enum PolicySource<'a> {
    /// TOML or JSON text (the format is sniffed: JSON starts with `{`).
    Text(&'a str),
    /// TOML or JSON as bytes; not UTF-8 is `policy.invalid_utf8`.
    Bytes(&'a [u8]),
    /// An already parsed value (a Python `dict`, a JavaScript object), held to the same
    /// size and depth limits as its JSON text.
    Value(serde_json::Value),
}

/// The bytes of a policy as text.
fn policy_utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        Error::Policy(vec![Diagnostic::new(
            "policy.invalid_utf8",
            "",
            "the policy is not valid UTF-8",
        )
        .hint("save the policy as UTF-8")])
    })
}

impl PolicySource<'_> {
    /// Parses the policy (syntax, types and limits) without checking its meaning.
    pub fn parse_unchecked(self) -> Result<Policy, Error> {
        let limits = Limits::default();
        match self {
            PolicySource::Text(text) => Policy::parse_unchecked(text, Format::sniff(text)),
            PolicySource::Bytes(b) => {
                let text = policy_utf8(b)?;
                Policy::parse_unchecked(text, Format::sniff(text))
            }
            PolicySource::Value(v) => {
                // Depth and size first, without recursion; the JSON length after.
                crate::limits::check_value(
                    &v,
                    limits.max_policy_depth,
                    limits.max_policy_nodes,
                    "policy",
                )
                .map_err(|d| Error::Policy(vec![d]))?;
                let size = compact_len(&v);
                if size > limits.max_policy_bytes {
                    return Err(Error::Policy(vec![Diagnostic::new(
                        "policy.too_large",
                        "",
                        format!(
                            "policy is {size} bytes; the limit is {}",
                            limits.max_policy_bytes
                        ),
                    )]));
                }
                Policy::from_value_with(v, &limits)
            }
        }
    }

    /// Parses, validates and compiles the policy into an engine.
    pub fn engine(self) -> Result<Engine, Error> {
        match self {
            PolicySource::Text(text) => Engine::from_policy_text(text),
            PolicySource::Bytes(b) => Engine::from_policy_text(policy_utf8(b)?),
            value @ PolicySource::Value(_) => Engine::new(value.parse_unchecked()?),
        }
    }
}

/// The result of checking a policy: every problem at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyCheck {
    /// Whether the policy loads and validates.
    pub valid: bool,
    /// Id, version and hash; present when the policy parsed (even if it does not
    /// validate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyRef>,
    /// Every problem found; empty when valid.
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyCheck {
    /// The first problem, the headline of an invalid policy.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.diagnostics.first()
    }
}

/// Validates a policy without compiling it and lists every problem found.
///
/// ```
/// use amends::api::{check_policy, PolicySource};
/// let ok = check_policy(PolicySource::Text("[policy]\nid = \"tiny\"\nversion = \"1\"\n"));
/// assert!(ok.valid && ok.policy.is_some());
/// let bad = check_policy(PolicySource::Text("[policy]\nid = \"\"\nversion = \"\"\n"));
/// assert_eq!(bad.diagnostics.len(), 2);
/// ```
pub fn check_policy(source: PolicySource<'_>) -> PolicyCheck {
    match source.parse_unchecked() {
        Err(e) => PolicyCheck {
            valid: false,
            policy: None,
            diagnostics: e.diagnostics().to_vec(),
        },
        Ok(p) => {
            let diagnostics = p.validate();
            PolicyCheck {
                valid: diagnostics.is_empty(),
                policy: Some(PolicyRef {
                    id: p.policy.id.clone(),
                    version: p.policy.version.clone(),
                    hash: p.hash(),
                }),
                diagnostics,
            }
        }
    }
}

/// Validates a policy text (TOML or JSON, sniffed) and returns [`PolicyCheck`] as
/// canonical JSON: `{"valid", "policy"?: {"id", "version", "hash"}, "diagnostics"}`.
pub fn check_policy_json(text: &str) -> String {
    to_canonical(&check_policy(PolicySource::Text(text)))
}
