//! Ctrl-C and SIGTERM: the first one asks the suite to stop after keeping every finished run
//! and writing the report; a second one ends the process the usual way. A service manager's
//! SIGTERM gets the same orderly stop as a user's Ctrl-C.
//!
//! The handlers are signal-hook's flag actions (async-signal-safe stores into atomics, and
//! its emulation of the default action for the second signal), not a hand-written
//! `extern "C"` handler.

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
/// The signal that raised the flag (0: none yet).
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// Installs the handlers for SIGINT and SIGTERM (once per process) and returns the flag they
/// raise. If the handlers cannot be installed, a warning says so and the signals keep their
/// default action (the process ends; finished runs are on disk already).
pub fn stop_flag() -> Arc<AtomicBool> {
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        if let Err(e) = install(&flag) {
            eprintln!("warning: cannot handle Ctrl-C and SIGTERM ({e}); a signal ends the run");
        }
        flag
    })
    .clone()
}

fn install(stop: &Arc<AtomicBool>) -> std::io::Result<()> {
    for sig in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag as it was before this signal: a second
        // signal finds it raised and ends the process as if there were no handler.
        flag::register_conditional_default(sig, Arc::clone(stop))?;
        flag::register_usize(sig, &SIGNAL, sig as usize)?;
        flag::register(sig, Arc::clone(stop))?;
    }
    Ok(())
}

/// The exit code of a stopped command: 128 + the signal, as a shell reports a process that
/// signal killed (130 for Ctrl-C, 143 for SIGTERM).
pub fn exit_code() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        s => (128 + s).min(255) as u8,
    }
}

/// The signal's name, for the message.
pub fn signal_name() -> &'static str {
    match SIGNAL.load(Ordering::SeqCst) {
        s if s == SIGTERM as usize => "SIGTERM",
        _ => "interrupted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one test in this binary that signals itself: a second SIGTERM would end it.
    #[test]
    fn sigterm_raises_the_flag_and_names_itself() {
        let stop = stop_flag();
        assert!(!stop.load(Ordering::SeqCst));
        assert_eq!((exit_code(), signal_name()), (130, "interrupted"));
        // raise(3) runs the handler before it returns.
        signal_hook::low_level::raise(SIGTERM).unwrap();
        assert!(stop.load(Ordering::SeqCst));
        assert!(Arc::ptr_eq(&stop, &stop_flag()), "installed once");
        assert_eq!((exit_code(), signal_name()), (143, "SIGTERM"));
    }
}
