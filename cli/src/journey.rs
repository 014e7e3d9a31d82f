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
//! code is 0 when every line succeeded, 1 when a line failed, 2 when the policy or
//! machine cannot be loaded.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;
use amends::api::journey::Journeys;
use amends::journey::Machine;
use amends::{Engine, Error};

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

fn load(policy: Option<&PathBuf>, machine: &str) -> Result<Machine, Error> {
    let engine = match policy {
        None => Engine::default(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Error::input(amends::Diagnostic::new(
                    "io.read",
                    p.display().to_string(),
                    e.to_string(),
                ))
            })?;
            amends::api::PolicySource::Text(&text).engine()?
        }
    };
    Machine::from_policy(&engine, machine)
}

fn fail(e: &Error) -> ExitCode {
    eprintln!("{}", api::error_json(e));
    ExitCode::from(2)
}

/// Runs `amends journey ...`.
pub fn run(args: &JourneyArgs) -> ExitCode {
    match &args.command {
        JourneyCommand::Diagram {
            machine,
            format,
            policy,
        } => match load(policy.as_ref(), machine).and_then(|m| m.diagram(format)) {
            Ok(d) => {
                print!("{d}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        JourneyCommand::Run {
            machine,
            policy,
            input,
            instance,
            trace,
        } => {
            let m = match load(policy.as_ref(), machine) {
                Ok(m) => m,
                Err(e) => return fail(&e),
            };
            let reader: Box<dyn BufRead> = match input {
                None => Box::new(std::io::stdin().lock()),
                Some(p) => match std::fs::File::open(p) {
                    Ok(f) => Box::new(std::io::BufReader::new(f)),
                    Err(e) => {
                        eprintln!("cannot open {}: {e}", p.display());
                        return ExitCode::from(2);
                    }
                },
            };
            run_lines(&m, reader, instance, *trace)
        }
    }
}

fn run_lines(m: &Machine, reader: Box<dyn BufRead>, default_id: &str, trace: bool) -> ExitCode {
    let mut journeys = Journeys::new(m, default_id);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (n, line) in (1u64..).zip(reader.lines()) {
        let Ok(line) = line else {
            failed = true;
            break;
        };
        if line.trim().is_empty() {
            continue;
        }
        let mut done = journeys.apply_line(&line);
        match &mut done.result {
            Ok(steps) if !trace => steps.iter_mut().for_each(|s| s.trace = Default::default()),
            Ok(_) => {}
            Err(_) => failed = true,
        }
        for o in done.outcomes(n) {
            if writeln!(w, "{}", api::to_canonical(&o)).is_err() {
                return ExitCode::from(1);
            }
        }
    }
    if w.flush().is_err() {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
