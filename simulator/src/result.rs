//! What a simulation produced, gathered as it runs ([`Recorder`]) and turned into the
//! figures every run has ([`SimResult::figures`]), so reports treat it like a measured run.

use crate::delay::Sampler;
use hdrhistogram::Histogram;
use reports::histogram::{encode_histogram, latency};
use reports::{Correctness, Cost, Counts, Figures, Sample, SimulationFigures, State, Throughput};

/// Gathers results' latencies and counts during a run.
#[derive(Debug)]
pub struct Recorder {
    /// Latency from the scheduled time of each result's cause, ns, after the warm-up.
    pub histogram: Histogram<u64>,
    /// The same, for the current time-series interval.
    pub interval: Histogram<u64>,
    /// Results emitted.
    pub outputs: u64,
    /// Results emitted inside the measured interval (after the warm-up, before input ends).
    pub measured_outputs: u64,
    /// Results emitted in the current interval.
    pub interval_outputs: u64,
    /// Whether the results now come from several nodes (their delays are `delays.1`).
    pub several: bool,
    /// The delays added to results' departures beyond the model's queues: on one node, on
    /// several (the profile's floor, load curve and exchange delay; see [`crate::delay`]).
    delays: (Sampler, Sampler),
    warmup_s: f64,
    input_end_s: f64,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000_000, 3).expect("valid bounds")
}

impl Recorder {
    /// A recorder excluding causes before `warmup_s` from latency figures.
    pub fn new(warmup_s: f64, input_end_s: f64) -> Self {
        Recorder {
            histogram: histogram(),
            interval: histogram(),
            outputs: 0,
            measured_outputs: 0,
            interval_outputs: 0,
            several: false,
            delays: Default::default(),
            warmup_s,
            input_end_s,
        }
    }

    /// Sets the delays results carry beyond the model's queues: on one node, on several.
    pub fn set_delays(&mut self, alone: Sampler, several: Sampler) {
        self.delays = (alone, several);
    }

    /// Records `n` more results (fractional ones accumulate in `carry`), half emitted at
    /// `done.0` for causes scheduled at `cause.0`, half at `done.1` for `cause.1`.
    #[inline]
    pub fn add(&mut self, carry: &mut f64, n: f64, done: (f64, f64), cause: (f64, f64)) {
        *carry += n;
        if *carry < 1.0 {
            return;
        }
        let whole = carry.floor();
        *carry -= whole;
        let whole = whole as u64;
        self.outputs += whole;
        self.interval_outputs += whole;
        if done.1 >= self.warmup_s && done.0 <= self.input_end_s {
            self.measured_outputs += whole;
        }
        let first = whole / 2;
        let sampler = if self.several {
            &mut self.delays.1
        } else {
            &mut self.delays.0
        };
        let (histogram, interval) = (&mut self.histogram, &mut self.interval);
        for (count, d, c) in [(first, done.0, cause.0), (whole - first, done.1, cause.1)] {
            if count == 0 || c < self.warmup_s {
                continue;
            }
            sampler.spread(count, |delay_s, n| {
                let ns = ((d + delay_s - c) * 1e9).clamp(1.0, 3.6e12) as u64;
                let _ = histogram.record_n(ns, n);
                let _ = interval.record_n(ns, n);
            });
        }
    }
}

/// A finished simulation.
#[derive(Debug)]
pub struct SimResult {
    /// Latencies of results after the warm-up.
    pub histogram: Histogram<u64>,
    /// Events injected.
    pub input: u64,
    /// Results emitted.
    pub output: u64,
    /// Injected events per second over the measured interval.
    pub input_eps: f64,
    /// Results per second over the measured interval.
    pub output_eps: f64,
    /// One sample per interval.
    pub timeseries: Vec<Sample>,
    /// Useful CPU seconds the model spent, every node's.
    pub cpu_s: f64,
    /// Largest and final logical state, bytes, across the cluster.
    pub state_bytes: (u64, u64),
    /// Per-node figures and membership changes.
    pub simulation: SimulationFigures,
    /// Why the run could not finish (its backlog never drained), when it could not.
    pub unfinished: Option<String>,
}

impl SimResult {
    /// The figures of a run, as a measured run has them: latency from the scheduled time,
    /// throughput, time series, cost and state, plus the simulation's own figures. Latency
    /// kinds the model does not distinguish (processing, event-time, window-end, injection
    /// lag) stay empty, and correctness is `skipped`: a model produces no results to check.
    pub fn figures(&self, keys: u64) -> Figures {
        let per_million = if self.input > 0 {
            self.cpu_s / self.input as f64 * 1e6
        } else {
            0.0
        };
        Figures {
            events: Counts {
                input: self.input,
                output: self.output,
                late: 0,
            },
            throughput: Throughput {
                input_eps: self.input_eps,
                output_eps: self.output_eps,
            },
            latency_ns: latency(&self.histogram),
            latency_histogram: encode_histogram(&self.histogram),
            timeseries: self.timeseries.clone(),
            cost: Cost {
                cpu_user_s: self.cpu_s,
                cpu_s_per_million: per_million,
                state_bytes_per_key: self.state_bytes.0 as f64 / keys.max(1) as f64,
                snapshot_note: Some("simulated: no snapshot taken".into()),
                ..Cost::default()
            },
            state: State {
                logical_bytes_peak: self.state_bytes.0,
                logical_bytes_end: self.state_bytes.1,
            },
            correctness: Correctness {
                note: Some("simulated: a model emits no results to check".into()),
                ..Correctness::default()
            },
            simulation: Some(self.simulation.clone()),
            ..Figures::default()
        }
    }
}
