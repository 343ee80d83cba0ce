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
    /// Mean value, rounded toward negative infinity (`sum.div_euclid(count)`): values are
    /// integers (prices in cents, counts), and an exact integer keeps results comparable
    /// across engines whatever order they add in.
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
            Aggregate::Avg => self.sum.div_euclid(self.count.max(1) as i64),
        }
    }
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
        assert_eq!(a.result(Aggregate::Avg), 2);
        let mut neg = Accumulator::default();
        neg.add(-3);
        neg.add(-4);
        assert_eq!(neg.result(Aggregate::Avg), -4, "floor, not truncation");
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
