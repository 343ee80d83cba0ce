//! The sample results themselves.

use super::{encode_histogram, sample_sustain};
use crate::schema::*;
use std::collections::BTreeMap;

/// The engine name used to check that reports escape what they print.
pub const MALICIOUS_ENGINE: &str = "<script>alert(1)</script>";

/// Three engines × two workloads (one of the six runs failed), plus one extra run by
/// [`MALICIOUS_ENGINE`], then a scaling sweep (1 and 4 workers of `dataflow` and `naive`
/// on `tumbling-count`), and a sustainable-throughput search per engine on
/// `tumbling-count`.
pub fn sample_results() -> Results {
    let mut runs = Vec::new();
    for (w, workload) in ["tumbling-count", "session-sum"].into_iter().enumerate() {
        for (e, engine) in ["dataflow", "naive", "actor"].into_iter().enumerate() {
            // Distinct figures per run so "best of column" has a single winner.
            let scale = 1.0 + e as f64 * 0.7 + w as f64 * 0.3;
            runs.push(sample_run(engine, workload, 2, scale));
        }
    }
    // One failed run: no figures, its reason multi-line and markup-laden.
    fail(
        &mut runs[5],
        "engine panicked: index <out> of bounds & \"more\"\nstack backtrace:\n  0: ...",
    );
    let mut evil = sample_run(MALICIOUS_ENGINE, "tumbling-count", 1, 3.0);
    let figures = evil.figures_mut().expect("a sample run has figures");
    figures.correctness.verdict = Verdict::Fail;
    figures.correctness.mismatches = 17;
    runs.push(evil);
    for engine in ["dataflow", "naive"] {
        for (workers, scale) in [(1, 1.8), (4, 0.6)] {
            let base = if engine == "dataflow" { 1.0 } else { 1.7 };
            runs.push(sample_run(engine, "tumbling-count", workers, base * scale));
        }
    }
    let sustain = [
        ("dataflow", 400_000.0),
        ("naive", 150_000.0),
        ("actor", 90_000.0),
    ]
    .into_iter()
    .map(|(engine, capacity)| sample_sustain(engine, "tumbling-count", 2, capacity))
    .collect();

    let settings = BTreeMap::from([
        ("duration".to_owned(), "10s".to_owned()),
        ("rate".to_owned(), "100000".to_owned()),
        ("keys".to_owned(), "<10000>".to_owned()),
    ]);
    Results {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "streambench".into(),
            version: "0.1.0".into(),
            git_commit: Some("0123456789abcdef".into()),
        },
        suite: SuiteInfo {
            name: "smoke & sanity".into(),
            origin: "embedded default suite".into(),
            started_unix: 1_700_000_000,
            settings,
            description: String::new(),
            source: None,
        },
        machine: Machine {
            cpu: "Example CPU @ 3.0GHz".into(),
            cores: 2,
            memory_bytes: 8 << 30,
            os: "Linux 6.1".into(),
        },
        runs,
        sustain,
    }
}

/// One successful run whose figures grow with `scale` (bigger is slower).
pub fn sample_run(engine: &str, workload: &str, workers: usize, scale: f64) -> Run {
    let ns = |base: f64| (base * scale) as u64;
    let distribution = [
        (0.0, 20_000.0),
        (0.5, 50_000.0),
        (0.9, 120_000.0),
        (0.99, 400_000.0),
        (0.999, 1_500_000.0),
        (0.9999, 6_000_000.0),
        (1.0, 9_000_000.0),
    ]
    .into_iter()
    .map(|(q, v)| (q, ns(v)))
    .collect();
    let latency = Latency {
        count: 900_000,
        mean: 80_000.0 * scale,
        p50: ns(50_000.0),
        p90: ns(120_000.0),
        p99: ns(400_000.0),
        p999: ns(1_500_000.0),
        max: ns(9_000_000.0),
        distribution,
    };
    let figures = Figures {
        events: Counts {
            input: 1_000_000,
            output: 20_000,
            late: 3,
        },
        throughput: Throughput {
            input_eps: 100_000.0 / scale.sqrt(),
            output_eps: 2_000.0 / scale.sqrt(),
        },
        latency_ns: latency.clone(),
        processing_latency_ns: Latency {
            mean: latency.mean / 2.0,
            ..latency.clone()
        },
        event_time_latency_ns: Latency {
            mean: latency.mean * 2.0,
            ..latency.clone()
        },
        window_end_latency_ns: Latency {
            mean: latency.mean * 2.0,
            ..latency.clone()
        },
        injection_lag_ns: Latency::default(),
        latency_histogram: Some(encode_histogram(&[
            (ns(20_000.0), 100),
            (ns(50_000.0), 400),
            (ns(120_000.0), 400),
            (ns(400_000.0), 90),
            (ns(1_500_000.0), 9),
            (ns(9_000_000.0), 1),
        ])),
        timeseries: (1..=10)
            .map(|t| Sample {
                t_s: t as f64,
                offered_eps: 100_000.0,
                input_eps: 100_000.0 / scale.sqrt(),
                output_eps: 2_000.0 / scale.sqrt(),
                p50_ns: ns(50_000.0),
                p99_ns: ns(400_000.0 + 10_000.0 * t as f64),
                state_bytes: (300_000.0 * t as f64 * scale) as u64,
                heap_bytes: (1_000_000.0 * t as f64 * scale) as u64,
            })
            .collect(),
        cost: Cost {
            cpu_user_s: 9.0 * scale,
            cpu_system_s: 0.5 * scale,
            cpu_s_per_million: 9.5 * scale,
            harness_cpu_s: 0.8 * scale,
            generate_s: 0.0,
            exchange_bytes: 0,
            heap_bytes_peak: (12_000_000.0 * scale) as u64,
            heap_bytes_end: (8_000_000.0 * scale) as u64,
            state_bytes_per_key: 300.0 * scale,
            snapshot: None,
            snapshot_note: None,
        },
        state: State {
            logical_bytes_peak: (3_000_000.0 * scale) as u64,
            logical_bytes_end: (1_000_000.0 * scale) as u64,
        },
        correctness: Correctness {
            verdict: Verdict::Pass,
            mismatches: 0,
            expected_outputs: 20_000,
            actual_outputs: 20_000,
            expected_late: 3,
            note: None,
        },
        clock_error_ns: None,
        recovery: None,
        simulation: None,
    };
    Run {
        key: RunKey {
            engine: engine.into(),
            workload: workload.into(),
            workers,
            processes: 1,
            offered_rate: 100_000.0,
            keys: 10_000,
            repetition: 0,
            probe_of: None,
        },
        params: RunParams {
            plan: format!("source -> window({workload}) -> sink"),
            duration_s: 10.0,
            warmup_s: 1.0,
            seed: 42,
            simulated: None,
        },
        outcome: Outcome::Ok {
            figures: Box::new(figures),
        },
    }
}

/// Turns `run` into a failed run (no figures) with `reason`; `"timeout"` makes it a
/// timeout.
pub fn fail(run: &mut Run, reason: &str) {
    let reason = reason.to_owned();
    run.outcome = if reason == "timeout" {
        Outcome::Timeout { reason }
    } else {
        Outcome::Failed { reason }
    };
}
