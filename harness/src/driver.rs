//! The open-loop driver: injects a stream on its schedule, whatever the engine does.
//!
//! The stream is generated part by part as the driver reaches it ([`Ahead`]), the next part
//! while the driver waits for the schedule, so a run holds a few parts, not its stream.
//!
//! Events are handed over when their scheduled time has come, in batches of everything that
//! is due (so a slow engine sees larger batches, never a slower schedule). The engine's
//! outputs are timed against the scheduled times, so time spent queued here because the
//! engine blocked the driver is part of the measured latency (no coordinated omission).

use crate::ahead::Ahead;
use crate::alloc;
use crate::clock::Clock;
use crate::injection::InjectionLog;
use crate::measure::{count_at, Mark, Record};
use crate::recovery::{Faults, Position, RecoveryError};
use engines::{Cluster, Engine, EngineError};
use std::sync::atomic::{AtomicBool, Ordering};
use workloads::Time;

/// At most this many events per `on_events` call, so state sampling and watermarks are not
/// held up behind one huge batch after a stall.
const MAX_BATCH: usize = 4096;
/// Logical state is sampled for its peak at most this often.
const SAMPLE_EVERY: Time = 10_000_000;

/// Why driving stopped early.
#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    /// The engine returned an error.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A checkpoint could not be written, or read back at a crash.
    #[error(transparent)]
    Recovery(#[from] RecoveryError),
    /// The user interrupted the suite.
    #[error("interrupted")]
    Interrupted,
}

/// An engine call's outcome, where an error is excused when it comes from a peer the
/// coordinator has just killed (a member of a multi-process run at a planned crash): the
/// driver then waits for the crash's instant, when its engine is replaced.
fn excused(
    fed: Result<(), EngineError>,
    faults: Option<&Faults<'_>>,
    clock: &Clock,
) -> Result<(), EngineError> {
    let Err(e) = fed else { return Ok(()) };
    match faults.and_then(|f| f.crash_excuses(clock.now())) {
        Some(t) => {
            clock.wait_until(t);
            Ok(())
        }
        None => Err(e),
    }
}

/// Runs the stream `ahead` generates through `engine` on `clock`'s schedule and finishes it,
/// recording every
/// injection in `log` and a [`Mark`] every `interval`. With `share`, this process injects
/// only the events [`Cluster::owns`] (and every watermark), on the same schedule. With
/// `faults`, checkpoints are taken and crashes injected as planned (`engine` then delivers
/// to [`Faults::adopt`]'s sink, and is replaced at each crash). Returns the injection side
/// of the run's record.
#[allow(clippy::too_many_arguments)]
pub fn drive(
    engine: &mut Box<dyn Engine>,
    share: Option<&Cluster>,
    ahead: &mut Ahead<'_>,
    clock: &Clock,
    log: &InjectionLog,
    interval: Time,
    stop: &AtomicBool,
    mut faults: Option<Faults<'_>>,
) -> Result<Record, DriveError> {
    let (mut i, mut w) = (0usize, 0usize);
    let mut d = Record::default();
    let mut mine = Vec::new();
    let mut next_sample = 0;
    let mut next_mark = interval.max(1);
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(DriveError::Interrupted);
        }
        mark_up_to(
            &mut d,
            &mut next_mark,
            interval,
            clock.now(),
            engine.as_ref(),
        );
        if let Some(f) = faults.as_mut() {
            let mut pos = Position {
                event: i,
                watermark: w,
            };
            if f.before_input(engine, &mut pos, ahead, clock)? {
                (i, w) = (pos.event, pos.watermark);
                continue;
            }
        }
        let pos = Position {
            event: i,
            watermark: w,
        };
        ahead.release(pos);
        let mark = ahead.watermark(w);
        if let Some(mark) = mark.filter(|m| m.after == i) {
            d.spin += clock.wait_until(mark.scheduled);
            log.record(mark.scheduled, clock.now());
            let fed = engine.on_watermark(mark.watermark, mark.scheduled);
            excused(fed, faults.as_ref(), clock)?;
            w += 1;
            continue;
        }
        let Some(next) = ahead.events_from(i).first().map(|e| e.scheduled) else {
            // A crash planned after the last event but within the run still happens.
            match faults.as_ref().and_then(|f| f.next_crash()) {
                Some(t) if t <= ahead.end() => {
                    d.spin += clock.wait_until(t);
                    continue;
                }
                _ => break,
            }
        };
        if clock.now() < next {
            // Time to spare before the next input: generate ahead.
            ahead.prefetch(pos);
        }
        d.spin += clock.wait_until(next);
        let now = clock.now();
        let run = ahead.events_from(i);
        let limit = mark
            .map_or(run.len(), |m| m.after - i)
            .min(run.len())
            .min(MAX_BATCH);
        let due = run[..limit].partition_point(|e| e.scheduled <= now).max(1);
        let lag = now.saturating_sub(next);
        d.lag.saturating_record(lag.max(1));
        log.record(run[due - 1].scheduled, now);
        let before = d.injected;
        match share {
            None => {
                excused(engine.on_events(&run[..due]), faults.as_ref(), clock)?;
                d.injected += due as u64;
            }
            Some(c) => {
                mine.clear();
                mine.extend(
                    (i..i + due)
                        .filter(|&k| c.owns(k))
                        .map(|k| run[k - i].clone()),
                );
                if !mine.is_empty() {
                    excused(engine.on_events(&mine), faults.as_ref(), clock)?;
                }
                d.injected += mine.len() as u64;
            }
        }
        count_at(&mut d.injected_by_bucket, now, d.injected - before);
        i += due;
        d.last_injection = clock.now();
        if d.last_injection >= next_sample {
            d.state_peak = d.state_peak.max(engine.stats().state_bytes);
            next_sample = d.last_injection + SAMPLE_EVERY;
        }
    }
    d.state_end = engine.stats().state_bytes;
    d.state_peak = d.state_peak.max(d.state_end);
    d.heap_end = alloc::live();
    let end = ahead.end();
    d.generate = ahead.spent();
    d.spin += clock.wait_until(end);
    d.input_end = clock.now();
    log.record(end, d.input_end);
    engine.finish(end)?;
    d.finished = clock.now();
    if let Some(f) = faults {
        f.finish(&mut d);
    }
    let finished = d.finished;
    mark_up_to(&mut d, &mut next_mark, interval, finished, engine.as_ref());
    d.marks.push(Mark {
        at: d.finished,
        injected: d.injected,
        state_bytes: engine.stats().state_bytes,
        heap_bytes: alloc::live(),
    });
    Ok(d)
}

/// Closes every time-series interval that has ended by `now`.
fn mark_up_to(
    d: &mut Record,
    next_mark: &mut Time,
    interval: Time,
    now: Time,
    engine: &dyn Engine,
) {
    while now >= *next_mark {
        d.marks.push(Mark {
            at: *next_mark,
            injected: d.injected,
            state_bytes: engine.stats().state_bytes,
            heap_bytes: alloc::live(),
        });
        *next_mark += interval.max(1);
    }
}
