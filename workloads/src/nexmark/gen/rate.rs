//! Event-rate shapes and units (`NexmarkUtils.RateShape` / `RateUnit`).

/// Unit in which event rates are given (`NexmarkUtils.RateUnit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RateUnit {
    /// Events per second.
    #[default]
    PerSecond,
    /// Events per minute.
    PerMinute,
}

impl RateUnit {
    /// Microseconds in one unit.
    pub fn us_per_unit(self) -> i64 {
        match self {
            RateUnit::PerSecond => 1_000_000,
            RateUnit::PerMinute => 60_000_000,
        }
    }

    /// Microseconds between events at `rate` events per unit, rounded to
    /// nearest (`rateToPeriodUs`).
    ///
    /// # Panics
    /// If `rate == 0` (Java throws `ArithmeticException`).
    pub fn rate_to_period_us(self, rate: i64) -> i64 {
        (self.us_per_unit() + rate / 2) / rate
    }
}

/// Shape of the event rate over time (`NexmarkUtils.RateShape`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RateShape {
    /// Alternate between the first and the next rate.
    Square,
    /// Follow a cosine between the first and the next rate, in 10 steps.
    #[default]
    Sine,
}

/// Number of steps used to approximate the sine wave.
const SINE_STEPS: usize = 10;

impl RateShape {
    /// Successive inter-event delays (µs) each of `num_generators` generators
    /// must follow to produce this shape between `first_rate` and
    /// `next_rate` (`interEventDelayUs(int, int, RateUnit, int)`).
    ///
    /// Equal rates give a single, constant delay whatever the shape.
    pub fn inter_event_delay_us(
        self,
        first_rate: i32,
        next_rate: i32,
        unit: RateUnit,
        num_generators: i32,
    ) -> Vec<i64> {
        let gens = num_generators as i64;
        if first_rate == next_rate {
            return vec![unit.rate_to_period_us(first_rate as i64) * gens];
        }
        match self {
            RateShape::Square => vec![
                unit.rate_to_period_us(first_rate as i64) * gens,
                unit.rate_to_period_us(next_rate as i64) * gens,
            ],
            RateShape::Sine => {
                // Java computes `firstRate + nextRate` in int arithmetic.
                let mid = first_rate.wrapping_add(next_rate) as f64 / 2.0;
                let amp = first_rate.wrapping_sub(next_rate) as f64 / 2.0; // may be -ve
                (0..SINE_STEPS)
                    .map(|i| {
                        let r = (2.0 * std::f64::consts::PI * i as f64) / SINE_STEPS as f64;
                        // Math.cos vs f64::cos may differ in the last bit; that
                        // matters only if `rate` lands within an ulp of `.5`.
                        let rate = mid + amp * r.cos();
                        unit.rate_to_period_us(crate::nexmark::gen::java_math::round(rate)) * gens
                    })
                    .collect()
            }
        }
    }

    /// Seconds spent on each delay so the whole sequence cycles every
    /// `rate_period_sec` (`stepLengthSec`).
    pub fn step_length_sec(self, rate_period_sec: i32) -> i32 {
        let n = match self {
            RateShape::Square => 2,
            RateShape::Sine => SINE_STEPS as i32,
        };
        (rate_period_sec + n - 1) / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_rate() {
        let d = RateShape::Sine.inter_event_delay_us(10_000, 10_000, RateUnit::PerSecond, 1);
        assert_eq!(d, [100]);
        let d = RateShape::Sine.inter_event_delay_us(10_000, 10_000, RateUnit::PerSecond, 4);
        assert_eq!(d, [400]);
        assert_eq!(RateUnit::PerMinute.rate_to_period_us(7), 8_571_429);
    }

    #[test]
    fn square_and_sine() {
        let d = RateShape::Square.inter_event_delay_us(1000, 2000, RateUnit::PerSecond, 2);
        assert_eq!(d, [2000, 1000]);
        let d = RateShape::Sine.inter_event_delay_us(10_000, 20_000, RateUnit::PerSecond, 1);
        // Rates 10000, 10955, 13455, 16545, 19045, 20000, 19045, ...
        assert_eq!(d, [100, 91, 74, 60, 53, 50, 53, 60, 74, 91]);
        assert_eq!(RateShape::Sine.step_length_sec(600), 60);
        assert_eq!(RateShape::Square.step_length_sec(5), 3);
    }
}
