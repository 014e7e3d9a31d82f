//! `amends assess`: streams JSON Lines of cases through the engine in bounded memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use amends::{api, Diagnostic};
use amends_cli::lines::{self, Lines, Record};
use amends_cli::out::{self, Out, Stop};
use amends_cli::progress::Progress;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The most threads `--jobs` accepts: each holds at most two chunks of input and output
/// in memory (docs/limits.md).
pub const MAX_JOBS: usize = 256;

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
    /// Threads assessing cases, 1 to 256; the machine's available parallelism when
    /// absent. Output stays in input order.
    #[arg(long, short = 'j', value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Show progress (cases, rate, failures) on standard error even when it is not a
    /// terminal; on a terminal it is always shown.
    #[arg(long)]
    progress: bool,
    /// Which sections to write: `full` (every section and the trace, schema `assessment`)
    /// or `decision` (what was decided only, schema `decision`).
    #[arg(long, default_value = "full", value_parser = parse_sections)]
    sections: api::Sections,
}

fn parse_sections(s: &str) -> Result<api::Sections, String> {
    api::Sections::parse(s).map_err(|e| e.to_string())
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    api::parse_now(s).map_err(|e| e.to_string())
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(format!(
            "input.out_of_range: --jobs takes a whole number from 1 to {MAX_JOBS}"
        )),
    }
}

/// An error record written in place of an assessment.
#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    error: amends::error::ErrorReport<'a>,
}

pub fn run(args: &Args) -> ExitCode {
    out::exit(assess(args))
}

fn assess(args: &Args) -> Result<ExitCode, Stop> {
    let engine = crate::load_engine(args.policy.as_deref())?;
    // The command line is a host: it may read the clock the core never reads.
    #[allow(clippy::disallowed_methods)]
    let now = args.now.unwrap_or_else(Utc::now);
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = match args.file.as_deref() {
        None => (Box::new(io::stdin()), None),
        Some(p) if p.as_os_str() == "-" => (Box::new(io::stdin()), None),
        Some(p) => match File::open(p) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Box::new(f), size)
            }
            Err(e) => {
                return Err(Stop::cannot_run(Diagnostic::new(
                    "io.read",
                    p.display().to_string(),
                    format!("cannot read {}: {e}", p.display()),
                )))
            }
        },
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(MAX_JOBS)
    });
    let mut progress = Progress::new(size, args.progress);
    let max_line = engine.limits().max_case_bytes;
    let mut output = Out::new();
    let summary = pipeline(
        Lines::new(BufReader::with_capacity(1 << 16, input), max_line),
        &mut output,
        |chunk| assess_chunk(&engine, now, args.sections, chunk),
        jobs.max(1),
        args.fail_fast,
        &mut progress,
    );
    progress.finish();
    let (n, failed) = summary?;
    output.finish()?;
    if failed == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        out::say(&format!("{failed} of {n} line(s) failed"));
        Ok(ExitCode::from(1))
    }
}

/// Lines read per chunk at most: large enough that handing chunks between threads costs
/// little, small enough that the chunks in flight stay a few megabytes.
const CHUNK_LINES: usize = 256;

/// Bytes of input per chunk: a chunk ends at the line that reaches this many, so a
/// chunk holds at most this plus one line (`max_case_bytes`).
const CHUNK_BYTES: usize = 1 << 20;

/// A run of input lines.
struct Chunk {
    seq: u64,
    lines: Vec<Record>,
}

/// What a chunk became: the output lines, and where the first failure is.
struct Done {
    seq: u64,
    /// One output line per non-blank input line, with its newline.
    out: Vec<u8>,
    /// Non-blank input lines in the chunk.
    lines: u64,
    /// Failed lines in the chunk.
    failed: u64,
    /// The first failure: how many lines of the chunk up to it, and the end of its
    /// output in `out`.
    first_failure: Option<(u64, usize)>,
}

fn assess_chunk(
    engine: &amends::Engine,
    now: DateTime<Utc>,
    sections: api::Sections,
    chunk: Chunk,
) -> Done {
    let mut done = Done {
        seq: chunk.seq,
        out: Vec::with_capacity(chunk.lines.len() * 4096),
        lines: chunk.lines.len() as u64,
        failed: 0,
        first_failure: None,
    };
    for (ordinal, record) in (1u64..).zip(chunk.lines) {
        let result = match &record.text {
            Ok(text) => assess_line(engine, now, sections, text).map_err(|mut e| {
                lines::explain(&mut e, text, record.unterminated);
                e
            }),
            Err(e) => Err(e.clone()),
        };
        match result {
            Ok(a) => sections.write_into(&a, &mut done.out),
            Err(e) => {
                done.failed += 1;
                api::to_canonical_into(
                    &LineError {
                        line: record.line,
                        error: (&e).into(),
                    },
                    &mut done.out,
                );
            }
        }
        done.out.push(b'\n');
        if done.failed == 1 && done.first_failure.is_none() {
            done.first_failure = Some((ordinal, done.out.len()));
        }
    }
    done
}

/// Parses and assesses one line. Should a bug make the core panic, the line gets the
/// core's `internal.panic` error record, as in the bindings, instead of stalling the
/// ordered output.
fn assess_line(
    engine: &amends::Engine,
    now: DateTime<Utc>,
    sections: api::Sections,
    text: &str,
) -> Result<amends::Assessment, amends::Error> {
    api::catch_panic(|| engine.assess_document_sections(api::Document::Text(text), now, sections))
}

/// Reads lines in chunks, runs `work` on `jobs` threads and writes the results in input
/// order. At most `2 * jobs` chunks are in flight, so memory stays bounded however long
/// the input. Returns the lines read and the lines that failed; with `fail_fast`, output
/// stops after the first failed line.
fn pipeline<R, F>(
    mut reader: Lines<R>,
    out: &mut Out,
    work: F,
    jobs: usize,
    fail_fast: bool,
    progress: &mut Progress,
) -> Result<(u64, u64), Stop>
where
    R: BufRead + Send,
    F: Fn(Chunk) -> Done + Sync,
{
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::mpsc::{sync_channel, Receiver};
    use std::sync::Mutex;

    let in_flight = 2 * jobs;
    let (chunk_tx, chunk_rx) = sync_channel::<Chunk>(in_flight);
    let chunk_rx = Mutex::new(chunk_rx);
    let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
    // A token per chunk in flight: the reader takes one, the writer gives it back.
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let stop = AtomicBool::new(false);
    let consumed = AtomicU64::new(0);

    let (stopped, read_bytes) = (&stop, &consumed);
    std::thread::scope(|scope| {
        let read = scope.spawn(move || -> Result<(), io::Error> {
            let mut seq = 0;
            loop {
                if token_rx.recv().is_err() || stopped.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let mut lines = Vec::with_capacity(CHUNK_LINES);
                let mut bytes = 0usize;
                while lines.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
                    let Some(record) = reader.next_record()? else {
                        break;
                    };
                    bytes += record.text.as_ref().map_or(0, String::len);
                    lines.push(record);
                }
                read_bytes.store(reader.consumed(), Ordering::Relaxed);
                if lines.is_empty() {
                    return Ok(());
                }
                if chunk_tx.send(Chunk { seq, lines }).is_err() {
                    return Ok(());
                }
                seq += 1;
            }
        });
        for _ in 0..jobs {
            let (rx, tx, work): (&Mutex<Receiver<Chunk>>, _, _) =
                (&chunk_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                let next = rx.lock().ok().and_then(|r| r.recv().ok());
                let Some(chunk) = next else { return };
                if tx.send(work(chunk)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        // Write in input order, holding early chunks until their turn.
        let (mut lines, mut failed) = (0u64, 0u64);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        'write: for done in done_rx.iter() {
            waiting.insert(done.seq, done);
            while let Some(d) = waiting.remove(&next) {
                next += 1;
                let cut = d.first_failure.filter(|_| fail_fast);
                let end = cut.map_or(d.out.len(), |(_, end)| end);
                if let Err(e) = out.write(d.out.get(..end).unwrap_or_default()) {
                    outcome = Err(e);
                    break 'write;
                }
                if let Some((upto, _)) = cut {
                    lines += upto;
                    failed += 1;
                    progress.done(1, 1);
                    break 'write;
                }
                lines += d.lines;
                failed += d.failed;
                progress.read(read_bytes.load(Ordering::Relaxed));
                progress.done(d.lines, d.failed);
                let _ = token_tx.send(());
            }
        }
        // Unblock and stop the reader and the workers, whatever ended the loop.
        stop.store(true, Ordering::Relaxed);
        drop(token_tx);
        drop(done_rx);
        let read = read.join();
        match (outcome, read) {
            (Err(e), _) => Err(e),
            (Ok(()), Ok(Err(e))) => Err(Stop::cannot_run(Diagnostic::new(
                "io.read",
                "",
                format!("cannot read the input: {e}"),
            ))),
            _ => Ok((lines, failed)),
        }
    })
}
