//! The metrics `compare` judges, each with the direction that counts as better.

use crate::schema::Figures;
use crate::units::{format_bytes, format_duration_ns, format_si};

/// One compared metric.
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    /// Name in tables.
    pub name: &'static str,
    /// Whether a higher value is better (throughput) or worse (latency, CPU, state).
    pub higher_is_better: bool,
    /// The run's value.
    pub value: fn(&Figures) -> f64,
    /// How to print a value.
    pub format: fn(f64) -> String,
}

/// The sustainable rate of a search, judged from `Results.sustain` (one value per side,
/// so on the noise threshold alone); its `value` is not used.
pub const SUSTAINABLE: Metric = Metric {
    name: "sustainable ev/s",
    higher_is_better: true,
    value: |_| f64::NAN,
    format: format_si,
};

/// Input throughput, p50, p99, p99.9, CPU per million events, peak state.
pub const METRICS: [Metric; 6] = [
    Metric {
        name: "input ev/s",
        higher_is_better: true,
        value: |r| r.throughput.input_eps,
        format: format_si,
    },
    Metric {
        name: "p50",
        higher_is_better: false,
        value: |r| r.latency_ns.p50 as f64,
        format: format_duration_ns,
    },
    Metric {
        name: "p99",
        higher_is_better: false,
        value: |r| r.latency_ns.p99 as f64,
        format: format_duration_ns,
    },
    Metric {
        name: "p99.9",
        higher_is_better: false,
        value: |r| r.latency_ns.p999 as f64,
        format: format_duration_ns,
    },
    Metric {
        name: "CPU s/M ev",
        higher_is_better: false,
        value: |r| r.cost.cpu_s_per_million,
        format: |v| format!("{v:.2}"),
    },
    Metric {
        name: "peak state",
        higher_is_better: false,
        value: |r| r.state.logical_bytes_peak as f64,
        format: |v| format_bytes(v.max(0.0) as u64),
    },
];
