//! `amends assess`: streams JSON Lines of cases through the engine in constant memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Arguments of `amends assess`.
#[derive(clap::Args)]
pub struct Args {
    /// JSON Lines file of cases; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// Policy file (TOML or JSON); the embedded default policy when absent.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// The time to assess at (RFC 3339); the system clock when absent.
    #[arg(long, value_parser = parse_now)]
    now: Option<DateTime<Utc>>,
    /// Stop at the first line that fails.
    #[arg(long)]
    fail_fast: bool,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    api::parse_now(s).map_err(|e| e.to_string())
}

/// An error record written in place of an assessment.
#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    error: amends::error::ErrorReport<'a>,
}

pub fn run(args: &Args) -> ExitCode {
    let engine = match crate::load_engine(args.policy.as_deref()) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    };
    // The command line is a host: it may read the clock the core never reads.
    #[allow(clippy::disallowed_methods)]
    let now = args.now.unwrap_or_else(Utc::now);
    let (input, size): (Box<dyn Read>, Option<u64>) = match args.file.as_deref() {
        None => (Box::new(io::stdin().lock()), None),
        Some(p) if p.as_os_str() == "-" => (Box::new(io::stdin().lock()), None),
        Some(p) => match File::open(p) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Box::new(f), size)
            }
            Err(e) => {
                eprintln!("amends: cannot read {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
    };
    let progress = progress_bar(size);
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let (mut n, mut failed) = (0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(read) => progress.inc(read as u64),
            Err(e) => {
                eprintln!("amends: read error: {e}");
                return ExitCode::from(2);
            }
        }
        n += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = match api::parse_case_bytes(&buf).and_then(|c| engine.assess(&c, now)) {
            Ok(a) => api::to_canonical(&a),
            Err(e) => {
                failed += 1;
                api::to_canonical(&LineError {
                    line: n,
                    error: (&e).into(),
                })
            }
        };
        if writeln!(out, "{line}").is_err() {
            // The reader of our output went away (e.g. `| head`): stop quietly.
            return ExitCode::SUCCESS;
        }
        if failed > 0 && args.fail_fast {
            break;
        }
    }
    progress.finish_and_clear();
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    if failed > 0 {
        eprintln!("amends: {failed} of {n} line(s) failed");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A byte-progress bar on a terminal's stderr; hidden otherwise.
fn progress_bar(size: Option<u64>) -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = match size {
        Some(len) => indicatif::ProgressBar::new(len),
        None => indicatif::ProgressBar::new_spinner(),
    };
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} {bar:30} {eta}")
    {
        bar.set_style(style);
    }
    bar
}
