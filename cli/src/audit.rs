//! `amends audit verify FILE`: checks a tamper-evident audit chain stored as JSON Lines
//! and reports the first broken link; `amends audit append FILE`: appends records after
//! verifying the chain. Both read the chain one line at a time.
//!
//! Output (stdout, one line of canonical JSON):
//! - intact: `{"valid":true,"records":N,"head":"<hash of the last record>"}`, exit 0;
//! - broken: `{"valid":false,"line":L,"code":"audit.hash_mismatch","path":"[i].hash",
//!   "message":"..."}`, exit 1;
//! - unreadable file: `{"valid":false,"code":"io.read",...}` on stdout, exit 2.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use amends::{audit, Diagnostic};
use amends_cli::lines::{self, Lines};
use amends_cli::out::{self, Stop};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};

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
    /// Append records to a chain file, after verifying the chain already in it.
    ///
    /// Each input line is `{"kind": K, "case_id": ID, "payload": JSON, "recorded_at"?:
    /// TIME}` (`recorded_at` defaults to `--now`, else the clock). The file must exist
    /// (an empty file is an empty chain).
    Append {
        /// The chain file.
        file: PathBuf,
        /// JSON Lines of records to append; standard input if left out.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Require the chain to end at this head hash before appending.
        #[arg(long, value_name = "HASH")]
        head: Option<String>,
        /// The time of records without `recorded_at` (RFC 3339); the clock if left out.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    amends::api::parse_now(s).map_err(|e| e.to_string())
}

#[derive(Default, Serialize)]
struct Report<'a> {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appended: Option<usize>,
    /// For `append`: whether `line` is a line of the `chain` or of the `input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

impl<'a> Report<'a> {
    fn problem(line: Option<u64>, d: &'a Diagnostic) -> Report<'a> {
        Report {
            line,
            code: Some(&d.code),
            path: Some(&d.path).filter(|p| !p.is_empty()).map(String::as_str),
            message: Some(&d.message),
            hint: d.hint.as_deref(),
            ..Report::default()
        }
    }
}

fn print(r: &Report<'_>, code: u8) -> Result<ExitCode, Stop> {
    crate::print_all(format!("{}\n", amends::api::to_canonical(r)).as_bytes())?;
    Ok(ExitCode::from(code))
}

/// Runs `amends audit ...`; the exit code is 0 for an intact chain, 1 for a broken
/// one (or a bad record to append), 2 when a file cannot be read or written.
pub fn run(args: &AuditArgs) -> ExitCode {
    out::exit(match &args.command {
        AuditCommand::Verify { file, head } => verify(file, head.as_deref()),
        AuditCommand::Append {
            file,
            input,
            head,
            now,
        } => append(file, input.as_deref(), head.as_deref(), *now),
    })
}

fn open(file: &Path) -> Result<Box<dyn BufRead>, Diagnostic> {
    if file.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    std::fs::File::open(file)
        .map(|f| Box::new(std::io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
        .map_err(|e| cannot_read(file, &e))
}

fn cannot_read(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        "io.read",
        "",
        format!("cannot read {}: {e}", file.display()),
    )
}

/// A chain that did not verify: where, and why.
struct Broken {
    line: Option<u64>,
    diagnostic: Diagnostic,
    /// The file could not be read (exit 2), rather than a broken link (exit 1).
    unreadable: bool,
}

/// Verifies the chain in `file` one line at a time (at most one record, of at most
/// `audit::MAX_RECORD_BYTES`, in memory).
fn verify_file(file: &Path) -> Result<audit::JsonlVerifier, Broken> {
    let unreadable = |diagnostic| Broken {
        line: None,
        diagnostic,
        unreadable: true,
    };
    let reader = open(file).map_err(unreadable)?;
    let mut verifier = audit::JsonlVerifier::new();
    for record in Lines::new(reader, audit::MAX_RECORD_BYTES) {
        let record = record.map_err(|e| unreadable(cannot_read(file, &e)))?;
        let index = usize::try_from(record.line.saturating_sub(1)).unwrap_or(usize::MAX);
        let checked = match &record.text {
            Ok(text) => verifier.check_line(index, text).map(|_| ()),
            Err(e) => {
                let d = out::headline(e);
                Err(
                    Diagnostic::new("audit.malformed", format!("[{index}]"), d.message)
                        .hint(format!("line {} is not an audit record", record.line)),
                )
            }
        };
        if let Err(diagnostic) = checked {
            let line = diagnostic
                .path
                .strip_prefix('[')
                .and_then(|p| p.split(']').next())
                .and_then(|n| n.parse::<u64>().ok())
                .map(|i| i + 1);
            return Err(Broken {
                line,
                diagnostic,
                unreadable: false,
            });
        }
    }
    Ok(verifier)
}

fn head_mismatch(summary: &audit::ChainSummary, want: &str) -> Option<Diagnostic> {
    (!want.eq_ignore_ascii_case(&summary.head)).then(|| {
        Diagnostic::new(
            "audit.head_mismatch",
            "",
            format!(
                "the chain ends at {} after {} records, not at the expected head",
                summary.head, summary.records
            ),
        )
    })
}

fn verify(file: &Path, want_head: Option<&str>) -> Result<ExitCode, Stop> {
    let verifier = match verify_file(file) {
        Ok(v) => v,
        Err(b) => {
            let code = if b.unreadable { 2 } else { 1 };
            return print(&Report::problem(b.line, &b.diagnostic), code);
        }
    };
    let summary = verifier.summary();
    if let Some(d) = want_head.and_then(|w| head_mismatch(&summary, w)) {
        return print(
            &Report {
                records: Some(summary.records),
                head: Some(&summary.head),
                ..Report::problem(None, &d)
            },
            1,
        );
    }
    print(
        &Report {
            valid: true,
            records: Some(summary.records),
            head: Some(&summary.head),
            ..Report::default()
        },
        0,
    )
}

/// One record to append.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewRecord {
    kind: String,
    case_id: String,
    payload: serde_json::Value,
    #[serde(default)]
    recorded_at: Option<DateTime<Utc>>,
}

fn append(
    file: &Path,
    input: Option<&Path>,
    want_head: Option<&str>,
    now: Option<DateTime<Utc>>,
) -> Result<ExitCode, Stop> {
    let chain_problem = |line, d: &Diagnostic, code| {
        print(
            &Report {
                appended: Some(0),
                source: Some("chain"),
                ..Report::problem(line, d)
            },
            code,
        )
    };
    if file.as_os_str() == "-" {
        let d = Diagnostic::new("io.read", "", "the chain must be a file to append to")
            .hint("name the chain file; records to append come from --input or stdin");
        return chain_problem(None, &d, 2);
    }
    let mut verifier = match verify_file(file) {
        Ok(v) => v,
        Err(b) => {
            return chain_problem(b.line, &b.diagnostic, if b.unreadable { 2 } else { 1 });
        }
    };
    let before = verifier.summary();
    if let Some(d) = want_head.and_then(|w| head_mismatch(&before, w)) {
        return chain_problem(None, &d, 1);
    }
    // The command line is a host: it may read the clock the core never reads.
    #[allow(clippy::disallowed_methods)]
    let now = now.unwrap_or_else(Utc::now);
    let cannot_write = |e: std::io::Error| {
        Stop::cannot_run(Diagnostic::new(
            "output.write",
            "",
            format!("cannot write {}: {e}", file.display()),
        ))
    };
    let mut chain = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .map_err(cannot_write)?;
    // A last line without its line end gets one, so the first new record starts a line.
    if ends_without_newline(file).map_err(cannot_write)? {
        chain.write_all(b"\n").map_err(cannot_write)?;
    }
    let mut w = std::io::BufWriter::new(chain);
    let reader = match input {
        None => Box::new(std::io::stdin().lock()) as Box<dyn BufRead>,
        Some(p) => open(p).map_err(Stop::cannot_run)?,
    };
    let mut appended = 0usize;
    let mut failure = None;
    for record in Lines::new(reader, audit::MAX_RECORD_BYTES) {
        let record = record
            .map_err(|e| Stop::cannot_run(cannot_read(input.unwrap_or(Path::new("-")), &e)))?;
        let line = record.line;
        let built = record.text.and_then(|text| {
            amends::api::parse_input_with::<NewRecord>(&text, &record_limits()).map_err(|mut e| {
                lines::explain(&mut e, &text, record.unterminated);
                e
            })
        });
        let new = match built {
            Ok(n) => n,
            Err(e) => {
                failure = Some((line, out::headline(&e)));
                break;
            }
        };
        let r = audit::AuditRecord::new(
            verifier.last(),
            &new.kind,
            &new.case_id,
            new.payload,
            new.recorded_at.unwrap_or(now),
        );
        let text = amends::api::to_canonical(&r);
        let index = before.records + appended;
        if let Err(d) = verifier.check_line(index, &text) {
            failure = Some((line, d));
            break;
        }
        w.write_all(text.as_bytes()).map_err(cannot_write)?;
        w.write_all(b"\n").map_err(cannot_write)?;
        appended += 1;
    }
    let chain = w.into_inner().map_err(|e| cannot_write(e.into_error()))?;
    chain.sync_all().map_err(cannot_write)?;
    let after = verifier.summary();
    match failure {
        None => print(
            &Report {
                valid: true,
                records: Some(after.records),
                head: Some(&after.head),
                appended: Some(appended),
                ..Report::default()
            },
            0,
        ),
        Some((line, d)) => print(
            &Report {
                records: Some(after.records),
                head: Some(&after.head),
                appended: Some(appended),
                source: Some("input"),
                ..Report::problem(Some(line), &d)
            },
            1,
        ),
    }
}

fn record_limits() -> amends::limits::Limits {
    amends::limits::Limits {
        max_case_bytes: audit::MAX_RECORD_BYTES,
        ..amends::limits::Limits::default()
    }
}

fn ends_without_newline(file: &Path) -> std::io::Result<bool> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(file)?;
    if f.metadata()?.len() == 0 {
        return Ok(false);
    }
    f.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    std::io::Read::read_exact(&mut f, &mut last)?;
    Ok(last != [b'\n'])
}
