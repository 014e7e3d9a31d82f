//! The remedy stage on its own, for hosts and benchmarks that bring their own triage
//! and risk results.

use super::*;

// Public evaluator (for hosts and benches that want the remedy stage alone)
// ---------------------------------------------------------------------------------------

/// The remedy stage on its own: compiled once from a policy, evaluated per case with
/// the triage and risk results the host already has.
///
/// ```
/// use amends::{api, Policy};
/// use amends::remedy::Evaluator;
/// let policy = Policy::default_policy().unwrap();
/// let ev = Evaluator::new(&policy.remedy, policy.fx.as_ref()).unwrap();
/// let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
///   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"}, "channel": "chat",
///   "category_hint": "service"}"#).unwrap();
/// let now = api::parse_now("2026-11-20T10:00:00Z").unwrap();
/// let prepared = ev.prepare(&case, now);
/// let triage = amends::Engine::default().assess(&case, now).unwrap().triage;
/// let risk = amends::Engine::default().assess(&case, now).unwrap().risk;
/// let d = ev.decide(&case, &triage, &risk, &prepared, now);
/// assert!(!d.hits.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Evaluator {
    pub(super) compiled: Compiled,
    /// The policy's exchange rates, built once; each case may add its own.
    pub(super) fx: FxTable,
    pub(super) base: Option<Currency>,
}

/// What [`Evaluator::prepare`] derives from a case once: rates and facts.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(super) fx: FxTable,
    pub(super) facts: Facts,
}

impl Evaluator {
    /// Validates and compiles a policy's remedy section, with the policy's exchange rates.
    pub fn new(remedy: &RemedyPolicy, fx: Option<&FxPolicy>) -> Result<Evaluator, Error> {
        let mut diags = Vec::new();
        if let Some(fx) = fx {
            fx.validate("fx", &mut diags);
        }
        let compiled = Compiled::compile(remedy, "remedy", &mut diags);
        if !diags.is_empty() {
            return Err(Error::Policy(diags));
        }
        Ok(Evaluator {
            compiled,
            fx: FxTable::new(fx, &[]),
            base: fx.map(|f| f.base),
        })
    }

    /// Derives the rates and facts of a case at `now`.
    pub fn prepare(&self, case: &Case, now: DateTime<Utc>) -> Prepared {
        let fx = self.fx.with_case(&case.fx_rates);
        let facts = Facts::derive(case, now, &fx, self.base);
        Prepared { fx, facts }
    }

    /// Evaluates the rules, amounts, caps and approvals: the compact decision.
    pub fn decide<'p>(
        &'p self,
        case: &Case,
        triage: &Triage,
        risk: &RiskAssessment,
        prepared: &Prepared,
        now: DateTime<Utc>,
    ) -> Decision<'p> {
        let s = Subject {
            case,
            triage,
            risk,
            facts: &prepared.facts,
            fx: &prepared.fx,
        };
        self.compiled.decide(&s, now)
    }

    /// The full `remedy` section with its trace steps and actions.
    pub fn evaluate(
        &self,
        case: &Case,
        triage: &Triage,
        risk: &RiskAssessment,
        prepared: &Prepared,
        now: DateTime<Utc>,
    ) -> (Remedy, crate::explain::Trace, Vec<Action>) {
        let s = Subject {
            case,
            triage,
            risk,
            facts: &prepared.facts,
            fx: &prepared.fx,
        };
        let d = self.compiled.decide(&s, now);
        let mut out = Draft::default();
        let r = self.compiled.render(&s, &d, &mut out);
        (r, out.trace, out.actions)
    }

    /// The roles of the policy, by index (as in [`DecidedOption::approver`]).
    pub fn roles(&self) -> &[Role] {
        &self.compiled.policy.roles
    }
}
