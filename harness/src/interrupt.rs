//! Ctrl-C and SIGTERM: the first one asks the suite to stop after keeping every finished run
//! and writing the report; a second one ends the process the usual way. A service manager's
//! SIGTERM gets the same orderly stop as a user's Ctrl-C.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, OnceLock};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
/// The signal that raised the flag (0: none yet).
static SIGNAL: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    if let Some(f) = FLAG.get() {
        f.store(true, Ordering::SeqCst);
    }
    SIGNAL.store(sig, Ordering::SeqCst);
    // SAFETY: signal(2) is async-signal-safe; restoring the default makes a second one
    // terminate the process.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::signal(libc::SIGTERM, libc::SIG_DFL);
    }
}

/// Installs the handler for SIGINT and SIGTERM (once) and returns the flag it raises.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = FLAG
        .get_or_init(|| Arc::new(AtomicBool::new(false)))
        .clone();
    // SAFETY: the handler only touches atomics and calls signal(2).
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
    flag
}

/// The exit code of a stopped command: 128 + the signal, as a shell reports a process that
/// signal killed (130 for Ctrl-C, 143 for SIGTERM).
pub fn exit_code() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 130,
        s => (128 + s).clamp(0, 255) as u8,
    }
}

/// The signal's name, for the message.
pub fn signal_name() -> &'static str {
    match SIGNAL.load(Ordering::SeqCst) {
        libc::SIGTERM => "SIGTERM",
        _ => "interrupted",
    }
}
