//! `runs.csv`: one row per run (probes included), every figure in raw units (ns, bytes,
//! events/s, s), in a fixed column order so scripts can rely on it.

use super::Exporter;
use crate::error::ReportError;
use crate::schema::{Results, Run};

/// Writes `runs.csv`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvExporter;

/// A column's name and how to print it for a run.
type Column = (&'static str, fn(&Run) -> String);

/// Column names and how to get each from a run; the order is the file's order and is part
/// of the format: add columns at the end only.
const COLUMNS: &[Column] = &[
    ("id", |r| r.id.clone()),
    ("engine", |r| r.engine.clone()),
    ("workload", |r| r.workload.clone()),
    ("workers", |r| r.workers.to_string()),
    ("offered_rate", |r| r.offered_rate.to_string()),
    ("duration_s", |r| r.duration_s.to_string()),
    ("warmup_s", |r| r.warmup_s.to_string()),
    ("keys", |r| r.keys.to_string()),
    ("seed", |r| r.seed.to_string()),
    ("repetition", |r| r.repetition.to_string()),
    ("probe_of", |r| r.probe_of.clone().unwrap_or_default()),
    ("status", |r| r.status.as_str().to_owned()),
    ("error", |r| r.error.clone().unwrap_or_default()),
    ("input_events", |r| r.events.input.to_string()),
    ("output_events", |r| r.events.output.to_string()),
    ("late_events", |r| r.events.late.to_string()),
    ("input_eps", |r| r.throughput.input_eps.to_string()),
    ("output_eps", |r| r.throughput.output_eps.to_string()),
    ("latency_mean_ns", |r| r.latency_ns.mean.to_string()),
    ("latency_p50_ns", |r| r.latency_ns.p50.to_string()),
    ("latency_p90_ns", |r| r.latency_ns.p90.to_string()),
    ("latency_p99_ns", |r| r.latency_ns.p99.to_string()),
    ("latency_p999_ns", |r| r.latency_ns.p999.to_string()),
    ("latency_max_ns", |r| r.latency_ns.max.to_string()),
    ("processing_p50_ns", |r| {
        r.processing_latency_ns.p50.to_string()
    }),
    ("processing_p99_ns", |r| {
        r.processing_latency_ns.p99.to_string()
    }),
    ("event_time_p99_ns", |r| {
        r.event_time_latency_ns.p99.to_string()
    }),
    ("injection_lag_p99_ns", |r| {
        r.injection_lag_ns.p99.to_string()
    }),
    ("cpu_user_s", |r| r.cost.cpu_user_s.to_string()),
    ("cpu_system_s", |r| r.cost.cpu_system_s.to_string()),
    ("cpu_s_per_million", |r| {
        r.cost.cpu_s_per_million.to_string()
    }),
    ("heap_bytes_peak", |r| r.cost.heap_bytes_peak.to_string()),
    ("state_bytes_peak", |r| {
        r.state.logical_bytes_peak.to_string()
    }),
    ("state_bytes_end", |r| r.state.logical_bytes_end.to_string()),
    ("state_bytes_per_key", |r| {
        r.cost.state_bytes_per_key.to_string()
    }),
    ("snapshot_bytes", |r| {
        opt(r.cost.snapshot.as_ref().map(|s| s.bytes.to_string()))
    }),
    ("snapshot_take_ms", |r| {
        opt(r.cost.snapshot.as_ref().map(|s| s.take_ms.to_string()))
    }),
    ("snapshot_restore_ms", |r| {
        opt(r.cost.snapshot.as_ref().map(|s| s.restore_ms.to_string()))
    }),
    ("verdict", |r| r.correctness.verdict.as_str().to_owned()),
    ("mismatches", |r| r.correctness.mismatches.to_string()),
    ("processes", |r| r.processes.to_string()),
    ("clock_error_ns", |r| {
        r.clock_error_ns.map(|v| v.to_string()).unwrap_or_default()
    }),
];

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
            csv.push_str(&row(COLUMNS.iter().map(|(_, get)| get(run))));
        }
        Ok(csv)
    }
}

/// One CSV record as RFC 4180 quotes it: fields with a comma, quote or line break are
/// quoted, quotes doubled. Records end with `\n` rather than CRLF: every CSV reader accepts
/// it and diffs read better.
fn row(fields: impl Iterator<Item = String>) -> String {
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
