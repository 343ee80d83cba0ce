//! What a finished run measured.

use super::measure::{Cost, Latency, Sample};
use serde::{Deserialize, Serialize};

/// The figures of a finished run (`outcome.status = "ok"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// Event counts.
    pub events: Counts,
    /// Achieved rates.
    pub throughput: Throughput,
    /// Latency from each output's cause's *scheduled* time to its arrival at the sink: what
    /// a user of the system sees, queueing in the driver included.
    pub latency_ns: Latency,
    /// Processing-time latency: from the cause's *actual* injection to arrival at the sink.
    /// It hides the driver's queue, so an overloaded engine looks healthy by it.
    pub processing_latency_ns: Latency,
    /// Event-time latency: arrival at the sink minus the latest contributing event time.
    pub event_time_latency_ns: Latency,
    /// Window-end latency, the Yahoo Streaming Benchmark's definition: arrival at the sink
    /// minus the end of the result's window (`result.time + 1`; for a per-event result, just
    /// after its own event time).
    pub window_end_latency_ns: Latency,
    /// The driver's own lag: actual minus scheduled injection time, per injected batch.
    pub injection_lag_ns: Latency,
    /// HdrHistogram of `latency_ns`, V2-deflate serialised and base64-encoded, so exports
    /// (percentile distribution files) and comparisons work from results.json alone.
    pub latency_histogram: Option<String>,
    /// Figures per interval of the run (default 1 s).
    pub timeseries: Vec<Sample>,
    /// CPU and memory cost.
    pub cost: Cost,
    /// Engine state.
    pub state: State,
    /// Comparison of the engine's output with the reference evaluator's.
    pub correctness: Correctness,
    /// For processes on several hosts: the bound on how far their clocks' start instants
    /// may differ, ns (half the best ping round trip). Absent on one host: one clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_error_ns: Option<u64>,
    /// Checkpoints taken during the run, crashes injected and the recovery from them, and
    /// the sink's guarantee; absent when the run had none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<super::Recovery>,
    /// A simulated run's per-node figures and membership changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulation: Option<super::SimulationFigures>,
}

/// Event counts of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Events injected.
    pub input: u64,
    /// Results delivered to the sink.
    pub output: u64,
    /// Events the engine dropped as late.
    pub late: u64,
}

/// Achieved throughput.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Throughput {
    /// Events injected per second of injection time.
    pub input_eps: f64,
    /// Results per second from the first injection to the end of the run.
    pub output_eps: f64,
}

/// Engine state figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Largest logical state size the engine reported during the run.
    pub logical_bytes_peak: u64,
    /// Logical state size at the end of input, before the final flush.
    pub logical_bytes_end: u64,
}

/// The correctness check.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correctness {
    /// The verdict.
    pub verdict: Verdict,
    /// Outputs in the symmetric difference of the engine's and the reference's multisets.
    pub mismatches: u64,
    /// Results the reference evaluator produced.
    pub expected_outputs: u64,
    /// Results the engine produced.
    pub actual_outputs: u64,
    /// Late events according to the reference.
    pub expected_late: u64,
    /// Why the check was skipped, or what else differed, when it did.
    pub note: Option<String>,
}

/// Whether an engine's output matched the reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Same multiset of results and same late count.
    Pass,
    /// Something differs; see `mismatches`.
    Fail,
    /// Not checked (the run did not finish, or checking was switched off).
    #[default]
    Skipped,
}

impl Verdict {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Skipped => "skipped",
        }
    }
}
