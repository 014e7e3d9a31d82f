//! Why not, and what would change it, for the remedy stage: the rules of each group that
//! did not fire with their first failing condition, and per offer the value up to which
//! its approver stays the same, the cap that binds and what would unblock it.
//!
//! Everything is computed after the decision, from the rendered [`Remedy`] and the same
//! subject the rules read; the evaluator itself is not touched. Amounts are exact
//! decimals: a limit in another currency is inverted by dividing by the rate and then
//! checking the neighbouring minor units with the engine's own conversion, which is
//! monotone, so the reported bound is the exact last amount the approver accepts.

use super::*;
use crate::explain::{Miss, Value};
use crate::fx::{floor_to, largest_converting_within, minor_unit};
use fields::{Ty, Val, FIELDS};

/// The `why_not` entry of one remedy rule group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupMisses {
    /// The group's id.
    pub group: Name,
    /// `first_hit` or `collect_all`.
    pub mode: Mode,
    /// The rule that decided a first-hit group, if one fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Name>,
    /// The rules before the deciding one (first hit) or that did not fire (collect all),
    /// each with its first failing condition; at most the policy's `explain.per_group`.
    pub missed: Vec<Miss>,
    /// How many more did not fire than are listed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: usize,
    /// The group was not evaluated: an earlier rule said `stop`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What would change one offer's approval, cap or block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OfferChange {
    /// Index into `remedy.options`.
    pub option: usize,
    /// The option's id.
    pub id: String,
    /// Its band now.
    pub band: Band,
    /// Its value now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    /// The largest value at which the same role still approves it, the rest of the case
    /// unchanged (absent: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stays_up_to: Option<Money>,
    /// What sets `stays_up_to`: `role` (the approver's own limit) or the name of the cap
    /// whose headroom ends there (past a cap in `approve_past` a higher role must approve;
    /// past any other cap the amount is cut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limited_by: Option<Name>,
    /// The role needed one minor unit above `stays_up_to` (absent: none may, or a cap
    /// cuts the amount there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<Name>,
    /// The band one minor unit above `stays_up_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_band: Option<Band>,
    /// The cap that cut an amount of this option, and by how much.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binds: Option<CapBind>,
    /// For a blocked option: what would unblock it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unblock: Option<Unblock>,
}

/// A cap that cut an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CapBind {
    /// The cap's name.
    pub cap: String,
    /// How much the option's own outcomes asked beyond it.
    pub by: Money,
}

/// What would unblock a blocked option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Unblock {
    /// Why it is blocked (as in `blocked_by`).
    pub blocked_by: String,
    /// `value_at_most` (a role approves it up to `amount`), `cap_headroom` (the cap needs
    /// `amount` more room), `fx_rate` (a rate into `currency`), `order_total` (the order's
    /// total must be known) or `role_kinds` (no role grants every kind of it).
    pub needs: Name,
    /// The amount of the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The role that would approve it then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Name>,
    /// The currency a rate is missing into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
}

/// What happens one minor unit past an offer's bound.
#[derive(Debug, Clone, Copy)]
enum Past {
    /// The approver's own limit ends: the next role that may approve it.
    Role,
    /// A cap in `approve_past` ends: at least the role at this index.
    Raise(usize),
    /// A cap that cuts ends: the amount stays at the cap.
    Cut,
}

/// The largest value a role approves in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Any value.
    Unbounded,
    /// Up to and including this amount.
    UpTo(Decimal),
    /// No value above zero (no usable limit).
    Never,
}

impl Bound {
    fn min(self, d: Decimal) -> Bound {
        match self {
            Bound::Unbounded => Bound::UpTo(d),
            Bound::UpTo(a) => Bound::UpTo(a.min(d)),
            Bound::Never => Bound::Never,
        }
    }
}

/// The largest value `role` approves for an option in `currency`, on an order of `total`.
/// Mirrors [`authority::may_approve`]: the limit in the option's currency, else the first
/// listed currency with a rate; then the ceiling relative to the order.
pub(crate) fn role_bound(
    role: &Role,
    currency: Currency,
    total: Option<Money>,
    fx: &FxTable,
) -> Bound {
    let mut b = match role.limits.get(&currency) {
        Some(Limit::Unlimited) => Bound::Unbounded,
        Some(Limit::Amount(a)) => Bound::UpTo(floor_to(*a, currency)),
        None => {
            let mut found = Bound::Never;
            for (c, l) in &role.limits {
                if fx.convert(Money::new(Decimal::ONE, currency), *c).is_none() {
                    continue;
                }
                found = match l {
                    Limit::Unlimited => Bound::Unbounded,
                    Limit::Amount(max) => {
                        largest_converting_within(currency, Money::new(*max, *c), fx)
                            .map_or(Bound::Never, Bound::UpTo)
                    }
                };
                break;
            }
            found
        }
    };
    if let Some(pct) = role.max_pct_of_order {
        b = match total {
            Some(t) if t.currency == currency => match outcomes::pct_of(t, pct.0) {
                Some(ceiling) => b.min(floor_to(ceiling.amount, currency)),
                None => Bound::Never,
            },
            _ => Bound::Never,
        };
    }
    b
}

/// The first role (from index `from`) that may approve `kinds` at `value`.
pub(crate) fn first_approver(
    roles: &[Role],
    from: usize,
    kinds: &[Kind],
    value: Option<Money>,
    total: Option<Money>,
    fx: &FxTable,
) -> Option<usize> {
    let mut scratch = Vec::new();
    roles.iter().enumerate().skip(from).find_map(|(i, r)| {
        authority::may_approve(r, kinds.iter().copied(), value, total, fx, &mut scratch)
            .then_some(i)
    })
}

fn band_of(roles: &[Role], i: Option<usize>) -> Band {
    match i.and_then(|i| roles.get(i)) {
        Some(r) if r.auto => Band::Auto,
        Some(_) => Band::NeedsApproval,
        None => Band::Blocked,
    }
}

impl Compiled {
    /// The `why_not` entries of the remedy groups, at most `limit` rules each.
    pub(crate) fn why_not(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        risk: &RiskAssessment,
        remedy: &Remedy,
        limit: usize,
    ) -> Vec<GroupMisses> {
        let s = Subject {
            case: ctx.case,
            triage,
            risk,
            facts: &ctx.facts,
            fx: &ctx.fx,
        };
        let mut scratch = Vec::new();
        let mut stopped = false;
        let mut out = Vec::with_capacity(self.groups.len());
        for (g, pg) in self.groups.iter().zip(&self.policy.groups) {
            let mut entry = GroupMisses {
                group: Name::from(pg.id.clone()),
                mode: pg.mode,
                decided_by: None,
                missed: Vec::new(),
                omitted: 0,
                skipped: stopped,
            };
            if stopped {
                out.push(entry);
                continue;
            }
            for (r, pr) in g.rules.iter().zip(&pg.rules) {
                if remedy.rules.iter().any(|n| n == &r.name) {
                    if pr.stop {
                        stopped = true;
                    }
                    if pg.mode == Mode::FirstHit {
                        entry.decided_by = Some(r.name.clone());
                        break;
                    }
                    if stopped {
                        break;
                    }
                    continue;
                }
                if entry.missed.len() >= limit {
                    entry.omitted += 1;
                    continue;
                }
                scratch.clear();
                if let Some(m) = r.cond.first_failure(&s, &mut scratch) {
                    entry.missed.push(m.into_miss(r.name.clone()));
                }
            }
            out.push(entry);
        }
        out
    }

    /// What would change each offer: the value up to which its approver stays, the role
    /// needed above, the cap that binds and by how much, what would unblock it.
    pub(crate) fn what_would_change(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        risk: &RiskAssessment,
        remedy: &Remedy,
    ) -> Vec<OfferChange> {
        let s = Subject {
            case: ctx.case,
            triage,
            risk,
            facts: &ctx.facts,
            fx: &ctx.fx,
        };
        let roles = &self.policy.roles;
        let total = ctx.case.order.as_ref().map(|o| o.total);
        // The caps as the options found them; a risk rule's cash cap as the hits set it.
        let risk_cash = self
            .groups
            .iter()
            .zip(&self.policy.groups)
            .flat_map(|(g, pg)| g.rules.iter().zip(&pg.rules))
            .filter(|(r, _)| remedy.rules.contains(&r.name))
            .filter_map(|(_, pr)| pr.cash_cap_pct.map(|p| p.0))
            .min();
        let bounded = remedy
            .options
            .iter()
            .any(|o| o.value.is_some() && o.approver.is_some());
        let caps = remedy
            .currency
            .filter(|_| bounded)
            .map_or_else(Vec::new, |cur| {
                let mut conv = Vec::new();
                caps::resolve(
                    &self.policy.caps,
                    ctx.case,
                    cur,
                    ctx.now,
                    &ctx.fx,
                    risk_cash,
                    caps::Reach::ALL,
                    &mut conv,
                )
                .to_vec()
            });
        let mut out = Vec::with_capacity(remedy.options.len());
        for (i, o) in remedy.options.iter().enumerate() {
            let kinds: Vec<Kind> = o.outcomes.iter().map(|x| x.kind).collect();
            let mut c = OfferChange {
                option: i,
                id: o.id.clone(),
                band: o.band,
                value: o.value,
                stays_up_to: None,
                limited_by: None,
                above: None,
                above_band: None,
                binds: None,
                unblock: None,
            };
            let approver = o
                .approver
                .as_ref()
                .and_then(|a| roles.iter().position(|r| r.name == a.as_str()));
            if let (Some(ai), Some(v), Some(role)) =
                (approver, o.value, approver.and_then(|a| roles.get(a)))
            {
                self.bound_of(&mut c, o, ai, v, role, total, &caps, &kinds, ctx);
            }
            c.binds = self.cap_bind(o, &s);
            if o.band == Band::Blocked {
                c.unblock = Some(self.unblock(o, &kinds, total, &s, c.binds.as_ref()));
            }
            out.push(c);
        }
        out
    }

    /// The value up to which the approver stays: the least of its own bound and the
    /// headroom of each cap that counts the whole value of the option, and what is needed
    /// one minor unit above it.
    #[allow(clippy::too_many_arguments)]
    fn bound_of(
        &self,
        c: &mut OfferChange,
        o: &Offer,
        ai: usize,
        v: Money,
        role: &Role,
        total: Option<Money>,
        caps: &[CapState],
        kinds: &[Kind],
        ctx: &Ctx<'_>,
    ) {
        let roles = &self.policy.roles;
        let pool = &self.policy.caps.guarantee_pool_kinds;
        let mut best: Option<(Decimal, Name, Past)> =
            match role_bound(role, v.currency, total, &ctx.fx) {
                Bound::UpTo(up) => Some((up.max(v.amount), Name::Static("role"), Past::Role)),
                Bound::Unbounded | Bound::Never => None,
            };
        for cap in caps {
            let Some(limit) = cap.limit.filter(|l| l.currency == v.currency) else {
                continue;
            };
            let counted = o
                .outcomes
                .iter()
                .filter(|x| cap.applies(x.kind, pool))
                .filter_map(|x| x.amount)
                .fold(Decimal::ZERO, |a, m| a.checked_add(m.amount).unwrap_or(a));
            // Only a cap that counts every valued outcome of the option is certain to
            // meet a larger value (a gift in the guarantee pool does not grow with it).
            if counted.is_zero() || counted != v.amount {
                continue;
            }
            let raise = self
                .policy
                .caps
                .approve_past
                .get(cap.name)
                .and_then(|role| roles.iter().position(|r| &r.name == role));
            if raise.is_some_and(|r| r <= ai) {
                continue; // already approved past it
            }
            let left = limit
                .amount
                .checked_sub(cap.used.amount)
                .and_then(|l| l.checked_sub(counted))
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let at = floor_to(v.amount.checked_add(left).unwrap_or(v.amount), v.currency);
            if best.as_ref().is_none_or(|(b, _, _)| at < *b) {
                let past = raise.map_or(Past::Cut, Past::Raise);
                best = Some((at, Name::Static(cap.name), past));
            }
        }
        let Some((up, by, raise)) = best else {
            return;
        };
        c.stays_up_to = Some(Money::new(up, v.currency));
        c.limited_by = Some(by);
        let from = match raise {
            // A cap that cuts: past it the amount stays at the cap; a full refund blocks.
            Past::Cut => {
                let full = o.outcomes.iter().any(|x| x.kind == Kind::FullRefund);
                c.above_band = full.then_some(Band::Blocked);
                return;
            }
            Past::Role => ai + 1,
            Past::Raise(r) => r.max(ai + 1),
        };
        {
            {
                let next = up.checked_add(minor_unit(v.currency)).unwrap_or(up);
                let j = first_approver(
                    roles,
                    from,
                    kinds,
                    Some(Money::new(next, v.currency)),
                    total,
                    &ctx.fx,
                );
                c.above = j.and_then(|j| self.role_names.get(j)).cloned();
                c.above_band = Some(band_of(roles, j));
            }
        }
    }

    /// The cap that cut the option's own outcomes, and the sum of the cuts.
    fn cap_bind(&self, o: &Offer, s: &Subject<'_>) -> Option<CapBind> {
        let cap = o
            .caps
            .as_ref()
            .and_then(|c| c.bound.clone())
            .or_else(|| o.outcomes.iter().find_map(|x| x.capped_by.clone()))?;
        let spec = self.option_spec(o)?;
        let currency =
            o.value
                .map(|v| v.currency)
                .or(s.case.order.as_ref().map(|x| x.total.currency))?;
        let mut by = Money::zero(currency);
        let mut conv = Vec::new();
        for (x, sp) in o.outcomes.iter().zip(&spec.outcomes) {
            if x.capped_by.is_none() {
                continue;
            }
            let Ok((Some(asked), _)) = self.amount(sp, s, currency, &mut conv) else {
                continue;
            };
            let granted = x.amount.unwrap_or(Money::zero(currency));
            if let Ok(d) = asked.checked_sub(granted) {
                by = by.checked_add(d).unwrap_or(by);
            }
        }
        Some(CapBind { cap, by })
    }

    fn option_spec(&self, o: &Offer) -> Option<&OptionSpec> {
        self.groups
            .iter()
            .zip(&self.policy.groups)
            .flat_map(|(g, pg)| g.rules.iter().zip(&pg.rules))
            .find(|(r, _)| r.name == o.rule)
            .and_then(|(_, pr)| pr.options.iter().find(|x| x.id == o.id))
    }

    fn unblock(
        &self,
        o: &Offer,
        kinds: &[Kind],
        total: Option<Money>,
        s: &Subject<'_>,
        binds: Option<&CapBind>,
    ) -> Unblock {
        let why = o.blocked_by.clone().unwrap_or_default();
        let mut u = Unblock {
            blocked_by: why.clone(),
            needs: Name::Static("value_at_most"),
            amount: None,
            role: None,
            currency: None,
        };
        match why.as_str() {
            "no_approver" => {
                let Some(v) = o.value else {
                    u.needs = Name::Static("role_kinds");
                    return u;
                };
                // The role with the highest bound that grants every kind of the option.
                let mut best: Option<(usize, Bound)> = None;
                for (i, r) in self.policy.roles.iter().enumerate() {
                    if !r.kinds.is_empty() && !kinds.iter().all(|k| r.kinds.contains(k)) {
                        continue;
                    }
                    let b = role_bound(r, v.currency, total, s.fx);
                    let better = match (best.map(|x| x.1), b) {
                        (_, Bound::Never) => false,
                        (None, _) | (Some(Bound::Never), _) => true,
                        (Some(Bound::UpTo(a)), Bound::UpTo(c)) => c > a,
                        (Some(Bound::UpTo(_)), Bound::Unbounded) => true,
                        (Some(Bound::Unbounded), _) => false,
                    };
                    if better {
                        best = Some((i, b));
                    }
                }
                match best {
                    Some((i, Bound::UpTo(a))) => {
                        u.amount = Some(Money::new(a, v.currency));
                        u.role = self.role_names.get(i).cloned();
                    }
                    Some((i, _)) => u.role = self.role_names.get(i).cloned(),
                    None => u.needs = Name::Static("role_kinds"),
                }
            }
            "fx_missing" => {
                u.needs = Name::Static("fx_rate");
                u.currency =
                    o.value
                        .map(|v| v.currency)
                        .or(s.case.order.as_ref().map(|x| x.total.currency));
            }
            "amount_unknown" => u.needs = Name::Static("order_total"),
            _ => {
                u.needs = Name::Static("cap_headroom");
                u.amount = binds.filter(|b| b.cap == why).map(|b| b.by);
            }
        }
        u
    }
}

mod failure;
#[cfg(test)]
mod tests;
