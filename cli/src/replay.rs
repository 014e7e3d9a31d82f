//! `amends replay`: re-assesses stored decisions under the current engine and policy and
//! reports, per case, whether the decision is identical or exactly what differs.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use amends::api;
use amends::Diagnostic;
use amends_cli::lines::{self, Lines};
use amends_cli::out::{self, Out, Stop};

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

/// Longest stored decision: a case and its assessment, with room for the trace.
const MAX_LINE: usize = 4 * amends::limits::MAX_CASE_BYTES;

/// Runs `amends replay`: one JSON line per record (`{"line", "case_id", "identical",
/// "differences"?}` or `{"line", "error"}`), a summary on standard error; exit 0 when
/// every decision is identical, 1 when one differs or a record is malformed, 2 when a
/// file or the policy cannot be read.
pub fn run(args: &Args) -> ExitCode {
    out::exit(replay(args))
}

fn replay(args: &Args) -> Result<ExitCode, Stop> {
    let engine = crate::load_engine(args.policy.as_deref())?;
    let reader: Box<dyn BufRead> = if args.decisions.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&args.decisions) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                return Err(Stop::cannot_run(Diagnostic::new(
                    "io.read",
                    args.decisions.display().to_string(),
                    format!("cannot read {}: {e}", args.decisions.display()),
                )))
            }
        }
    };
    let mut w = Out::new();
    let (mut total, mut identical, mut failed) = (0u64, 0u64, 0u64);
    for record in Lines::new(reader, MAX_LINE) {
        let record = record.map_err(|e| {
            Stop::cannot_run(Diagnostic::new(
                "io.read",
                "",
                format!("cannot read the input: {e}"),
            ))
        })?;
        total += 1;
        let result = record.text.and_then(|text| {
            api::replay::replay_document(&engine, api::Document::Text(&text)).map_err(|mut e| {
                lines::explain(&mut e, &text, record.unterminated);
                e
            })
        });
        let body = match result {
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
        w.line(&format!("{{\"line\":{},{rest}", record.line))?;
    }
    w.finish()?;
    out::say(&format!(
        "{total} decision(s): {identical} identical, {} different, {failed} unreadable (policy {} {})",
        total - identical - failed,
        engine.policy_ref().id,
        engine.policy_ref().version
    ));
    Ok(if identical == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
