//! Rendering a [`Decision`] into the assessment's `remedy` section, the trace and the
//! host's actions.

use super::*;

impl Compiled {
    pub(super) fn compiled_rule(&self, (g, r): (usize, usize)) -> Option<&CRule> {
        self.groups.get(g).and_then(|g| g.rules.get(r))
    }

    pub(super) fn rule_name(&self, at: (usize, usize)) -> Name {
        self.compiled_rule(at)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    }

    /// `group.rule.option`: precompiled for the rule's own options, built for the
    /// options a menu or market adds.
    pub(super) fn option_name(&self, o: &DecidedOption<'_>, rule: &Name) -> Name {
        let own = self.rule(o.rule).and_then(|r| {
            r.options
                .iter()
                .position(|x| std::ptr::eq(x, o.spec))
                .and_then(|i| self.compiled_rule(o.rule)?.options.get(i).cloned())
        });
        own.unwrap_or_else(|| Name::from(format!("{rule}.{}", o.spec.id)))
    }

    pub(super) fn market_name(&self, i: usize) -> Name {
        self.market_names.get(i).cloned().unwrap_or_default()
    }

    pub(super) fn render(&self, s: &Subject<'_>, d: &Decision<'_>, out: &mut Draft) -> Remedy {
        let case = s.case;
        let market = case.market();
        let rules: Vec<Name> = d.hits.iter().map(|h| self.rule_name(*h)).collect();
        for (h, name) in d.hits.iter().zip(&rules) {
            let step = out
                .trace
                .push("remedy", name.clone(), "remedy.rule_matched");
            if let Some(r) = self.rule(*h) {
                if !r.source.is_empty() {
                    step.with("source", r.source.clone());
                }
                if r.stop {
                    step.with("stop", true);
                }
            }
        }
        if d.hits.is_empty() {
            out.trace
                .push("remedy", "rule_groups", "remedy.no_rule_matched");
        }
        for x in &d.conversions {
            out.trace
                .push("remedy", "fx", "remedy.fx_converted")
                .with("from", x.from)
                .with("to", x.to)
                .with("rate", x.rate)
                .with("source", x.source.clone());
        }
        // Market overrides.
        let mut notes: Vec<Note> = Vec::new();
        let mut add_note = |n: &NoteSpec, source: Name| {
            if !notes.iter().any(|x| x.key == n.key) {
                notes.push(Note {
                    key: n.key.clone(),
                    days: n.days,
                    source,
                });
            }
        };
        for (h, name) in d.hits.iter().zip(&rules) {
            if let Some(r) = self.rule(*h) {
                for n in &r.notes {
                    add_note(n, name.clone());
                }
            }
        }
        let mut style = self.policy.default_style.clone();
        let mut market_lang = None;
        let mut due = None;
        for (mi, m) in self.market_rules(market) {
            let step = out
                .trace
                .push("remedy", self.market_name(mi), "remedy.market_override")
                .with("market", market.to_owned());
            if let Some(w) = m.refund_within {
                due = case.received_at.checked_add_signed(w.to_chrono());
                step.with("refund_within", w.to_string());
            }
            for n in &m.notes {
                add_note(n, self.market_name(mi));
            }
            if m.style.is_some() {
                style.clone_from(&m.style);
            }
            if m.language.is_some() {
                market_lang.clone_from(&m.language);
            }
        }
        if let Some(mi) = d.prefer_non_cash {
            if self.policy.markets.get(mi).is_some() {
                out.trace
                    .push("remedy", self.market_name(mi), "remedy.prefer_non_cash")
                    .with("recommended", d.recommended.map_or(-1, |i| i as i64));
            }
        }
        let language = s
            .triage
            .language
            .as_deref()
            .map(|l| l.split('-').next().unwrap_or(l).to_ascii_lowercase())
            .or(market_lang)
            .or_else(|| self.policy.default_language.clone());
        let template = match (style, language) {
            (Some(style), Some(language)) if !d.options.is_empty() || !d.hits.is_empty() => {
                Some(Template {
                    // Concatenated rather than formatted: one allocation of the right size.
                    key: ["remedy.", &style, ".", &language].concat(),
                    style,
                    market: market.to_owned(),
                    language,
                })
            }
            _ => None,
        };
        // Options.
        let mut options = Vec::with_capacity(d.options.len());
        for (i, o) in d.options.iter().enumerate() {
            let rule = self.rule_name(o.rule);
            let outcomes = o
                .outcomes
                .iter()
                .map(|x| self.render_outcome(s, x))
                .collect();
            let pays_cash = o
                .outcomes
                .iter()
                .any(|x| x.spec.kind.funding() == Funding::Cash);
            let approver = o.approver.and_then(|i| self.role_names.get(i)).cloned();
            let caps = o.tightest.map(|(name, left)| CapReport {
                bound: o.bound.map(str::to_owned),
                tightest: name.to_owned(),
                headroom: left,
            });
            let step = out
                .trace
                .push("remedy", self.option_name(o, &rule), band_reason(o.band))
                // option, tier, value, approver, blocked_by, approval_raised_by and
                // each cap's limit and use.
                .room_for(6 + 2 * o.cap_use.len())
                .with("option", i as u64)
                .with("tier", o.tier.as_str());
            if let Some(v) = o.value {
                step.with("value", v);
            }
            if let Some(a) = &approver {
                step.with("approver", a.clone());
            }
            if let Some(b) = o.blocked_by {
                step.with("blocked_by", b);
            }
            if let Some(c) = o.raised_by {
                step.with("approval_raised_by", c);
            }
            for c in &o.cap_use {
                let (limit, used) = caps::trace_keys(c.name);
                if let Some(l) = c.limit {
                    step.with(limit, l);
                }
                step.with(used, c.after.rounded());
            }
            options.push(Offer {
                id: o.spec.id.clone(),
                rule,
                tier: o.tier,
                outcomes,
                value: o.value,
                approver,
                band: o.band,
                blocked_by: o.blocked_by.map(str::to_owned),
                caps,
                due_by: if pays_cash { due } else { None },
            });
        }
        if let Some(i) = d.recommended {
            out.trace
                .push("remedy", "menu", "remedy.recommended")
                .with("option", i as u64);
        }
        // Actions.
        for (h, name) in d.hits.iter().zip(&rules) {
            let Some(r) = self.rule(*h) else { continue };
            for a in &r.actions {
                let mut params = a.params.clone();
                params.insert("rule".into(), name.as_str().into());
                if a.with_buyer {
                    if let Some(b) = &case.buyer {
                        params.insert("buyer_id".into(), b.id.clone().into());
                        params.insert("linked_accounts".into(), b.linked_accounts.clone().into());
                    }
                    if let Some(g) = &case.store.group {
                        params.insert("store_group".into(), g.clone().into());
                    }
                    if let Some(o) = &case.order {
                        params.insert("order_id".into(), o.id.clone().into());
                    }
                    if let Some(dk) = &case.dispute {
                        params.insert(
                            "dispute_kind".into(),
                            serde_json::to_value(dk.kind).unwrap_or_default(),
                        );
                    }
                }
                out.trace
                    .push("remedy", name.clone(), "remedy.action")
                    .with("type", a.kind.clone());
                out.actions.push(Action {
                    kind: a.kind.clone(),
                    due_at: None,
                    send_after: None,
                    params,
                });
            }
        }
        // Consistency across the store group.
        let consistency_key = match (self.policy.consistency, &case.store.group) {
            (Consistency::StoreGroup, Some(g)) if !d.hits.is_empty() => {
                let mut skus: Vec<&str> = match &case.claim {
                    Some(c) if !c.skus.is_empty() => c.skus.iter().map(String::as_str).collect(),
                    _ => case
                        .order
                        .as_ref()
                        .map(|o| o.items.iter().map(|i| i.sku.as_str()).collect())
                        .unwrap_or_default(),
                };
                skus.sort_unstable();
                skus.dedup();
                // `group/category/sku+sku`, written into one allocation: `format!` and
                // `join` cost a tenth of rendering the section.
                let category = s.triage.category.as_str();
                let len = skus.iter().map(|k| k.len() + 1).sum::<usize>();
                let mut key = String::with_capacity(g.len() + category.len() + 2 + len);
                key.push_str(g);
                key.push('/');
                key.push_str(category);
                key.push('/');
                for (i, sku) in skus.iter().enumerate() {
                    if i > 0 {
                        key.push('+');
                    }
                    key.push_str(sku);
                }
                out.trace
                    .push(
                        "remedy",
                        "consistency.store_group",
                        "remedy.same_remedy_in_group",
                    )
                    .with("key", key.clone())
                    .with("rules", rules.clone());
                Some(key)
            }
            _ => None,
        };
        let status = if options.iter().any(|o| o.band != Band::Blocked) {
            RemedyStatus::Offered
        } else if !options.is_empty() {
            RemedyStatus::Blocked
        } else if !d.hits.is_empty() {
            RemedyStatus::NoOptions
        } else {
            RemedyStatus::NoRuleMatched
        };
        Remedy {
            status,
            tier: options
                .iter()
                .filter(|o| o.band != Band::Blocked)
                .map(|o| o.tier)
                .max(),
            options,
            recommended: d.recommended,
            currency: d.currency,
            rules,
            notes,
            template,
            consistency_key,
        }
    }

    pub(super) fn render_outcome(&self, s: &Subject<'_>, x: &DecidedOutcome<'_>) -> Outcome {
        let o = x.spec;
        let percent = match (o.kind, o.pct, x.amount) {
            (Kind::Coupon, Some(p), None) => Some(p.0.normalize()),
            _ => None,
        };
        let allocation = match (o.kind.funding(), x.amount) {
            (Funding::Cash, Some(a)) if !a.amount.is_zero() => lines(s.case, a),
            _ => Vec::new(),
        };
        Outcome {
            kind: o.kind,
            tier: o.tier(),
            amount: x.amount,
            percent,
            bonus: x.bonus,
            points: o.points,
            priority: o.priority,
            next_order: o.next_order,
            days: o.days,
            uplifted: o.uplift && x.amount.is_some(),
            capped_by: x.capped_by.map(str::to_owned),
            allocation,
        }
    }
}

/// Splits a refund over the claimed order lines in proportion to their value.
pub(super) fn lines(case: &Case, amount: Money) -> Vec<LineAmount> {
    let Some(o) = case.order.as_ref() else {
        return Vec::new();
    };
    let claimed = case
        .claim
        .as_ref()
        .map(|c| c.skus.as_slice())
        .unwrap_or_default();
    let items: Vec<_> = o
        .items
        .iter()
        .filter(|i| claimed.is_empty() || claimed.contains(&i.sku))
        .filter(|i| i.unit_price.currency == amount.currency)
        .collect();
    if items.len() < 2 {
        return Vec::new();
    }
    let weights: Vec<Decimal> = items
        .iter()
        .map(|i| {
            i.unit_price
                .amount
                .checked_mul(Decimal::from(i.quantity))
                .unwrap_or(Decimal::ZERO)
        })
        .collect();
    match allocate(amount, &weights) {
        Some(parts) => items
            .iter()
            .zip(parts)
            .map(|(i, a)| LineAmount {
                sku: i.sku.clone(),
                amount: a,
            })
            .collect(),
        None => Vec::new(),
    }
}

pub(super) fn band_reason(b: Band) -> &'static str {
    match b {
        Band::Auto => "remedy.option_auto",
        Band::NeedsApproval => "remedy.option_needs_approval",
        Band::Blocked => "remedy.option_blocked",
    }
}
