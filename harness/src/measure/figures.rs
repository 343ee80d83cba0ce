//! Turning a measurement record into the figures of a run: latency summaries, the time
//! series, throughput, cost and the correctness check.

use super::record::{Interval, Mark, Record, RATE_BUCKET};
use crate::check::{check_counting, Delivered};
use crate::execute::Recovering;
use crate::prepare::Prepared;
use reports::histogram::{encode_histogram, latency};
use reports::{Cost, Counts, Figures, Sample, SnapshotCost, State, Throughput};
use workloads::{Time, NANOS_PER_SEC};

/// The figures of a finished run from its record. `snapshot` is the separately measured
/// snapshot cost (or why it is missing); `clock_error_ns` the bound on a cluster's clocks;
/// `recovery` the run's fault-tolerance settings with its engine's name and whether it has
/// snapshots.
pub fn figures(
    mut m: Record,
    prepared: &Prepared,
    interval: Time,
    snapshot: Option<Result<SnapshotCost, String>>,
    clock_error_ns: Option<u64>,
    recovery: Option<(&Recovering, &str, bool)>,
) -> Figures {
    let allowed = recovery.is_some_and(|r| r.0.faults.sink == reports::Guarantee::AtLeastOnce);
    let checked = check_counting(
        &prepared.expected,
        Delivered {
            matched: std::mem::take(&mut m.matched),
            unexpected: m.unexpected,
            misattributed: m.misattributed,
            samples: std::mem::take(&mut m.mismatch_samples),
            late: m.late,
            duplicated: m.duplicated,
            duplicates_allowed: allowed,
        },
    );
    let recovery = recovery.map(|(r, name, snapshots)| {
        super::recovery::recovery(&m, r, (name, snapshots), interval, checked.missing)
    });
    // The driver's spinning and generating, and the harness's own threads, are not the
    // engine's cost.
    let spin = (m.spin + m.generate) as f64 / NANOS_PER_SEC as f64;
    let user = (m.cpu_user_s - spin - m.harness_user_s).max(0.0);
    let system = (m.cpu_system_s - m.harness_system_s).max(0.0);
    Figures {
        events: Counts {
            input: m.injected,
            output: m.outputs,
            late: m.late,
        },
        throughput: throughput(&m),
        latency_ns: latency(&m.latency),
        processing_latency_ns: latency(&m.processing),
        event_time_latency_ns: latency(&m.event_latency),
        window_end_latency_ns: latency(&m.window_end),
        injection_lag_ns: latency(&m.lag),
        latency_histogram: encode_histogram(&m.latency),
        timeseries: timeseries(&m.marks, &m.intervals, prepared, interval),
        cost: Cost {
            cpu_user_s: user,
            cpu_system_s: system,
            cpu_s_per_million: (user + system) / (m.injected.max(1) as f64 / 1e6),
            harness_cpu_s: spin + m.harness_user_s + m.harness_system_s,
            generate_s: m.generate as f64 / NANOS_PER_SEC as f64,
            exchange_bytes: m.exchange_bytes,
            heap_bytes_peak: m.heap_peak,
            heap_bytes_end: m.heap_end,
            state_bytes_per_key: m.state_peak as f64 / prepared.distinct_keys.max(1) as f64,
            snapshot: snapshot.clone().and_then(Result::ok),
            snapshot_note: snapshot.and_then(Result::err),
        },
        state: State {
            logical_bytes_peak: m.state_peak,
            logical_bytes_end: m.state_end,
        },
        correctness: checked.correctness,
        clock_error_ns,
        recovery,
        simulation: None,
    }
}

/// Input and output rates over the measured interval only: the whole buckets after the
/// warm-up and before the end of input, so neither the start nor the flush of results at the
/// end of input (all open windows at once) skews them. A run too short to have one whole
/// bucket there is measured from its start to the end of input.
fn throughput(m: &Record) -> Throughput {
    let sum = |b: &[u64], from: usize, to: usize| b.iter().take(to).skip(from).sum::<u64>();
    let rate = |n: u64, ns: u64| n as f64 / (ns.max(1) as f64 / NANOS_PER_SEC as f64);
    let (from, to) = (
        m.warmup.div_ceil(RATE_BUCKET) as usize,
        (m.input_end / RATE_BUCKET) as usize,
    );
    let (inj, del) = (&m.injected_by_bucket, &m.delivered_by_bucket);
    // Input counts to the last injection, whose bucket is partial: a driver the engine held
    // back injects its backlog there, and a whole-bucket cut would drop it. Output stops at
    // the last whole bucket, before the flush at the end of input.
    let last = m.input_end.div_ceil(RATE_BUCKET) as usize;
    if to > from {
        let start = from as u64 * RATE_BUCKET;
        Throughput {
            input_eps: rate(sum(inj, from, last), m.input_end - start),
            output_eps: rate(sum(del, from, to), (to - from) as u64 * RATE_BUCKET),
        }
    } else {
        Throughput {
            input_eps: rate(m.injected, m.input_end),
            output_eps: rate(sum(del, 0, last), m.input_end),
        }
    }
}

/// One sample per interval, from the driver's marks and the sink's per-interval figures.
fn timeseries(
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
            input_eps: m.injected.saturating_sub(injected) as f64 / secs,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::count_at;

    #[test]
    fn throughput_is_measured_after_warm_up_and_before_the_end_of_input() {
        let ms = 1_000_000;
        let mut m = Record {
            warmup: 100 * ms,
            input_end: 1000 * ms,
            ..Record::default()
        };
        // 1 event and 1 result per ms for a second; 5000 results flushed after the end.
        for t in 0..1000 {
            count_at(&mut m.injected_by_bucket, t * ms, 1);
            count_at(&mut m.delivered_by_bucket, t * ms, 1);
        }
        count_at(&mut m.delivered_by_bucket, 1001 * ms, 5000);
        m.injected = 1000;
        let t = throughput(&m);
        assert!((t.input_eps - 1000.0).abs() < 1e-6, "{t:?}");
        assert!((t.output_eps - 1000.0).abs() < 1e-6, "{t:?}");
        // A run shorter than the warm-up is measured from its start.
        m.warmup = 2000 * ms;
        assert!((throughput(&m).input_eps - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn a_backlog_injected_after_the_schedule_counts() {
        let ms = 1_000_000;
        // Held back from 100 ms on: the last 100 events go in at once at 245 ms.
        let mut m = Record {
            warmup: 100 * ms,
            input_end: 245 * ms,
            injected: 200,
            ..Record::default()
        };
        for t in 0..100 {
            count_at(&mut m.injected_by_bucket, t * ms, 1);
        }
        count_at(&mut m.injected_by_bucket, 245 * ms, 100);
        let t = throughput(&m);
        // 100 events from 100 to 245 ms, not 0 (a whole-bucket cut ended at 240 ms).
        assert!((t.input_eps - 100.0 / 0.145).abs() < 1e-6, "{t:?}");
    }
}
