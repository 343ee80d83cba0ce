//! The delays results carry beyond what the model's queues explain, as distributions, and how
//! they grow with load — each one measured, none assumed (the harness measures them; see
//! `harness/src/floor.rs`).
//!
//! * A [`Spread`] is a delay's quantile function, given at [`DELAY_QUANTILES`] and linear in
//!   between: a measured run's latency distribution less the model's p50 for that run.
//! * A profile's `delay_by_load` holds one spread per measured utilisation (ρ: the offered
//!   rate over what the modelled deployment can process); [`at_load`] interpolates it.
//!   Why by utilisation: the engines' p50 and p99 grow with load well below capacity
//!   (timely window-count, one process: p99 1.3 ms at 250 k events/s, 4.6 ms at 4 M), while
//!   the model's queues stay nearly empty there; what grows (threads waiting for a core,
//!   batching, results per firing) is not modelled as a mechanism, so its measured effect
//!   is carried by the load it was measured at.
//! * Delays are treated as comonotone: the result at quantile u of one is at quantile u of
//!   every other, so quantiles add (exact at the runs they were measured on).
//!
//! [`Sampler`] turns a spread into results: each recorded group of results is split over
//! [`LEVELS`] equal-mass quantile levels (a rotating cursor places groups smaller than
//! that), so a histogram's p50 and p99 are the spread's own at those quantiles.

use serde::{Deserialize, Serialize};

/// The quantiles a [`Spread`] is given at.
pub const DELAY_QUANTILES: [f64; 9] = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

/// Equal-mass quantile levels results are spread over: level k is quantile k / LEVELS, so
/// p50 and p99 are levels of their own.
pub const LEVELS: usize = 100;

/// A delay's quantile function, seconds, at [`DELAY_QUANTILES`] (beyond `.999` it stays
/// flat). Values may be negative below the median: a spread relative to a median.
pub type Spread = Vec<f64>;

/// The measured spread at one utilisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadDelay {
    /// Offered rate over what the modelled deployment could process (ρ).
    pub utilisation: f64,
    /// Delay beyond the model's p50 and the profile's latency floor, s, at
    /// [`DELAY_QUANTILES`].
    pub delay_s: Spread,
}

/// The value of `spread` at quantile `u` (linear between the given quantiles); 0 for an
/// empty spread.
pub fn quantile(spread: &[f64], u: f64) -> f64 {
    if spread.len() != DELAY_QUANTILES.len() {
        return 0.0;
    }
    let u = u.clamp(0.0, 1.0);
    let i = DELAY_QUANTILES.partition_point(|q| *q <= u);
    if i == 0 {
        return spread[0];
    }
    if i == DELAY_QUANTILES.len() {
        return spread[i - 1];
    }
    let (q0, q1) = (DELAY_QUANTILES[i - 1], DELAY_QUANTILES[i]);
    spread[i - 1] + (spread[i] - spread[i - 1]) * (u - q0) / (q1 - q0)
}

/// The spread at utilisation `rho`: linear between measured points; below the lowest, the
/// lowest's; above the highest, extrapolated from the last two points' growth (never
/// below the highest point, and no further than ρ = 1: past capacity the model's own
/// queues take over).
pub fn at_load(points: &[LoadDelay], rho: f64) -> Spread {
    let Some(first) = points.first() else {
        return Vec::new();
    };
    let last = &points[points.len() - 1];
    let lerp = |a: &LoadDelay, b: &LoadDelay, x: f64| -> Spread {
        let span = b.utilisation - a.utilisation;
        let t = if span > 0.0 {
            (x - a.utilisation) / span
        } else {
            0.0
        };
        a.delay_s
            .iter()
            .zip(&b.delay_s)
            .map(|(p, q)| p + (q - p) * t)
            .collect()
    };
    if rho <= first.utilisation || points.len() == 1 {
        return if rho <= first.utilisation {
            first.delay_s.clone()
        } else {
            last.delay_s.clone()
        };
    }
    if rho >= last.utilisation {
        let before = &points[points.len() - 2];
        let x = rho.min(1.0).max(last.utilisation);
        let grown = lerp(before, last, x);
        return grown
            .iter()
            .zip(&last.delay_s)
            .map(|(g, l)| g.max(*l))
            .collect();
    }
    let i = points.partition_point(|p| p.utilisation <= rho);
    lerp(&points[i - 1], &points[i], rho)
}

/// The closest non-decreasing spread to `spread` (least squares: pool adjacent violators).
/// Why: a spread measured as the difference of two noisy distributions can fall between
/// quantiles; only a non-decreasing one is a quantile function, and only those add
/// quantile by quantile (a falling piece would pull a sum's median below the sum of the
/// medians).
pub fn monotone(spread: &[f64]) -> Spread {
    // Blocks of (sum, count), merged while a block's mean is below the one before it.
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for &v in spread {
        blocks.push((v, 1));
        while blocks.len() > 1 {
            let (s1, n1) = blocks[blocks.len() - 1];
            let (s0, n0) = blocks[blocks.len() - 2];
            if s0 / n0 as f64 <= s1 / n1 as f64 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s0 + s1, n0 + n1);
        }
    }
    blocks
        .iter()
        .flat_map(|&(s, n)| std::iter::repeat_n(s / n as f64, n))
        .collect()
}

/// Checks a spread: the right length, finite values. `Err` says what is wrong.
pub fn check_spread(spread: &[f64]) -> Result<(), String> {
    if spread.len() != DELAY_QUANTILES.len() {
        return Err(format!(
            "must hold {} values, one per quantile {DELAY_QUANTILES:?}",
            DELAY_QUANTILES.len()
        ));
    }
    if spread.iter().any(|v| !v.is_finite()) {
        return Err("must be finite numbers of seconds".into());
    }
    Ok(())
}

/// Checks a load curve: each spread valid, utilisations finite, at least 0 and rising.
pub fn check_load(points: &[LoadDelay]) -> Result<(), (usize, String)> {
    let mut previous = f64::NEG_INFINITY;
    for (i, p) in points.iter().enumerate() {
        if !(p.utilisation.is_finite() && p.utilisation >= 0.0 && p.utilisation > previous) {
            return Err((
                i,
                "utilisation must be a number at least 0, rising from point to point".into(),
            ));
        }
        previous = p.utilisation;
        check_spread(&p.delay_s).map_err(|m| (i, m))?;
    }
    Ok(())
}

/// Spreads groups of results over a delay's quantile levels.
#[derive(Clone, Debug, Default)]
pub struct Sampler {
    /// The delay at each level, s; empty: no spread (every result gets `fixed_s`).
    levels: Vec<f64>,
    /// The delay of every result when there is no spread, s.
    fixed_s: f64,
    /// The next level a lone result takes.
    cursor: usize,
}

/// Step of the cursor through the levels: coprime with [`LEVELS`], so a run of lone
/// results visits every level once per [`LEVELS`] results, spread out rather than in order.
const STRIDE: usize = 61;

impl Sampler {
    /// A sampler of `fixed_s` plus `spread` (none: every result delayed `fixed_s`).
    pub fn new(fixed_s: f64, spread: &[f64]) -> Self {
        let levels = if spread.len() == DELAY_QUANTILES.len() {
            (1..=LEVELS)
                .map(|k| fixed_s + quantile(spread, k as f64 / LEVELS as f64))
                .collect()
        } else {
            Vec::new()
        };
        Sampler {
            levels,
            fixed_s,
            cursor: 0,
        }
    }

    /// Calls `record(delay_s, count)` for `n` results, spread over the levels.
    #[inline]
    pub fn spread(&mut self, n: u64, mut record: impl FnMut(f64, u64)) {
        if self.levels.is_empty() {
            record(self.fixed_s, n);
            return;
        }
        let each = n / LEVELS as u64;
        if each > 0 {
            for d in &self.levels {
                record(*d, each);
            }
        }
        for _ in 0..n % LEVELS as u64 {
            record(self.levels[self.cursor], 1);
            self.cursor = (self.cursor + STRIDE) % LEVELS;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(p50: f64, p99: f64) -> Spread {
        // 0 at the minimum, rising linearly to p50, then to p99, flat after.
        DELAY_QUANTILES
            .iter()
            .map(|&q| {
                if q <= 0.5 {
                    p50 * q / 0.5
                } else if q <= 0.99 {
                    p50 + (p99 - p50) * (q - 0.5) / 0.49
                } else {
                    p99
                }
            })
            .collect()
    }

    #[test]
    fn quantile_interpolates_between_the_given_ones() {
        let s = spread(1.0, 5.0);
        assert!((quantile(&s, 0.5) - 1.0).abs() < 1e-12);
        assert!((quantile(&s, 0.99) - 5.0).abs() < 1e-12);
        assert!((quantile(&s, 0.3) - 0.6).abs() < 1e-12);
        assert!((quantile(&s, 1.0) - 5.0).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn load_curve_interpolates_and_extrapolates_no_further_than_capacity() {
        let points = vec![
            LoadDelay {
                utilisation: 0.2,
                delay_s: spread(0.0, 1.0),
            },
            LoadDelay {
                utilisation: 0.6,
                delay_s: spread(1.0, 3.0),
            },
        ];
        let p50 = |rho: f64| quantile(&at_load(&points, rho), 0.5);
        assert_eq!(p50(0.0), 0.0);
        assert!((p50(0.4) - 0.5).abs() < 1e-12);
        // Beyond the last point the growth goes on to ρ = 1 and stops there.
        assert!((p50(1.0) - 2.0).abs() < 1e-12);
        assert!((p50(3.0) - 2.0).abs() < 1e-12);
        assert!(at_load(&[], 0.5).is_empty());
    }

    #[test]
    fn a_falling_curve_is_not_extrapolated_below_its_last_point() {
        let points = vec![
            LoadDelay {
                utilisation: 0.2,
                delay_s: spread(2.0, 4.0),
            },
            LoadDelay {
                utilisation: 0.4,
                delay_s: spread(1.0, 3.0),
            },
        ];
        assert!((quantile(&at_load(&points, 0.9), 0.99) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn sampled_results_keep_the_spreads_median_and_99th_percentile() {
        let mut sampler = Sampler::new(0.5, &spread(1.0, 5.0));
        let mut values = Vec::new();
        // Groups of every size, small ones through the cursor.
        for n in [1u64, 7, 250, 3, 1000, 42] {
            sampler.spread(n, |d, c| values.extend(std::iter::repeat_n(d, c as usize)));
        }
        values.sort_by(f64::total_cmp);
        let at = |q: f64| values[((q * values.len() as f64).ceil() as usize).max(1) - 1];
        assert!((at(0.5) - 1.5).abs() < 0.1, "p50 {}", at(0.5));
        assert!((at(0.99) - 5.5).abs() < 0.2, "p99 {}", at(0.99));
        assert_eq!(values.len(), 1303);
    }

    #[test]
    fn without_a_spread_every_result_gets_the_fixed_delay() {
        let mut sampler = Sampler::new(0.25, &[]);
        let mut seen = Vec::new();
        sampler.spread(10, |d, c| seen.push((d, c)));
        assert_eq!(seen, vec![(0.25, 10)]);
    }

    #[test]
    fn a_falling_piece_is_pooled_into_a_rising_spread() {
        assert_eq!(monotone(&[0.0, 1.0, 2.0]), vec![0.0, 1.0, 2.0]);
        assert_eq!(monotone(&[0.0, 3.0, 1.0, 4.0]), vec![0.0, 2.0, 2.0, 4.0]);
        assert_eq!(monotone(&[5.0, 1.0, 0.0]), vec![2.0, 2.0, 2.0]);
        assert!(monotone(&[]).is_empty());
    }

    #[test]
    fn curves_are_checked() {
        assert!(check_spread(&[0.0; 3]).is_err());
        assert!(check_spread(&[f64::NAN; 9]).is_err());
        let p = |u: f64| LoadDelay {
            utilisation: u,
            delay_s: vec![0.0; 9],
        };
        assert!(check_load(&[p(0.1), p(0.5)]).is_ok());
        assert_eq!(check_load(&[p(0.5), p(0.1)]).unwrap_err().0, 1);
    }
}
