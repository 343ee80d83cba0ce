//! The sequence of rates a search probes, independent of what runs them.

/// How rates are chosen: the sequence of probes, independent of what runs them.
#[derive(Clone, Copy, Debug)]
pub struct Steps {
    /// First probed rate, events/s.
    pub min_rate: f64,
    /// Highest rate probed; probed itself before it can be the answer.
    pub max_rate: f64,
    /// While nothing failed, the next rate is this multiple of the last.
    pub factor: f64,
    /// Bisection stops when (failed − sustained) / sustained is at most this.
    pub precision: f64,
    /// At most this many probes.
    pub max_probes: usize,
    /// Start with a saturating probe at `max_rate` and go on from [`Steps::SATURATED_SHARE`] of
    /// the rate it achieved, then while probes fail to half the rate or that share of the
    /// lowest rate a failed probe achieved (`failed` in [`Steps::next`]), whichever is lower,
    /// instead of growing from `min_rate`.
    pub saturate: bool,
}

impl Steps {
    /// The rate after probing `rate`, given the best sustained and lowest failed rates so
    /// far; `None` when the search is over.
    pub fn next(&self, rate: f64, good: Option<f64>, failed: Option<f64>) -> Option<f64> {
        match (good, failed) {
            (_, None) if rate < self.max_rate => Some((rate * self.factor).min(self.max_rate)),
            (None, Some(b)) if self.saturate && rate > self.min_rate => Some(
                (rate / 2.0)
                    .min(b * Self::SATURATED_SHARE)
                    .max(self.min_rate)
                    .round(),
            ),
            (_, None) | (None, Some(_)) => None,
            (Some(g), Some(b)) if (b - g) / g <= self.precision => None,
            (Some(g), Some(b)) => Some(((g + b) / 2.0).round()),
        }
    }

    /// The share of an achieved rate that the next probe offers after a failure: the
    /// estimate is rough (a burst of a fraction of a second), so look a little below it.
    pub const SATURATED_SHARE: f64 = 0.7;

    /// The rate after a saturating probe that achieved `achieved` events/s.
    pub fn after_saturation(&self, achieved: f64) -> f64 {
        (achieved * Self::SATURATED_SHARE)
            .clamp(self.min_rate, self.max_rate)
            .round()
    }
}

#[cfg(test)]
mod tests {
    use super::Steps;

    const STEPS: Steps = Steps {
        min_rate: 100.0,
        max_rate: 10_000.0,
        factor: 4.0,
        precision: 0.2,
        max_probes: 20,
        saturate: false,
    };

    /// The rates a search probes against an engine that sustains up to `capacity`.
    fn probed(steps: Steps, capacity: f64) -> Vec<f64> {
        let (mut good, mut failed, mut rate) = (None::<f64>, None::<f64>, steps.min_rate);
        let mut out = Vec::new();
        loop {
            out.push(rate);
            if rate <= capacity {
                good = Some(good.map_or(rate, |g| g.max(rate)));
            } else {
                failed = Some(failed.map_or(rate, |b| b.min(rate)));
            }
            match steps.next(rate, good, failed) {
                Some(r) => rate = r,
                None => return out,
            }
        }
    }

    #[test]
    fn grows_by_the_factor_then_bisects_to_the_precision() {
        assert_eq!(
            probed(STEPS, 2000.0),
            [100.0, 400.0, 1600.0, 6400.0, 4000.0, 2800.0, 2200.0, 1900.0]
        );
    }

    #[test]
    fn the_ceiling_is_probed_before_it_is_the_answer() {
        assert_eq!(probed(STEPS, 1e9), [100.0, 400.0, 1600.0, 6400.0, 10_000.0]);
    }

    #[test]
    fn a_failed_first_probe_ends_the_search() {
        assert_eq!(probed(STEPS, 10.0), [100.0]);
    }

    #[test]
    fn a_quick_search_halves_from_its_estimate_then_bisects() {
        let quick = Steps {
            saturate: true,
            precision: 0.5,
            ..STEPS
        };
        // An estimate of 8000 from the burst: 5600, then down to the capacity and back up.
        let start = quick.after_saturation(8000.0);
        assert_eq!(start, 5600.0);
        let (mut good, mut failed, mut rate) = (None::<f64>, None::<f64>, start);
        let mut out = Vec::new();
        loop {
            out.push(rate);
            if rate <= 2000.0 {
                good = Some(good.map_or(rate, |g| g.max(rate)));
            } else {
                failed = Some(failed.map_or(rate, |b| b.min(rate)));
            }
            match quick.next(rate, good, failed) {
                Some(r) => rate = r,
                None => break,
            }
        }
        assert_eq!(out, [5600.0, 2800.0, 1400.0, 2100.0]);
    }

    #[test]
    fn a_quick_search_stops_at_the_floor() {
        let quick = Steps {
            saturate: true,
            ..STEPS
        };
        assert_eq!(quick.after_saturation(1.0), 100.0);
        assert_eq!(quick.next(100.0, None, Some(100.0)), None);
    }
}
