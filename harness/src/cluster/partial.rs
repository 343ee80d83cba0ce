//! One member process's measurements of a run, as sent to the coordinator, and their merge
//! into the figures of one run.
//!
//! Every process timed its results on the same start instant, so histograms add, counts
//! sum, and per-interval figures line up by index.

use crate::driver::{Driven, Mark};
use crate::run::Measured;
use crate::sink::{Interval, Slot};
use base64::Engine as _;
use hdrhistogram::serialization::{Deserializer, Serializer, V2Serializer};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use workloads::Time;

/// A histogram in HdrHistogram's V2 format, base64-encoded.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Hist(String);

impl Hist {
    fn encode(h: &Histogram<u64>) -> Self {
        let mut bytes = Vec::new();
        // Serialising into memory cannot fail for a valid histogram.
        let _ = V2Serializer::new().serialize(h, &mut bytes);
        Hist(base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    fn decode(&self) -> Result<Histogram<u64>, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.0)
            .map_err(|e| format!("bad histogram encoding: {e}"))?;
        Deserializer::new()
            .deserialize(&mut bytes.as_slice())
            .map_err(|e| format!("bad histogram: {e:?}"))
    }
}

/// What one process measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Partial {
    /// Events this process injected.
    pub injected: u64,
    /// Clock time of its last injection.
    pub last_injection: Time,
    /// Clock time when its `finish` returned.
    pub finished: Time,
    /// Its engine's largest logical state sampled.
    pub state_peak: u64,
    /// Its engine's logical state at the end of input.
    pub state_end: u64,
    /// Its heap at the end of input.
    pub heap_end: u64,
    /// Its peak heap.
    pub heap_peak: u64,
    /// ns its driver spun.
    pub spin: Time,
    /// Late events its engine dropped.
    pub late: u64,
    /// Its CPU seconds (user, system) during the run.
    pub cpu: (f64, f64),
    /// Its driver's injection lag.
    pub lag: Hist,
    /// Its time-series marks.
    pub marks: Vec<Mark>,
    /// Results its sink received.
    pub outputs: u64,
    /// Latency from the schedule.
    pub latency: Hist,
    /// Latency from the actual (local) injection.
    pub processing: Hist,
    /// Event-time latency.
    pub event_latency: Hist,
    /// Window-end latency.
    pub window_end: Hist,
    /// Result fingerprints.
    pub fingerprints: Vec<u64>,
    /// Per interval: results and their latency.
    pub intervals: Vec<(u64, Hist)>,
}

impl Partial {
    /// Packs one process's measurements.
    pub fn new(m: Measured) -> Self {
        let (d, s) = (m.driven, m.slot);
        Partial {
            injected: d.injected,
            last_injection: d.last_injection,
            finished: d.finished,
            state_peak: d.state_peak,
            state_end: d.state_end,
            heap_end: d.heap_end,
            heap_peak: m.heap_peak,
            spin: d.spin,
            late: m.late,
            cpu: m.cpu,
            lag: Hist::encode(&d.lag),
            marks: d.marks,
            outputs: s.outputs,
            latency: Hist::encode(&s.latency),
            processing: Hist::encode(&s.processing),
            event_latency: Hist::encode(&s.event_latency),
            window_end: Hist::encode(&s.window_end),
            fingerprints: s.fingerprints,
            intervals: s
                .intervals
                .iter()
                .map(|i| (i.outputs, Hist::encode(&i.latency)))
                .collect(),
        }
    }
}

fn add(into: &mut Histogram<u64>, h: &Hist) -> Result<(), String> {
    into.add(h.decode()?)
        .map_err(|e| format!("histograms do not add: {e:?}"))
}

/// Merges every process's measurements into one run's. State, heap and CPU are summed over
/// the processes (each process's own peak: the sum bounds the cluster's peak from above).
pub fn merge(parts: &[Partial]) -> Result<Measured, String> {
    let mut slot = Slot::empty();
    let mut driven = Driven::empty();
    let (mut late, mut cpu, mut heap_peak) = (0, (0.0, 0.0), 0);
    for p in parts {
        driven.injected += p.injected;
        driven.last_injection = driven.last_injection.max(p.last_injection);
        driven.finished = driven.finished.max(p.finished);
        driven.state_peak += p.state_peak;
        driven.state_end += p.state_end;
        driven.heap_end += p.heap_end;
        driven.spin += p.spin;
        add(&mut driven.lag, &p.lag)?;
        for (k, m) in p.marks.iter().enumerate() {
            if driven.marks.len() <= k {
                driven.marks.push(Mark::default());
            }
            let into = &mut driven.marks[k];
            into.at = into.at.max(m.at);
            into.injected += m.injected;
            into.state_bytes += m.state_bytes;
            into.heap_bytes += m.heap_bytes;
        }
        late += p.late;
        cpu = (cpu.0 + p.cpu.0, cpu.1 + p.cpu.1);
        heap_peak += p.heap_peak;
        slot.outputs += p.outputs;
        add(&mut slot.latency, &p.latency)?;
        add(&mut slot.processing, &p.processing)?;
        add(&mut slot.event_latency, &p.event_latency)?;
        add(&mut slot.window_end, &p.window_end)?;
        slot.fingerprints.extend_from_slice(&p.fingerprints);
        for (k, (outputs, h)) in p.intervals.iter().enumerate() {
            let iv: &mut Interval = slot.interval(k);
            iv.outputs += outputs;
            add(&mut iv.latency, h)?;
        }
    }
    Ok(Measured {
        driven,
        slot,
        late,
        cpu,
        heap_peak,
    })
}
