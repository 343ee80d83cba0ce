//! Sustainable-throughput searches.

use serde::{Deserialize, Serialize};

/// The search for the highest rate an engine sustains on a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sustain {
    /// Engine name.
    pub engine: String,
    /// Workload name.
    pub workload: String,
    /// Workers.
    pub workers: usize,
    /// The latency objective: p99 latency (from the schedule) must stay under it, ns.
    pub slo_ns: u64,
    /// The highest probed rate that was sustained, events/s (none if even the lowest failed).
    pub sustainable_rate: Option<f64>,
    /// The lowest probed rate that was not sustained: with `sustainable_rate`, the bracket
    /// the search ended with (none when every probe held; absent from older results).
    #[serde(default)]
    pub lowest_failed_rate: Option<f64>,
    /// Whether `--max-rate` itself was probed and held: the answer is then "at least".
    #[serde(default)]
    pub ceiling_reached: bool,
    /// Every probed rate, in the order probed.
    pub probes: Vec<Probe>,
}

/// One probed rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// The id of the run that measured it.
    pub run_id: String,
    /// Offered rate, events/s.
    pub offered_rate: f64,
    /// What the probe's run measured; absent when the run did not finish.
    pub measured: Option<ProbeFigures>,
    /// Whether the engine kept up: bounded backlog and p99 under the objective, whole run.
    pub sustained: bool,
    /// Why not, when it did not.
    pub reason: Option<String>,
    /// A saturating burst (a quick search's first probe): a fixed number of events offered
    /// at once, whose achieved rate only says where the search looks next. It is no point of
    /// the throughput and latency curve against offered rate (absent from older results).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub burst: bool,
}

/// The figures of a probe's run that the search judged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeFigures {
    /// Achieved input rate, events/s.
    pub input_eps: f64,
    /// Results per second.
    pub output_eps: f64,
    /// Median latency, ns.
    pub p50_ns: u64,
    /// 99th percentile latency, ns.
    pub p99_ns: u64,
    /// 99.9th percentile latency, ns.
    pub p999_ns: u64,
}
