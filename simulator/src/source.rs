//! The sources: the schedule's records waiting to be injected (the driver's queue, which
//! back-pressure makes grow) and the source stage that injects them.

use std::collections::VecDeque;

/// Records scheduled uniformly over `[lo, hi)` seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// How many (fractional: the model is a fluid of records).
    pub n: f64,
    /// Scheduled time of the first, seconds.
    pub lo: f64,
    /// Scheduled time just after the last, seconds.
    pub hi: f64,
}

/// Scheduled records not yet injected, oldest first.
#[derive(Debug, Default)]
pub struct Pending {
    segments: VecDeque<Segment>,
    total: f64,
}

impl Pending {
    /// Adds the records scheduled over `[lo, hi)`.
    pub fn push(&mut self, s: Segment) {
        if s.n > 0.0 {
            self.total += s.n;
            self.segments.push_back(s);
        }
    }

    /// Records waiting.
    pub fn len(&self) -> f64 {
        self.total
    }

    /// Takes up to `n` of the oldest records: how many, and the scheduled span they cover.
    pub fn take(&mut self, n: f64) -> Option<Segment> {
        let mut left = n.min(self.total);
        if left <= 0.0 {
            return None;
        }
        let (mut lo, mut hi, mut taken) = (f64::NAN, 0.0, 0.0);
        while left > 1e-12 {
            let Some(front) = self.segments.front_mut() else {
                break;
            };
            if lo.is_nan() {
                lo = front.lo;
            }
            if front.n <= left + 1e-12 {
                left -= front.n;
                taken += front.n;
                hi = front.hi;
                self.segments.pop_front();
            } else {
                // Records are spread evenly over a segment: cut it in proportion.
                let cut = front.lo + (front.hi - front.lo) * left / front.n;
                taken += left;
                hi = cut;
                front.n -= left;
                front.lo = cut;
                left = 0.0;
            }
        }
        self.total = (self.total - taken).max(0.0);
        if self.segments.is_empty() {
            self.total = 0.0;
        }
        Some(Segment { n: taken, lo, hi })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_oldest_records_and_cuts_a_segment_in_proportion() {
        let mut p = Pending::default();
        p.push(Segment {
            n: 10.0,
            lo: 0.0,
            hi: 1.0,
        });
        p.push(Segment {
            n: 10.0,
            lo: 1.0,
            hi: 2.0,
        });
        let s = p.take(15.0).unwrap();
        assert_eq!((s.n, s.lo, s.hi), (15.0, 0.0, 1.5));
        assert_eq!(p.len(), 5.0);
        let s = p.take(100.0).unwrap();
        assert_eq!((s.n, s.lo, s.hi), (5.0, 1.5, 2.0));
        assert!(p.take(1.0).is_none());
    }
}
