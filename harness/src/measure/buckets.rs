//! HdrHistogram's bucket layout, computed without a histogram: what lets a [`super::Tally`]
//! (3 significant digits) and a [`super::sparse::Sparse`] (2 digits) count in the very
//! buckets the record's histograms use, so what they add into them is exact.
//!
//! At `BITS` (11 for 3 digits, 8 for 2), values below `2^BITS` are their own bucket; above,
//! each power of two has `2^(BITS - 1)` buckets.

use super::hist::MAX_LATENCY;

/// The largest value the record's histograms count as itself: their buckets reach 2^36 − 1
/// (past [`MAX_LATENCY`], at 2 and 3 digits alike); a larger value is counted as
/// [`MAX_LATENCY`], as HdrHistogram's `saturating_record` does.
pub const TOP: u64 = (1 << 36) - 1;

/// `v` nanoseconds as the record's histograms count it: 0 as 1 ns, past [`TOP`] as 60 s.
#[inline]
pub fn clamp(v: u64) -> u64 {
    if v > TOP {
        MAX_LATENCY
    } else {
        v.max(1)
    }
}

/// The bucket holding `v` (in 1..=[`TOP`]).
#[inline]
pub const fn index<const BITS: u32>(v: u64) -> usize {
    let exact = 1 << BITS;
    if v < exact {
        return v as usize;
    }
    // `v >> shift` is in [exact / 2, exact): resolution 2^shift.
    let shift = 64 - v.leading_zeros() - BITS;
    let half = exact / 2;
    (exact + (shift as u64 - 1) * half + ((v >> shift) - half)) as usize
}

/// The lowest value of bucket `i`, and the number of low bits its values differ in.
#[inline]
pub const fn lowest<const BITS: u32>(i: usize) -> (u64, u32) {
    let (i, exact) = (i as u64, 1 << BITS);
    if i < exact {
        return (i, 0);
    }
    let half = exact / 2;
    let shift = ((i - exact) / half + 1) as u32;
    ((((i - exact) % half) + half) << shift, shift)
}

#[cfg(test)]
mod tests {
    use super::super::hist::Hist;
    use super::*;

    #[test]
    fn buckets_are_hdrhistograms_own() {
        let h = Hist::<3>::default();
        for v in (1..5000).chain((0..36).flat_map(|p| [(1u64 << p) - 1, 1 << p, (1 << p) + 1])) {
            let v = v.clamp(1, TOP);
            let i = index::<11>(v);
            assert_eq!(
                lowest::<11>(i).0,
                h.lowest_equivalent(v),
                "value {v}, bucket {i}"
            );
            assert_eq!(index::<11>(h.highest_equivalent(v)), i, "value {v}");
        }
        let (mut three, mut two) = (Hist::<3>::default(), Hist::<2>::default());
        assert!(three.record(TOP).is_ok() && three.record(TOP + 1).is_err());
        assert!(two.record(TOP).is_ok() && two.record(TOP + 1).is_err());
    }

    #[test]
    fn buckets_are_hdrhistograms_own_at_two_digits() {
        let h = Hist::<2>::default();
        for v in (1..2000).chain((0..37).flat_map(|p| [(1u64 << p) - 1, 1 << p, (1 << p) + 1])) {
            let v = v.clamp(1, TOP);
            let (low, s) = lowest::<8>(index::<8>(v));
            assert_eq!(low, h.lowest_equivalent(v), "value {v}");
            assert_eq!(low + (1 << s) - 1, h.highest_equivalent(v), "value {v}");
        }
    }
}
