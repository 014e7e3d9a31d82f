//! `amends monitor`: heat map, KPIs and alarms over a history of cases, outcomes and
//! daily order and shipment counts.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::monitor::{DailyVolume, Monitor, Outcome};

/// Arguments of `amends monitor`.
#[derive(clap::Args)]
pub struct Args {
    /// History files: JSON Lines of `{"case": ..., "outcome": ...}`, `{"outcome": ...}`
    /// and `{"volume": ...}` records, in any order and across files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Policy file (TOML or JSON); the embedded default policy when absent.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Print only the alarms.
    #[arg(long)]
    alarms_only: bool,
    /// Exit with status 1 when any alarm is raised.
    #[arg(long)]
    fail_on_alarm: bool,
}

/// Runs `amends monitor`: exit 0 (1 with `--fail-on-alarm` and an alarm), 2 when a file
/// or the policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    let engine = match crate::load_engine(args.policy.as_deref()) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    };
    let mut monitor = Monitor::new(&engine.policy().monitor);
    // First pass: outcomes recorded on their own lines, and the daily volumes.
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut volumes: Vec<DailyVolume> = Vec::new();
    for f in &args.files {
        let read = crate::simulate::read_history(f, |_, rec| {
            if rec.case.is_none() {
                if let Some(o) = rec.outcome {
                    outcomes.insert(o.case_id.clone(), o);
                }
            }
            if let Some(v) = rec.volume {
                volumes.push(v);
            }
        });
        if let Err(msg) = read {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    }
    for v in &volumes {
        monitor.add_volume(v);
    }
    // Second pass: the cases, each assessed at its `now` (else its `received_at`).
    let mut failed = 0u64;
    for f in &args.files {
        let read = crate::simulate::read_history(f, |n, rec| {
            let Some(case) = rec.case else { return };
            let now = rec.now.unwrap_or(case.received_at);
            match engine.assess(&case, now) {
                Ok(a) => {
                    let o = rec.outcome.as_ref().or_else(|| outcomes.get(&case.id));
                    monitor.observe(&case, &a, o);
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("amends: {}:{n}: {e}", f.display());
                }
            }
        });
        if let Err(msg) = read {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    }
    let report = monitor.report();
    let json = if args.alarms_only {
        serde_json::to_string_pretty(&report.alarms)
    } else {
        serde_json::to_string_pretty(&report)
    }
    .unwrap_or_default();
    if writeln!(io::stdout().lock(), "{json}").is_err() {
        return ExitCode::SUCCESS;
    }
    if failed > 0 {
        eprintln!("amends: {failed} case(s) could not be assessed");
    }
    if args.fail_on_alarm && !report.alarms.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
