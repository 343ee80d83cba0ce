//! The open-loop driver: injects a stream on its schedule, whatever the engine does.
//!
//! Events are handed over when their scheduled time has come, in batches of everything that
//! is due (so a slow engine sees larger batches, never a slower schedule). The engine's
//! outputs are timed against the scheduled times, so time spent queued here because the
//! engine blocked the driver is part of the measured latency (no coordinated omission).

use crate::clock::Clock;
use engines::{Engine, EngineError};
use workloads::{Stream, Time};

/// At most this many events per `on_events` call, so state sampling and watermarks are not
/// held up behind one huge batch after a stall.
const MAX_BATCH: usize = 4096;
/// Logical state is sampled at most this often.
const SAMPLE_EVERY: Time = 10_000_000;

/// What the driver observed.
#[derive(Clone, Debug, Default)]
pub struct Driven {
    /// Events injected.
    pub injected: u64,
    /// Clock time of the last injection.
    pub last_injection: Time,
    /// Clock time when `finish` returned.
    pub finished: Time,
    /// Largest logical state sampled.
    pub state_peak: u64,
    /// Logical state at the end of input, before `finish`.
    pub state_end: u64,
    /// Largest gap between an event's scheduled and actual injection.
    pub max_lag: Time,
}

/// Runs `stream` through `engine` on `clock`'s schedule and finishes it.
pub fn drive(
    engine: &mut dyn Engine,
    stream: &Stream,
    clock: &Clock,
) -> Result<Driven, EngineError> {
    let events = &stream.events;
    let marks = &stream.watermarks;
    let (mut i, mut w) = (0usize, 0usize);
    let mut d = Driven::default();
    let mut next_sample = 0;
    loop {
        if let Some(mark) = marks.get(w).filter(|m| m.after == i) {
            clock.wait_until(mark.scheduled);
            engine.on_watermark(mark.watermark, mark.scheduled)?;
            w += 1;
            continue;
        }
        if i == events.len() {
            break;
        }
        clock.wait_until(events[i].scheduled);
        let now = clock.now();
        let limit = marks
            .get(w)
            .map_or(events.len(), |m| m.after)
            .min(i + MAX_BATCH);
        let due = events[i..limit]
            .partition_point(|e| e.scheduled <= now)
            .max(1);
        d.max_lag = d.max_lag.max(now.saturating_sub(events[i].scheduled));
        engine.on_events(&events[i..i + due])?;
        i += due;
        d.injected += due as u64;
        d.last_injection = clock.now();
        if d.last_injection >= next_sample {
            d.state_peak = d.state_peak.max(engine.stats().state_bytes);
            next_sample = d.last_injection + SAMPLE_EVERY;
        }
    }
    d.state_end = engine.stats().state_bytes;
    d.state_peak = d.state_peak.max(d.state_end);
    clock.wait_until(stream.end);
    engine.finish(stream.end)?;
    d.finished = clock.now();
    Ok(d)
}
