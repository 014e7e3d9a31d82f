//! Standard output and standard error for every subcommand.
//!
//! - Every write to standard output is checked. A write error ends the command with the
//!   one-line message `amends: output.write: cannot write to standard output: <cause>`
//!   on standard error and exit status 2 — except a closed pipe (`amends … | head`),
//!   which ends the command quietly with status 0: the reader has what it wanted.
//! - Whole records are written at a time, and `SIGTERM` is handled between records: the
//!   command flushes what it has written and exits with status 143 (128 + 15), so the
//!   output is always a prefix of whole lines. (A write blocked for two seconds on a
//!   reader that stopped reading does not hold the command up: it exits then.)
//! - Messages to standard error never fail the command (a closed or full standard error
//!   loses the message, nothing more): [`say`] and [`report`].

use std::io::{self, BufWriter, StdoutLock, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use amends::{Diagnostic, Error};

/// The exit status after `SIGTERM`.
pub const TERMINATED: u8 = 143;

/// Why a command stopped before its end.
#[derive(Debug)]
pub enum Stop {
    /// Standard output was closed by its reader: stop quietly, status 0.
    ClosedPipe,
    /// Stop with this diagnostic on standard error and this status.
    Fail(Box<Diagnostic>, u8),
}

impl Stop {
    /// Stops with `d` and status 2: the command could not run.
    pub fn cannot_run(d: Diagnostic) -> Stop {
        Stop::Fail(Box::new(d), 2)
    }

    /// Stops with the headline of `e` and status 2.
    pub fn error(e: &Error) -> Stop {
        Stop::cannot_run(headline(e))
    }

    /// A write error on standard output.
    pub fn write(e: &io::Error) -> Stop {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Stop::ClosedPipe;
        }
        Stop::cannot_run(Diagnostic::new(
            "output.write",
            "",
            format!("cannot write to standard output: {e}"),
        ))
    }
}

/// The first diagnostic of `e` (every error has one).
pub fn headline(e: &Error) -> Diagnostic {
    e.diagnostics()
        .first()
        .cloned()
        .unwrap_or_else(|| Diagnostic::new("internal.panic", "", e.to_string()))
}

/// `amends: <code>[ at <path>]: <message> (hint: <hint>)` on one line of standard error.
pub fn report(d: &Diagnostic) {
    say(&describe(d));
}

/// `<code>[ at <path>]: <message> (hint: <hint>)`.
pub fn describe(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{d} (hint: {h})"),
        None => d.to_string(),
    }
}

/// `amends: <text>` on standard error; a failing standard error is ignored.
pub fn say(text: &str) {
    let _ = writeln!(io::stderr().lock(), "amends: {text}");
}

/// The exit status of a command's result, reporting a failure on standard error.
pub fn exit(result: Result<ExitCode, Stop>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Stop::ClosedPipe) => ExitCode::SUCCESS,
        Err(Stop::Fail(d, code)) => {
            report(&d);
            ExitCode::from(code)
        }
    }
}

/// Held while a record is written, so that `SIGTERM` never ends the process in the
/// middle of one.
static WRITING: Mutex<()> = Mutex::new(());

/// Set by `SIGTERM`. The writer stops before its next record; a watcher stops a command
/// that is waiting for input, between two records.
fn terminated() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        // Should the handler not install, SIGTERM keeps its default action.
        if signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&flag)).is_ok() {
            let watched = Arc::clone(&flag);
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_millis(50));
                if watched.load(Ordering::Relaxed) {
                    // Wait for the record being written, but not for ever: a writer
                    // blocked on a reader that no longer reads must not make the
                    // command ignore SIGTERM.
                    for _ in 0..40 {
                        if let Ok(_whole) = WRITING.try_lock() {
                            stop_terminated();
                        }
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    stop_terminated();
                }
            });
        }
        flag
    })
}

fn stop_terminated() -> ! {
    say("stopped by SIGTERM; the output ends after the last whole line");
    std::process::exit(i32::from(TERMINATED));
}

/// Standard output, buffered, with checked writes.
pub struct Out {
    w: BufWriter<StdoutLock<'static>>,
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

impl Out {
    /// Standard output, with `SIGTERM` handled between records.
    pub fn new() -> Out {
        terminated();
        Out {
            w: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
        }
    }

    /// Writes whole records (bytes ending in a line end, or a document). After
    /// `SIGTERM`, flushes what was written before and exits with status 143.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        let _whole = WRITING.lock();
        if terminated().load(Ordering::Relaxed) {
            let _ = self.w.flush();
            stop_terminated();
        }
        self.w.write_all(bytes).map_err(|e| Stop::write(&e))
    }

    /// Writes `text` and a line end.
    pub fn line(&mut self, text: &str) -> Result<(), Stop> {
        let mut s = String::with_capacity(text.len() + 1);
        s.push_str(text);
        s.push('\n');
        self.write(s.as_bytes())
    }

    /// Flushes; a command's output is complete only once this succeeded.
    pub fn finish(&mut self) -> Result<(), Stop> {
        let _whole = WRITING.lock();
        self.w.flush().map_err(|e| Stop::write(&e))
    }
}
