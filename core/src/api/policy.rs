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
    let limits = Limits::default();
    let value = match source.value(&limits) {
        Ok(v) => v,
        Err(e) => return failed(e.diagnostics().to_vec()),
    };
    let (policy, mut diagnostics) = read_every_section(value, &limits);
    let Some(p) = policy else {
        return failed(diagnostics);
    };
    let parsed_cleanly = diagnostics.is_empty();
    // A section that did not read at all was replaced by the default's, and a field
    // that did not read was left out: their meaning is not checked again.
    let reported: Vec<String> = diagnostics.iter().map(|d| d.path.clone()).collect();
    let covered = |path: &str| {
        reported.iter().any(|r| {
            path == r
                || path
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        })
    };
    diagnostics.extend(p.validate().into_iter().filter(|d| !covered(&d.path)));
    PolicyCheck {
        valid: diagnostics.is_empty(),
        warnings: coverage_warnings(&p),
        policy: parsed_cleanly.then(|| PolicyRef {
            id: p.policy.id.clone(),
            version: p.policy.version.clone(),
            hash: p.hash(),
        }),
        diagnostics,
    }
}

fn failed(diagnostics: Vec<Diagnostic>) -> PolicyCheck {
    PolicyCheck {
        valid: false,
        policy: None,
        diagnostics,
        warnings: Vec::new(),
    }
}

impl PolicySource<'_> {
    /// The policy as a JSON value, held to the size and depth limits (syntax errors
    /// carry the TOML or JSON line and column in their message).
    fn value(self, limits: &Limits) -> Result<serde_json::Value, Error> {
        match self {
            PolicySource::Text(text) => {
                crate::document::parse_value(text, Format::sniff(text), limits)
            }
            PolicySource::Bytes(b) => {
                let text = policy_utf8(b)?;
                crate::document::parse_value(text, Format::sniff(text), limits)
            }
            PolicySource::Value(v) => {
                crate::limits::check_value(
                    &v,
                    limits.max_policy_depth,
                    limits.max_policy_nodes,
                    "policy",
                )
                .map_err(|d| Error::Policy(vec![d]))?;
                Ok(v)
            }
        }
    }
}

/// The most problems reported for one section before its reading stops.
const MAX_PROBLEMS_PER_SECTION: usize = 50;

/// Reads each section of a policy on its own, so that a problem in one does not hide
/// those of the others, and within a section reads again past each unknown or ill-typed
/// field (removed from a copy) until it reads or stops making progress. Returns the
/// policy, with the default's section in place of each that did not read, and every
/// problem found. `None` when the document as a whole cannot be read.
fn read_every_section(
    value: serde_json::Value,
    limits: &Limits,
) -> (Option<Policy>, Vec<Diagnostic>) {
    let whole = |e: Error| (None, e.diagnostics().to_vec());
    // The limits, `extends` and the rule count apply to the document as a whole.
    let value = match crate::policy::resolve_extends(value) {
        Ok(v) => v,
        Err(e) => return whole(e),
    };
    let mut value = match Policy::from_value_with(value.clone(), limits) {
        Ok(p) => return (Some(p), Vec::new()),
        Err(e) if e.code() == "policy.too_large" => return whole(e),
        Err(_) => value,
    };
    let Some(doc) = value.as_object_mut() else {
        return whole(
            Policy::from_value_with(value, limits)
                .err()
                .unwrap_or_else(|| {
                    Error::Policy(vec![Diagnostic::new(
                        "policy.invalid_type",
                        "",
                        "not a table",
                    )])
                }),
        );
    };
    let Ok(mut p) = Policy::default_policy() else {
        return (None, Vec::new());
    };
    let mut out = Vec::new();
    const SECTIONS: [&str; 9] = [
        "policy", "fx", "triage", "risk", "remedy", "routing", "sla", "monitor", "journeys",
    ];
    for key in doc.keys().filter(|k| !SECTIONS.contains(&k.as_str())) {
        out.push(Diagnostic::new(
            "policy.unknown_field",
            key.clone(),
            format!(
                "unknown field `{key}`, expected one of `{}`",
                SECTIONS.join("`, `")
            ),
        ));
    }
    let mut take = |name: &str| doc.remove(name);
    match take("policy") {
        Some(v) => {
            if let Some(m) = read_section(&mut out, "policy", v) {
                p.policy = m;
            }
        }
        None => out.push(Diagnostic::new(
            "policy.missing_field",
            "policy",
            "missing field `policy`",
        )),
    }
    macro_rules! section {
        ($name:literal, $field:ident, $wrap:expr) => {
            if let Some(v) = take($name) {
                if let Some(s) = read_section(&mut out, $name, v) {
                    p.$field = $wrap(s);
                }
            }
        };
    }
    section!("fx", fx, Some);
    section!("triage", triage, std::convert::identity);
    section!("risk", risk, std::convert::identity);
    section!("remedy", remedy, std::convert::identity);
    section!("routing", routing, std::convert::identity);
    section!("sla", sla, std::convert::identity);
    section!("monitor", monitor, std::convert::identity);
    section!("journeys", journeys, std::convert::identity);
    (Some(p), out)
}

/// Reads one section; on a problem, records it and reads again without the offending
/// field, until the section reads or no progress is made (then `None`, and the section
/// itself is reported as not read, so that its meaning is not checked).
fn read_section<T: serde::de::DeserializeOwned>(
    out: &mut Vec<Diagnostic>,
    name: &str,
    mut value: serde_json::Value,
) -> Option<T> {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..MAX_PROBLEMS_PER_SECTION {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        let rel = err.path().to_string();
        let path = if rel == "." {
            name.to_owned()
        } else {
            format!("{name}.{rel}")
        };
        let d = crate::error::from_serde(path, err.inner(), "policy");
        // A required field removed below comes back as missing: already reported.
        if seen.contains(&d.path) {
            break;
        }
        seen.push(d.path.clone());
        out.push(d);
        if !remove_at(&mut value, err.path()) {
            break;
        }
    }
    out.push(
        Diagnostic::new(
            "policy.unread_section",
            name,
            format!("the `{name}` section could not be read past the problems above"),
        )
        .hint("fix the problems above; the section's meaning is checked once it reads"),
    );
    None
}

/// Removes the field at `path` from `value`; `false` when the path does not end at a
/// field of a table (an array entry, the section itself, a lost track).
fn remove_at(value: &mut serde_json::Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((Segment::Map { key }, parents)) = segments.split_last() else {
        return false;
    };
    let mut v = value;
    for s in parents {
        let next = match s {
            Segment::Map { key } => v.get_mut(key.as_str()),
            Segment::Seq { index } => v.get_mut(*index),
            _ => None,
        };
        match next {
            Some(n) => v = n,
            None => return false,
        }
    }
    v.as_object_mut()
        .and_then(|o| o.remove(key.as_str()))
        .is_some()
}

/// Validates a policy text (TOML or JSON, sniffed) and returns [`PolicyCheck`] as
/// canonical JSON: `{"valid", "policy"?: {"id", "version", "hash"}, "diagnostics"}`.
pub fn check_policy_json(text: &str) -> String {
    to_canonical(&check_policy(PolicySource::Text(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String)> {
        check_policy(PolicySource::Text(text))
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    }

    #[test]
    fn every_problem_is_reported_at_once_type_unknown_and_semantic() {
        let text = "colour = 'red'\n\
            [policy]\nid = ''\nversion = '1'\nShape = 'round'\n\
            [fx]\nbase = 'USD'\nto_base = { EUR = '-1' }\n\
            [routing]\ndefault_queue = 7\nweight = 3\n\
            [sla]\nnonsense = true\n";
        let got = problems(text);
        let has = |code: &str, path: &str| got.iter().any(|(c, p)| c == code && p == path);
        assert!(has("policy.unknown_field", "colour"), "{got:?}");
        assert!(has("policy.unknown_field", "policy.Shape"), "{got:?}");
        assert!(
            has("policy.invalid_type", "routing.default_queue"),
            "{got:?}"
        );
        assert!(has("policy.unknown_field", "routing.weight"), "{got:?}");
        assert!(has("policy.unknown_field", "sla.nonsense"), "{got:?}");
        // The semantic problems of the sections that read.
        assert!(has("policy.empty", "policy.id"), "{got:?}");
        assert!(got.iter().any(|(_, p)| p == "fx.to_base.EUR"), "{got:?}");
        let report = check_policy(PolicySource::Text(text));
        assert!(!report.valid && report.policy.is_none());
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let report = check_policy(PolicySource::Text("[policy]\nid = 'x'\nversion = \n"));
        let d = report
            .first()
            .cloned()
            .unwrap_or_else(|| Diagnostic::new("", "", ""));
        assert_eq!(d.code, "policy.syntax");
        assert!(d.message.contains("line 3, column"), "{}", d.message);
        let report = check_policy(PolicySource::Text("{\"policy\": {\"id\": }}"));
        let d = report
            .first()
            .cloned()
            .unwrap_or_else(|| Diagnostic::new("", "", ""));
        assert!(d.message.contains("line 1 column"), "{}", d.message);
    }

    #[test]
    fn a_valid_policy_still_checks_clean() {
        let report = check_policy(PolicySource::Text(crate::policy::DEFAULT_POLICY_TOML));
        assert!(report.valid, "{:?}", report.diagnostics);
        assert!(report.policy.is_some());
    }
}
