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
    /// Threads assessing cases; the machine's available parallelism when absent. Output
    /// stays in input order.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
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
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = match args.file.as_deref() {
        None => (Box::new(io::stdin()), None),
        Some(p) if p.as_os_str() == "-" => (Box::new(io::stdin()), None),
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
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let progress = progress_bar(size);
    let summary = pipeline(
        BufReader::with_capacity(1 << 16, input),
        &mut BufWriter::with_capacity(1 << 16, io::stdout().lock()),
        |chunk| assess_chunk(&engine, now, args.sections, chunk),
        jobs.max(1),
        args.fail_fast,
        &progress,
    );
    progress.finish_and_clear();
    match summary {
        Err(Stop::ReadError(e)) => {
            eprintln!("amends: read error: {e}");
            ExitCode::from(2)
        }
        // The reader of our output went away (e.g. `| head`): stop quietly.
        Err(Stop::WriteError) => ExitCode::SUCCESS,
        Ok((_, 0)) => ExitCode::SUCCESS,
        Ok((n, failed)) => {
            eprintln!("amends: {failed} of {n} line(s) failed");
            ExitCode::from(1)
        }
    }
}

/// Lines read per chunk: large enough that handing chunks between threads costs little,
/// small enough that the chunks in flight stay a few megabytes.
const CHUNK_LINES: usize = 256;

/// A run of input lines, numbered from `first` (1-based).
struct Chunk {
    seq: u64,
    first: u64,
    lines: Vec<Vec<u8>>,
}

/// What a chunk became: the output lines, and where the first failure is.
struct Done {
    seq: u64,
    /// One output line per non-blank input line, with its newline.
    out: Vec<u8>,
    /// Input lines in the chunk.
    lines: u64,
    /// Failed lines in the chunk.
    failed: u64,
    /// The first failure: its line number and the end of its output in `out`.
    first_failure: Option<(u64, usize)>,
}

enum Stop {
    ReadError(io::Error),
    WriteError,
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
    for (line, buf) in (chunk.first..).zip(&chunk.lines) {
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match assess_line(engine, now, sections, buf) {
            Ok(a) => sections.write(&a),
            Err(e) => {
                done.failed += 1;
                api::to_canonical(&LineError {
                    line,
                    error: (&e).into(),
                })
            }
        };
        done.out.extend_from_slice(text.as_bytes());
        done.out.push(b'\n');
        if done.failed == 1 && done.first_failure.is_none() {
            done.first_failure = Some((line, done.out.len()));
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
    buf: &[u8],
) -> Result<amends::Assessment, amends::Error> {
    api::catch_panic(|| engine.assess_document_sections(api::Document::Bytes(buf), now, sections))
}

/// Reads lines in chunks, runs `work` on `jobs` threads and writes the results in input
/// order. At most `2 * jobs` chunks are in flight, so memory stays constant however long
/// the input. Returns the lines read and the lines that failed; with `fail_fast`, output
/// stops after the first failed line.
fn pipeline<R, W, F>(
    mut reader: R,
    out: &mut W,
    work: F,
    jobs: usize,
    fail_fast: bool,
    progress: &indicatif::ProgressBar,
) -> Result<(u64, u64), Stop>
where
    R: BufRead + Send,
    W: Write,
    F: Fn(Chunk) -> Done + Sync,
{
    use std::sync::atomic::{AtomicBool, Ordering};
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

    let stopped = &stop;
    std::thread::scope(|scope| {
        let read = scope.spawn(move || -> Result<(), io::Error> {
            let mut seq = 0;
            let mut next_line = 1;
            loop {
                if token_rx.recv().is_err() || stopped.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let mut lines = Vec::with_capacity(CHUNK_LINES);
                while lines.len() < CHUNK_LINES {
                    let mut buf = Vec::new();
                    let read = reader.read_until(b'\n', &mut buf)?;
                    if read == 0 {
                        break;
                    }
                    progress.inc(read as u64);
                    lines.push(buf);
                }
                if lines.is_empty() {
                    return Ok(());
                }
                let first = next_line;
                next_line += lines.len() as u64;
                if chunk_tx.send(Chunk { seq, first, lines }).is_err() {
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
                if out.write_all(d.out.get(..end).unwrap_or_default()).is_err() {
                    outcome = Err(Stop::WriteError);
                    break 'write;
                }
                if let Some((line, _)) = cut {
                    lines = line;
                    failed += 1;
                    break 'write;
                }
                lines += d.lines;
                failed += d.failed;
                let _ = token_tx.send(());
            }
        }
        // Unblock and stop the reader and the workers, whatever ended the loop.
        stop.store(true, Ordering::Relaxed);
        drop(token_tx);
        drop(done_rx);
        let read = read.join();
        if outcome.is_ok() && out.flush().is_err() {
            outcome = Err(Stop::WriteError);
        }
        match (outcome, read) {
            (Err(e), _) => Err(e),
            (Ok(()), Ok(Err(e))) => Err(Stop::ReadError(e)),
            _ => Ok((lines, failed)),
        }
    })
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
