//! The declarative policy document: loading from TOML or JSON, validation that reports
//! every problem at once, a stable content hash, and the embedded default policy.
//!
//! Each section's type lives in the module that owns it (`triage`, `risk`, ...); this
//! module composes them. Every number the engine uses comes from here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::document::Format;
use crate::error::{from_serde, Diagnostic, Error};
pub use crate::fx::{FxPolicy, FxTable};
use crate::limits::Limits;
pub use crate::money::PolicyDecimal;

/// The embedded default policy, in TOML: the rules of thumb of the domain, each with its source.
pub const DEFAULT_POLICY_TOML: &str = include_str!("../policies/default.toml");

/// Largest policy document accepted, in bytes (the default of [`Limits::max_policy_bytes`]).
pub use crate::limits::MAX_POLICY_BYTES;

/// A complete policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Identity of the policy.
    pub policy: Meta,
    /// Reference exchange rates for comparing amounts with thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<FxPolicy>,
    /// How a buyer's loyalty tier is derived when the host does not pass it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<crate::facts::LoyaltyPolicy>,
    /// Language, category, sentiment, urgency.
    #[serde(default)]
    pub triage: crate::triage::TriagePolicy,
    /// Malicious-claim scoring.
    #[serde(default)]
    pub risk: crate::risk::RiskPolicy,
    /// Compensation.
    #[serde(default)]
    pub remedy: crate::remedy::RemedyPolicy,
    /// Queues and skills.
    #[serde(default)]
    pub routing: crate::routing::RoutingPolicy,
    /// Service-level deadlines.
    #[serde(default)]
    pub sla: crate::sla::SlaPolicy,
    /// Store-group alarms and KPI definitions.
    #[serde(
        default,
        skip_serializing_if = "crate::monitor::policy::MonitorPolicy::is_empty"
    )]
    pub monitor: crate::monitor::policy::MonitorPolicy,
    /// Journey state machines and business calendars.
    #[serde(default)]
    pub journeys: crate::journey::JourneysPolicy,
    /// Bounds of the explanation sections and the buyer message templates.
    #[serde(default, skip_serializing_if = "crate::why::ExplainPolicy::is_default")]
    pub explain: crate::why::ExplainPolicy,
}

/// Identity of a policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// A stable id (`acme.eu-stores`).
    pub id: String,
    /// The version the seller gives it.
    pub version: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The policy this one is laid over: `"amends.default"` (the embedded default). Tables
    /// merge key by key; numbers, strings and arrays replace the base's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
}

impl Policy {
    /// The embedded default policy (read from a value parsed once per process; the
    /// test suite validates it, so it is not validated again here).
    pub fn default_policy() -> Result<Policy, Error> {
        let value = default_value()?;
        let limits = Limits::default();
        check_size(value, &limits)?;
        Policy::read(value, &limits)
    }

    /// Parses and validates a policy text; every problem is reported at once.
    ///
    /// ```
    /// use amends::policy::{Policy, Format};
    /// let p = Policy::parse("[policy]\nid = \"tiny\"\nversion = \"1\"\n", Format::Toml).unwrap();
    /// assert_eq!(p.policy.id, "tiny");
    /// let err = Policy::parse("[policy]\nid = \"\"\nversion = \"1\"\n", Format::Toml).unwrap_err();
    /// assert_eq!(err.code(), "policy.empty");
    /// ```
    pub fn parse(text: &str, format: Format) -> Result<Policy, Error> {
        let policy = Policy::parse_unchecked(text, format)?;
        let diags = policy.validate();
        if diags.is_empty() {
            Ok(policy)
        } else {
            Err(Error::Policy(diags))
        }
    }

    /// Parses without semantic validation (syntax and types only).
    pub fn parse_unchecked(text: &str, format: Format) -> Result<Policy, Error> {
        Policy::parse_unchecked_with(text, format, &Limits::default())
    }

    /// Parses and validates a policy text under the given size, depth and rule-count
    /// limits (see [`crate::limits`]).
    pub fn parse_with_limits(text: &str, format: Format, limits: &Limits) -> Result<Policy, Error> {
        let policy = Policy::parse_unchecked_with(text, format, limits)?;
        let diags = policy.validate();
        if diags.is_empty() {
            Ok(policy)
        } else {
            Err(Error::Policy(diags))
        }
    }

    /// Parses without semantic validation under the given limits.
    pub fn parse_unchecked_with(
        text: &str,
        format: Format,
        limits: &Limits,
    ) -> Result<Policy, Error> {
        let value = crate::document::parse_value(text, format, limits)?;
        Policy::from_value_with(value, limits)
    }

    /// Reads a policy from an already parsed JSON value (used by the bindings for dicts).
    pub fn from_value(value: serde_json::Value) -> Result<Policy, Error> {
        Policy::from_value_with(value, &Limits::default())
    }

    /// Reads a policy from a parsed JSON value under the given rule-count limit.
    pub fn from_value_with(value: serde_json::Value, limits: &Limits) -> Result<Policy, Error> {
        check_size(&value, limits)?;
        Policy::read(&resolve_extends(value)?, limits)
    }

    /// The typed policy a complete value (its `extends` resolved) holds, within the
    /// rule-count limit.
    fn read(value: &serde_json::Value, limits: &Limits) -> Result<Policy, Error> {
        let rules = crate::limits::count_rules(value);
        if rules > limits.max_policy_rules {
            return Err(Error::Policy(vec![Diagnostic::new(
                "policy.too_large",
                "",
                format!(
                    "policy has {rules} rules; the limit is {}",
                    limits.max_policy_rules
                ),
            )
            .hint(
                "split the policy per store group, or raise `max_policy_rules`",
            )]));
        }
        serde_path_to_error::deserialize(value)
            .map_err(|e| Error::Policy(vec![from_serde(e.path().to_string(), e.inner(), "policy")]))
    }

    /// Checks the policy's meaning; returns every problem found (empty when valid).
    ///
    /// This is the compile pass of [`crate::Engine::new`] with its result set aside.
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.compile_pass(false).1
    }

    /// Validates and compiles every section in one pass: each stage's `compile` both
    /// checks its section (adding to the diagnostics, with the section's path) and builds
    /// its compiled form. The sections are compiled even when some have problems, so every
    /// problem is reported at once; the result is for use only when none was found.
    pub(crate) fn compile(&self) -> (Sections, Vec<Diagnostic>) {
        self.compile_pass(true)
    }

    /// The compile pass. Without `build_triage`, the triage lexicon and language
    /// detector (the one costly build, which cannot fail on a checked section) are not
    /// built: a check costs microseconds, not the milliseconds of an engine.
    fn compile_pass(&self, build_triage: bool) -> (Sections, Vec<Diagnostic>) {
        let mut out = Vec::new();
        if self.policy.id.trim().is_empty() {
            out.push(
                Diagnostic::new("policy.empty", "policy.id", "the policy id is empty")
                    .hint("name the policy, e.g. \"acme.eu\""),
            );
        }
        if self.policy.version.trim().is_empty() {
            out.push(Diagnostic::new(
                "policy.empty",
                "policy.version",
                "the policy version is empty",
            ));
        }
        crate::stage::compiled("fx");
        if let Some(fx) = &self.fx {
            fx.validate("fx", &mut out);
        }
        let fx = FxTable::new(self.fx.as_ref(), &[]);
        // The triage lexicon is built only from a valid section; a failure to build it is
        // reported only when nothing else was wrong (see `Sections::triage`).
        let before = out.len();
        self.triage.validate("triage", &mut out);
        let triage = (build_triage && out.len() == before).then(|| {
            crate::stage::compiled("triage");
            crate::triage::Compiled::new(&self.triage)
        });
        let risk = crate::risk::Compiled::compile(&self.risk, "risk", &mut out);
        let remedy = crate::remedy::Compiled::compile(&self.remedy, "remedy", &mut out);
        let routing = crate::routing::Compiled::compile(&self.routing, "routing", &mut out);
        let sla = crate::sla::Compiled::compile(&self.sla, "sla", &mut out);
        crate::stage::compiled("monitor");
        self.monitor.validate("monitor", &mut out);
        let journeys = crate::journey::Compiled::compile(&self.journeys, "journeys", &mut out);
        self.sla.validate_calendars("sla", &self.journeys, &mut out);
        self.explain.validate("explain", &mut out);
        let sections = Sections {
            fx,
            triage,
            risk,
            remedy,
            routing,
            sla,
            journeys,
        };
        (sections, out)
    }

    /// The canonical JSON of the policy (the form its hash covers).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical JSON, hex; the same for the TOML and JSON spellings.
    /// The embedded default's is recorded ([`DEFAULT_POLICY_HASH`]).
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Every section of a policy in its compiled form, from [`Policy::compile`].
#[derive(Debug)]
pub(crate) struct Sections {
    /// The policy's exchange rates.
    pub fx: FxTable,
    /// The triage stage; `None` when its section has problems (or in a check that does
    /// not build it), an error when the lexicon failed to build.
    pub triage: Option<Result<crate::triage::Compiled, Error>>,
    pub risk: crate::risk::Compiled,
    pub remedy: crate::remedy::Compiled,
    pub routing: crate::routing::Compiled,
    pub sla: crate::sla::Compiled,
    pub journeys: crate::journey::Compiled,
}

/// A policy value's depth and size within the limits.
fn check_size(value: &serde_json::Value, limits: &Limits) -> Result<(), Error> {
    crate::limits::check_value(
        value,
        limits.max_policy_depth,
        limits.max_policy_nodes,
        "policy",
    )
    .map_err(|d| Error::Policy(vec![d]))
}

/// [`Policy::hash`] of the embedded default policy, recorded in
/// `core/policies/default.sha256` so that the default engine, the cold start of every
/// host, does not serialize and hash its whole policy; a test checks it against the
/// policy (`AMENDS_BLESS=1 cargo test -p amends --lib policy::` rewrites it).
pub const DEFAULT_POLICY_HASH: &str = include_str!("../policies/default.sha256").trim_ascii();

/// The embedded default policy as a JSON value, read once per process (the default
/// engine reads it in place; a derived policy is laid over a copy).
fn default_value() -> Result<&'static serde_json::Value, Error> {
    static DEFAULT: std::sync::OnceLock<Result<serde_json::Value, Error>> =
        std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            // The TOML as the build script converted it (the same value, read faster).
            serde_json::from_str(include_str!(concat!(
                env!("OUT_DIR"),
                "/default_policy.json"
            )))
            .map_err(|e| Error::Policy(vec![Diagnostic::new("policy.syntax", "", e.to_string())]))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The id a policy names in `extends` to build on the embedded default.
pub const DEFAULT_POLICY_ID: &str = "amends.default";

/// Lays a policy that `extends` the default over it. The derived policy must name its
/// own id and version, so an assessment never passes it off as the default.
pub(crate) fn resolve_extends(overlay: serde_json::Value) -> Result<serde_json::Value, Error> {
    let meta = overlay.get("policy");
    let Some(base) = meta.and_then(|m| m.get("extends")) else {
        return Ok(overlay);
    };
    if base.as_str() != Some(DEFAULT_POLICY_ID) {
        return Err(Error::Policy(vec![Diagnostic::new(
            "policy.unknown_base",
            "policy.extends",
            format!("cannot extend {base}"),
        )
        .hint(format!("the base may be \"{DEFAULT_POLICY_ID}\""))]));
    }
    let missing: Vec<Diagnostic> = ["id", "version"]
        .iter()
        .filter(|k| meta.and_then(|m| m.get(**k)).is_none())
        .map(|k| {
            Diagnostic::new(
                "policy.missing_field",
                format!("policy.{k}"),
                "a derived policy names its own id and version",
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Policy(missing));
    }
    // The default's own id would make every assessment under the derived policy look
    // like one under the default.
    if meta.and_then(|m| m.get("id")).and_then(|v| v.as_str()) == Some(DEFAULT_POLICY_ID) {
        return Err(Error::Policy(vec![Diagnostic::new(
            "policy.reused_id",
            "policy.id",
            format!("a policy that extends `{DEFAULT_POLICY_ID}` cannot take its id"),
        )
        .hint(
            "name the derived policy, e.g. \"acme.eu\", and give it its own version",
        )]));
    }
    let mut merged = default_value()?.clone();
    if let Some(m) = merged
        .get_mut("policy")
        .and_then(serde_json::Value::as_object_mut)
    {
        m.remove("description");
    }
    merge(&mut merged, overlay);
    Ok(merged)
}

/// Deep merge: objects key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, overlay: serde_json::Value) {
    match (base, overlay) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn default_policy_is_valid() {
        let p = Policy::default_policy().unwrap();
        assert_eq!(p.policy.id, "amends.default");
        assert!(p.validate().is_empty());
        // The value the build script converted is the one the TOML text parses to.
        let toml: serde_json::Value = toml::from_str(DEFAULT_POLICY_TOML).unwrap();
        assert_eq!(default_value().unwrap(), &toml);
    }

    #[test]
    fn toml_and_json_spellings_hash_alike() {
        let p = Policy::default_policy().unwrap();
        let json = p.canonical_json();
        let q = Policy::parse(&json, Format::Json).unwrap();
        assert_eq!(p.hash(), q.hash());
        assert_eq!(p.hash().len(), 64);
    }

    #[test]
    fn the_recorded_default_hash_is_the_default_policy_hash() {
        let hash = Policy::default_policy().unwrap().hash();
        if std::env::var_os("AMENDS_BLESS").is_some() {
            let file = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/default.sha256");
            std::fs::write(file, format!("{hash}\n")).unwrap();
        } else {
            assert_eq!(
                DEFAULT_POLICY_HASH, hash,
                "the default policy changed: AMENDS_BLESS=1 cargo test -p amends --lib policy::"
            );
        }
        assert_eq!(crate::Engine::default().policy_ref().hash, hash);
    }

    #[test]
    fn toml_floats_read_exactly() {
        let p = Policy::parse(
            "[policy]\nid='x'\nversion='1'\n[fx]\nbase='USD'\nto_base = { EUR = 1.1, JPY = 0.0067 }\n",
            Format::Toml,
        )
        .unwrap();
        let fx = p.fx.unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        assert_eq!(fx.to_base[&eur].0.to_string(), "1.1");
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let err = Policy::parse(
            "[policy]\nid=''\nversion=''\n[fx]\nbase='USD'\nto_base={EUR='-1'}\n",
            Format::Toml,
        )
        .unwrap_err();
        let paths: Vec<_> = err.diagnostics().iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["policy.id", "policy.version", "fx.to_base.EUR"]);
    }

    #[test]
    fn a_derived_policy_changes_only_what_it_states() {
        let p = Policy::parse(
            "[policy]\nid = 'acme'\nversion = '2'\nextends = 'amends.default'\n[routing]\ndefault_queue = 'acme_desk'\n",
            Format::Toml,
        )
        .unwrap();
        let d = Policy::default_policy().unwrap();
        assert_eq!(p.policy.id, "acme");
        assert_eq!(p.routing.default_queue, "acme_desk");
        assert_eq!(p.routing.rules, d.routing.rules);
        assert_eq!(p.risk, d.risk);
        assert_eq!(p.remedy, d.remedy);
    }

    #[test]
    fn a_derived_policy_names_its_base_and_itself() {
        let err = Policy::parse(
            "[policy]\nid='x'\nversion='1'\nextends='acme'\n",
            Format::Toml,
        )
        .unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            ("policy.unknown_base", "policy.extends")
        );
        let err = Policy::parse("[policy]\nextends='amends.default'\n", Format::Toml).unwrap_err();
        let paths: Vec<_> = err.diagnostics().iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["policy.id", "policy.version"]);
    }

    #[test]
    fn unknown_fields_name_their_path() {
        let err = Policy::parse(
            "[policy]\nid='x'\nversion='1'\ncolour='red'\n",
            Format::Toml,
        )
        .unwrap_err();
        assert_eq!(err.code(), "policy.unknown_field");
        assert_eq!(err.path(), "policy.colour");
    }
}
