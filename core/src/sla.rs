//! Service-level deadlines of a complaint: the seller's own service levels, marketplace
//! clocks and consumer-law clocks, attached to a case by channel, market, marketplace,
//! open dispute and claim; counted around the clock or in business time on a calendar.

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Channel, ClaimKind, DisputeKind, Marketplace};
use crate::duration::PolicyDuration;
use crate::error::Diagnostic;
use crate::name::Name;
use crate::routing::{Line, Route};
use crate::stage::{Ctx, Draft};
use crate::triage::Triage;

/// The moment a deadline counts from (or, as `until`, the moment that meets it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlaAnchor {
    /// The complaint reached the seller (`received_at`).
    #[default]
    Received,
    /// The order was placed.
    OrderPlaced,
    /// Payment was confirmed.
    Paid,
    /// The parcel was handed to the carrier.
    Shipped,
    /// The parcel was delivered.
    Delivered,
    /// The platform dispute was opened.
    DisputeOpened,
}

impl SlaAnchor {
    fn is_received(&self) -> bool {
        *self == SlaAnchor::Received
    }

    /// The anchor's time in a case, if the case has it.
    pub fn time(self, case: &Case) -> Option<DateTime<Utc>> {
        let order = case.order.as_ref();
        let ship = case.shipment();
        match self {
            SlaAnchor::Received => Some(case.received_at),
            SlaAnchor::OrderPlaced => order.map(|o| o.placed_at),
            SlaAnchor::Paid => order.and_then(|o| o.paid_at),
            SlaAnchor::Shipped => ship.and_then(|s| s.shipped_at),
            SlaAnchor::Delivered => ship.and_then(|s| s.delivered_at),
            SlaAnchor::DisputeOpened => case.dispute.as_ref().map(|d| d.opened_at),
        }
    }

    fn name(self) -> &'static str {
        match self {
            SlaAnchor::Received => "received",
            SlaAnchor::OrderPlaced => "order_placed",
            SlaAnchor::Paid => "paid",
            SlaAnchor::Shipped => "shipped",
            SlaAnchor::Delivered => "delivered",
            SlaAnchor::DisputeOpened => "dispute_opened",
        }
    }
}

/// One deadline rule: a duration after an anchor, attached to the cases its filters
/// match (every filter left empty matches all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// Deadline name (`first_response`).
    pub name: String,
    /// Time after the anchor (`4h`, `2m`, `3d`); around the clock unless `calendar`.
    pub after: PolicyDuration,
    /// Channels it applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Where the number comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Markets (ISO countries) it applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    /// Marketplaces it applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marketplaces: Vec<Marketplace>,
    /// Applies only while a platform dispute of one of these kinds is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<DisputeKind>,
    /// Applies only when the buyer claims one of these remedies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimKind>,
    /// Applies only when routing sends the case to one of these lines (`back`: the
    /// specialists, so an expert clock runs only for cases routed to an expert).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    /// What the deadline counts from (default: the complaint's receipt). Without that
    /// time in the case, the deadline does not run.
    #[serde(default, skip_serializing_if = "SlaAnchor::is_received")]
    pub from: SlaAnchor,
    /// Once the case has this time the deadline is met and no longer listed
    /// (the US 30-day rule is met by shipping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<SlaAnchor>,
    /// Count `after` in business time on this calendar of `[journeys.calendars]`;
    /// `"@market"` picks the calendar serving the case's market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// `service` (the seller's own), `marketplace` or `law`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
}

/// The `sla` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Deadline rules.
    #[serde(default)]
    pub targets: Vec<SlaTarget>,
}

impl SlaPolicy {
    pub(crate) fn validate(&self, path: &str, out: &mut Vec<Diagnostic>) {
        for (i, t) in self.targets.iter().enumerate() {
            if t.name.trim().is_empty() {
                out.push(Diagnostic::new(
                    "policy.empty",
                    format!("{path}.targets[{i}].name"),
                    "a deadline needs a name",
                ));
            }
            for (j, m) in t.markets.iter().enumerate() {
                if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_uppercase()) {
                    out.push(Diagnostic::new(
                        "policy.invalid_country",
                        format!("{path}.targets[{i}].markets[{j}]"),
                        format!("`{m}` is not an ISO 3166-1 alpha-2 code"),
                    ));
                }
            }
            if !matches!(t.kind.as_str(), "" | "service" | "marketplace" | "law") {
                out.push(
                    Diagnostic::new(
                        "policy.unknown_variant",
                        format!("{path}.targets[{i}].kind"),
                        format!("`{}` is not a deadline kind", t.kind),
                    )
                    .hint("use service, marketplace or law"),
                );
            }
            if t.after.seconds() == 0 {
                out.push(
                    Diagnostic::new(
                        "policy.out_of_range",
                        format!("{path}.targets[{i}].after"),
                        "a deadline must be after receipt",
                    )
                    .hint("write e.g. after = \"24h\""),
                );
            }
        }
    }
}

impl SlaPolicy {
    /// Checks that every calendar a rule names exists in `[journeys.calendars]`.
    pub(crate) fn validate_calendars(
        &self,
        path: &str,
        journeys: &crate::journey::JourneysPolicy,
        out: &mut Vec<Diagnostic>,
    ) {
        for (i, t) in self.targets.iter().enumerate() {
            let Some(c) = &t.calendar else { continue };
            if c == "@buyer" {
                out.push(
                    Diagnostic::new(
                        "journey.buyer_calendar",
                        format!("{path}.targets[{i}].calendar"),
                        "a deadline is seller-side and cannot count on the buyer's calendar",
                    )
                    .hint("use \"@market\" or a team calendar; buyer quiet windows are [journeys.quiet]"),
                );
                continue;
            }
            let needed = if c == "@market" {
                "default"
            } else {
                c.as_str()
            };
            if !journeys.calendars.contains_key(needed) {
                out.push(
                    Diagnostic::new(
                        "journey.unknown_calendar",
                        format!("{path}.targets[{i}].calendar"),
                        format!("no calendar named `{needed}`"),
                    )
                    .hint("define it under [journeys.calendars] (\"@market\" falls back to `default`)"),
                );
            }
        }
    }
}

/// A running deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Deadline {
    /// Its name.
    pub name: Name,
    /// When it falls due.
    #[serde(serialize_with = "crate::rfc3339::serialize")]
    pub due_at: DateTime<Utc>,
    /// Whether `now` is past it.
    pub breached: bool,
    /// Seconds from `now` to `due_at` (negative once breached).
    pub seconds_left: i64,
    /// Where the rule comes from.
    pub source: Name,
    /// `service`, `marketplace` or `law`, when the rule says.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub kind: Name,
    /// What it counts from, when not the complaint's receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Name>,
    /// The calendar it counts business time on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Name>,
    /// Business seconds from `now` to `due_at` on that calendar (negative once breached).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_seconds_left: Option<i64>,
}

/// The `sla` section of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Sla {
    /// Running deadlines, earliest first.
    pub deadlines: Vec<Deadline>,
}

/// Compiled SLA stage.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    targets: Vec<(SlaTarget, Duration, Names)>,
}

/// A target's texts, built once and shared by every deadline it yields.
#[derive(Debug, Clone)]
struct Names {
    rule: Name,
    name: Name,
    source: Name,
    kind: Name,
    calendar: Option<Name>,
}

impl Compiled {
    /// Validates the `sla` section (problems added to `out`, under `path`) and compiles
    /// it. The calendars it names are checked against the journeys section apart
    /// ([`SlaPolicy::validate_calendars`]).
    pub(crate) fn compile(policy: &SlaPolicy, path: &str, out: &mut Vec<Diagnostic>) -> Compiled {
        crate::stage::compiled("sla");
        policy.validate(path, out);
        let targets = policy
            .targets
            .iter()
            .map(|t| {
                let names = Names {
                    rule: Name::shared(format!("sla.{}", t.name)),
                    name: Name::shared(t.name.clone()),
                    source: Name::shared(t.source.clone()),
                    kind: Name::shared(t.kind.clone()),
                    calendar: t.calendar.as_deref().map(Name::shared),
                };
                (t.clone(), t.after.to_chrono(), names)
            })
            .collect();
        Compiled { targets }
    }

    pub(crate) fn assess(
        &self,
        ctx: &Ctx<'_>,
        _triage: &Triage,
        route: &Route,
        journeys: &crate::journey::Compiled,
        out: &mut Draft,
    ) -> Sla {
        let (case, now) = (ctx.case, ctx.now);
        let market = ctx.facts.market.as_str();
        let mut deadlines: Vec<Deadline> = self
            .targets
            .iter()
            .filter(|(t, _, _)| t.channels.is_empty() || t.channels.contains(&case.channel))
            .filter(|(t, _, _)| t.markets.is_empty() || t.markets.iter().any(|m| m == market))
            .filter(|(t, _, _)| {
                t.marketplaces.is_empty() || t.marketplaces.contains(&case.store.marketplace)
            })
            .filter(|(t, _, _)| {
                t.disputes.is_empty()
                    || case
                        .dispute
                        .as_ref()
                        .is_some_and(|d| t.disputes.contains(&d.kind))
            })
            .filter(|(t, _, _)| {
                t.claims.is_empty()
                    || case
                        .claim
                        .as_ref()
                        .is_some_and(|c| t.claims.contains(&c.kind))
            })
            .filter(|(t, _, _)| t.lines.is_empty() || t.lines.contains(&route.line))
            .filter(|(t, _, _)| t.until.is_none_or(|u| u.time(case).is_none()))
            .filter_map(|(t, d, names)| {
                let start = t.from.time(case)?;
                let cal = t
                    .calendar
                    .as_deref()
                    .and_then(|c| journeys.calendar(c, market));
                let due_at = match cal {
                    Some(c) => c.add_seconds(start, d.num_seconds())?,
                    None => start.checked_add_signed(*d)?,
                };
                let seconds_left = due_at.signed_duration_since(now).num_seconds();
                let business_seconds_left = cal.map(|c| {
                    if due_at >= now {
                        c.seconds_between(now, due_at)
                    } else {
                        -c.seconds_between(due_at, now)
                    }
                });
                out.trace
                    .push("sla", &names.rule, "sla.deadline")
                    .with("due_at", due_at);
                Some(Deadline {
                    name: names.name.clone(),
                    due_at,
                    breached: seconds_left < 0,
                    seconds_left,
                    source: names.source.clone(),
                    kind: names.kind.clone(),
                    from: (!t.from.is_received()).then(|| Name::from(t.from.name())),
                    calendar: names.calendar.clone(),
                    business_seconds_left,
                })
            })
            .collect();
        deadlines.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.name.cmp(&b.name)));
        Sla { deadlines }
    }
}
