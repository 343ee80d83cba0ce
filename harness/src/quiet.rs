//! `--quiet` for engines: a panicking engine fails its run, and the run's reason quotes the
//! panic's message, so the panic's own report on stderr (with its backtrace note) is noise a
//! quiet suite must not print. Panics outside a run are bugs of streambench and still print.
//! This hook serves `--in-process` runs: a contained run's worker is quietened by its parent,
//! which does not pass the worker's stderr on (and still quotes it in the run's reason).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs executing now in this process (engine threads panic on threads streambench did not
/// start, so the panic hook cannot tell them apart by thread).
static IN_RUN: AtomicUsize = AtomicUsize::new(0);

/// Silences the reports of panics raised while a run executes.
pub fn silence_engine_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if IN_RUN.load(Ordering::SeqCst) == 0 {
            default(info);
        }
    }));
}

/// Marks a run as executing until dropped.
pub struct InRun(());

impl InRun {
    /// A run starts.
    pub fn enter() -> Self {
        IN_RUN.fetch_add(1, Ordering::SeqCst);
        InRun(())
    }
}

impl Drop for InRun {
    fn drop(&mut self) {
        IN_RUN.fetch_sub(1, Ordering::SeqCst);
    }
}
