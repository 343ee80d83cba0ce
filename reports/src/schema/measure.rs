//! Latency distributions, time series and costs.

use serde::{Deserialize, Serialize};

/// A latency distribution in nanoseconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// Number of recorded values.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// 99.9th percentile.
    pub p999: u64,
    /// Largest value.
    pub max: u64,
    /// Percentile distribution points `(quantile, value_ns)`, for "1/(1-p)" charts.
    pub distribution: Vec<(f64, u64)>,
}

/// Figures for one interval of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Seconds from the start of the run to the end of the interval.
    pub t_s: f64,
    /// Events per second the schedule asked for in the interval.
    pub offered_eps: f64,
    /// Events per second actually injected.
    pub input_eps: f64,
    /// Results per second delivered to the sink.
    pub output_eps: f64,
    /// Median latency (from the schedule) of results delivered in the interval; 0 if none.
    pub p50_ns: u64,
    /// 99th percentile of the same.
    pub p99_ns: u64,
    /// Engine's logical state at the end of the interval.
    pub state_bytes: u64,
    /// Heap bytes allocated by the whole process at the end of the interval.
    pub heap_bytes: u64,
}

/// What a run cost.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// User CPU seconds of the engine during the run: the process's, less the harness's
    /// threads (measuring, coordinating) and the driver's waiting.
    pub cpu_user_s: f64,
    /// System CPU seconds of the engine during the run (the process's less the harness's).
    pub cpu_system_s: f64,
    /// The engine's (user + system) CPU seconds per million input events.
    pub cpu_s_per_million: f64,
    /// CPU seconds of the harness itself in the same run: its measuring and coordinating
    /// threads and the driver's waiting (absent from older results: 0).
    #[serde(default)]
    pub harness_cpu_s: f64,
    /// Largest heap size (all allocations of the process) during the run, in bytes.
    pub heap_bytes_peak: u64,
    /// Heap size at the end of input, in bytes.
    pub heap_bytes_end: u64,
    /// Peak logical state bytes divided by the distinct keys seen.
    pub state_bytes_per_key: f64,
    /// Snapshot cost, when measured.
    pub snapshot: Option<SnapshotCost>,
    /// Why the snapshot cost is missing, when it is (for example: the engine has none).
    #[serde(default)]
    pub snapshot_note: Option<String>,
}

/// The cost of a state snapshot taken at the end of input and restored into a fresh engine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotCost {
    /// Size of the snapshot.
    pub bytes: u64,
    /// Time to take it, ms.
    pub take_ms: f64,
    /// Time to restore it into a fresh engine, ms.
    pub restore_ms: f64,
}
