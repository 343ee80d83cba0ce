//! Whether a run fits in memory, decided before anything is generated, so that a size the
//! machine cannot hold is refused rather than end the process with an allocation failure
//! (an abort, not an error).
//!
//! A run no longer holds its stream (it is generated part by part as it is injected), only
//! the reference's results, to match the delivered ones against: how many a plan makes per
//! event is measured on a prefix of the stream. The prefix's open windows are flushed at its
//! end, which overstates a windowed plan's results rather than understates them; where that
//! overstatement alone would refuse a run, a longer prefix is evaluated (each four times the
//! last), since the flushed windows weigh less the more closed ones the prefix holds.

use std::fs;
use workloads::catalog::{Source, Workload};
use workloads::nexmark::gen::NexmarkEvent;
use workloads::reference::Evaluator;
use workloads::{Chunks, Input, Output, PayloadSize};

/// Events of the first prefix the results per event are measured on.
const SAMPLE_EVENTS: usize = 100_000;

/// A longer prefix is at most this share of the run's events (1/32): evaluating it costs a
/// few per cent of the run's own generating.
const SAMPLE_SHARE: usize = 32;

/// Bytes held per reference result: the result (twice, as the vector collecting them may
/// double), its matching key (24 bytes) and its delivered flag.
pub const BYTES_PER_RESULT: f64 = (2 * std::mem::size_of::<Output>() + 24 + 1) as f64;

/// Bytes held per event when the whole stream is held as well (`dump --outputs`): the event
/// with its schedule and up to one reference result.
pub fn bytes_per_event(payload_bytes: f64) -> f64 {
    std::mem::size_of::<Input>() as f64 + BYTES_PER_RESULT + payload_bytes
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

/// `Err` with the estimate and what is available when `events` events, needing
/// `per_event` bytes each (`what` says for what), cannot fit in `available` bytes.
fn judge(events: f64, per_event: f64, what: &str, available: f64) -> Result<(), String> {
    let need = events * per_event;
    if need <= available {
        return Ok(());
    }
    Err(format!(
        "{} events need about {} in memory ({per_event:.0} bytes per event, {what}), \
         but {} are available",
        events.round(),
        human(need),
        human(available)
    ))
}

/// `Err` with the estimate and what is available when `events` events (with payloads of
/// `payload_bytes` on average), held whole with the reference's results, cannot fit in
/// `available` bytes.
pub fn check_against(events: f64, payload_bytes: f64, available: f64) -> Result<(), String> {
    let what = "with the reference's results";
    judge(events, bytes_per_event(payload_bytes), what, available)
}

/// [`check_against`] this machine's available memory (no check where it cannot be read).
pub fn check(events: f64, payload_bytes: f64) -> Result<(), String> {
    match available() {
        Some(a) => check_against(events, payload_bytes, a),
        None => Ok(()),
    }
}

/// Reference results per event of `workload`, measured on a prefix of its stream: first
/// [`SAMPLE_EVENTS`] events, then prefixes four times longer while the estimate is over
/// `enough` (what the run can afford) and a longer one can still bring it there, up to a
/// [`SAMPLE_SHARE`] of the stream. Each
/// estimate counts the prefix's open windows as results, so it is at least the true rate
/// for a stream of steady rate, and nearer it the longer the prefix.
pub fn results_per_event(workload: &Workload, enough: f64) -> f64 {
    estimate(workload, enough).0
}

/// [`results_per_event`], and the events of the longest prefix it evaluated.
fn estimate(workload: &Workload, enough: f64) -> (f64, usize) {
    let total = workload.source.events();
    let cap = (total / SAMPLE_SHARE).max(SAMPLE_EVENTS);
    let mut events = SAMPLE_EVENTS;
    let mut last = f64::INFINITY;
    loop {
        let (per, whole) = sample(workload, events);
        // Stop where a longer prefix cannot help: the flushed windows shrink the estimate at
        // best in proportion to the prefix, and a quadrupled prefix that did not halve it
        // shows results that are not flushed windows.
        let hopeless = per * events as f64 / cap as f64 > enough || per > last / 2.0;
        if per <= enough || whole || events >= cap || hopeless {
            return (per, events);
        }
        last = per;
        events = (events * 4).min(cap);
    }
}

/// Results per event of the stream's first `events` events, their open windows flushed,
/// and whether that was the whole stream. Evaluated part by part, so the prefix is never held.
fn sample(workload: &Workload, events: usize) -> (f64, bool) {
    let mut reference = Evaluator::new(&workload.plan);
    let (mut seen, mut results, mut end, mut whole) = (0, 0, 0, false);
    for part in Chunks::new(&workload.source, SAMPLE_EVENTS.min(events)) {
        results += reference.push(part.stream.steps()).len();
        seen += part.stream.events.len();
        end = part.stream.end;
        whole = part.last;
        if seen >= events {
            break;
        }
    }
    results += reference.finish(end).len();
    (results as f64 / seen.max(1) as f64, whole)
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

/// Whether a run of `workload` held by `copies` processes on this machine fits (a
/// multi-process run on one host prepares it in every member and in the coordinator): the
/// reference's results, with their payloads, per event of the stream.
pub fn check_source(
    workload: &Workload,
    payload: PayloadSize,
    copies: usize,
) -> Result<(), String> {
    let Some(available) = available() else {
        return Ok(());
    };
    let events = workload.source.events() as f64 * copies.max(1) as f64;
    // Cheap before the sample: a run that cannot fit with one result in a thousand events.
    let floor = BYTES_PER_RESULT / 1000.0;
    judge(events, floor, "at the least", available)?;
    let bytes = BYTES_PER_RESULT + payload_bytes(&workload.source, payload);
    let one_run = events / copies.max(1) as f64;
    let enough = (available / events / bytes).min(u32::MAX as f64 / one_run.max(1.0));
    let per = results_per_event(workload, enough);
    check_results(one_run, per)?;
    let per_event = per * bytes;
    let what = format!("{per:.3} reference results per event");
    judge(events, per_event, &what, available)
}

/// `Err` when `events` events at `per` reference results each make more results than one run
/// can match: the matching indexes them with `u32`.
pub fn check_results(events: f64, per: f64) -> Result<(), String> {
    let results = events * per;
    if results <= u32::MAX as f64 {
        return Ok(());
    }
    Err(format!(
        "{} events make about {} reference results ({per:.3} per event), over the {} one run can match",
        events.round(),
        results.round(),
        u32::MAX
    ))
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
        assert!(bytes_per_event(100.0) > bytes_per_event(0.0));
    }

    #[test]
    fn results_beyond_what_a_run_indexes_are_refused() {
        assert!(check_results(8e9, 0.5).is_ok());
        let e = check_results(9e9, 0.5).unwrap_err();
        assert!(e.contains("over the 4294967295 one run can match"), "{e}");
    }

    #[test]
    fn a_windowed_plan_holds_far_fewer_results_than_events() {
        let p = workloads::catalog::Params {
            rate: 100_000.0,
            duration: 2.0,
            keys: 100,
            ..Default::default()
        };
        let build = |name: &str| workloads::catalog::find(name).unwrap().build(&p);
        let stateless = results_per_event(&build("stateless"), 0.0);
        let windowed = results_per_event(&build("window-count"), 1.0);
        assert!(stateless > 0.1 && stateless <= 1.0, "{stateless}");
        assert!(windowed > 0.0 && windowed < 0.01, "{windowed}");
    }

    #[test]
    fn a_longer_prefix_where_the_first_overstates_too_much() {
        // 1 s windows of 1 M events: the first prefix is a tenth of one window, whose 1 000
        // open keys count as results; the truth is 20 windows x 1 000 keys / 20 M events.
        let p = workloads::catalog::Params {
            rate: 1_000_000.0,
            duration: 20.0,
            keys: 1000,
            ..Default::default()
        };
        let w = workloads::catalog::find("window-count").unwrap().build(&p);
        let truth = 0.001;
        let quick = results_per_event(&w, 1.0);
        assert!(quick > 5.0 * truth, "{quick}");
        let refined = results_per_event(&w, 3.0 * truth);
        assert!(refined <= 3.0 * truth && refined >= truth, "{refined}");
        // Not tried where even a 32nd of the stream could not bring it under `enough`.
        assert_eq!(estimate(&w, truth / 10.0), (quick, SAMPLE_EVENTS));
        // Nor past one longer prefix where results are not flushed windows: a stateless
        // plan's stay put (a billion events: the cap would be 31 M).
        let p = workloads::catalog::Params {
            rate: 1e9,
            duration: 1.0,
            ..p
        };
        let stateless = workloads::catalog::find("stateless").unwrap().build(&p);
        let (per, events) = estimate(&stateless, 0.01);
        assert!(
            per > 0.4 && events == 4 * SAMPLE_EVENTS,
            "{per} after {events}"
        );
    }

    #[test]
    fn reads_some_memory_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(available().is_some_and(|a| a > 0.0));
        }
    }
}
