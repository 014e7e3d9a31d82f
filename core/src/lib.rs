//! # amends
//!
//! The decision engine for complaint handling in cross-border commerce. For every
//! complaint it says what it is, how urgent it is, how likely the claim is abusive, what
//! to offer and who may approve it, who should handle it, which deadlines now run, and
//! why. Pure logic: no I/O, no clock (`now` is passed in), no threads, no unsafe.
//!
//! ```
//! use amends::{api, Engine};
//! let engine = Engine::default(); // the embedded default policy, compiled once
//! let case = api::parse_case(r#"{"id": "c1", "received_at": "2026-11-20T09:00:00Z",
//!   "store": {"id": "s1", "marketplace": "ebay", "country": "GB"},
//!   "channel": "chat", "text": "my parcel never arrived"}"#).unwrap();
//! let now = api::parse_now("2026-11-20T09:30:00Z").unwrap();
//! let assessment = engine.assess(&case, now).unwrap();
//! println!("{}", api::to_canonical(&assessment));
//! ```

#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

pub mod api;
pub mod assessment;
pub mod audit;
pub mod case;
pub mod document;
pub mod duration;
pub mod engine;
pub mod error;
pub mod explain;
pub mod facts;
pub mod fx;
pub mod journey;
pub mod limits;
pub mod money;
pub mod monitor;
pub mod name;
pub mod policy;
pub mod remedy;
pub mod risk;
pub mod routing;
pub mod sla;
pub mod stage;
pub mod triage;
mod validate;

pub use assessment::Assessment;
pub use case::Case;
pub use engine::Engine;
pub use error::{Diagnostic, Error};
pub use money::{Currency, Money};
pub use policy::Policy;
