//! `amends journey`: run events through a journey machine, or draw it.
//!
//! ```text
//! amends journey run --machine order [--policy FILE] [--input FILE] [--trace]
//! amends journey diagram --machine order --format mermaid|dot [--policy FILE]
//! ```
//!
//! `run` reads JSON Lines (a file or standard input). Each line is one of
//!
//! - `{"start": TIME, "instance"?: ID, "context"?: {...}}`: start a journey;
//! - `{"event": NAME, "at": TIME, "data"?: {...}, "now"?: TIME, "instance"?: ID}`: an
//!   event, processed at `now` (default: `at`);
//! - `{"tick": TIME, "instance"?: ID}`: wake the journey at TIME.
//!
//! Lines without `instance` belong to `--instance` (default `journey`). A journey that
//! has not been started is started by its first line, at that line's time, with an
//! empty context (the protocol is the core's `amends::api::journey::Journeys`). Each line prints one JSON line: `{"line", "instance", "type":
//! "success", "step"}` or `{"line", "instance", "type": "failure", "error"}`. The exit
//! code is 0 when every line succeeded, 1 when a line failed (a line that is not UTF-8
//! or is over-long included: it gets its error record and the run goes on), 2 when the
//! policy, the machine or the input cannot be loaded.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;
use amends::api::journey::{Journeys, LineResult};
use amends::journey::Machine;
use amends::Diagnostic;
use amends_cli::lines::{self, Lines};
use amends_cli::out::{self, Out, Stop};

/// Arguments of `amends journey`.
#[derive(Debug, clap::Args)]
pub struct JourneyArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: JourneyCommand,
}

/// The `journey` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum JourneyCommand {
    /// Run events (JSON Lines) through a machine; print one step per line.
    Run {
        /// The machine's name in the policy (`order`, `complaint`).
        #[arg(long)]
        machine: String,
        /// A policy file (TOML or JSON); the embedded default policy if left out.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// JSON Lines input; standard input if left out.
        #[arg(long)]
        input: Option<PathBuf>,
        /// The journey id for lines without `instance`.
        #[arg(long, default_value = "journey")]
        instance: String,
        /// Keep the trace in each step.
        #[arg(long)]
        trace: bool,
    },
    /// Draw a machine as a Mermaid state diagram or Graphviz DOT.
    Diagram {
        /// The machine's name in the policy.
        #[arg(long)]
        machine: String,
        /// `mermaid` or `dot`.
        #[arg(long, default_value = "mermaid")]
        format: String,
        /// A policy file (TOML or JSON); the embedded default policy if left out.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
}

fn load(policy: Option<&PathBuf>, machine: &str) -> Result<Machine, Stop> {
    let engine = crate::load_engine(policy.map(PathBuf::as_path))?;
    Machine::from_policy(&engine, machine).map_err(|e| Stop::error(&e))
}

/// Runs `amends journey ...`.
pub fn run(args: &JourneyArgs) -> ExitCode {
    out::exit(journey(args))
}

fn journey(args: &JourneyArgs) -> Result<ExitCode, Stop> {
    match &args.command {
        JourneyCommand::Diagram {
            machine,
            format,
            policy,
        } => {
            let d = load(policy.as_ref(), machine)?
                .diagram(format)
                .map_err(|e| Stop::error(&e))?;
            crate::print_all(d.as_bytes())
        }
        JourneyCommand::Run {
            machine,
            policy,
            input,
            instance,
            trace,
        } => {
            let m = load(policy.as_ref(), machine)?;
            let reader: Box<dyn BufRead> = match input {
                None => Box::new(std::io::stdin().lock()),
                Some(p) => match std::fs::File::open(p) {
                    Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
                    Err(e) => {
                        return Err(Stop::cannot_run(Diagnostic::new(
                            "io.read",
                            p.display().to_string(),
                            format!("cannot read {}: {e}", p.display()),
                        )))
                    }
                },
            };
            run_lines(&m, reader, instance, *trace)
        }
    }
}

/// Longest input line: one event or start, as long as a case may be.
const MAX_LINE: usize = amends::limits::MAX_CASE_BYTES;

fn run_lines(
    m: &Machine,
    reader: Box<dyn BufRead>,
    default_id: &str,
    trace: bool,
) -> Result<ExitCode, Stop> {
    let mut journeys = Journeys::new(m, default_id);
    let mut w = Out::new();
    let mut failed = 0u64;
    for record in Lines::new(reader, MAX_LINE) {
        let record = record.map_err(|e| {
            Stop::cannot_run(Diagnostic::new(
                "io.read",
                "",
                format!("cannot read the input: {e}"),
            ))
        })?;
        let mut done = match &record.text {
            Ok(text) => {
                let mut done = journeys.apply_line(text);
                if let Err(e) = &mut done.result {
                    lines::explain(e, text, record.unterminated);
                }
                done
            }
            // A line that cannot be read belongs to no known journey: the default one.
            Err(e) => LineResult {
                instance: default_id.to_owned(),
                result: Err(e.clone()),
            },
        };
        match &mut done.result {
            Ok(steps) if !trace => steps.iter_mut().for_each(|s| s.trace = Default::default()),
            Ok(_) => {}
            Err(_) => failed += 1,
        }
        let mut text = String::new();
        for o in done.outcomes(record.line) {
            text.push_str(&api::to_canonical(&o));
            text.push('\n');
        }
        w.write(text.as_bytes())?;
    }
    w.finish()?;
    if failed > 0 {
        out::say(&format!("{failed} line(s) failed"));
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
