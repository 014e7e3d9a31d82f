//! `amends audit verify FILE`: checks a tamper-evident audit chain stored as JSON Lines
//! and reports the first broken link.
//!
//! Output (stdout, one line of canonical JSON):
//! - intact: `{"valid":true,"records":N,"head":"<hash of the last record>"}`, exit 0;
//! - broken: `{"valid":false,"line":L,"code":"audit.hash_mismatch","path":"[i].hash",
//!   "message":"..."}`, exit 1;
//! - unreadable file: `{"valid":false,"code":"io.read",...}` on stdout, exit 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde::Serialize;

/// Arguments of `amends audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// What to do with the chain.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// Subcommands of `amends audit`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify a chain stored as JSON Lines (one record per line); `-` reads stdin.
    Verify {
        /// The chain file.
        file: PathBuf,
        /// Also require the chain to end at this head hash (kept apart from the file),
        /// which detects records cut from the end.
        #[arg(long, value_name = "HASH")]
        head: Option<String>,
    },
}

#[derive(Default, Serialize)]
struct Report<'a> {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

fn print(r: &Report<'_>) {
    println!("{}", amends::api::to_canonical(r));
}

fn read(file: &PathBuf) -> std::io::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(file)
    }
}

/// Runs `amends audit ...`; the exit code is 0 for an intact chain, 1 for a broken
/// one, 2 when the file cannot be read.
pub fn run(args: &AuditArgs) -> ExitCode {
    match &args.command {
        AuditCommand::Verify { file, head } => verify(file, head.as_deref()),
    }
}

fn verify(file: &PathBuf, want_head: Option<&str>) -> ExitCode {
    let bytes = match read(file) {
        Ok(b) => b,
        Err(e) => {
            let msg = format!("cannot read {}: {e}", file.display());
            print(&Report {
                code: Some("io.read"),
                message: Some(&msg),
                ..Report::default()
            });
            return ExitCode::from(2);
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("the file is not UTF-8: {e}");
            let line = bytes
                .get(..e.valid_up_to())
                .map_or(1, |b| b.iter().filter(|&&c| c == b'\n').count() + 1);
            print(&Report {
                line: Some(line),
                code: Some("audit.malformed"),
                message: Some(&msg),
                ..Report::default()
            });
            return ExitCode::from(1);
        }
    };
    match amends::audit::verify_jsonl(text) {
        Ok(summary) => {
            if let Some(want) = want_head {
                if !want.eq_ignore_ascii_case(&summary.head) {
                    let msg = format!(
                        "the chain ends at {} after {} records, not at the expected head",
                        summary.head, summary.records
                    );
                    print(&Report {
                        records: Some(summary.records),
                        head: Some(&summary.head),
                        code: Some("audit.head_mismatch"),
                        message: Some(&msg),
                        ..Report::default()
                    });
                    return ExitCode::from(1);
                }
            }
            print(&Report {
                valid: true,
                records: Some(summary.records),
                head: Some(&summary.head),
                ..Report::default()
            });
            ExitCode::SUCCESS
        }
        Err(d) => {
            let line = d
                .path
                .strip_prefix('[')
                .and_then(|p| p.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .map(|i| i + 1);
            print(&Report {
                line,
                code: Some(&d.code),
                path: Some(&d.path),
                message: Some(&d.message),
                ..Report::default()
            });
            ExitCode::from(1)
        }
    }
}
