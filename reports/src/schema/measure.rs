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

/// The samples a quantile `q` needs before it means anything: ⌈1/(1−q)⌉, so p50 needs 2,
/// p90 10, p99 100 and p99.9 1000 (with fewer, "the 99th percentile" is just the largest
/// value, or an interpolation between the few there are). `q ≥ 1` (the maximum) needs one.
/// Every report decides "enough samples" by this function and by nothing else.
pub fn min_samples(q: f64) -> u64 {
    if q >= 1.0 {
        return 1;
    }
    // 1/(1−0.99) is 100.00000000000001 in floating point: round away the error first.
    let x = 1.0 / (1.0 - q.max(0.0));
    (x * (1.0 - 1e-9)).ceil().max(1.0) as u64
}

/// A summary percentile of [`Latency`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Percentile {
    /// The median.
    P50,
    /// The 90th percentile.
    P90,
    /// The 99th percentile.
    P99,
    /// The 99.9th percentile.
    P999,
    /// The largest value.
    Max,
}

impl Percentile {
    /// The quantile, 0.5 … 1 (the maximum).
    pub fn q(self) -> f64 {
        match self {
            Percentile::P50 => 0.5,
            Percentile::P90 => 0.9,
            Percentile::P99 => 0.99,
            Percentile::P999 => 0.999,
            Percentile::Max => 1.0,
        }
    }

    /// `p50`, `p90`, `p99`, `p99.9`, `max`.
    pub fn name(self) -> &'static str {
        match self {
            Percentile::P50 => "p50",
            Percentile::P90 => "p90",
            Percentile::P99 => "p99",
            Percentile::P999 => "p99.9",
            Percentile::Max => "max",
        }
    }

    /// The samples it needs: [`min_samples`] of its quantile.
    pub fn min_samples(self) -> u64 {
        min_samples(self.q())
    }
}

impl Latency {
    /// Whether the distribution holds enough samples for quantile `q` ([`min_samples`]).
    pub fn enough_for(&self, q: f64) -> bool {
        self.count >= min_samples(q)
    }

    /// The percentile, or `None` when fewer samples were recorded than it needs.
    pub fn get(&self, p: Percentile) -> Option<u64> {
        if !self.enough_for(p.q()) {
            return None;
        }
        Some(match p {
            Percentile::P50 => self.p50,
            Percentile::P90 => self.p90,
            Percentile::P99 => self.p99,
            Percentile::P999 => self.p999,
            Percentile::Max => self.max,
        })
    }
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
    /// CPU seconds the driver spent generating the stream (part of `harness_cpu_s`; summed
    /// over processes, each of which generates the whole stream; absent from older results:
    /// 0). The simulator's source cost per event is calibrated from it.
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub generate_s: f64,
    /// Bytes the engine's exchange sent between processes (a multi-process run of an engine
    /// that counts them: timely; 0 otherwise).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub exchange_bytes: u64,
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

fn is_zero_f64(v: &f64) -> bool {
    *v == 0.0
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_percentile_needs_one_over_its_tail() {
        let needs: Vec<u64> = [0.0, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0]
            .into_iter()
            .map(min_samples)
            .collect();
        assert_eq!(needs, [1, 2, 10, 100, 1000, 10_000, 1]);
        let mut lat = Latency {
            count: 99,
            p50: 5,
            p99: 7,
            p999: 8,
            max: 9,
            ..Latency::default()
        };
        assert_eq!(lat.get(Percentile::P50), Some(5));
        assert_eq!(lat.get(Percentile::P99), None);
        lat.count = 100;
        assert_eq!(lat.get(Percentile::P99), Some(7));
        assert_eq!(lat.get(Percentile::P999), None);
        lat.count = 0;
        assert_eq!(lat.get(Percentile::Max), None);
        assert_eq!(Percentile::P999.min_samples(), 1000);
    }
}
