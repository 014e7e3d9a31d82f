//! `amends`: runs the decision engine over files.
//!
//! ```text
//! amends assess [FILE|-] [--policy FILE] [--now RFC3339] [--fail-fast] [--jobs N] [--progress]
//!               [--sections full|decision]
//! amends policy check FILE
//! amends policy default
//! amends schema NAME            (case, assessment, decision, policy, journey_*)
//! amends journey run|diagram ...
//! amends audit verify|append FILE
//! amends simulate HISTORY --vs FILE
//! amends replay DECISIONS.jsonl [--policy FILE]
//! amends monitor FILES...
//! ```
//!
//! Every JSON decision (schemas, policy checks, error records, the journey protocol)
//! comes from the core's `amends::api`; this crate reads files and writes lines, through
//! the library half of the crate: one bounded line reader (`amends_cli::lines`) and one
//! checked output (`amends_cli::out`) for every subcommand.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod assess;
mod audit;
mod journey;
mod monitor;
mod replay;
mod simulate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use amends_cli::lines;
use amends_cli::out::{self, Out, Stop};

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
    /// Re-assess stored decisions under the current policy: identical, or what differs.
    Replay(replay::Args),
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version go to standard output, checked like any output; usage
        // errors to standard error, exit 2.
        Err(e) => {
            let text = e.render().to_string();
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            if e.use_stderr() {
                let _ = write!(std::io::stderr().lock(), "{text}");
                return ExitCode::from(code);
            }
            return out::exit(print_all(text.as_bytes()).map(|_| ExitCode::from(code)));
        }
    };
    match cli.command {
        Command::Assess(args) => assess::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Journey(args) => journey::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Monitor(args) => monitor::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Policy(PolicyCommand::Default) => {
            out::exit(print_all(amends::policy::DEFAULT_POLICY_TOML.as_bytes()))
        }
        Command::Policy(PolicyCommand::Check { file }) => policy_check(&file),
        Command::Schema { name } => match amends::api::schema(&name) {
            Some(s) => out::exit(print_all(format!("{s}\n").as_bytes())),
            None => ExitCode::from(2),
        },
    }
}

/// Writes one document to standard output, checked.
pub(crate) fn print_all(bytes: &[u8]) -> Result<ExitCode, Stop> {
    let mut o = Out::new();
    o.write(bytes)?;
    o.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a policy file under the policy size limit, as text.
pub(crate) fn read_policy(file: &std::path::Path) -> Result<String, amends::Diagnostic> {
    let bytes = lines::read_file(file, amends::limits::MAX_POLICY_BYTES, "policy.too_large")?;
    String::from_utf8(bytes).map_err(|e| {
        amends::Diagnostic::new(
            "policy.invalid_utf8",
            "",
            format!("{} is not UTF-8: {e}", file.display()),
        )
    })
}

fn policy_check(file: &std::path::Path) -> ExitCode {
    let text = match read_policy(file) {
        Ok(t) => t,
        Err(d) => {
            out::report(&d);
            return ExitCode::from(2);
        }
    };
    let report = amends::api::check_policy(amends::api::PolicySource::Text(&text));
    for w in &report.warnings {
        eprintln!("{}: warning: {w}", file.display());
        if let Some(h) = &w.hint {
            eprintln!("  hint: {h}");
        }
    }
    if let (true, Some(p)) = (report.valid, &report.policy) {
        return out::exit(print_all(
            format!(
                "{}: valid policy {} {} (hash {})\n",
                file.display(),
                p.id,
                p.version,
                p.hash
            )
            .as_bytes(),
        ));
    }
    let diagnostics = report.diagnostics;
    for d in &diagnostics {
        let mut text = format!("{}: {d}", file.display());
        if let Some(h) = &d.hint {
            text.push_str(&format!("\n  hint: {h}"));
        }
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
    let _ = writeln!(std::io::stderr().lock(), "{} problem(s)", diagnostics.len());
    ExitCode::from(1)
}

/// Loads `--policy FILE` (under the policy size limit) or the embedded default. The
/// error keeps the code, path and hint of the policy's first problem and names the
/// file; every further problem is listed by `amends policy check`.
pub(crate) fn load_engine(policy: Option<&std::path::Path>) -> Result<amends::Engine, Stop> {
    match policy {
        None => amends::Engine::embedded().map_err(|e| Stop::error(&e)),
        Some(p) => {
            let text = read_policy(p).map_err(Stop::cannot_run)?;
            amends::api::PolicySource::Text(&text)
                .engine()
                .map_err(|e| {
                    let mut d = out::headline(&e);
                    let more = e.diagnostics().len().saturating_sub(1);
                    d.message = if more > 0 {
                        format!(
                            "{} is not a valid policy: {} (and {more} more problem(s): \
                             `amends policy check {}` lists them)",
                            p.display(),
                            d.message,
                            p.display()
                        )
                    } else {
                        format!("{} is not a valid policy: {}", p.display(), d.message)
                    };
                    Stop::cannot_run(d)
                })
        }
    }
}
