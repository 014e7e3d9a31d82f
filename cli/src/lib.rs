//! The reading and writing layer of the `amends` command line, shared by every
//! subcommand: the bounded JSON Lines reader ([`lines`]) and checked output ([`out`]).

pub mod lines;
pub mod out;
pub mod progress;
