//! `amends simulate`: replays a history of cases under two policies and reports what
//! would have been different (JSON on standard output, optionally an offline HTML page).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use amends::api;
use amends::monitor::{backtest_html, BacktestBuilder, HistoryLine};

/// Arguments of `amends simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// History file: JSON Lines of `{"case": ..., "now": ..., "outcome": ...}` records
    /// (other records are skipped). Each case is assessed at its `now`, else at its
    /// `received_at`; an outcome on the same line judges the deadlines of both policies.
    history: PathBuf,
    /// The baseline policy (A); the embedded default policy when absent.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// The candidate policy (B).
    #[arg(long)]
    vs: PathBuf,
    /// Also write the report as a self-contained HTML page here.
    #[arg(long)]
    html: Option<PathBuf>,
    /// How many of the most changed cases to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

/// Reads a history file line by line; `f` gets the 1-based line number and the record.
/// Blank lines are skipped; the first malformed line stops with a message.
pub(crate) fn read_history(path: &Path, mut f: impl FnMut(u64, HistoryLine)) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let reader = BufReader::with_capacity(1 << 16, file);
    for (i, line) in reader.lines().enumerate() {
        let n = i as u64 + 1;
        let line = line.map_err(|e| format!("{}:{n}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: HistoryLine =
            api::parse_input(&line).map_err(|e| format!("{}:{n}: {}", path.display(), e))?;
        f(n, rec);
    }
    Ok(())
}

/// Runs `amends simulate`: exit 0 on success, 2 when a file or policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    let a = match crate::load_engine(args.policy.as_deref()) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    };
    let b = match crate::load_engine(Some(&args.vs)) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    };
    // A resolution meets the deadlines the baseline policy names; both sides are judged
    // by the same definition.
    let met_by_resolution = a
        .policy()
        .monitor
        .kpi
        .as_ref()
        .map(|k| k.met_by_resolution.clone())
        .unwrap_or_default();
    let mut builder =
        BacktestBuilder::new(a.policy_ref().clone(), b.policy_ref().clone(), args.top)
            .met_by_resolution(met_by_resolution);
    let read = read_history(&args.history, |_, rec| {
        if let Some(case) = rec.case {
            let now = rec.now.unwrap_or(case.received_at);
            let ra = a.assess(&case, now);
            let rb = b.assess(&case, now);
            builder.add_results(ra.as_ref(), rb.as_ref(), rec.outcome.as_ref());
        }
    });
    if let Err(msg) = read {
        eprintln!("amends: {msg}");
        return ExitCode::from(2);
    }
    let report = builder.finish();
    if let Some(path) = &args.html {
        if let Err(e) = std::fs::write(path, backtest_html(&report)) {
            eprintln!("amends: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    let mut out = io::stdout().lock();
    if writeln!(out, "{json}").is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}
