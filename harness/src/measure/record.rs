//! The one measurement record: every figure a run measures, in one serde type, each field
//! declared with the rule by which two records merge (the processes of one run, or the
//! driver's and the sink's halves of one process's record). Adding a metric is one field
//! here, with its rule, plus the place that measures it.

use super::hist::Hist;
use super::sparse::Sparse;
use serde::{Deserialize, Serialize};
use workloads::Time;

/// Why two records cannot merge.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Two histograms have incompatible ranges.
    #[error("histograms do not add: {0}")]
    Histogram(String),
}

/// How one figure combines with the same figure of another record. The empty value
/// ([`Default`]) is the identity of every rule.
pub mod rule {
    use super::{Hist, Merge, MergeError, Sparse};

    /// Counters and costs add up.
    pub fn sum<T: std::ops::AddAssign>(into: &mut T, other: T) -> Result<(), MergeError> {
        *into += other;
        Ok(())
    }

    /// Instants (the last injection, the end) take the later one.
    pub fn max<T: Ord + Copy>(into: &mut T, other: T) -> Result<(), MergeError> {
        *into = (*into).max(other);
        Ok(())
    }

    /// Histograms add, value by value.
    pub fn add<const D: u8>(into: &mut Hist<D>, other: Hist<D>) -> Result<(), MergeError> {
        into.add(&other.0)
            .map_err(|e| MergeError::Histogram(format!("{e:?}")))
    }

    /// Sparse histograms add, bucket by bucket.
    pub fn add_sparse(into: &mut Sparse, other: Sparse) -> Result<(), MergeError> {
        into.add(&other);
        Ok(())
    }

    /// Multisets (matched results, samples) are joined.
    pub fn concat<T>(into: &mut Vec<T>, mut other: Vec<T>) -> Result<(), MergeError> {
        into.append(&mut other);
        Ok(())
    }

    /// Counts per time bucket line up by bucket index and add.
    pub fn add_buckets(into: &mut Vec<u64>, other: Vec<u64>) -> Result<(), MergeError> {
        if into.len() < other.len() {
            into.resize(other.len(), 0);
        }
        into.iter_mut().zip(other).for_each(|(a, b)| *a += b);
        Ok(())
    }

    /// Per-index maxima (one per checkpoint) line up by index and take the larger.
    pub fn max_each(into: &mut Vec<u64>, other: Vec<u64>) -> Result<(), MergeError> {
        if into.len() < other.len() {
            into.resize(other.len(), 0);
        }
        into.iter_mut()
            .zip(other)
            .for_each(|(a, b)| *a = (*a).max(b));
        Ok(())
    }

    /// Time series line up by interval index, each interval merging by its own rules.
    pub fn zip<T: Merge + Default>(into: &mut Vec<T>, other: Vec<T>) -> Result<(), MergeError> {
        for (k, item) in other.into_iter().enumerate() {
            if into.len() <= k {
                into.push(T::default());
            }
            into[k].merge(item)?;
        }
        Ok(())
    }
}

/// A record type: merges with another of its kind, field by field.
pub trait Merge {
    /// Adds `other`'s figures into these, each by its field's rule.
    fn merge(&mut self, other: Self) -> Result<(), MergeError>;
}

/// Declares a record: a serde struct whose every field names its merge rule (a function
/// of [`rule`]), and the [`Merge`] impl that applies them.
macro_rules! record {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$fmeta:meta])* pub $field:ident : $ty:ty => $rule:ident,)*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl Merge for $name {
            fn merge(&mut self, other: Self) -> Result<(), MergeError> {
                $(rule::$rule(&mut self.$field, other.$field)?;)*
                Ok(())
            }
        }
    };
}

record! {
    /// Everything measured of one run, in one process or merged over several. The driver
    /// fills the injection side, the sink the results side, the executor the process's
    /// costs; each starts from the empty record and they merge.
    pub struct Record {
        /// Events injected.
        pub injected: u64 => sum,
        /// Clock time of the last injection.
        pub last_injection: Time => max,
        /// Clock time when `finish` returned.
        pub finished: Time => max,
        /// Clock time when the driver called `finish`: the end of the measured interval.
        pub input_end: Time => max,
        /// The warm-up, ns of the clock: the start of the measured interval.
        pub warmup: Time => max,
        /// Events injected per [`RATE_BUCKET`] of clock time.
        pub injected_by_bucket: Vec<u64> => add_buckets,
        /// Results delivered per [`RATE_BUCKET`] of clock time.
        pub delivered_by_bucket: Vec<u64> => add_buckets,
        /// Largest logical state sampled (per process; summed, it bounds a cluster's peak).
        pub state_peak: u64 => sum,
        /// Logical state at the end of input, before `finish`.
        pub state_end: u64 => sum,
        /// Process heap at the end of input.
        pub heap_end: u64 => sum,
        /// Peak process heap.
        pub heap_peak: u64 => sum,
        /// Nanoseconds the driver spent spinning while waiting for the schedule.
        pub spin: Time => sum,
        /// Nanoseconds the driver spent generating the stream (ahead of its schedule).
        pub generate: Time => sum,
        /// Late events the engine dropped.
        pub late: u64 => sum,
        /// Bytes the engine's exchange sent to other processes (engines that count them).
        pub exchange_bytes: u64 => sum,
        /// User CPU seconds of the process during the run, the driver's spin included.
        pub cpu_user_s: f64 => sum,
        /// System CPU seconds of the process during the run.
        pub cpu_system_s: f64 => sum,
        /// User CPU seconds of the harness's own threads (measuring, coordinating), included
        /// in `cpu_user_s`.
        pub harness_user_s: f64 => sum,
        /// System CPU seconds of the harness's own threads, included in `cpu_system_s`.
        pub harness_system_s: f64 => sum,
        /// Actual minus scheduled injection time, per batch.
        pub lag: Hist<3> => add,
        /// One mark per elapsed time-series interval.
        pub marks: Vec<Mark> => zip,
        /// Results received (also during warm-up).
        pub outputs: u64 => sum,
        /// Emission minus the cause's scheduled time.
        pub latency: Hist<3> => add,
        /// Emission minus the cause's actual injection time.
        pub processing: Hist<3> => add,
        /// Emission minus the latest contributing event time.
        pub event_latency: Hist<3> => add,
        /// Emission minus the end of the result's window (YSB's latency).
        pub window_end: Hist<3> => add,
        /// Index of the reference's result each delivered result matched (see
        /// [`crate::expected`]), for the correctness check.
        pub matched: Vec<u32> => concat,
        /// Results the reference does not have.
        pub unexpected: u64 => sum,
        /// Results delivered with another cause or latest time than the reference's.
        pub misattributed: u64 => sum,
        /// The first few differences, described (a few per process).
        pub mismatch_samples: Vec<String> => concat,
        /// Results per interval of emission time.
        pub intervals: Vec<Interval> => zip,
        /// Results delivered again after a recovery (matched to an expected result already
        /// delivered), not timed.
        pub duplicated: u64 => sum,
        /// Checkpoints completed during the run, in order.
        pub checkpoints: Vec<CheckpointMark> => concat,
        /// Per checkpoint (by index): the largest latency of a result whose cause was due
        /// while that checkpoint held inputs back (0: none).
        pub in_flight_max: Vec<u64> => max_each,
        /// Crashes injected, in order.
        pub crashes: Vec<CrashMark> => concat,
    }
}

/// One completed checkpoint, as the driver saw it (clock times in ns).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckpointMark {
    /// When the snapshot was started.
    pub started: Time,
    /// Events of the stream before the cut.
    pub offset: u64,
    /// Bytes of the file.
    pub bytes: u64,
    /// Time the engine took to snapshot.
    pub take: Time,
    /// Time to write the file durably.
    pub persist: Time,
    /// When inputs resumed (after the commit).
    pub ended: Time,
}

/// One injected crash, as the driver saw it (clock times in ns).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CrashMark {
    /// When the engine was dropped.
    pub at: Time,
    /// The restored checkpoint's start, or `None`: from the beginning of the stream.
    pub restored_from: Option<Time>,
    /// Bytes of the restored checkpoint's file.
    pub restored_bytes: u64,
    /// When the new engine was built and restored.
    pub restored: Time,
    /// When the driver had caught up with the schedule again (`None`: never did).
    pub caught_up: Option<Time>,
    /// Events injected again.
    pub replayed: u64,
}

record! {
    /// The state of things at the end of one time-series interval.
    pub struct Mark {
        /// Clock time of the interval's end.
        pub at: Time => max,
        /// Events injected since the start.
        pub injected: u64 => sum,
        /// Engine's logical state.
        pub state_bytes: u64 => sum,
        /// Process heap.
        pub heap_bytes: u64 => sum,
    }
}

record! {
    /// One interval's results: how many, and their latency from the schedule.
    pub struct Interval {
        /// Results delivered in the interval.
        pub outputs: u64 => sum,
        /// Their latency (2 significant digits: enough for a time series; only the buckets
        /// that hold results, so an interval without results costs nothing).
        pub latency: Sparse => add_sparse,
    }
}

/// The resolution of the injection and delivery counts that give throughput over the
/// measured interval (after warm-up, before the end of input) only.
pub const RATE_BUCKET: Time = 10_000_000;

/// Adds `n` to the count of the bucket holding clock time `at`.
pub fn count_at(buckets: &mut Vec<u64>, at: Time, n: u64) {
    let b = (at / RATE_BUCKET) as usize;
    if buckets.len() <= b {
        buckets.resize(b + 1, 0);
    }
    buckets[b] += n;
}

impl Record {
    /// The `i`-th interval's figures, created (empty) as needed.
    pub fn interval(&mut self, i: usize) -> &mut Interval {
        if self.intervals.len() <= i {
            self.intervals.resize_with(i + 1, Interval::default);
        }
        &mut self.intervals[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(injected: u64, last: Time, latency: &[u64]) -> Record {
        let mut r = Record {
            injected,
            last_injection: last,
            matched: vec![injected as u32],
            ..Record::default()
        };
        latency.iter().for_each(|&l| r.latency.record(l).unwrap());
        r.interval(1).outputs = injected;
        r
    }

    #[test]
    fn fields_merge_by_their_rules() {
        let mut a = part(10, 50, &[100, 200]);
        a.merge(part(5, 70, &[300])).unwrap();
        assert_eq!((a.injected, a.last_injection), (15, 70));
        assert_eq!(a.latency.len(), 3);
        assert_eq!(a.latency.max(), a.latency.highest_equivalent(300));
        assert_eq!(a.matched, vec![10, 5]);
        assert_eq!(a.intervals.len(), 2);
        assert_eq!(a.intervals[1].outputs, 15);
    }

    #[test]
    fn empty_is_the_identity_and_records_travel_as_json() {
        let mut a = Record::default();
        a.merge(part(7, 9, &[42])).unwrap();
        let back: Record = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!((back.injected, back.latency.len()), (7, 1));
        assert_eq!(back.intervals[1].outputs, 7);
        let bad = serde_json::to_string(&a)
            .unwrap()
            .replace("\"latency\":\"", "\"latency\":\"!");
        assert!(serde_json::from_str::<Record>(&bad).is_err());
    }
}
