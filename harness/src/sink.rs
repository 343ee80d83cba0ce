//! The measuring sink: latency histograms (from the schedule, from the actual injection, from
//! event time), per-interval figures, and result fingerprints — per worker, merged at the end.

use crate::clock::Clock;
use crate::injection::InjectionLog;
use engines::Sink;
use hdrhistogram::Histogram;
use std::sync::{Arc, Mutex};
use workloads::{fingerprint, Output, Time};

/// Highest latency recorded exactly (60 s); larger values are clamped to it.
const MAX_LATENCY: u64 = 60_000_000_000;

fn histogram(digits: u8) -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_LATENCY, digits).expect("valid histogram bounds")
}

/// One interval's results: how many, and their latency from the schedule.
pub struct Interval {
    /// Results delivered in the interval.
    pub outputs: u64,
    /// Their latency (2 significant digits: enough for a time series).
    pub latency: Histogram<u64>,
}

/// What one worker's results have shown so far.
pub struct Slot {
    /// Emission minus the cause's scheduled time.
    pub latency: Histogram<u64>,
    /// Emission minus the cause's actual injection time.
    pub processing: Histogram<u64>,
    /// Emission minus the latest contributing event time.
    pub event_latency: Histogram<u64>,
    /// One fingerprint per result, for the correctness check.
    pub fingerprints: Vec<u64>,
    /// Results received (also during warm-up).
    pub outputs: u64,
    /// Per interval of emission time.
    pub intervals: Vec<Interval>,
}

impl Slot {
    fn new() -> Self {
        Slot {
            latency: histogram(3),
            processing: histogram(3),
            event_latency: histogram(3),
            fingerprints: Vec::new(),
            outputs: 0,
            intervals: Vec::new(),
        }
    }

    fn interval(&mut self, i: usize) -> &mut Interval {
        while self.intervals.len() <= i {
            self.intervals.push(Interval {
                outputs: 0,
                latency: histogram(2),
            });
        }
        &mut self.intervals[i]
    }
}

/// A [`Sink`] that timestamps each batch once and records every result in it.
pub struct MeasuringSink {
    clock: Clock,
    warmup: Time,
    interval: Time,
    keep_fingerprints: bool,
    injections: Arc<InjectionLog>,
    slots: Vec<Mutex<Slot>>,
}

impl MeasuringSink {
    /// A sink for `workers` workers on `clock`. Results caused before `warmup` count for
    /// correctness but not for latency; time series use intervals of `interval`.
    pub fn new(
        clock: Clock,
        workers: usize,
        warmup: Time,
        interval: Time,
        injections: Arc<InjectionLog>,
        keep_fingerprints: bool,
    ) -> Self {
        MeasuringSink {
            clock,
            warmup,
            interval: interval.max(1),
            keep_fingerprints,
            injections,
            slots: (0..workers.max(1))
                .map(|_| Mutex::new(Slot::new()))
                .collect(),
        }
    }

    /// Merges every worker's slot into one.
    pub fn merged(&self) -> Slot {
        let mut all = Slot::new();
        for s in &self.slots {
            let mut s = s.lock().unwrap_or_else(|e| e.into_inner());
            all.latency.add(&s.latency).expect("same bounds");
            all.processing.add(&s.processing).expect("same bounds");
            all.event_latency
                .add(&s.event_latency)
                .expect("same bounds");
            all.fingerprints.append(&mut s.fingerprints);
            all.outputs += s.outputs;
            for (i, iv) in s.intervals.iter().enumerate() {
                let into = all.interval(i);
                into.outputs += iv.outputs;
                into.latency.add(&iv.latency).expect("same bounds");
            }
        }
        all
    }
}

impl Sink for MeasuringSink {
    fn emit(&self, worker: usize, outputs: &[Output]) {
        if outputs.is_empty() {
            return;
        }
        let now = self.clock.now();
        let mut slot = self.slots[worker % self.slots.len()]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let slot = &mut *slot;
        slot.outputs += outputs.len() as u64;
        if self.keep_fingerprints {
            slot.fingerprints
                .extend(outputs.iter().map(|o| fingerprint(&o.event)));
        }
        let idx = (now / self.interval) as usize;
        slot.interval(idx);
        let Slot {
            latency,
            processing,
            event_latency,
            intervals,
            ..
        } = slot;
        let iv = &mut intervals[idx];
        iv.outputs += outputs.len() as u64;
        self.injections.with_lookup(|injected| {
            for o in outputs.iter().filter(|o| o.cause >= self.warmup) {
                let l = now.saturating_sub(o.cause).max(1);
                latency.saturating_record(l);
                iv.latency.saturating_record(l);
                processing.saturating_record(now.saturating_sub(injected(o.cause)).max(1));
                event_latency.saturating_record(now.saturating_sub(o.latest).max(1));
            }
        });
    }
}
