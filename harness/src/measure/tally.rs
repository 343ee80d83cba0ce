//! Counting latencies on the measuring thread at a few instructions each, for
//! HdrHistogram's dozens: a flat array of counts in HdrHistogram's own bucket layout at 3
//! significant digits, added into the record's histograms when a time-series interval or
//! the run ends.
//!
//! Why: the measuring thread records four latencies per result, and HdrHistogram's `record`
//! (bounds, auto-resize and min/max bookkeeping on every call) was a third of that thread's
//! instructions on an output-heavy workload. Adding a tally into a histogram records each
//! bucket's lowest value with the bucket's count; the buckets are HdrHistogram's (values
//! below 2048 exactly, then 1024 sub-buckets per power of two), so the histogram is the one
//! recording every value would have made, at 3 significant digits and at 2.

use super::buckets::{clamp, index, lowest, TOP};
use super::hist::Hist;
use super::sparse::Sparse;

/// HdrHistogram's layout at 3 significant digits: 2048 exact values, then 1024 buckets per
/// power of two.
const BITS: u32 = 11;
/// Buckets up to [`TOP`].
const BUCKETS: usize = index::<BITS>(TOP) + 1;

/// Counts of values in HdrHistogram's buckets, and which buckets are not empty.
pub struct Tally {
    counts: Vec<u64>,
    touched: Vec<u32>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            counts: vec![0; BUCKETS],
            touched: Vec::new(),
        }
    }
}

impl Tally {
    /// Counts `v` nanoseconds, clamped as the record's histograms clamp (0 to 1 ns, past
    /// their last bucket to 60 s).
    #[inline]
    pub fn record(&mut self, v: u64) {
        let i = index::<BITS>(clamp(v));
        if self.counts[i] == 0 {
            self.touched.push(i as u32);
        }
        self.counts[i] += 1;
    }

    /// Whether nothing has been counted since the last drain.
    pub fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// Adds every counted value into each of `into`, and starts again from nothing.
    pub fn drain(&mut self, into: &mut [&mut dyn Recorder]) {
        // In ascending order, which a sparse histogram appends at its end.
        self.touched.sort_unstable();
        for &i in &self.touched {
            let i = i as usize;
            let (value, n) = (lowest::<BITS>(i).0, std::mem::take(&mut self.counts[i]));
            into.iter_mut().for_each(|h| h.record_n(value, n));
        }
        self.touched.clear();
    }
}

/// A histogram a [`Tally`] drains into.
pub trait Recorder {
    /// Records `n` values of `value`, clamped to the histogram's range.
    fn record_n(&mut self, value: u64, n: u64);
}

impl<const D: u8> Recorder for Hist<D> {
    fn record_n(&mut self, value: u64, n: u64) {
        self.0.saturating_record_n(value, n);
    }
}

impl Recorder for Sparse {
    fn record_n(&mut self, value: u64, n: u64) {
        Sparse::record_n(self, value, n);
    }
}

#[cfg(test)]
mod tests {
    use super::super::hist::MAX_LATENCY;
    use super::*;
    use hdrhistogram::Histogram;

    #[test]
    fn a_drained_tally_is_the_histogram_recording_every_value_makes() {
        let mut rng = workloads::SplitMix64::new(3);
        let values: Vec<u64> = (0..20_000)
            .map(|_| 1 + (rng.below(1 << 20) << rng.below(20)))
            .chain([0, 1, MAX_LATENCY, MAX_LATENCY + 5, TOP, TOP + 1, u64::MAX])
            .collect();
        let (mut three, mut two) = (Hist::<3>::default(), Hist::<2>::default());
        let (mut direct3, mut direct2) = (Hist::<3>::default(), Hist::<2>::default());
        let mut tally = Tally::default();
        for &v in &values {
            tally.record(v);
            direct3.saturating_record(v.max(1));
            direct2.saturating_record(v.max(1));
        }
        tally.drain(&mut [&mut three, &mut two]);
        let seen = |h: &Histogram<u64>| (h.len(), h.min_nz(), h.max(), h.value_at_quantile(0.5));
        assert_eq!(seen(&three), seen(&direct3));
        assert_eq!(seen(&two), seen(&direct2));
        // Compared without printing: a failure would print 27 000 counts.
        assert!(three.0 == direct3.0 && two.0 == direct2.0);
        // Drained: nothing is added twice.
        tally.drain(&mut [&mut three]);
        assert_eq!(three.len(), values.len() as u64);
    }
}
