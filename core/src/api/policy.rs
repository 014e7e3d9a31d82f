//! Policies from any source a host holds them in, loaded or checked the same way
//! everywhere: `amends policy check`, Python's `check_policy`, JavaScript's `checkPolicy`
//! and the `policy_check` conformance vectors all read [`check_policy`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{compact_len, to_canonical, value_depth};
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
                let depth = value_depth(&v);
                if depth > limits.max_policy_depth {
                    return Err(Error::Policy(vec![Diagnostic::new(
                        "policy.too_deep",
                        "",
                        format!(
                            "the document nests {depth} levels deep; the limit is {}",
                            limits.max_policy_depth
                        ),
                    )
                    .hint("flatten the document; no valid input nests this deep")]));
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
    /// What a valid policy does not cover: a market it names whose currency has no rate
    /// in `[fx]` (`policy.market_without_rate`) or that has no calendar
    /// (`policy.market_without_calendar`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

/// The markets a policy names (remedy market rules, SLA targets, calendars), each with
/// the first path naming it.
fn named_markets(p: &crate::policy::Policy) -> std::collections::BTreeMap<&str, String> {
    let mut out = std::collections::BTreeMap::new();
    for (i, m) in p.remedy.markets.iter().enumerate() {
        for (j, c) in m.markets.iter().enumerate() {
            out.entry(c.as_str())
                .or_insert_with(|| format!("remedy.markets[{i}].markets[{j}]"));
        }
    }
    for (i, t) in p.sla.targets.iter().enumerate() {
        for (j, c) in t.markets.iter().enumerate() {
            out.entry(c.as_str())
                .or_insert_with(|| format!("sla.targets[{i}].markets[{j}]"));
        }
    }
    for (k, cal) in &p.journeys.calendars {
        for (j, c) in cal.markets.iter().enumerate() {
            out.entry(c.as_str())
                .or_insert_with(|| format!("journeys.calendars.{k}.markets[{j}]"));
        }
    }
    out
}

/// Markets the policy names without a currency rate or a calendar.
pub fn coverage_warnings(p: &crate::policy::Policy) -> Vec<Diagnostic> {
    let data = crate::journey::market_calendars::MarketCalendars::get();
    let mut out = Vec::new();
    for (m, path) in named_markets(p) {
        let listed = p
            .journeys
            .calendars
            .values()
            .any(|c| c.markets.iter().any(|x| x == m));
        if !listed && data.calendar(m).is_none() {
            out.push(
                Diagnostic::new(
                    "policy.market_without_calendar",
                    path.clone(),
                    format!(
                        "market `{m}` has no calendar: deadlines on \"@market\" count on `default`"
                    ),
                )
                .hint("add a [journeys.calendars] entry listing the market"),
            );
        }
        let (Some(fx), Some(cur)) = (&p.fx, data.currency(m)) else {
            continue;
        };
        let known = fx.base.code() == cur || fx.to_base.keys().any(|c| c.code() == cur);
        if !known {
            out.push(
                Diagnostic::new(
                    "policy.market_without_rate",
                    format!("fx.to_base.{cur}"),
                    format!(
                        "market `{m}` ({path}) pays in {cur}, which has no rate into {}: cases need `fx_rates`, else the `missing_rate` fallback applies",
                        fx.base
                    ),
                )
                .hint(format!("add {cur} to [fx] to_base (scripts/fx_reference_rates.py)")),
            );
        }
    }
    out
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
            warnings: Vec::new(),
        },
        Ok(p) => {
            let diagnostics = p.validate();
            let warnings = coverage_warnings(&p);
            PolicyCheck {
                warnings,
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
