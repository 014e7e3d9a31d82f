//! `amends monitor`: heat map, KPIs and alarms over a history of cases, outcomes and
//! daily order and shipment counts.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use amends::Diagnostic;
use amends_cli::out::{self, Stop};

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

/// Runs `amends monitor`: exit 0 (1 with `--fail-on-alarm` and an alarm, or when lines
/// of a file were malformed), 2 when a file or the policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    out::exit(monitor(args))
}

fn monitor(args: &Args) -> Result<ExitCode, Stop> {
    let engine = crate::load_engine(args.policy.as_deref())?;
    let mut monitor = Monitor::new(&engine.policy().monitor);
    // First pass: outcomes recorded on their own lines, and the daily volumes.
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut volumes: Vec<DailyVolume> = Vec::new();
    let mut bad = 0u64;
    for f in &args.files {
        bad += crate::simulate::read_history(f, true, |_, rec| {
            if rec.case.is_none() {
                if let Some(o) = rec.outcome {
                    outcomes.insert(o.case_id.clone(), o);
                }
            }
            if let Some(v) = rec.volume {
                volumes.push(v);
            }
        })?;
    }
    for v in &volumes {
        monitor.add_volume(v);
    }
    // Second pass: the cases, each assessed at its `now` (else its `received_at`).
    let mut failed = 0u64;
    for f in &args.files {
        crate::simulate::read_history(f, false, |n, rec| {
            let Some(case) = rec.case else { return };
            let now = rec.now.unwrap_or(case.received_at);
            match engine.assess(&case, now) {
                Ok(a) => {
                    let o = rec.outcome.as_ref().or_else(|| outcomes.get(&case.id));
                    monitor.observe(&case, &a, o);
                }
                Err(e) => {
                    failed += 1;
                    let d = out::describe(&out::headline(&e));
                    out::say(&format!("{}:{n}: {d}", f.display()));
                }
            }
        })?;
    }
    let report = monitor.report();
    let json = if args.alarms_only {
        serde_json::to_string_pretty(&report.alarms)
    } else {
        serde_json::to_string_pretty(&report)
    }
    .map_err(|e| Stop::cannot_run(Diagnostic::new("output.serialize", "", e.to_string())))?;
    crate::print_all(format!("{json}\n").as_bytes())?;
    if failed > 0 {
        out::say(&format!("{failed} case(s) could not be assessed"));
    }
    if bad > 0 {
        out::say(&format!("{bad} malformed line(s) left out"));
    }
    if (args.fail_on_alarm && !report.alarms.is_empty()) || bad > 0 {
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
