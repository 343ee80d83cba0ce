//! The measuring sink: latency histograms and result fingerprints, per worker.

use crate::clock::Clock;
use engines::Sink;
use hdrhistogram::Histogram;
use std::sync::Mutex;
use workloads::{fingerprint, Output, Time};

/// Highest latency recorded exactly (60 s); larger values are clamped to it.
const MAX_LATENCY: u64 = 60_000_000_000;

/// What one worker's results have shown so far.
pub struct Slot {
    /// Emission minus the cause's scheduled time.
    pub latency: Histogram<u64>,
    /// Emission minus the latest contributing event time.
    pub event_latency: Histogram<u64>,
    /// One fingerprint per result, for the correctness check.
    pub fingerprints: Vec<u64>,
    /// Results received (also during warm-up).
    pub outputs: u64,
}

impl Slot {
    fn new() -> Self {
        let h = || Histogram::new_with_bounds(1, MAX_LATENCY, 3).expect("valid histogram bounds");
        Slot {
            latency: h(),
            event_latency: h(),
            fingerprints: Vec::new(),
            outputs: 0,
        }
    }
}

/// A [`Sink`] that timestamps each batch once and records every result in it.
pub struct MeasuringSink {
    clock: Clock,
    warmup: Time,
    keep_fingerprints: bool,
    slots: Vec<Mutex<Slot>>,
}

impl MeasuringSink {
    /// A sink for `workers` workers on `clock`; results caused before `warmup` count for
    /// correctness but not for latency.
    pub fn new(clock: Clock, workers: usize, warmup: Time, keep_fingerprints: bool) -> Self {
        MeasuringSink {
            clock,
            warmup,
            keep_fingerprints,
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
            all.event_latency
                .add(&s.event_latency)
                .expect("same bounds");
            all.fingerprints.append(&mut s.fingerprints);
            all.outputs += s.outputs;
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
        slot.outputs += outputs.len() as u64;
        for o in outputs {
            if self.keep_fingerprints {
                slot.fingerprints.push(fingerprint(&o.event));
            }
            if o.cause >= self.warmup {
                slot.latency
                    .saturating_record(now.saturating_sub(o.cause).max(1));
                slot.event_latency
                    .saturating_record(now.saturating_sub(o.latest).max(1));
            }
        }
    }
}
