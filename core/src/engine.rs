//! The facade: compile a policy once, assess many cases.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::assessment::{Assessment, PolicyRef, Sections};
use crate::case::Case;
use crate::error::Error;
use crate::facts::Facts;
use crate::fx::FxTable;
use crate::limits::Limits;
use crate::monitor::{BacktestBuilder, BacktestReport};
use crate::policy::{Format, Policy};
use crate::stage::{Ctx, Draft};

/// Warns when the order total has no rate into the policy's base currency: every rule
/// comparing it with a threshold then takes the policy's fallback.
fn missing_base_rate(ctx: &Ctx<'_>, out: &mut Draft) {
    let (Some(order), Some(base)) = (ctx.case.order.as_ref(), ctx.fx.base()) else {
        return;
    };
    if ctx.facts.order_total_base.is_some() {
        return;
    }
    let fallback = match ctx.fx.missing_rate() {
        crate::fx::MissingRate::HighValue => {
            "the order counts as high value (urgency minimums fire, caps raise the approval)"
        }
        _ => "rules comparing the order total in the base currency do not fire",
    };
    out.warn(
        "money.missing_rate",
        "order.total.currency",
        format!(
            "no exchange rate from {} to {}: {fallback}; pass the day's rate in `fx_rates`",
            order.total.currency, base
        ),
    );
}

/// Derives the buyer's loyalty tier from the history when the host did not pass it.
fn derive_tier(l: &crate::facts::LoyaltyPolicy, ctx: &mut Ctx<'_>, out: &mut Draft) {
    let Some(buyer) = ctx.case.buyer.as_ref() else {
        return;
    };
    if buyer.tier.is_some() {
        return;
    }
    let d = l.derive(ctx.case, &ctx.fx);
    ctx.facts.loyalty_tier = d.tier;
    let step = out
        .trace
        .push("facts", "loyalty", "loyalty.derived")
        .with("tier", format!("{:?}", d.tier).to_lowercase())
        .with("orders", i64::from(buyer.history.orders));
    if let Some(v) = d.spend_base {
        step.with("spend_last_year_base", v);
    }
    if !l.source.is_empty() {
        step.with("source", l.source.clone());
    }
    if d.missing_rate {
        out.warn(
            "money.missing_rate",
            "buyer.history.spend_last_year",
            "no exchange rate for the yearly spend: the tier is derived from orders only; pass `fx_rates` or `buyer.tier`",
        );
    }
}

/// Gives every action meant for the buyer its `send_after`: `now` (or its due time),
/// moved out of the buyer's night, holidays and observances; the trace says why.
fn quiet_actions(q: &crate::journey::Quiet, ctx: &Ctx<'_>, out: &mut Draft) {
    let buyer = ctx.case.buyer.as_ref().and_then(|b| b.country.as_deref());
    let market = buyer.unwrap_or(ctx.facts.market.as_str());
    for (i, a) in out.actions.iter_mut().enumerate() {
        if !q.applies(&a.kind) {
            continue;
        }
        let from = a.due_at.map_or(ctx.now, |d| d.max(ctx.now));
        let shift = q.shift(from, Some(market));
        a.send_after = Some(shift.send_after);
        if !shift.reasons.is_empty() || !shift.market_known {
            out.trace
                .push("quiet", "journeys.quiet", "quiet.shifted")
                .with("action", format!("actions[{i}]"))
                .with("type", a.kind.clone())
                .with("from", from)
                .with("send_after", shift.send_after)
                .with("zone", shift.zone.name())
                .with("market", market.to_owned())
                .with("windows", shift.reasons.join(", "));
        }
    }
}

/// A compiled policy. Immutable, `Send + Sync`, cheap to clone (an `Arc`).
///
/// ```
/// use amends::Engine;
/// let engine = Engine::default();
/// let case = amends::api::parse_case(r#"{
///   "id": "c1", "received_at": "2026-11-20T09:00:00Z",
///   "store": {"id": "s1", "marketplace": "amazon", "country": "DE"},
///   "channel": "email", "text": "Wo ist mein Paket?"
/// }"#).unwrap();
/// let now = "2026-11-20T10:00:00Z".parse().unwrap();
/// let a = engine.assess(&case, now).unwrap();
/// assert_eq!(a.case_id, "c1");
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    limits: Limits,
    policy: Policy,
    policy_ref: PolicyRef,
    /// The policy's exchange rates; each case may add its own.
    fx: FxTable,
    triage: crate::triage::Compiled,
    risk: crate::risk::Compiled,
    remedy: crate::remedy::Compiled,
    routing: crate::routing::Compiled,
    sla: crate::sla::Compiled,
    journeys: crate::journey::Compiled,
}

impl Engine {
    /// Validates and compiles a policy, with the default [`Limits`].
    pub fn new(policy: Policy) -> Result<Engine, Error> {
        Engine::with_limits(policy, Limits::default())
    }

    /// Validates and compiles a policy in one pass (see [`Policy::validate`]); cases are
    /// held to `limits`.
    pub fn with_limits(policy: Policy, limits: Limits) -> Result<Engine, Error> {
        let hash = policy.hash();
        Engine::compile(policy, limits, hash)
    }

    /// Compiles `policy`, whose hash is `hash`.
    fn compile(policy: Policy, limits: Limits, hash: String) -> Result<Engine, Error> {
        let (sections, diags) = policy.compile();
        if !diags.is_empty() {
            return Err(Error::Policy(diags));
        }
        let Some(triage) = sections.triage else {
            return Err(Error::Policy(diags));
        };
        let policy_ref = PolicyRef {
            id: policy.policy.id.clone(),
            version: policy.policy.version.clone(),
            hash,
        };
        let compiled = Compiled {
            limits,
            triage: triage?,
            risk: sections.risk,
            remedy: sections.remedy,
            routing: sections.routing,
            sla: sections.sla,
            journeys: sections.journeys,
            fx: sections.fx,
            policy,
            policy_ref,
        };
        Ok(Engine {
            inner: Arc::new(compiled),
        })
    }

    /// Parses (TOML or JSON, sniffed), validates and compiles a policy text; the policy
    /// is validated and compiled in one pass.
    pub fn from_policy_text(text: &str) -> Result<Engine, Error> {
        Engine::new(Policy::parse_unchecked(text, Format::sniff(text))?)
    }

    /// The policy this engine was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    /// The input limits this engine enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Id, version and hash of the policy.
    pub fn policy_ref(&self) -> &PolicyRef {
        &self.inner.policy_ref
    }

    /// The journey machines and calendars of the policy, compiled once.
    pub fn journeys(&self) -> &crate::journey::Compiled {
        &self.inner.journeys
    }

    /// Assesses one case at `now`. Pure: the same engine, case and `now` give the same result.
    pub fn assess(&self, case: &Case, now: DateTime<Utc>) -> Result<Assessment, Error> {
        self.assess_sections(case, now, Sections::Full)
    }

    /// Assesses one case at `now` for output in `sections`: with
    /// [`Sections::Decision`] the trace is not recorded (it is left empty), every other
    /// section is the same as [`Engine::assess`] gives.
    pub fn assess_sections(
        &self,
        case: &Case,
        now: DateTime<Utc>,
        sections: Sections,
    ) -> Result<Assessment, Error> {
        let diags = crate::validate::case(case, &self.inner.limits);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let c = &self.inner;
        let fx = c.fx.with_case(&case.fx_rates);
        let facts = Facts::derive(case, now, &fx, c.policy.fx.as_ref().map(|f| f.base));
        let mut ctx = Ctx {
            case,
            now,
            fx,
            facts,
        };
        let full = sections == Sections::Full;
        let mut out = Draft::recording(full);
        missing_base_rate(&ctx, &mut out);
        if let Some(l) = &c.policy.loyalty {
            derive_tier(l, &mut ctx, &mut out);
        }
        let triage = c.triage.assess(&ctx, &mut out);
        let risk = c.risk.assess(&ctx, &triage, &mut out);
        let remedy = c.remedy.assess(&ctx, &triage, &risk, &mut out)?;
        let routing = c.routing.assess(&ctx, &triage, &risk, &remedy, &mut out);
        let sla = c.sla.assess(&ctx, &triage, &routing, &c.journeys, &mut out);
        if let Some(q) = c.journeys.quiet() {
            quiet_actions(q, &ctx, &mut out);
        }
        let why = crate::why::build_if_enabled(
            &crate::why::Stages {
                triage: &c.triage,
                risk: &c.policy.risk,
                remedy: &c.remedy,
                routing: &c.routing,
                explain: &c.policy.explain,
            },
            &ctx,
            &crate::why::Outputs {
                triage: &triage,
                risk: &risk,
                remedy: &remedy,
                sla: &sla,
            },
            full,
        );
        Ok(Assessment {
            case_id: case.id.clone(),
            assessed_at: now,
            policy: c.policy_ref.clone(),
            facts: ctx.facts,
            triage,
            risk,
            remedy,
            routing,
            sla,
            actions: out.actions,
            warnings: out.warnings,
            trace: out.trace.finish(),
            why_not: why.why_not,
            what_would_change: why.what_would_change,
            buyer_summary: why.buyer_summary,
        })
    }

    /// Assesses many cases at the same `now`, in order; one failure does not stop the rest.
    pub fn assess_batch(
        &self,
        cases: &[Case],
        now: DateTime<Utc>,
    ) -> Vec<Result<Assessment, Error>> {
        cases.iter().map(|c| self.assess(c, now)).collect()
    }
}

// Defined here rather than beside the machine, so the journey module does not import
// the engine that compiles it.
impl crate::journey::Machine {
    /// The machine `name` of an engine's policy, compiled when the engine was built.
    pub fn from_policy(engine: &Engine, name: &str) -> Result<crate::journey::Machine, Error> {
        engine.journeys().machine(name)
    }
}

impl Engine {
    /// The engine on the embedded default policy, compiled once per process and shared:
    /// later calls are an `Arc` clone. The bindings and the CLI build their default
    /// engine here, so a build whose embedded data did not compile reports an error
    /// instead of stopping the host process.
    pub fn embedded() -> Result<Engine, Error> {
        static DEFAULT: std::sync::OnceLock<Result<Engine, Error>> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let policy = Policy::default_policy()?;
                let hash = crate::policy::DEFAULT_POLICY_HASH.to_string();
                Engine::compile(policy, Limits::default(), hash)
            })
            .clone()
    }
}

impl Default for Engine {
    /// [`Engine::embedded`], for Rust callers that want `Default`. The embedded policy
    /// and lexicons take no input and the test suite compiles them, so only a broken
    /// build makes this panic; hosts that must never panic call `embedded`.
    fn default() -> Engine {
        match Engine::embedded() {
            Ok(e) => e,
            #[allow(clippy::panic)]
            Err(e) => panic!("the embedded default policy does not compile: {e}"),
        }
    }
}

impl Engine {
    /// Replays each case (at its `now`) under this engine and `other` and reports the
    /// differences, keeping the `top` most changed cases.
    ///
    /// ```
    /// use amends::{api, Engine};
    /// let e = Engine::default();
    /// let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
    ///   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
    ///   "channel": "email", "text": "late"}"#).unwrap();
    /// let r = e.backtest(&e, [(&case, case.received_at)], 10);
    /// assert_eq!((r.cases, r.cases_changed), (1, 0));
    /// ```
    pub fn backtest<'c>(
        &self,
        other: &Engine,
        cases: impl IntoIterator<Item = (&'c Case, DateTime<Utc>)>,
        top: usize,
    ) -> BacktestReport {
        let mut builder =
            BacktestBuilder::new(self.policy_ref().clone(), other.policy_ref().clone(), top);
        for (case, now) in cases {
            let ra = self.assess(case, now);
            let rb = other.assess(case, now);
            builder.add_results(ra.as_ref(), rb.as_ref(), None);
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
        let e = Engine::default();
        let f = e.clone();
        assert!(Arc::ptr_eq(&e.inner, &f.inner));
    }

    #[test]
    fn the_default_engine_is_compiled_once_and_shared() {
        assert!(Arc::ptr_eq(
            &Engine::default().inner,
            &Engine::default().inner
        ));
    }

    /// Loading a policy validates and compiles each section exactly once, each journey
    /// machine and calendar once, whichever way the policy is loaded.
    #[test]
    fn loading_a_policy_compiles_each_section_once() {
        use crate::stage::compile_count;
        let default = Policy::default_policy().unwrap();
        let machines = default.journeys.machines.len();
        let calendars = default.journeys.calendars.len();
        assert!(machines >= 2 && calendars >= 1);
        let once = |extra: &[(&'static str, usize)]| {
            let mut want: std::collections::BTreeMap<&'static str, usize> = [
                "fx", "triage", "risk", "remedy", "routing", "sla", "monitor", "journeys",
            ]
            .into_iter()
            .map(|s| (s, 1))
            .collect();
            want.extend(extra.iter().copied());
            want
        };
        let journeys = [
            ("journeys.machine", machines),
            ("journeys.calendar", calendars),
        ];

        compile_count::take();
        Engine::new(default.clone()).unwrap();
        assert_eq!(compile_count::take(), once(&journeys), "Engine::new");

        Engine::from_policy_text(crate::policy::DEFAULT_POLICY_TOML).unwrap();
        assert_eq!(compile_count::take(), once(&journeys), "from_policy_text");

        let json = default.canonical_json();
        Engine::from_policy_text(&json).unwrap();
        assert_eq!(compile_count::take(), once(&journeys), "from JSON text");

        let derived = "[policy]\nid = 'acme'\nversion = '1'\nextends = 'amends.default'\n";
        Engine::from_policy_text(derived).unwrap();
        assert_eq!(compile_count::take(), once(&journeys), "extends");

        // Checking a policy is the same pass, once; it does not build the lexicon.
        assert!(default.validate().is_empty());
        let mut checked = once(&journeys);
        checked.remove("triage");
        assert_eq!(compile_count::take(), checked, "validate");
    }

    #[test]
    fn default_engine_uses_the_embedded_policy() {
        assert_eq!(Engine::default().policy_ref().id, "amends.default");
    }
}
