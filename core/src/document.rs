//! Documents the core reads (policies, journey definitions): their formats, and reading
//! a text into a JSON value under the size and depth limits.
//!
//! This module imports only `error` and `limits`.

use crate::error::{Diagnostic, Error};
use crate::limits::Limits;

/// The format of a policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// Guesses from the text: JSON starts with `{` after white space.
    pub fn sniff(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Reads a policy-like text (a policy, a journeys document) into a JSON value, held to
/// the policy size and depth limits. Problems are `policy.*` diagnostics: `too_large`,
/// `too_deep`, `syntax`.
pub fn parse_value(
    text: &str,
    format: Format,
    limits: &Limits,
) -> Result<serde_json::Value, Error> {
    if text.len() > limits.max_policy_bytes {
        return Err(Error::Policy(vec![Diagnostic::new(
            "policy.too_large",
            "",
            format!(
                "policy is {} bytes; the limit is {}",
                text.len(),
                limits.max_policy_bytes
            ),
        )]));
    }
    let syntax = match format {
        Format::Json => crate::limits::Syntax::Json,
        Format::Toml => crate::limits::Syntax::Toml,
    };
    crate::limits::check_depth(text, syntax, limits.max_policy_depth, "policy")
        .map_err(|d| Error::Policy(vec![d]))?;
    let value: serde_json::Value = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            Error::Policy(vec![Diagnostic::new("policy.syntax", "", e.to_string())])
        })?,
        Format::Toml => toml::from_str(text).map_err(|e| {
            let msg = e.to_string().trim_end().to_owned();
            // Long dotted keys (`a.b.c...`) nest without brackets; the TOML reader's
            // own recursion limit stops them.
            let d = if msg.contains("recursion limit") {
                Diagnostic::new("policy.too_deep", "", msg).hint("no valid policy nests this deep")
            } else {
                Diagnostic::new("policy.syntax", "", msg)
                    .hint("check the TOML syntax at the line shown")
            };
            Error::Policy(vec![d])
        })?,
    };
    crate::limits::check_value(
        &value,
        limits.max_policy_depth,
        limits.max_policy_nodes,
        "policy",
    )
    .map_err(|d| Error::Policy(vec![d]))?;
    Ok(value)
}
