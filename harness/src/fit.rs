//! Whether a run's stream fits in memory, decided before anything is generated: a run holds
//! its whole stream and the reference's results, so a size the machine cannot hold would
//! otherwise end the process with an allocation failure (an abort, not an error).

use std::fs;
use workloads::catalog::Source;
use workloads::nexmark::gen::NexmarkEvent;
use workloads::{Input, Output, PayloadSize};

/// Bytes a run holds per event: the event with its schedule, its payload, and up to one
/// reference result (the reference's output and its index for matching; a stateless plan has
/// one result per event, a windowed one fewer).
pub fn bytes_per_event(payload_bytes: f64) -> f64 {
    (std::mem::size_of::<Input>() + 2 * std::mem::size_of::<Output>()) as f64 + payload_bytes
}

/// Estimated bytes for a stream of `events` events and its reference.
pub fn estimate(events: f64, payload_bytes: f64) -> f64 {
    events * bytes_per_event(payload_bytes)
}

/// Bytes this process can still allocate: the kernel's `MemAvailable`, or what is left
/// under a cgroup limit when that is less. `None` where neither can be read.
pub fn available() -> Option<f64> {
    let meminfo = fs::read_to_string("/proc/meminfo").ok().and_then(|t| {
        t.lines()
            .find_map(|l| l.strip_prefix("MemAvailable:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb * 1024.0)
    });
    let read = |p: &str| {
        fs::read_to_string(p)
            .ok()
            .and_then(|t| t.trim().parse::<f64>().ok())
    };
    // cgroup v2: `memory.max` is `max` when unlimited, which does not parse.
    let cgroup = read("/sys/fs/cgroup/memory.max")
        .map(|max| max - read("/sys/fs/cgroup/memory.current").unwrap_or(0.0));
    match (meminfo, cgroup) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `Err` with the estimate and what is available when `events` events (with payloads of
/// `payload_bytes` on average) cannot fit in `available` bytes.
pub fn check_against(events: f64, payload_bytes: f64, available: f64) -> Result<(), String> {
    let need = estimate(events, payload_bytes);
    if need <= available {
        return Ok(());
    }
    Err(format!(
        "{} events need about {} in memory ({:.0} bytes per event, with the reference's results), \
         but {} are available",
        events.round(),
        human(need),
        bytes_per_event(payload_bytes),
        human(available)
    ))
}

/// [`check_against`] this machine's available memory (no check where it cannot be read).
pub fn check(events: f64, payload_bytes: f64) -> Result<(), String> {
    match available() {
        Some(a) => check_against(events, payload_bytes, a),
        None => Ok(()),
    }
}

/// Mean heap bytes of one event's payload: a synthetic payload's bytes with their shared
/// buffer, or a Nexmark record (its strings guessed at 64 bytes).
fn payload_bytes(source: &Source, payload: PayloadSize) -> f64 {
    const SHARED: usize = 16 + std::mem::size_of::<Vec<u8>>();
    match source {
        Source::Synthetic(_) if payload.max > 0 => {
            (payload.min + payload.max) as f64 / 2.0 + SHARED as f64
        }
        Source::Nexmark(_) => (16 + std::mem::size_of::<NexmarkEvent>() + 64) as f64,
        _ => 0.0,
    }
}

/// [`check`] for a run of `source`'s stream held by `copies` processes on this machine (a
/// multi-process run on one host generates it in every member and in the coordinator).
pub fn check_source(source: &Source, payload: PayloadSize, copies: usize) -> Result<(), String> {
    check(
        source.events() as f64 * copies.max(1) as f64,
        payload_bytes(source, payload),
    )
}

/// Bytes as `1.5 GB` (decimal units, as the message's estimate is rough anyway).
fn human(bytes: f64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = bytes.max(0.0);
    let mut u = 0;
    while v >= 1000.0 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if v.is_finite() {
        format!("{v:.1} {}", UNITS[u])
    } else {
        "more than can be counted".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_with_the_estimate_and_what_is_available() {
        let per = bytes_per_event(0.0);
        assert!(check_against(1000.0, 0.0, 1000.0 * per).is_ok());
        let e = check_against(1e9, 0.0, 8e9).unwrap_err();
        assert!(e.starts_with("1000000000 events need about "), "{e}");
        assert!(e.contains("but 8.0 GB are available"), "{e}");
        assert!(estimate(10.0, 100.0) > estimate(10.0, 0.0));
    }

    #[test]
    fn reads_some_memory_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(available().is_some_and(|a| a > 0.0));
        }
    }
}
