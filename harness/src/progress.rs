//! Progress on stderr: a bar with the current run, runs done of total and an ETA on a
//! terminal; one line per run otherwise; nothing with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Reports suite progress.
pub struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
    total: u64,
    done: u64,
}

impl Progress {
    /// Progress over `total` runs.
    pub fn new(total: u64, quiet: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} runs, ETA {eta}  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            lines: !quiet && !terminal,
            total,
            done: 0,
        }
    }

    /// A run starts.
    pub fn start(&mut self, what: &str) {
        if let Some(b) = &self.bar {
            b.set_message(what.to_string());
        } else if self.lines {
            eprintln!("[{}/{}] {what}", self.done + 1, self.total);
        }
    }

    /// A run ended; `note` is shown when something went wrong.
    pub fn finish(&mut self, note: Option<String>) {
        self.done += 1;
        if let Some(b) = &self.bar {
            if let Some(n) = note {
                b.println(n);
            }
            b.inc(1);
        } else if let (true, Some(n)) = (self.lines, note) {
            eprintln!("  {n}");
        }
    }

    /// Removes the bar.
    pub fn close(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
