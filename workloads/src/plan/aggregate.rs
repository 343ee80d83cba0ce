//! Aggregate functions over the `value` field, and the accumulator all engines share.

use serde::{Deserialize, Serialize};

/// What a window computes over the values of its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    /// Number of events.
    Count,
    /// Sum of values (wrapping on i64 overflow, identically in every engine).
    Sum,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Mean value, rounded to the nearest integer, halves up ([`mean`]): what Beam's Nexmark
    /// queries output (`Math.round` of the double mean). Values are integers (prices in
    /// cents, counts), and an exact integer keeps results comparable across engines whatever
    /// order they add in.
    Avg,
}

impl Aggregate {
    /// Lower-case name as used in suites and reports.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Avg => "avg",
        }
    }
}

/// A mergeable summary of a set of values: enough for every [`Aggregate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accumulator {
    /// Number of values.
    pub count: u64,
    /// Wrapping sum of values.
    pub sum: i64,
    /// Smallest value (`i64::MAX` when empty).
    pub min: i64,
    /// Largest value (`i64::MIN` when empty).
    pub max: i64,
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            count: 0,
            sum: 0,
            min: i64::MAX,
            max: i64::MIN,
        }
    }
}

impl Accumulator {
    /// Adds one value.
    #[inline]
    pub fn add(&mut self, v: i64) {
        self.count += 1;
        self.sum = self.sum.wrapping_add(v);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    /// Folds another accumulator in (used when partial aggregates are combined).
    pub fn merge(&mut self, o: &Accumulator) {
        self.count += o.count;
        self.sum = self.sum.wrapping_add(o.sum);
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// The aggregate's result. Only meaningful when `count > 0`.
    pub fn result(&self, a: Aggregate) -> i64 {
        match a {
            Aggregate::Count => self.count as i64,
            Aggregate::Sum => self.sum,
            Aggregate::Min => self.min,
            Aggregate::Max => self.max,
            Aggregate::Avg => mean(self.sum, self.count),
        }
    }
}

/// `sum / count` rounded to the nearest integer, halves toward +∞: `floor(sum / count + 1/2)`,
/// which is Java's `Math.round((double) sum / count)` as Beam's Query4 and Query6 compute it
/// (the double quotient is exact enough for this while `|sum|` < 2^52, far above any sum of
/// prices). Computed in integers, so every engine gets the same answer; 0 for no values.
pub fn mean(sum: i64, count: u64) -> i64 {
    let (sum, count) = (i128::from(sum), i128::from(count.max(1)));
    (2 * sum + count).div_euclid(2 * count) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_by_hand() {
        let mut a = Accumulator::default();
        for v in [3, -7, 10, 5] {
            a.add(v);
        }
        assert_eq!(a.result(Aggregate::Count), 4);
        assert_eq!(a.result(Aggregate::Sum), 11);
        assert_eq!(a.result(Aggregate::Min), -7);
        assert_eq!(a.result(Aggregate::Max), 10);
        assert_eq!(a.result(Aggregate::Avg), 3, "11 / 4 = 2.75 rounds to 3");
        let mut neg = Accumulator::default();
        neg.add(-3);
        neg.add(-4);
        assert_eq!(
            neg.result(Aggregate::Avg),
            -3,
            "-3.5 rounds up, as Math.round"
        );
    }

    #[test]
    fn mean_rounds_halves_up_like_java() {
        // Math.round(x) for x = 2.5, 2.4999.., -2.5, -2.6, 7/3, 8/3.
        assert_eq!(mean(5, 2), 3);
        assert_eq!(mean(24_999, 10_000), 2);
        assert_eq!(mean(-5, 2), -2);
        assert_eq!(mean(-13, 5), -3);
        assert_eq!(mean(7, 3), 2);
        assert_eq!(mean(8, 3), 3);
        assert_eq!(mean(i64::MAX, 1), i64::MAX);
        assert_eq!(mean(i64::MIN, 1), i64::MIN);
        assert_eq!(mean(0, 0), 0);
    }

    #[test]
    fn merge_equals_adding_all() {
        let (mut a, mut b, mut all) = (
            Accumulator::default(),
            Accumulator::default(),
            Accumulator::default(),
        );
        for v in 0..10 {
            if v % 3 == 0 {
                a.add(v)
            } else {
                b.add(v)
            }
            all.add(v);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}
