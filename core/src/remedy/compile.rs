//! The compiled remedy stage: conditions resolved into typed comparisons and names built
//! once, when the engine is built.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct CRule {
    pub(super) cond: Cond,
    /// `group.rule`, as the trace and the assessment name it.
    pub(super) name: Name,
    /// `group.rule.option` for each of the rule's options, in order.
    pub(super) options: Vec<Name>,
    /// The condition without its leading category test, for a case the category index
    /// already placed among the categories that test accepts; `None` when it has none.
    pub(super) rest: Option<Cond>,
}

#[derive(Debug, Clone)]
pub(super) struct CGroup {
    pub(super) rules: Vec<CRule>,
    /// For each category (by index), the rules that may hold for it, in order: a rule
    /// whose condition starts with a category test the category fails is left out (see
    /// [`Cond::category_mask`]); every other rule is listed for every category.
    pub(super) by_category: Vec<Vec<usize>>,
}

impl CGroup {
    fn new(mut rules: Vec<CRule>) -> CGroup {
        let n = fields::Vocab::Category.names().len();
        let masks: Vec<Option<u64>> = rules.iter().map(|r| r.cond.category_mask()).collect();
        for (r, m) in rules.iter_mut().zip(&masks) {
            r.rest = m.and_then(|_| r.cond.after_category());
        }
        let by_category = (0..n)
            .map(|c| {
                masks
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.is_none_or(|m| c < 64 && m & (1u64 << c) != 0))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        CGroup { rules, by_category }
    }

    /// The rules to evaluate, in order, for a case of category `category` (its index),
    /// each with the condition left to test: the category test the index already passed
    /// is not repeated.
    pub(super) fn candidates(&self, category: u8) -> impl Iterator<Item = (usize, &Cond)> {
        let all = self.by_category.get(usize::from(category));
        let n = all.map_or(self.rules.len(), Vec::len);
        (0..n).filter_map(move |k| {
            let (i, indexed) = match all {
                Some(list) => (*list.get(k)?, true),
                None => (k, false),
            };
            let r = self.rules.get(i)?;
            let cond = match &r.rest {
                Some(rest) if indexed => rest,
                _ => &r.cond,
            };
            Some((i, cond))
        })
    }
}

/// Compiled remedy stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub(super) policy: RemedyPolicy,
    pub(super) groups: Vec<CGroup>,
    pub(super) uplift: Decimal,
    /// `markets.<id>` for each market rule, in order.
    pub(super) market_names: Vec<Name>,
    /// Role names, in order.
    pub(super) role_names: Vec<Name>,
}

impl Compiled {
    /// Validates the `remedy` section (problems added to `out`, under `path`) and
    /// compiles it: conditions resolved to typed comparisons, names built once.
    pub(crate) fn compile(p: &RemedyPolicy, path: &str, out: &mut Vec<Diagnostic>) -> Compiled {
        crate::stage::compiled("remedy");
        authority::validate(&p.roles, &format!("{path}.roles"), out);
        let roles: Vec<&str> = p.roles.iter().map(|r| r.name.as_str()).collect();
        p.caps.validate(&format!("{path}.caps"), &roles, out);
        markets::validate(&p.markets, &format!("{path}.markets"), out);
        if p.consistency == Consistency::StoreGroup {
            markets_keep_the_group_remedy(p, path, out);
        }
        if let Some(u) = p.uplift_pct {
            if u.0 < Decimal::ZERO || u.0 > Decimal::ONE_HUNDRED {
                out.push(Diagnostic::new(
                    "policy.out_of_range",
                    format!("{path}.uplift_pct"),
                    "the uplift runs from 0 to 100 percent",
                ));
            }
        }
        let mut groups = Vec::with_capacity(p.groups.len());
        for (gi, g) in p.groups.iter().enumerate() {
            let gp = format!("{path}.groups[{gi}]");
            if g.id.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{gp}.id"),
                    "a group needs an id",
                ));
            }
            if p.groups.iter().take(gi).any(|o| o.id == g.id) {
                out.push(Diagnostic::new(
                    "policy.remedy.duplicate",
                    format!("{gp}.id"),
                    format!("group `{}` is listed twice", g.id),
                ));
            }
            let mut rules = Vec::with_capacity(g.rules.len());
            for (ri, r) in g.rules.iter().enumerate() {
                let rp = format!("{gp}.rules[{ri}]");
                if r.id.trim().is_empty() {
                    out.push(Diagnostic::new(
                        "policy.empty",
                        format!("{rp}.id"),
                        "a rule needs an id",
                    ));
                }
                if g.rules.iter().take(ri).any(|o| o.id == r.id) {
                    out.push(Diagnostic::new(
                        "policy.remedy.duplicate",
                        format!("{rp}.id"),
                        format!("rule `{}` is listed twice in its group", r.id),
                    ));
                }
                let cond = match &r.when {
                    Some(c) => {
                        if p.consistency == Consistency::StoreGroup
                            && !r.store_specific
                            && uses_store_id(c)
                        {
                            out.push(
                                Diagnostic::new(
                                    "policy.remedy.consistency",
                                    format!("{rp}.when"),
                                    "the rule tests `store.id`, but the same SKU and category must get the same remedy in every store of a group",
                                )
                                .hint("test `store.group`, or mark the rule `store_specific = true`"),
                            );
                        }
                        Cond::compile(c, &format!("{rp}.when"), out)
                    }
                    None => Cond::True,
                };
                for (oi, o) in r.options.iter().enumerate() {
                    let op = format!("{rp}.options[{oi}]");
                    if o.id.trim().is_empty() {
                        out.push(Diagnostic::new(
                            "policy.empty",
                            format!("{op}.id"),
                            "an option needs an id",
                        ));
                    }
                    if r.options.iter().take(oi).any(|x| x.id == o.id) {
                        out.push(Diagnostic::new(
                            "policy.remedy.duplicate",
                            format!("{op}.id"),
                            format!("option `{}` is listed twice in its rule", o.id),
                        ));
                    }
                    if o.outcomes.is_empty() {
                        out.push(Diagnostic::new(
                            "policy.remedy.outcome",
                            format!("{op}.outcomes"),
                            "an option needs at least one outcome",
                        ));
                    }
                    for (k, s) in o.outcomes.iter().enumerate() {
                        s.validate(&format!("{op}.outcomes[{k}]"), out);
                    }
                }
                for (k, s) in r.with_each.iter().enumerate() {
                    s.validate(&format!("{rp}.with_each[{k}]"), out);
                }
                for (k, s) in r.add_to_menu.iter().enumerate() {
                    s.validate(&format!("{rp}.add_to_menu[{k}]"), out);
                }
                if let Some(rec) = &r.recommend {
                    if !r.options.iter().any(|o| &o.id == rec) {
                        out.push(Diagnostic::new(
                            "policy.remedy.recommend",
                            format!("{rp}.recommend"),
                            format!("`{rec}` is not an option of this rule"),
                        ));
                    }
                }
                if let Some(c) = r.cash_cap_pct {
                    if c.0 < Decimal::ZERO {
                        out.push(Diagnostic::new(
                            "policy.out_of_range",
                            format!("{rp}.cash_cap_pct"),
                            "must not be negative",
                        ));
                    }
                }
                let needs_money = r
                    .options
                    .iter()
                    .flat_map(|o| o.outcomes.iter())
                    .chain(r.with_each.iter())
                    .chain(r.add_to_menu.iter())
                    .any(|o| o.kind.funding() != Funding::None);
                if needs_money && p.roles.is_empty() {
                    out.push(
                        Diagnostic::new(
                            "policy.remedy.no_roles",
                            format!("{path}.roles"),
                            "rules grant money but no role may approve it",
                        )
                        .hint("add [[remedy.roles]] entries"),
                    );
                }
                let name = format!("{}.{}", g.id, r.id);
                rules.push(CRule {
                    cond,
                    rest: None,
                    options: r
                        .options
                        .iter()
                        .map(|o| Name::shared(format!("{name}.{}", o.id)))
                        .collect(),
                    name: Name::shared(name),
                });
            }
            groups.push(CGroup::new(rules));
        }
        out.dedup();
        Compiled {
            policy: p.clone(),
            groups,
            uplift: p.uplift_pct.map_or(Decimal::ZERO, |u| u.0),
            market_names: p
                .markets
                .iter()
                .map(|m| Name::shared(format!("markets.{}", m.id)))
                .collect(),
            role_names: p
                .roles
                .iter()
                .map(|r| Name::shared(r.name.clone()))
                .collect(),
        }
    }

    pub(crate) fn assess(
        &self,
        ctx: &Ctx<'_>,
        triage: &Triage,
        risk: &RiskAssessment,
        out: &mut Draft,
    ) -> Result<Remedy, Error> {
        let subject = Subject {
            case: ctx.case,
            triage,
            risk,
            facts: &ctx.facts,
            fx: &ctx.fx,
        };
        let d = self.decide(&subject, ctx.now);
        if let Some(cur) = d.currency {
            let caps = &self.policy.caps;
            let limits = [
                ("per_claim", caps.per_claim.map(|m| m.money())),
                (
                    "per_buyer",
                    caps.per_buyer
                        .as_ref()
                        .map(|b| crate::money::Money::new(b.amount.0, b.currency)),
                ),
            ];
            for (name, m) in limits {
                let Some(m) = m.filter(|m| m.currency != cur) else {
                    continue;
                };
                if ctx.fx.rate(m.currency, cur).is_none() {
                    let fallback = match ctx.fx.missing_rate() {
                        crate::fx::MissingRate::HighValue => {
                            "the cap counts as reached: options past it need the approve_past role"
                        }
                        _ => "the cap is unknown and blocks the outcomes it covers",
                    };
                    out.warn(
                        "money.missing_rate",
                        format!("remedy.caps.{name}"),
                        format!("no exchange rate from {} to {cur}: {fallback}", m.currency),
                    );
                }
            }
        }
        Ok(self.render(&subject, &d, out))
    }
}

/// Under `consistency = "store_group"` the same SKU and category get the same remedy in
/// every store of a group, whatever market a store serves: a market rule may add
/// courtesies (an apology, an explanation) to every option, not value (a gift, a coupon,
/// money), which would make the menu of one consistency key differ by market.
fn markets_keep_the_group_remedy(p: &RemedyPolicy, path: &str, out: &mut Vec<Diagnostic>) {
    for (i, m) in p.markets.iter().enumerate() {
        for (j, o) in m.add_to_all.iter().enumerate() {
            if o.kind.funding() != outcomes::Funding::None {
                out.push(
                    Diagnostic::new(
                        "policy.remedy.consistency",
                        format!("{path}.markets[{i}].add_to_all[{j}]"),
                        format!(
                            "market rule `{}` adds a `{}` to every option, but the same SKU and category must get the same remedy in every store of a group",
                            m.id,
                            o.kind.as_str()
                        ),
                    )
                    .hint("add only an apology or explanation per market (the reply style and `prefer_non_cash` adapt the rest), or set consistency = \"store\""),
                );
            }
        }
    }
}
