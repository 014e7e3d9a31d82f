//! Progress on standard error: cases done, rate and failures.
//!
//! On a terminal (or with `--progress` when standard error is one) a live bar: a byte bar
//! with its ETA when the input is a file of known size, a spinner on standard input.
//! With `--progress` when standard error is not a terminal (a log file, CI), one plain
//! line at most every second: `amends: progress: 1200 cases, 3 failed, 410 cases/s`.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How progress is shown.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    started: Instant,
    last_plain: Instant,
    cases: u64,
    failed: u64,
}

impl Progress {
    /// Progress for an input of `size` bytes (`None`: standard input); `forced` is
    /// `--progress`.
    pub fn new(size: Option<u64>, forced: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        // The command line is a host: progress timing may read the clock.
        #[allow(clippy::disallowed_methods)]
        let now = Instant::now();
        let mut p = Progress {
            bar: None,
            plain: forced && !terminal,
            started: now,
            last_plain: now,
            cases: 0,
            failed: 0,
        };
        if terminal {
            let (bar, template) = match size {
                Some(len) => (
                    indicatif::ProgressBar::new(len),
                    "{bar:30} {percent:>3}% {msg} eta {eta}",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {msg} {elapsed}",
                ),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            p.bar = Some(bar);
        }
        p
    }

    fn message(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            // A display figure, not money: the rate on a terminal.
            (self.cases as f64 / secs).round()
        } else {
            0.0
        };
        format!(
            "{} cases, {} failed, {rate} cases/s",
            self.cases, self.failed
        )
    }

    /// Bytes read so far (the position of the byte bar).
    pub fn read(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    /// `cases` more written, `failed` of them failures.
    pub fn done(&mut self, cases: u64, failed: u64) {
        self.cases = self.cases.saturating_add(cases);
        self.failed = self.failed.saturating_add(failed);
        if let Some(bar) = &self.bar {
            bar.set_message(self.message());
        }
        if self.plain && self.last_plain.elapsed() >= Duration::from_secs(1) {
            #[allow(clippy::disallowed_methods)] // the host's clock, for display
            let now = Instant::now();
            self.last_plain = now;
            crate::out::say(&format!("progress: {}", self.message()));
        }
    }

    /// Clears the bar; a plain progress ends with its final line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.plain {
            crate::out::say(&format!("progress: {} (done)", self.message()));
        }
    }
}
