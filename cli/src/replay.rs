//! `amends replay`: re-assesses stored decisions under the current engine and policy and
//! reports, per case, whether the decision is identical or exactly what differs.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;

/// Arguments of `amends replay`.
#[derive(clap::Args)]
pub struct Args {
    /// JSON Lines of stored decisions `{"case": ..., "now": ..., "assessment": ...}`
    /// (`-` for standard input).
    decisions: PathBuf,
    /// The policy to replay under; the embedded default policy when absent.
    #[arg(long)]
    policy: Option<PathBuf>,
}

/// Runs `amends replay`: one JSON line per record (`{"line", "case_id", "identical",
/// "differences"?}` or `{"line", "error"}`), a summary on standard error; exit 0 when
/// every decision is identical, 1 when one differs or a record is malformed, 2 when a
/// file or the policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    let engine = match crate::load_engine(args.policy.as_deref()) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("amends: {msg}");
            return ExitCode::from(2);
        }
    };
    let reader: Box<dyn BufRead> = if args.decisions.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        match File::open(&args.decisions) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!("amends: cannot read {}: {e}", args.decisions.display());
                return ExitCode::from(2);
            }
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut total, mut identical, mut failed) = (0u64, 0u64, 0u64);
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("amends: {}:{n}: {e}", args.decisions.display());
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        total += 1;
        let body = match api::replay::replay_document(&engine, api::Document::Text(&line)) {
            Ok(r) => {
                if r.identical {
                    identical += 1;
                }
                api::to_canonical(&r)
            }
            Err(e) => {
                failed += 1;
                format!("{{\"error\":{}}}", api::error_json(&e))
            }
        };
        // `{"line": n, ...the result's fields}`.
        let rest = body.strip_prefix('{').unwrap_or(&body);
        if writeln!(out, "{{\"line\":{n},{rest}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    eprintln!(
        "amends: {total} decision(s): {identical} identical, {} different, {failed} unreadable (policy {} {})",
        total - identical - failed,
        engine.policy_ref().id,
        engine.policy_ref().version
    );
    if identical == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
