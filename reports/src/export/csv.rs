//! `runs.csv`: one row per run (probes included), every figure in raw units (ns, bytes,
//! events/s, s), in a fixed column order so scripts can rely on it. Each latency family has
//! its sample count (`*_n`); a percentile with fewer samples than it needs is an empty cell,
//! as in every other report.

use super::Exporter;
use crate::error::ReportError;
use crate::schema::{self, Figures, Latency, Percentile, Results};

/// Writes `runs.csv`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvExporter;

/// Where a column's value comes from: the run itself, or its figures (empty for a run that
/// has none, so a failed run never shows a figure).
enum Cell {
    Run(fn(&schema::Run) -> String),
    Figure(fn(&Figures) -> String),
}

use Cell::{Figure, Run};

/// Column names and how to get each from a run; the order is the file's order and is part
/// of the format: add columns at the end only.
const COLUMNS: &[(&str, Cell)] = &[
    ("id", Run(|r| r.id())),
    ("engine", Run(|r| r.key.engine.clone())),
    ("workload", Run(|r| r.key.workload.clone())),
    ("workers", Run(|r| r.key.workers.to_string())),
    ("offered_rate", Run(|r| r.key.offered_rate.to_string())),
    ("duration_s", Run(|r| r.params.duration_s.to_string())),
    ("warmup_s", Run(|r| r.params.warmup_s.to_string())),
    ("keys", Run(|r| r.key.keys.to_string())),
    ("seed", Run(|r| r.params.seed.to_string())),
    ("repetition", Run(|r| r.key.repetition.to_string())),
    (
        "probe_of",
        Run(|r| r.key.probe_of.clone().unwrap_or_default()),
    ),
    ("status", Run(|r| r.outcome.as_str().to_owned())),
    (
        "error",
        Run(|r| r.outcome.reason().unwrap_or_default().to_owned()),
    ),
    ("input_events", Figure(|f| f.events.input.to_string())),
    ("output_events", Figure(|f| f.events.output.to_string())),
    ("late_events", Figure(|f| f.events.late.to_string())),
    ("input_eps", Figure(|f| f.throughput.input_eps.to_string())),
    (
        "output_eps",
        Figure(|f| f.throughput.output_eps.to_string()),
    ),
    ("latency_mean_ns", Figure(|f| pct_mean(&f.latency_ns))),
    (
        "latency_p50_ns",
        Figure(|f| pct(&f.latency_ns, Percentile::P50)),
    ),
    (
        "latency_p90_ns",
        Figure(|f| pct(&f.latency_ns, Percentile::P90)),
    ),
    (
        "latency_p99_ns",
        Figure(|f| pct(&f.latency_ns, Percentile::P99)),
    ),
    (
        "latency_p999_ns",
        Figure(|f| pct(&f.latency_ns, Percentile::P999)),
    ),
    (
        "latency_max_ns",
        Figure(|f| pct(&f.latency_ns, Percentile::Max)),
    ),
    (
        "processing_p50_ns",
        Figure(|f| pct(&f.processing_latency_ns, Percentile::P50)),
    ),
    (
        "processing_p99_ns",
        Figure(|f| pct(&f.processing_latency_ns, Percentile::P99)),
    ),
    (
        "event_time_p99_ns",
        Figure(|f| pct(&f.event_time_latency_ns, Percentile::P99)),
    ),
    (
        "injection_lag_p99_ns",
        Figure(|f| pct(&f.injection_lag_ns, Percentile::P99)),
    ),
    ("cpu_user_s", Figure(|f| f.cost.cpu_user_s.to_string())),
    ("cpu_system_s", Figure(|f| f.cost.cpu_system_s.to_string())),
    (
        "cpu_s_per_million",
        Figure(|f| f.cost.cpu_s_per_million.to_string()),
    ),
    (
        "heap_bytes_peak",
        Figure(|f| f.cost.heap_bytes_peak.to_string()),
    ),
    (
        "state_bytes_peak",
        Figure(|f| f.state.logical_bytes_peak.to_string()),
    ),
    (
        "state_bytes_end",
        Figure(|f| f.state.logical_bytes_end.to_string()),
    ),
    (
        "state_bytes_per_key",
        Figure(|f| f.cost.state_bytes_per_key.to_string()),
    ),
    (
        "snapshot_bytes",
        Figure(|f| opt(f.cost.snapshot.as_ref().map(|s| s.bytes.to_string()))),
    ),
    (
        "snapshot_take_ms",
        Figure(|f| opt(f.cost.snapshot.as_ref().map(|s| s.take_ms.to_string()))),
    ),
    (
        "snapshot_restore_ms",
        Figure(|f| opt(f.cost.snapshot.as_ref().map(|s| s.restore_ms.to_string()))),
    ),
    (
        "verdict",
        Figure(|f| f.correctness.verdict.as_str().to_owned()),
    ),
    (
        "mismatches",
        Figure(|f| f.correctness.mismatches.to_string()),
    ),
    ("processes", Run(|r| r.key.processes.to_string())),
    (
        "clock_error_ns",
        Figure(|f| f.clock_error_ns.map(|v| v.to_string()).unwrap_or_default()),
    ),
    ("latency_n", Figure(|f| f.latency_ns.count.to_string())),
    (
        "processing_n",
        Figure(|f| f.processing_latency_ns.count.to_string()),
    ),
    (
        "event_time_n",
        Figure(|f| f.event_time_latency_ns.count.to_string()),
    ),
    (
        "injection_lag_n",
        Figure(|f| f.injection_lag_ns.count.to_string()),
    ),
    (
        "harness_cpu_s",
        Figure(|f| f.cost.harness_cpu_s.to_string()),
    ),
];

/// A percentile in ns, or an empty cell when its distribution has fewer samples than it
/// needs ([`crate::schema::min_samples`]): the `*_n` columns give the count.
fn pct(latency: &Latency, p: Percentile) -> String {
    opt(latency.get(p).map(|v| v.to_string()))
}

/// The mean, or an empty cell when there was no sample.
fn pct_mean(latency: &Latency) -> String {
    opt((latency.count > 0).then(|| latency.mean.to_string()))
}

fn opt(v: Option<String>) -> String {
    v.unwrap_or_default()
}

impl Exporter for CsvExporter {
    fn file_name(&self) -> &'static str {
        "runs.csv"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        let mut csv = row(COLUMNS.iter().map(|(name, _)| (*name).to_owned()));
        for run in &results.runs {
            csv.push_str(&row(COLUMNS.iter().map(|(_, cell)| match cell {
                Run(get) => get(run),
                Figure(get) => run.figures().map(get).unwrap_or_default(),
            })));
        }
        Ok(csv)
    }
}

/// One CSV record as RFC 4180 quotes it: fields with a comma, quote or line break are
/// quoted, quotes doubled. Records end with `\n` rather than CRLF: every CSV reader accepts
/// it and diffs read better.
pub(super) fn row(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields.map(|f| quote(&f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
