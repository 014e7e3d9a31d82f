//! `amends`: runs the decision engine over files.
//!
//! ```text
//! amends assess [FILE|-] [--policy FILE] [--now RFC3339] [--fail-fast] [--jobs N]
//!               [--sections full|decision]
//! amends policy check FILE
//! amends policy default
//! amends schema NAME            (case, assessment, decision, policy, journey_*)
//! amends journey run|diagram ...
//! amends audit verify FILE
//! amends simulate HISTORY --vs FILE
//! amends monitor FILES...
//! ```
//!
//! Every JSON decision (schemas, policy checks, error records, the journey protocol)
//! comes from the core's `amends::api`; this crate reads files and writes lines.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod assess;
mod audit;
mod journey;
mod monitor;
mod simulate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Decides how to handle cross-border e-commerce complaints.
#[derive(Parser)]
#[command(name = "amends", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess complaints: JSON Lines of cases in, JSON Lines of assessments out, in order.
    Assess(assess::Args),
    /// Verify a tamper-evident audit chain.
    Audit(audit::AuditArgs),
    /// Run a journey state machine over events, or draw its diagram.
    Journey(journey::JourneyArgs),
    /// Replay a history under two policies and report the differences.
    Simulate(simulate::Args),
    /// Heat map, KPIs and alarms over cases, outcomes and daily volumes.
    Monitor(monitor::Args),
    /// Check or print policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Print the JSON Schema of a document: case, assessment, decision, policy or a journey
    /// document (journey_start, journey_event, journey_snapshot, journey_step,
    /// journey_clocks).
    Schema {
        /// Which document.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(amends::api::SCHEMAS))]
        name: String,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Validate a policy file (TOML or JSON); lists every problem; exit 1 on any.
    Check {
        /// The policy file.
        file: PathBuf,
    },
    /// Print the embedded default policy (TOML).
    Default,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Assess(args) => assess::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Journey(args) => journey::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Monitor(args) => monitor::run(&args),
        Command::Policy(PolicyCommand::Default) => {
            print!("{}", amends::policy::DEFAULT_POLICY_TOML);
            ExitCode::SUCCESS
        }
        Command::Policy(PolicyCommand::Check { file }) => policy_check(&file),
        Command::Schema { name } => match amends::api::schema(&name) {
            Some(s) => {
                println!("{s}");
                ExitCode::SUCCESS
            }
            None => ExitCode::from(2),
        },
    }
}

fn policy_check(file: &std::path::Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("amends: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let report = amends::api::check_policy(amends::api::PolicySource::Text(&text));
    if let (true, Some(p)) = (report.valid, &report.policy) {
        println!(
            "{}: valid policy {} {} (hash {})",
            file.display(),
            p.id,
            p.version,
            p.hash
        );
        return ExitCode::SUCCESS;
    }
    let diagnostics = report.diagnostics;
    for d in &diagnostics {
        eprintln!("{}: {d}", file.display());
        if let Some(h) = &d.hint {
            eprintln!("  hint: {h}");
        }
    }
    eprintln!("{} problem(s)", diagnostics.len());
    ExitCode::from(1)
}

/// Loads `--policy FILE` or the embedded default.
pub(crate) fn load_engine(policy: Option<&std::path::Path>) -> Result<amends::Engine, String> {
    match policy {
        None => Ok(amends::Engine::default()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            amends::api::PolicySource::Text(&text)
                .engine()
                .map_err(|e| {
                    let mut msg = format!("{} is not a valid policy:", p.display());
                    for d in e.diagnostics() {
                        msg.push_str(&format!("\n  {d}"));
                    }
                    msg
                })
        }
    }
}
