//! Turning what the driver and the sink recorded into the figures of a run.

use crate::driver::Mark;
use crate::prepare::Prepared;
use crate::sink::Interval;
use engines::conformance::feed;
use engines::{EngineInfo, EngineOptions, Sink};
use hdrhistogram::serialization::{Serializer, V2DeflateSerializer};
use hdrhistogram::Histogram;
use reports::{Latency, Sample, SnapshotCost};
use std::sync::Arc;
use std::time::Instant;
use workloads::{Output, Time, NANOS_PER_SEC};

/// Summary figures and a percentile curve dense enough for "1/(1-p)" charts.
pub fn latency(h: &Histogram<u64>) -> Latency {
    if h.is_empty() {
        return Latency::default();
    }
    let distribution = h
        .iter_quantiles(4)
        .map(|v| (v.quantile_iterated_to(), v.value_iterated_to()))
        .fold(Vec::<(f64, u64)>::new(), |mut acc, p| {
            // One point per distinct quantile keeps the curve small.
            if acc.last().is_none_or(|l| p.0 > l.0) {
                acc.push(p);
            }
            acc
        });
    Latency {
        count: h.len(),
        mean: h.mean(),
        p50: h.value_at_quantile(0.5),
        p90: h.value_at_quantile(0.9),
        p99: h.value_at_quantile(0.99),
        p999: h.value_at_quantile(0.999),
        max: h.max(),
        distribution,
    }
}

/// The histogram in HdrHistogram's V2-deflate format, base64-encoded (standard alphabet).
pub fn encode_histogram(h: &Histogram<u64>) -> Option<String> {
    if h.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    V2DeflateSerializer::new().serialize(h, &mut bytes).ok()?;
    Some(base64(&bytes))
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            s.push(if i <= c.len() {
                A[(n >> shift & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    s
}

/// One sample per interval, from the driver's marks and the sink's per-interval figures.
pub fn timeseries(
    marks: &[Mark],
    intervals: &[Interval],
    prepared: &Prepared,
    interval: Time,
) -> Vec<Sample> {
    let mut out = Vec::new();
    let (mut from, mut injected) = (0, 0);
    for (k, m) in marks.iter().enumerate() {
        let secs = m.at.saturating_sub(from).max(1) as f64 / NANOS_PER_SEC as f64;
        let iv = intervals.get(k);
        let q = |p: f64| {
            iv.filter(|i| !i.latency.is_empty())
                .map_or(0, |i| i.latency.value_at_quantile(p))
        };
        out.push(Sample {
            t_s: m.at as f64 / NANOS_PER_SEC as f64,
            offered_eps: prepared.scheduled_between(from, m.at) as f64 / secs,
            input_eps: (m.injected - injected) as f64 / secs,
            output_eps: iv.map_or(0, |i| i.outputs) as f64 / secs,
            p50_ns: q(0.5),
            p99_ns: q(0.99),
            state_bytes: m.state_bytes,
            heap_bytes: m.heap_bytes,
        });
        from = m.at;
        injected = m.injected;
        debug_assert!(k == marks.len() - 1 || m.at == (k as Time + 1) * interval);
    }
    out
}

struct Discard;

impl Sink for Discard {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        outputs.clear();
    }
}

/// Snapshot size and the time to take and restore it, on the state at the end of input:
/// measured on a separate closed-loop replay, so it never touches the timed run. The error
/// says why it could not be measured (for example, the engine has no snapshots).
pub fn snapshot_cost(
    engine: &EngineInfo,
    prepared: &Prepared,
    workers: usize,
) -> Result<SnapshotCost, String> {
    let options = EngineOptions::workers(workers);
    let plan = &prepared.workload.plan;
    let mut a = (engine.build)(plan, &options, Arc::new(Discard)).map_err(|e| e.to_string())?;
    feed(a.as_mut(), &prepared.stream).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let bytes = a.snapshot().map_err(|e| format!("skipped: {e}"))?;
    let take_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(a);
    let mut b = (engine.build)(plan, &options, Arc::new(Discard)).map_err(|e| e.to_string())?;
    let t = Instant::now();
    b.restore(&bytes)
        .map_err(|e| format!("restore failed: {e}"))?;
    let restore_ms = t.elapsed().as_secs_f64() * 1e3;
    Ok(SnapshotCost {
        bytes: bytes.len() as u64,
        take_ms,
        restore_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
