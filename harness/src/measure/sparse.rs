//! A time-series interval's latency histogram that holds only its non-empty buckets.
//!
//! Why: a run keeps one histogram per interval (50 ms by default) for its whole length. A
//! dense HdrHistogram at 2 significant digits is 30 kB however few results it holds, which
//! made a run's memory grow by ~0.9 MB per second of run time (3.4 GB for an hour), mostly
//! for intervals with no result at all (a window-count run delivers only when windows
//! close). Here an empty interval costs nothing and a full one 10 bytes per distinct bucket.
//! The buckets and quantiles are HdrHistogram's own at 2 digits, so every figure read from
//! it is the one the dense histogram gave.

use super::buckets::{clamp, index, lowest, TOP};
use serde::{Deserialize, Serialize};

/// HdrHistogram's layout at 2 significant digits: 256 exact values, then 128 buckets per
/// power of two.
const BITS: u32 = 8;

/// The last bucket, the one holding [`TOP`].
const LAST: u16 = index::<BITS>(TOP) as u16;

/// Counts per non-empty bucket, in bucket order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Raw")]
pub struct Sparse {
    buckets: Vec<u16>,
    counts: Vec<u64>,
}

/// A [`Sparse`] as read, before it is checked (a record from another process).
#[derive(Deserialize)]
struct Raw {
    buckets: Vec<u16>,
    counts: Vec<u64>,
}

impl TryFrom<Raw> for Sparse {
    type Error = String;
    fn try_from(r: Raw) -> Result<Self, String> {
        let ascending = r.buckets.windows(2).all(|w| w[0] < w[1]);
        if r.buckets.len() != r.counts.len() || !ascending || r.buckets.last() > Some(&LAST) {
            return Err("bad sparse histogram: buckets and counts do not match".into());
        }
        Ok(Sparse {
            buckets: r.buckets,
            counts: r.counts,
        })
    }
}

impl Sparse {
    /// Counts `n` values of `v` nanoseconds, clamped as the dense histograms clamp (0 to
    /// 1 ns, past their last bucket to 60 s).
    pub fn record_n(&mut self, v: u64, n: u64) {
        let b = index::<BITS>(clamp(v)) as u16;
        // A tally drains in ascending order: mostly the last bucket or a new one after it.
        let at = match self.buckets.last() {
            Some(&l) if l == b => Ok(self.buckets.len() - 1),
            Some(&l) if l > b => self.buckets.binary_search(&b),
            _ => Err(self.buckets.len()),
        };
        match at {
            Ok(k) => self.counts[k] += n,
            Err(k) => {
                self.buckets.insert(k, b);
                self.counts.insert(k, n);
            }
        }
    }

    /// Whether no value was counted.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Values counted.
    pub fn len(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The value at quantile `q` (0 to 1), as HdrHistogram reports it: the highest value
    /// equivalent to the bucket where the count reaches `q` of the total (the lowest, for
    /// `q` = 0); 0 when empty.
    pub fn value_at_quantile(&self, q: f64) -> u64 {
        // As HdrHistogram: above 1 is 1, and NaN reaches the first value.
        let q = if q > 1.0 { 1.0 } else { q };
        let want = ((q * self.len() as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (&b, &n) in self.buckets.iter().zip(&self.counts) {
            seen += n;
            if seen >= want {
                let (low, shift) = lowest::<BITS>(b as usize);
                return if q == 0.0 {
                    low
                } else {
                    low + (1 << shift) - 1
                };
            }
        }
        0
    }

    /// Adds `other`'s counts into these.
    pub fn add(&mut self, other: &Sparse) {
        if self.is_empty() {
            self.clone_from(other);
            return;
        }
        let (mut buckets, mut counts) = (Vec::new(), Vec::new());
        let (mut a, mut b) = (0, 0);
        while a < self.buckets.len() || b < other.buckets.len() {
            let x = self.buckets.get(a).copied().unwrap_or(u16::MAX);
            let y = other.buckets.get(b).copied().unwrap_or(u16::MAX);
            let mut n = 0;
            if x <= y {
                n += self.counts[a];
                a += 1;
            }
            if y <= x {
                n += other.counts[b];
                b += 1;
            }
            buckets.push(x.min(y));
            counts.push(n);
        }
        *self = Sparse { buckets, counts };
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.buckets.capacity() * 2 + self.counts.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::super::hist::Hist;
    use super::*;

    #[test]
    fn quantiles_and_counts_are_the_dense_histograms() {
        let mut rng = workloads::SplitMix64::new(9);
        let (mut dense, mut sparse, mut halves) = (
            Hist::<2>::default(),
            Sparse::default(),
            [Sparse::default(), Sparse::default()],
        );
        for k in 0..5_000u64 {
            let v = match k {
                0 => 0,
                1 => u64::MAX,
                2 => TOP,
                _ => 1 + (rng.below(1 << 16) << rng.below(24)),
            };
            let n = 1 + rng.below(3);
            dense.saturating_record_n(v.max(1), n);
            sparse.record_n(v, n);
            halves[(k % 2) as usize].record_n(v, n);
        }
        let [mut a, b] = halves;
        a.add(&b);
        assert_eq!(a, sparse);
        assert_eq!(sparse.len(), dense.len());
        for q in [0.0, 0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0, 1.5] {
            assert_eq!(
                sparse.value_at_quantile(q),
                dense.value_at_quantile(q),
                "q {q}"
            );
        }
        assert_eq!(Sparse::default().value_at_quantile(0.5), 0);
        assert_eq!(
            sparse.value_at_quantile(f64::NAN),
            dense.value_at_quantile(f64::NAN)
        );
        assert_eq!(LAST, 3839);
        // A record from another process is checked before it is used.
        let back: Sparse = serde_json::from_str(&serde_json::to_string(&sparse).unwrap()).unwrap();
        assert_eq!(back, sparse);
        for bad in [
            r#"{"buckets":[1,2],"counts":[1]}"#,
            r#"{"buckets":[2,1],"counts":[1,1]}"#,
            r#"{"buckets":[3840],"counts":[1]}"#,
        ] {
            assert!(serde_json::from_str::<Sparse>(bad).is_err(), "{bad}");
        }
        // Compact: 10 bytes per non-empty bucket, never the dense 30 kB.
        assert!(
            sparse.heap_bytes() < 10 * 3840 * 2,
            "{}",
            sparse.heap_bytes()
        );
        let mut one = Sparse::default();
        one.record_n(1_000, 4);
        assert!(one.heap_bytes() <= 40, "{}", one.heap_bytes());
    }
}
