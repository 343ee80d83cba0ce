//! Compact per-key accumulators for fixed windows: one word for count, sum, min and max,
//! two for the average. A million-key window table is bound by memory, so the slot size is
//! the cost that matters (a one-word slot halves it against a full `Accumulator`).

use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use workloads::plan::{mean, Aggregate};

/// What a window keeps per key.
pub trait Acc: Copy + Send + 'static {
    /// The accumulator of one value.
    fn first(a: Aggregate, v: i64) -> Self;
    /// Adds a value.
    fn add(&mut self, a: Aggregate, v: i64);
    /// The aggregate's result.
    fn result(&self, a: Aggregate) -> i64;
    /// A count of `n` records, if this accumulator can hold counts.
    fn count(n: i64) -> Option<Self>;
    /// Serialises it.
    fn encode(&self, e: &mut Encoder);
    /// Reads it back.
    fn decode(d: &mut Decoder) -> Result<Self, EngineError>;
}

/// Count, sum, min or max in one word.
#[derive(Clone, Copy, Debug)]
pub struct Word(i64);

impl Acc for Word {
    #[inline]
    fn first(a: Aggregate, v: i64) -> Self {
        Word(if a == Aggregate::Count { 1 } else { v })
    }

    #[inline]
    fn add(&mut self, a: Aggregate, v: i64) {
        self.0 = match a {
            Aggregate::Count => self.0 + 1,
            Aggregate::Sum => self.0.wrapping_add(v),
            Aggregate::Min => self.0.min(v),
            Aggregate::Max => self.0.max(v),
            Aggregate::Avg => unreachable!("averages use Pair"),
        }
    }

    fn result(&self, _: Aggregate) -> i64 {
        self.0
    }

    fn count(n: i64) -> Option<Self> {
        Some(Word(n))
    }

    fn encode(&self, e: &mut Encoder) {
        e.i64(self.0);
    }

    fn decode(d: &mut Decoder) -> Result<Self, EngineError> {
        Ok(Word(d.i64()?))
    }
}

/// Sum and count, for the average.
#[derive(Clone, Copy, Debug)]
pub struct Pair(i64, i64);

impl Acc for Pair {
    #[inline]
    fn first(_: Aggregate, v: i64) -> Self {
        Pair(v, 1)
    }

    #[inline]
    fn add(&mut self, _: Aggregate, v: i64) {
        self.0 = self.0.wrapping_add(v);
        self.1 += 1;
    }

    fn result(&self, _: Aggregate) -> i64 {
        mean(self.0, self.1 as u64)
    }

    fn count(_: i64) -> Option<Self> {
        None
    }

    fn encode(&self, e: &mut Encoder) {
        e.i64(self.0);
        e.i64(self.1);
    }

    fn decode(d: &mut Decoder) -> Result<Self, EngineError> {
        Ok(Pair(d.i64()?, d.i64()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::plan::Accumulator;

    #[test]
    fn agrees_with_the_reference_accumulator() {
        // Sum 15 over 6: the mean 2.5 rounds up to 3 (its floor would be 2).
        let values = [5i64, -3, 12, 0, 7, -6];
        for a in [
            Aggregate::Count,
            Aggregate::Sum,
            Aggregate::Min,
            Aggregate::Max,
            Aggregate::Avg,
        ] {
            let mut reference = Accumulator::default();
            values.iter().for_each(|v| reference.add(*v));
            let got = if a == Aggregate::Avg {
                let mut p = Pair::first(a, values[0]);
                values[1..].iter().for_each(|v| p.add(a, *v));
                p.result(a)
            } else {
                let mut w = Word::first(a, values[0]);
                values[1..].iter().for_each(|v| w.add(a, *v));
                w.result(a)
            };
            assert_eq!(got, reference.result(a), "{a:?}");
        }
    }
}
