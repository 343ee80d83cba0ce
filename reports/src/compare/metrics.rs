//! The metrics `compare` judges, each with the direction that counts as better.

use crate::schema::{Figures, Percentile};
use crate::units::{format_bytes, format_duration_ns, format_si};

/// One compared metric.
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    /// Name in tables.
    pub name: &'static str,
    /// Whether a higher value is better (throughput) or worse (latency, CPU, state).
    pub higher_is_better: bool,
    /// The run's value; `None` for a latency percentile with fewer samples than it needs.
    pub value: fn(&Figures) -> Option<f64>,
    /// For a latency percentile: which (to say how many samples it needs).
    pub percentile: Option<Percentile>,
    /// How to print a value.
    pub format: fn(f64) -> String,
}

/// The sustainable rate of a search, judged from `Results.sustain` (one value per side,
/// so on the noise threshold alone); its `value` is not used.
pub const SUSTAINABLE: Metric = Metric {
    name: "sustainable ev/s",
    higher_is_better: true,
    value: |_| None,
    format: format_si,
    percentile: None,
};

/// Input throughput, p50, p99, p99.9, CPU per million events, peak state.
pub const METRICS: [Metric; 6] = [
    Metric {
        name: "input ev/s",
        higher_is_better: true,
        value: |r| Some(r.throughput.input_eps),
        format: format_si,
        percentile: None,
    },
    Metric {
        name: "p50",
        higher_is_better: false,
        value: |r| r.latency_ns.get(Percentile::P50).map(|v| v as f64),
        format: format_duration_ns,
        percentile: Some(Percentile::P50),
    },
    Metric {
        name: "p99",
        higher_is_better: false,
        value: |r| r.latency_ns.get(Percentile::P99).map(|v| v as f64),
        format: format_duration_ns,
        percentile: Some(Percentile::P99),
    },
    Metric {
        name: "p99.9",
        higher_is_better: false,
        value: |r| r.latency_ns.get(Percentile::P999).map(|v| v as f64),
        format: format_duration_ns,
        percentile: Some(Percentile::P999),
    },
    Metric {
        name: "CPU s/M ev",
        higher_is_better: false,
        value: |r| Some(r.cost.cpu_s_per_million),
        format: |v| format!("{v:.2}"),
        percentile: None,
    },
    Metric {
        name: "peak state",
        higher_is_better: false,
        value: |r| Some(r.state.logical_bytes_peak as f64),
        format: |v| format_bytes(v.max(0.0) as u64),
        percentile: None,
    },
];
