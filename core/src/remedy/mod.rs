//! Remedy: what to offer, at which tier, who may approve it, and within which caps.
//!
//! The `[remedy]` section of the policy holds rule groups (conditions → menus of
//! options), authority roles, caps and market overrides. `Compiled` is built once in
//! `Engine::new`: conditions are resolved into typed comparisons on struct fields, so an
//! assessment does no string lookups. Evaluation runs in two steps: [`Evaluator::decide`]
//! computes a compact [`Decision`] (which rules hit, each option's amounts after caps,
//! its approver and band), then the engine renders it into the [`Remedy`] section, the
//! trace and the host's actions.

mod authority;
mod caps;
mod compile;
mod conditions;
mod decide;
mod evaluator;
mod fields;
mod half_even;
mod markets;
mod outcomes;
mod output;
mod policy;
mod render;
mod why;

use crate::name::Name;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use authority::{Limit, Role};
pub use caps::{BuyerCap, CapsPolicy};
pub use conditions::{field_names, Condition};
pub use markets::{MarketRule, NoteSpec};
pub use outcomes::{allocate, Base, Funding, Kind, OutcomeSpec, PolicyMoney, Tier};

pub(crate) use compile::Compiled;
pub use decide::{CapUse, DecidedOption, DecidedOutcome, Decision};
pub use evaluator::{Evaluator, Prepared};
pub use output::{
    Band, CapReport, LineAmount, Note, Offer, Outcome, Remedy, RemedyStatus, Template,
};
pub use policy::{ActionSpec, Consistency, Group, Mode, OptionSpec, RemedyPolicy, Rounding, Rule};
pub use why::{CapBind, GroupMisses, OfferChange, Unblock};

// What the files of this module share with each other.
use compile::CRule;
use policy::uses_store_id;

use crate::case::Case;
use crate::error::{Diagnostic, Error};
use crate::facts::Facts;
use crate::fx::{FxPolicy, FxTable};
use crate::money::PolicyDecimal;
use crate::money::{Currency, FxConversion, Money};
use crate::risk::RiskAssessment;
use crate::stage::Action;
use crate::stage::{Ctx, Draft};
use crate::triage::Triage;
use caps::CapState;
use conditions::{Cond, Subject};
