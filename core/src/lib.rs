//! The decision engine for complaint handling in cross-border commerce: what a complaint
//! is, how urgent, how likely abusive, what to offer and who may approve it, who handles
//! it, which deadlines run, and why. Pure logic: no I/O, no clock (`now` is passed in).
// The README is the crate's documentation, so its Rust example is compiled and run as a
// doctest. Only documentation builds read it (it lives outside the crate's folder).
#![cfg_attr(any(doc, doctest), doc = include_str!("../../README.md"))]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

pub mod api;
pub mod assessment;
pub mod audit;
pub mod case;
#[cfg(feature = "arrow")]
pub mod columnar;
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
pub mod protected;
pub mod remedy;
mod rfc3339;
pub mod risk;
pub mod routing;
pub mod sla;
pub mod stage;
mod strict_json;
pub mod tools;
pub mod triage;
mod validate;
pub mod why;

pub use assessment::Assessment;
pub use case::Case;
pub use engine::Engine;
pub use error::{Diagnostic, Error};
pub use money::{Currency, Money};
pub use policy::Policy;
