//! Load shapes: how the offered rate varies over the run.
//!
//! A [`RateShape`] is a rate function `λ(t)` (events per second at `t` seconds after the
//! epoch). The schedule follows it exactly: event `i` is scheduled at the `t` where the
//! integral `Λ(t) = ∫₀ᵗ λ` equals `i` (see [`crate::Scheduler`]). Every shape but the sine is
//! piecewise linear in `t`, so `Λ` is piecewise quadratic and inverts in closed form.

use crate::shape_pieces::Piece;
use serde::{Deserialize, Serialize};

/// A rate function of time. Rates are events per second, durations seconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RateShape {
    /// `rate` all the time.
    Constant {
        /// Events per second.
        rate: f64,
    },
    /// Linear from `from` to `to` over `over_s` seconds, then `to` from then on.
    Ramp {
        /// Rate at `t = 0`.
        from: f64,
        /// Rate at `t = over_s` and after.
        to: f64,
        /// Length of the ramp, seconds.
        over_s: f64,
    },
    /// Levels `(rate, seconds)` one after the other; the last level holds from then on.
    Step {
        /// `(rate, seconds)` pairs; the last one's duration is ignored.
        levels: Vec<(f64, f64)>,
    },
    /// `mean + amplitude · sin(2π t / period_s)`.
    Sine {
        /// The mean rate.
        mean: f64,
        /// Peak deviation from the mean (at most `mean`).
        amplitude: f64,
        /// Period, seconds.
        period_s: f64,
    },
    /// `base`, except for a spike of rate `spike` for `width_s` at the end of every `period_s`.
    Burst {
        /// Rate between spikes.
        base: f64,
        /// Rate during a spike.
        spike: f64,
        /// Length of a spike, seconds (less than the period).
        width_s: f64,
        /// One spike every this many seconds; the first ends at `period_s`.
        period_s: f64,
    },
    /// `low` for the first half of every period, `high` for the second.
    Square {
        /// Rate in the first half period.
        low: f64,
        /// Rate in the second half period.
        high: f64,
        /// Period, seconds.
        period_s: f64,
    },
}

impl Default for RateShape {
    fn default() -> Self {
        RateShape::Constant { rate: 1.0 }
    }
}

/// A shape that cannot produce a schedule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ShapeError(pub String);

impl RateShape {
    /// A constant rate.
    pub fn constant(rate: f64) -> Self {
        RateShape::Constant { rate }
    }

    /// The same shape with every rate multiplied by `factor` (durations unchanged).
    pub fn scaled(&self, factor: f64) -> Self {
        use RateShape::*;
        match self.clone() {
            Constant { rate } => Constant {
                rate: rate * factor,
            },
            Ramp { from, to, over_s } => Ramp {
                from: from * factor,
                to: to * factor,
                over_s,
            },
            Step { levels } => Step {
                levels: levels.into_iter().map(|(r, s)| (r * factor, s)).collect(),
            },
            Sine {
                mean,
                amplitude,
                period_s,
            } => Sine {
                mean: mean * factor,
                amplitude: amplitude * factor,
                period_s,
            },
            Burst {
                base,
                spike,
                width_s,
                period_s,
            } => Burst {
                base: base * factor,
                spike: spike * factor,
                width_s,
                period_s,
            },
            Square {
                low,
                high,
                period_s,
            } => Square {
                low: low * factor,
                high: high * factor,
                period_s,
            },
        }
    }

    /// Checks that every number is finite and in range and that the rate never stays at zero
    /// forever (so any number of events gets a finite schedule).
    pub fn validate(&self) -> Result<(), ShapeError> {
        let err = |m: String| Err(ShapeError(m));
        let rate_ok = |name: &str, r: f64| {
            if r.is_finite() && r >= 0.0 {
                Ok(())
            } else {
                err(format!("{name} must be a rate of at least 0, got {r}"))
            }
        };
        let secs_ok = |name: &str, s: f64| {
            if s.is_finite() && s > 0.0 {
                Ok(())
            } else {
                err(format!("{name} must be positive seconds, got {s}"))
            }
        };
        match self {
            RateShape::Constant { rate } => rate_ok("rate", *rate)?,
            RateShape::Ramp { from, to, over_s } => {
                rate_ok("from", *from)?;
                rate_ok("to", *to)?;
                secs_ok("over", *over_s)?;
            }
            RateShape::Step { levels } => {
                if levels.is_empty() {
                    return err("a step shape needs at least one level".into());
                }
                for (r, s) in levels {
                    rate_ok("a step's rate", *r)?;
                    secs_ok("a step's duration", *s)?;
                }
            }
            RateShape::Sine {
                mean,
                amplitude,
                period_s,
            } => {
                rate_ok("mean", *mean)?;
                secs_ok("period", *period_s)?;
                if !(amplitude.is_finite() && *amplitude >= 0.0 && amplitude <= mean) {
                    return err(format!(
                        "amplitude must be between 0 and the mean rate, got {amplitude}"
                    ));
                }
            }
            RateShape::Burst {
                base,
                spike,
                width_s,
                period_s,
            } => {
                rate_ok("base", *base)?;
                rate_ok("spike", *spike)?;
                secs_ok("width", *width_s)?;
                secs_ok("period", *period_s)?;
                if width_s >= period_s {
                    return err(format!(
                        "the spike width ({width_s} s) must be shorter than the period ({period_s} s)"
                    ));
                }
            }
            RateShape::Square {
                low,
                high,
                period_s,
            } => {
                rate_ok("low", *low)?;
                rate_ok("high", *high)?;
                secs_ok("period", *period_s)?;
            }
        }
        if let Some(p) = self.pieces() {
            if !p.cycle.iter().any(|c| c.r0 > 0.0 || c.r1 > 0.0) {
                return err("the rate stays at 0 forever".into());
            }
        } else if self.integral(1.0) <= 0.0 {
            return err("the rate is 0".into());
        }
        Ok(())
    }

    /// The rate at `t` seconds, events per second.
    pub fn rate_at(&self, t: f64) -> f64 {
        if let RateShape::Sine {
            mean,
            amplitude,
            period_s,
        } = self
        {
            return mean + amplitude * (std::f64::consts::TAU * t / period_s).sin();
        }
        let p = self.pieces().expect("piecewise shape");
        let mut start = 0.0;
        for piece in p.head.iter().chain(p.cycle.iter().cycle()) {
            if t < start + piece.secs {
                let x = t - start;
                return piece.r0 + (piece.r1 - piece.r0) * x / piece.secs;
            }
            start += piece.secs;
        }
        unreachable!("the cycle is never empty")
    }

    /// `Λ(t)`: the expected number of events in the first `t` seconds.
    pub fn integral(&self, t: f64) -> f64 {
        if let RateShape::Sine {
            mean,
            amplitude,
            period_s,
        } = self
        {
            let w = std::f64::consts::TAU / period_s;
            return mean * t + amplitude / w * (1.0 - (w * t).cos());
        }
        let p = self.pieces().expect("piecewise shape");
        let mut start = 0.0;
        let mut total = 0.0;
        for piece in &p.head {
            if t < start + piece.secs {
                return total + piece.count(t - start);
            }
            start += piece.secs;
            total += piece.total();
        }
        if let [only] = p.cycle.as_slice() {
            return total + only.count(t - start);
        }
        let period: f64 = p.cycle.iter().map(|c| c.secs).sum();
        let per_cycle: f64 = p.cycle.iter().map(Piece::total).sum();
        let cycles = ((t - start) / period).floor();
        start += cycles * period;
        total += cycles * per_cycle;
        for piece in &p.cycle {
            if t < start + piece.secs {
                return total + piece.count(t - start);
            }
            start += piece.secs;
            total += piece.total();
        }
        total
    }

    /// The mean rate over the first `secs` seconds.
    pub fn mean_over(&self, secs: f64) -> f64 {
        self.integral(secs) / secs
    }
}
