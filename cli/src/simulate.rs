//! `amends simulate`: replays a history of cases under two policies and reports what
//! would have been different (JSON on standard output, optionally an offline HTML page).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use amends::monitor::{backtest_html, BacktestBuilder, HistoryLine};
use amends::{api, Diagnostic};
use amends_cli::lines::{self, Lines};
use amends_cli::out::{self, Stop};

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

/// Longest history line: a case (`max_case_bytes`) with its outcome and `now`.
pub(crate) const MAX_HISTORY_LINE: usize = 2 * amends::limits::MAX_CASE_BYTES;

/// Reads a history file line by line with the bounded line reader; `f` gets the 1-based
/// line number and the record. Blank lines are skipped; a line that is not a history
/// record is reported on standard error (`amends: FILE:LINE: code: message (hint: …)`)
/// when `report` is set, and reading goes on. Returns the number of such lines.
pub(crate) fn read_history(
    path: &Path,
    report: bool,
    mut f: impl FnMut(u64, HistoryLine),
) -> Result<u64, Stop> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| {
        Stop::cannot_run(Diagnostic::new(
            "io.read",
            shown.clone(),
            format!("cannot read {shown}: {e}"),
        ))
    })?;
    let mut bad = 0u64;
    let lines = Lines::new(BufReader::with_capacity(1 << 16, file), MAX_HISTORY_LINE);
    for record in lines {
        let record = record.map_err(|e| {
            Stop::cannot_run(Diagnostic::new(
                "io.read",
                shown.clone(),
                format!("cannot read {shown}: {e}"),
            ))
        })?;
        let parsed = record.text.and_then(|text| {
            api::parse_input_with::<HistoryLine>(&text, &history_limits()).map_err(|mut e| {
                lines::explain(&mut e, &text, record.unterminated);
                e
            })
        });
        match parsed {
            Ok(rec) => f(record.line, rec),
            Err(e) => {
                bad += 1;
                if report {
                    let d = out::describe(&out::headline(&e));
                    out::say(&format!("{shown}:{}: {d}", record.line));
                }
            }
        }
    }
    Ok(bad)
}

fn history_limits() -> amends::limits::Limits {
    amends::limits::Limits {
        max_case_bytes: MAX_HISTORY_LINE,
        ..amends::limits::Limits::default()
    }
}

/// Runs `amends simulate`: exit 0 on success, 1 when lines of the history were
/// malformed (each is reported and left out), 2 when a file or policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    out::exit(simulate(args))
}

fn simulate(args: &Args) -> Result<ExitCode, Stop> {
    let a = crate::load_engine(args.policy.as_deref())?;
    let b = crate::load_engine(Some(&args.vs))?;
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
    let bad = read_history(&args.history, true, |_, rec| {
        if let Some(case) = rec.case {
            let now = rec.now.unwrap_or(case.received_at);
            let ra = a.assess(&case, now);
            let rb = b.assess(&case, now);
            builder.add_results(ra.as_ref(), rb.as_ref(), rec.outcome.as_ref());
        }
    })?;
    let report = builder.finish();
    if let Some(path) = &args.html {
        if let Err(e) = std::fs::write(path, backtest_html(&report)) {
            return Err(Stop::cannot_run(Diagnostic::new(
                "output.write",
                path.display().to_string(),
                format!("cannot write {}: {e}", path.display()),
            )));
        }
    }
    let json = serde_json::to_string_pretty(&report)
        .map_err(|e| Stop::cannot_run(Diagnostic::new("output.serialize", "", e.to_string())))?;
    crate::print_all(format!("{json}\n").as_bytes())?;
    if bad > 0 {
        out::say(&format!(
            "{bad} line(s) of the history were malformed and left out"
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
