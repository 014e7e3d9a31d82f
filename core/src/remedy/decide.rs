//! Deciding: which rules hit, each option's amounts after uplift and caps, its approver
//! and band; the compact [`Decision`].

use super::*;

/// Where an outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum From {
    Option,
    WithEach,
    Menu,
    Market,
}

/// An outcome with its computed amounts.
#[derive(Debug, Clone)]
pub struct DecidedOutcome<'p> {
    pub(super) spec: &'p OutcomeSpec,
    /// The amount after uplift and caps.
    pub amount: Option<Money>,
    /// The store-credit bonus within `amount`.
    pub bonus: Option<Money>,
    /// The cap that reduced it.
    pub capped_by: Option<&'static str>,
}

impl DecidedOutcome<'_> {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        self.spec.kind
    }
}

/// An option with its amounts, caps, approver and band.
#[derive(Debug, Clone)]
pub struct DecidedOption<'p> {
    /// Group and rule indexes of the rule that offered it.
    pub rule: (usize, usize),
    pub(super) spec: &'p OptionSpec,
    /// Its outcomes.
    pub outcomes: Vec<DecidedOutcome<'p>>,
    /// The highest tier among the outcomes.
    pub tier: Tier,
    /// The sum of the amounts.
    pub value: Option<Money>,
    /// Index of the approving role in the policy.
    pub approver: Option<usize>,
    /// Auto, needs approval, or blocked.
    pub band: Band,
    /// Why blocked.
    pub blocked_by: Option<&'static str>,
    /// The cap that reduced an amount.
    pub bound: Option<&'static str>,
    /// The cap past which the option needs a higher approver (`approve_past`).
    pub raised_by: Option<&'static str>,
    /// The cap with the least headroom left, and that headroom.
    pub tightest: Option<(&'static str, Money)>,
    /// Every cap that applies to the option: its name, its limit (unknown when it could
    /// not be converted), what was used before the option and after it.
    pub cap_use: Vec<CapUse>,
}

impl DecidedOption<'_> {
    /// The option's id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }
}

/// How an option used one cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapUse {
    /// The cap's name (`per_claim`, `per_order`, `per_buyer`, `guarantee_pool`, `cash`,
    /// `credit`, `risk_cash`).
    pub name: &'static str,
    /// Its limit in the case's currency; `None` when it could not be converted.
    pub limit: Option<Money>,
    /// Used before this option (compensation already given, the buyer's window).
    pub before: Money,
    /// Used once this option is granted.
    pub after: Money,
}

/// The compact result of evaluating the remedy rules for one case.
#[derive(Debug, Clone)]
pub struct Decision<'p> {
    /// Group and rule indexes of the rules that matched, in order.
    pub hits: Vec<(usize, usize)>,
    /// The menu.
    pub options: Vec<DecidedOption<'p>>,
    /// Index of the recommended option.
    pub recommended: Option<usize>,
    /// The currency of the amounts.
    pub currency: Option<Currency>,
    /// Exchange conversions made (conditions, fixed amounts, caps, limits).
    pub conversions: Vec<FxConversion>,
    /// The market rule that moved the recommendation off cash, if any.
    pub prefer_non_cash: Option<usize>,
}

impl Compiled {
    pub(super) fn rule(&self, (g, r): (usize, usize)) -> Option<&Rule> {
        self.policy.groups.get(g).and_then(|g| g.rules.get(r))
    }

    pub(super) fn market_rules<'a, 'm>(
        &'a self,
        market: &'m str,
    ) -> impl Iterator<Item = (usize, &'a MarketRule)> + use<'a, 'm> {
        self.policy
            .markets
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.markets.iter().any(|c| c == market))
    }

    /// Evaluates the rules and computes every option.
    pub(super) fn decide<'p>(&'p self, s: &Subject<'_>, now: DateTime<Utc>) -> Decision<'p> {
        let mut conv = Vec::new();
        let mut hits = Vec::with_capacity(4);
        // Only the rules that may hold for the case's category are evaluated.
        let category = fields::sym_category(s.triage.category);
        'groups: for (gi, g) in self.groups.iter().enumerate() {
            let Some(pg) = self.policy.groups.get(gi) else {
                continue;
            };
            for (ri, cond) in g.candidates(category) {
                if cond.eval(s, &mut conv) {
                    hits.push((gi, ri));
                    let stop = pg.rules.get(ri).is_some_and(|r| r.stop);
                    if stop {
                        break 'groups;
                    }
                    if pg.mode == Mode::FirstHit {
                        break;
                    }
                }
            }
        }
        let case = s.case;
        let Some(currency) = case_currency(case, self.policy.currency) else {
            return Decision {
                hits,
                options: Vec::new(),
                recommended: None,
                currency: None,
                conversions: conv,
                prefer_non_cash: None,
            };
        };
        let risk_cash = hits
            .iter()
            .filter_map(|h| self.rule(*h).and_then(|r| r.cash_cap_pct))
            .map(|p| p.0)
            .min();
        let market = case.market();
        // Outcomes added to every option: from the rules, then the markets.
        let mut menu_wide: Vec<(&OutcomeSpec, From)> = Vec::new();
        for h in &hits {
            if let Some(r) = self.rule(*h) {
                menu_wide.extend(r.add_to_menu.iter().map(|o| (o, From::Menu)));
            }
        }
        for (_, m) in self.market_rules(market) {
            menu_wide.extend(m.add_to_all.iter().map(|o| (o, From::Market)));
        }
        let kinds = hits
            .iter()
            .filter_map(|h| self.rule(*h))
            .flat_map(|r| {
                r.options
                    .iter()
                    .flat_map(|o| o.outcomes.iter())
                    .chain(r.with_each.iter())
            })
            .chain(menu_wide.iter().map(|(o, _)| *o))
            .map(|o| o.kind);
        let reach = caps::Reach::of(kinds, &self.policy.caps.guarantee_pool_kinds);
        let caps = caps::resolve(
            &self.policy.caps,
            case,
            currency,
            now,
            s.fx,
            risk_cash,
            reach,
            &mut conv,
        );
        let n_options = hits
            .iter()
            .filter_map(|h| self.rule(*h))
            .map(|r| r.options.len())
            .sum();
        let mut options = Vec::with_capacity(n_options);
        for h in &hits {
            let Some(r) = self.rule(*h) else { continue };
            for o in &r.options {
                let specs = o
                    .outcomes
                    .iter()
                    .map(|x| (x, From::Option))
                    .chain(r.with_each.iter().map(|x| (x, From::WithEach)))
                    .chain(menu_wide.iter().copied());
                options.push(self.option(*h, o, specs, s, currency, &caps, &mut conv));
            }
        }
        // Recommendation.
        let usable = |o: &DecidedOption<'_>| o.band != Band::Blocked;
        let mut recommended = None;
        for h in &hits {
            if let Some(rec) = self.rule(*h).and_then(|r| r.recommend.as_ref()) {
                recommended = options
                    .iter()
                    .position(|o| o.rule == *h && &o.spec.id == rec && usable(o));
                if recommended.is_some() {
                    break;
                }
            }
        }
        if recommended.is_none() {
            recommended = options.iter().position(usable);
        }
        let mut prefer_non_cash = None;
        if let Some(mi) = self
            .market_rules(market)
            .filter(|(_, m)| m.prefer_non_cash)
            .map(|(i, _)| i)
            .next()
        {
            let pays_cash = |o: &DecidedOption<'_>| {
                o.outcomes
                    .iter()
                    .any(|x| x.spec.kind.funding() == Funding::Cash)
            };
            if recommended
                .and_then(|i| options.get(i))
                .is_some_and(pays_cash)
            {
                if let Some(i) = options.iter().position(|o| usable(o) && !pays_cash(o)) {
                    recommended = Some(i);
                    prefer_non_cash = Some(mi);
                }
            }
        }
        Decision {
            hits,
            options,
            recommended,
            currency: Some(currency),
            conversions: conv,
            prefer_non_cash,
        }
    }

    /// Computes one option: amounts, uplift, caps, approver, band.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn option<'p>(
        &'p self,
        rule: (usize, usize),
        spec: &'p OptionSpec,
        outcomes: impl Iterator<Item = (&'p OutcomeSpec, From)>,
        s: &Subject<'_>,
        currency: Currency,
        caps: &[CapState],
        conv: &mut Vec<FxConversion>,
    ) -> DecidedOption<'p> {
        let pool = &self.policy.caps.guarantee_pool_kinds;
        // At most seven caps exist; a fixed array avoids an allocation per option.
        let mut used = [Money::zero(currency); 8];
        for (u, c) in used.iter_mut().zip(caps) {
            *u = c.used;
        }
        let mut blocked_by = None;
        let mut bound = None;
        // The least role that may approve past a cap that raises the approver.
        let mut raised: Option<(usize, &'static str)> = None;
        let mut list = Vec::with_capacity(outcomes.size_hint().0);
        let adjust = if spec.rounding == super::policy::Rounding::Total {
            self.total_rounding(spec, s, currency, conv)
        } else {
            None
        };
        for (o, from) in outcomes {
            // A menu-wide or market add-on the option already has (an apology, a gift)
            // is not given twice.
            if matches!(from, From::Menu | From::Market)
                && list
                    .iter()
                    .any(|x: &DecidedOutcome<'_>| x.spec.kind == o.kind)
            {
                continue;
            }
            let (amount, bonus) = match self.amount(o, s, currency, conv) {
                Ok((Some(a), b)) if adjust.is_some_and(|(t, _)| std::ptr::eq(t, o)) => {
                    let diff = adjust.map_or(Decimal::ZERO, |(_, d)| d);
                    (
                        Some(Money::new(
                            a.amount.checked_add(diff).unwrap_or(a.amount),
                            a.currency,
                        )),
                        b,
                    )
                }
                Ok(v) => v,
                Err(why) => {
                    blocked_by.get_or_insert(why);
                    (None, None)
                }
            };
            let mut d = DecidedOutcome {
                spec: o,
                amount,
                bonus,
                capped_by: None,
            };
            if let Some(a) = d.amount {
                let mut granted = a.amount.max(Decimal::ZERO);
                for (c, u) in caps.iter().zip(used.iter()) {
                    if !c.applies(o.kind, pool) {
                        continue;
                    }
                    let Some(limit) = c.limit else {
                        // Without a rate the limit is unknown: the conservative fallback
                        // treats the amount as past the cap, so the approval is raised
                        // instead of the outcome being blocked.
                        let fallback = c.unknown == "fx_missing"
                            && s.fx.missing_rate() == crate::fx::MissingRate::HighValue;
                        if let Some(r) = self.raise_to(c.name).filter(|_| fallback) {
                            if raised.is_none_or(|(i, _)| r > i) {
                                raised = Some((r, c.name));
                            }
                            continue;
                        }
                        blocked_by.get_or_insert(c.unknown);
                        granted = Decimal::ZERO;
                        continue;
                    };
                    let left = limit
                        .amount
                        .checked_sub(u.amount)
                        .unwrap_or(Decimal::ZERO)
                        .max(Decimal::ZERO);
                    if granted > left {
                        if let Some(r) = self.raise_to(c.name) {
                            if raised.is_none_or(|(i, _)| r > i) {
                                raised = Some((r, c.name));
                            }
                            continue;
                        }
                        granted = left;
                        d.capped_by = Some(c.name);
                    }
                }
                for (c, u) in caps.iter().zip(used.iter_mut()) {
                    if c.applies(o.kind, pool) {
                        u.amount = u.amount.checked_add(granted).unwrap_or(Decimal::MAX);
                    }
                }
                if let Some(cap) = d.capped_by {
                    let g = half_even::round(Money::new(granted, a.currency));
                    if o.kind == Kind::FullRefund {
                        blocked_by.get_or_insert(cap);
                    }
                    d.bonus = match (d.bonus, o.bonus_pct) {
                        (Some(_), Some(b)) => {
                            let share = b.0.checked_div(Decimal::ONE_HUNDRED + b.0);
                            share.and_then(|sh| g.checked_mul(sh).ok())
                        }
                        (b, _) => b,
                    };
                    d.amount = Some(g);
                }
                if d.amount.is_some_and(|m| m.amount.is_zero()) && d.capped_by.is_some() {
                    if from == From::Option {
                        blocked_by.get_or_insert(d.capped_by.unwrap_or("cap"));
                    } else {
                        continue; // an add-on the caps leave no room for is dropped
                    }
                }
                if let Some(cap) = d.capped_by {
                    bound.get_or_insert(cap);
                }
            }
            list.push(d);
        }
        let tier = list.iter().map(|o| o.spec.tier()).max().unwrap_or(Tier::L1);
        let mut value: Option<Money> = None;
        for a in list.iter().filter_map(|o| o.amount) {
            value = Some(match value {
                None => a,
                Some(v) => v.checked_add(a).unwrap_or(v),
            });
        }
        let mut tightest: Option<(&'static str, Money)> = None;
        let mut cap_use = Vec::new();
        for (c, u) in caps.iter().zip(used.iter()) {
            if !list
                .iter()
                .any(|o| o.amount.is_some() && c.applies(o.spec.kind, pool))
            {
                continue;
            }
            cap_use.push(CapUse {
                name: c.name,
                limit: c.limit,
                before: c.used,
                after: *u,
            });
            let Some(l) = c.limit else { continue };
            let left = l
                .amount
                .checked_sub(u.amount)
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let left = half_even::round(Money::new(left, l.currency));
            if tightest.is_none_or(|(_, t)| left.amount < t.amount) {
                tightest = Some((c.name, left));
            }
        }
        let total = s.case.order.as_ref().map(|o| o.total);
        let least = raised.map_or(0, |(i, _)| i);
        let approver = self.policy.roles.iter().enumerate().position(|(i, r)| {
            let kinds = list.iter().map(|o| o.spec.kind);
            i >= least && authority::may_approve(r, kinds, value, total, s.fx, conv)
        });
        if approver.is_none() {
            blocked_by.get_or_insert("no_approver");
        }
        let band = match (blocked_by, approver.and_then(|i| self.policy.roles.get(i))) {
            (Some(_), _) | (None, None) => Band::Blocked,
            (None, Some(r)) if r.auto => Band::Auto,
            _ => Band::NeedsApproval,
        };
        DecidedOption {
            rule,
            spec,
            outcomes: list,
            tier,
            value,
            approver: if blocked_by.is_some() { None } else { approver },
            band,
            blocked_by,
            bound,
            raised_by: raised.map(|(_, c)| c),
            tightest,
            cap_use,
        }
    }

    /// The index of the role that must approve past cap `name`, when the policy lets that
    /// cap raise the approver instead of binding.
    /// For an option rounded as a whole: the percentage outcome that takes the rounding
    /// difference (the largest) and the difference, round(exact total) minus the sum of
    /// the outcomes rounded each.
    fn total_rounding<'o>(
        &self,
        spec: &'o OptionSpec,
        s: &Subject<'_>,
        currency: Currency,
        conv: &mut Vec<FxConversion>,
    ) -> Option<(&'o OutcomeSpec, Decimal)> {
        let mut exact_sum = Decimal::ZERO;
        let mut rounded_sum = Decimal::ZERO;
        let mut largest: Option<(&OutcomeSpec, Decimal)> = None;
        for o in &spec.outcomes {
            let Ok((Some(rounded), _)) = self.amount(o, s, currency, conv) else {
                continue;
            };
            let exact = match (o.pct, o.bonus_pct) {
                (Some(p), None) => {
                    let b = base(s.case, o.of.unwrap_or_default(), currency)?;
                    let mut e = b
                        .amount
                        .checked_mul(p.0)?
                        .checked_div(Decimal::ONE_HUNDRED)?;
                    if o.uplift {
                        let f = Decimal::ONE_HUNDRED.checked_add(self.uplift)?;
                        e = e.checked_mul(f)?.checked_div(Decimal::ONE_HUNDRED)?;
                    }
                    if largest.is_none_or(|(_, l)| rounded.amount > l) {
                        largest = Some((o, rounded.amount));
                    }
                    e
                }
                _ => rounded.amount,
            };
            exact_sum = exact_sum.checked_add(exact)?;
            rounded_sum = rounded_sum.checked_add(rounded.amount)?;
        }
        let total = half_even::round(Money::new(exact_sum, currency)).amount;
        let diff = total.checked_sub(rounded_sum)?;
        largest.filter(|_| !diff.is_zero()).map(|(o, _)| (o, diff))
    }

    fn raise_to(&self, name: &str) -> Option<usize> {
        let role = self.policy.caps.approve_past.get(name)?;
        self.policy.roles.iter().position(|r| &r.name == role)
    }

    /// The amount (and store-credit bonus) of an outcome before caps.
    pub(super) fn amount(
        &self,
        o: &OutcomeSpec,
        s: &Subject<'_>,
        currency: Currency,
        conv: &mut Vec<FxConversion>,
    ) -> Result<(Option<Money>, Option<Money>), &'static str> {
        let money_kind = o.kind.funding() != Funding::None;
        if !money_kind {
            return Ok((None, None));
        }
        if o.kind == Kind::Coupon && o.fixed.is_none() && o.of.is_none() {
            return Ok((None, None)); // a percentage discount code
        }
        let base_amount = |b: Base| base(s.case, b, currency);
        let mut amount = if o.kind == Kind::FullRefund {
            Some(base_amount(Base::OrderTotal).ok_or("amount_unknown")?)
        } else if let Some(f) = o.fixed {
            let m = f.money();
            if m.currency == currency {
                Some(half_even::round(m))
            } else {
                let x = s.fx.convert(m, currency).ok_or("fx_missing")?;
                let to = x.to;
                if !conv.contains(&x) {
                    conv.push(x);
                }
                Some(to)
            }
        } else if let Some(p) = o.pct {
            let b = base_amount(o.of.unwrap_or_default()).ok_or("amount_unknown")?;
            Some(outcomes::pct_of(b, p.0).ok_or("overflow")?)
        } else if o.kind == Kind::ShippingRefund {
            Some(base_amount(Base::Shipping).ok_or("amount_unknown")?)
        } else {
            None
        };
        if o.uplift {
            if let Some(a) = amount {
                let f = Decimal::ONE_HUNDRED
                    .checked_add(self.uplift)
                    .ok_or("overflow")?;
                amount = Some(outcomes::pct_of(a, f).ok_or("overflow")?);
            }
        }
        let mut bonus = None;
        if let (Some(a), Some(b)) = (amount, o.bonus_pct) {
            let extra = outcomes::pct_of(a, b.0).ok_or("overflow")?;
            bonus = Some(extra);
            amount = Some(a.checked_add(extra).map_err(|_| "overflow")?);
        }
        Ok((amount, bonus))
    }
}

/// The currency of a case's amounts: the order's, else the claim's, else the policy's,
/// else US dollars.
pub(super) fn case_currency(case: &Case, fallback: Option<Currency>) -> Option<Currency> {
    case.order
        .as_ref()
        .map(|o| o.total.currency)
        .or_else(|| {
            case.claim
                .as_ref()
                .and_then(|c| c.amount)
                .map(|m| m.currency)
        })
        .or(fallback)
        .or_else(|| Currency::from_code("USD"))
}

/// The amount a percentage is taken of.
pub(super) fn base(case: &Case, b: Base, currency: Currency) -> Option<Money> {
    let order = case.order.as_ref().filter(|o| o.total.currency == currency);
    let items_value = |only_claimed: bool| -> Option<Money> {
        let o = order?;
        if o.items.is_empty() {
            return None;
        }
        let claimed = case
            .claim
            .as_ref()
            .map(|c| c.skus.as_slice())
            .unwrap_or_default();
        let mut sum = Money::zero(currency);
        for it in &o.items {
            if only_claimed && !claimed.is_empty() && !claimed.contains(&it.sku) {
                continue;
            }
            let line = it.unit_price.checked_mul(Decimal::from(it.quantity)).ok()?;
            sum = sum.checked_add(line).ok()?;
        }
        Some(sum)
    };
    match b {
        Base::OrderTotal => order.map(|o| o.total),
        Base::Claim => case
            .claim
            .as_ref()
            .and_then(|c| c.amount)
            .filter(|m| m.currency == currency)
            .or_else(|| order.map(|o| o.total)),
        Base::Items => items_value(true).or_else(|| order.map(|o| o.total)),
        Base::Shipping => {
            let items = items_value(false)?;
            let o = order?;
            let s = o.total.checked_sub(items).ok()?;
            Some(if s.amount < Decimal::ZERO {
                Money::zero(currency)
            } else {
                s
            })
        }
    }
}
