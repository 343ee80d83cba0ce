//! The piecewise-linear form of the load shapes: every shape but the sine is a list of
//! linear pieces, played once (`head`) and then repeated (`cycle`), which is what lets the
//! scheduler invert `Λ` in closed form, one piece at a time.

use crate::shape::RateShape;

/// One linear piece of a piecewise-linear rate: `r0` to `r1` over `secs` seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Piece {
    pub r0: f64,
    pub r1: f64,
    pub secs: f64,
}

impl Piece {
    fn flat(rate: f64, secs: f64) -> Piece {
        Piece {
            r0: rate,
            r1: rate,
            secs,
        }
    }

    /// Events in the first `t` seconds of the piece (`t <= secs`).
    pub fn count(&self, t: f64) -> f64 {
        if self.r0 == self.r1 {
            return self.r0 * t;
        }
        self.r0 * t + (self.r1 - self.r0) * t * t / (2.0 * self.secs)
    }

    /// Events in the whole piece (infinite for a final level above 0).
    pub fn total(&self) -> f64 {
        if self.r0 == self.r1 {
            return if self.r0 == 0.0 {
                0.0
            } else {
                self.r0 * self.secs
            };
        }
        (self.r0 + self.r1) / 2.0 * self.secs
    }
}

/// A piecewise-linear rate: `head` once, then `cycle` repeated forever. A cycle of one
/// piece is a final level that lasts forever (`secs` infinite), which keeps a constant rate's
/// schedule the exact `i / rate`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pieces {
    pub head: Vec<Piece>,
    pub cycle: Vec<Piece>,
}

impl RateShape {
    /// The piecewise-linear form of every shape but the sine.
    pub(crate) fn pieces(&self) -> Option<Pieces> {
        let (head, cycle) = match self {
            RateShape::Constant { rate } => (vec![], vec![Piece::flat(*rate, f64::INFINITY)]),
            RateShape::Ramp { from, to, over_s } => (
                vec![Piece {
                    r0: *from,
                    r1: *to,
                    secs: *over_s,
                }],
                vec![Piece::flat(*to, f64::INFINITY)],
            ),
            RateShape::Step { levels } => {
                let (last, rest) = levels.split_last()?;
                (
                    rest.iter().map(|&(r, s)| Piece::flat(r, s)).collect(),
                    vec![Piece::flat(last.0, f64::INFINITY)],
                )
            }
            RateShape::Sine { .. } => return None,
            RateShape::Burst {
                base,
                spike,
                width_s,
                period_s,
            } => (
                vec![],
                vec![
                    Piece::flat(*base, period_s - width_s),
                    Piece::flat(*spike, *width_s),
                ],
            ),
            RateShape::Square {
                low,
                high,
                period_s,
            } => (
                vec![],
                vec![
                    Piece::flat(*low, period_s / 2.0),
                    Piece::flat(*high, period_s / 2.0),
                ],
            ),
        };
        Some(Pieces { head, cycle })
    }
}
