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
//! empty context. Each line prints one JSON line: `{"line", "instance", "type":
//! "success", "step"}` or `{"line", "instance", "type": "failure", "error"}`. The exit
//! code is 0 when every line succeeded, 1 when a line failed, 2 when the policy or
//! machine cannot be loaded.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;
use amends::journey::{json as jjson, Event, Machine, Snapshot, StartInput, Step};
use amends::{Engine, Error};
use serde_json::{json, Value};

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
            Engine::from_policy_text(&text)?
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

fn time(v: &Value, key: &str) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    api::parse_now(v.get(key).and_then(Value::as_str).unwrap_or("")).map_err(|e| {
        let mut ds = e.diagnostics().to_vec();
        for d in &mut ds {
            d.path = key.to_owned();
        }
        Error::Input(ds)
    })
}

fn line_step(
    m: &Machine,
    journeys: &mut BTreeMap<String, Snapshot>,
    id: &str,
    mut v: Value,
) -> Result<Vec<Step>, Error> {
    let mut out = Vec::new();
    if v.get("start").is_some() {
        let at = time(&v, "start")?;
        let context = match v.get("context") {
            Some(c) => serde_json::from_value(c.clone()).map_err(|e| {
                Error::input(amends::Diagnostic::new(
                    "input.invalid_type",
                    "context",
                    e.to_string(),
                ))
            })?,
            None => BTreeMap::new(),
        };
        let s = m.start(
            &StartInput {
                instance: id.to_owned(),
                context,
            },
            at,
        )?;
        journeys.insert(id.to_owned(), s.snapshot.clone());
        out.push(s);
        return Ok(out);
    }
    let is_tick = v.get("tick").is_some();
    let at = if is_tick {
        time(&v, "tick")?
    } else {
        time(&v, "at")?
    };
    if !journeys.contains_key(id) {
        let s = m.start(
            &StartInput {
                instance: id.to_owned(),
                context: BTreeMap::new(),
            },
            at,
        )?;
        journeys.insert(id.to_owned(), s.snapshot.clone());
        out.push(s);
    }
    let Some(snap) = journeys.get(id) else {
        return Ok(out);
    };
    let step = if is_tick {
        m.tick(snap, at)?
    } else {
        let now = match v.get("now") {
            Some(_) => time(&v, "now")?,
            None => at,
        };
        if let Some(o) = v.as_object_mut() {
            o.remove("now");
            o.remove("instance");
        }
        let event: Event = jjson::parse_event(&v.to_string())?;
        m.step(snap, &event, now)?
    };
    journeys.insert(id.to_owned(), step.snapshot.clone());
    out.push(step);
    Ok(out)
}

fn run_lines(m: &Machine, reader: Box<dyn BufRead>, default_id: &str, trace: bool) -> ExitCode {
    let mut journeys: BTreeMap<String, Snapshot> = BTreeMap::new();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (n, line) in reader.lines().enumerate() {
        let Ok(line) = line else {
            failed = true;
            break;
        };
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Result<Value, Error> = api::parse_input(&line);
        let id = parsed
            .as_ref()
            .ok()
            .and_then(|v| v.get("instance"))
            .and_then(Value::as_str)
            .unwrap_or(default_id)
            .to_owned();
        let result = parsed.and_then(|v| line_step(m, &mut journeys, &id, v));
        let outputs: Vec<Value> = match result {
            Ok(steps) => steps
                .into_iter()
                .map(|mut s| {
                    if !trace {
                        s.trace = Default::default();
                    }
                    json!({"line": n + 1, "instance": id, "type": "success", "step": s})
                })
                .collect(),
            Err(e) => {
                failed = true;
                let err: Value = serde_json::from_str(&api::error_json(&e)).unwrap_or(Value::Null);
                vec![json!({"line": n + 1, "instance": id, "type": "failure", "error": err})]
            }
        };
        for o in outputs {
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
