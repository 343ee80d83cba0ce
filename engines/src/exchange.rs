//! Bytes this process's engine sent to other processes through its exchange, counted where
//! an engine can see them (timely: its network threads log every message they send), so a
//! multi-process run can say what a record costs on the wire — the simulator's
//! `exchange.bytes_per_record`, measured instead of assumed. One counter per process: a
//! member process runs one engine at a time, and reads and clears it after each run.

use std::sync::atomic::{AtomicU64, Ordering};

static SENT: AtomicU64 = AtomicU64::new(0);

/// Counts `bytes` sent to another process.
pub fn add_sent(bytes: u64) {
    SENT.fetch_add(bytes, Ordering::Relaxed);
}

/// The bytes sent since the last call, and clears the count.
pub fn take_sent() -> u64 {
    SENT.swap(0, Ordering::Relaxed)
}
