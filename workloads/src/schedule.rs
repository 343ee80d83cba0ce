//! Turning a [`RateShape`] into scheduled times.
//!
//! Event `i` is due at `Λ⁻¹(i)`, where `Λ` is the integral of the rate: evenly spaced in
//! "expected events", which is what a rate means. Poisson arrivals use the same inversion on
//! `u₁ < u₂ < …` with independent exponential increments of mean 1 — the time-rescaling
//! construction of an inhomogeneous Poisson process with intensity `λ(t)`.
//!
//! The [`Scheduler`] keeps a cursor, so a whole run's schedule costs O(1) per event: a
//! division for flat pieces, a square root for ramps, and a few safeguarded Newton steps
//! (warm-started from the previous event) for the sine.

use crate::event::{Time, NANOS_PER_SEC};
use crate::rng::{mix64, SplitMix64};
use crate::shape::RateShape;
use crate::shape_pieces::{Piece, Pieces};
use serde::{Deserialize, Serialize};

/// How events are spaced along the shape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrivals {
    /// Event `i` exactly at `Λ⁻¹(i)`: no randomness in the schedule.
    #[default]
    Even,
    /// A Poisson process with the shape as its intensity (exponential gaps), seeded.
    Poisson,
}

const NS: f64 = NANOS_PER_SEC as f64;

/// Scheduled times for a shape, in order, one event at a time.
#[derive(Clone, Debug)]
pub struct Scheduler {
    kind: Kind,
    /// `Some` for Poisson arrivals: the generator of the exponential increments.
    poisson: Option<SplitMix64>,
    /// The count reached by the previous event (`u`).
    u: f64,
    next_index: u64,
}

#[derive(Clone, Debug)]
enum Kind {
    Pieces {
        pieces: Pieces,
        /// Index of the current piece in `head ++ cycle ++ cycle ++ …`.
        at: usize,
        /// The current piece (cached: finding it costs a division).
        cur: Piece,
        /// Start of the current piece, ns, and the counts reached at its start and end.
        start_ns: f64,
        start_count: f64,
        end_count: f64,
    },
    Sine {
        mean: f64,
        amplitude: f64,
        period: f64,
        /// Last solution (seconds), its count, and the rate and its slope there, to
        /// warm-start Newton.
        t: f64,
        u: f64,
        rate: (f64, f64),
    },
}

impl Scheduler {
    /// A scheduler for a valid `shape` (see [`RateShape::validate`]); `seed` drives Poisson gaps.
    pub fn new(shape: &RateShape, arrivals: Arrivals, seed: u64) -> Self {
        let kind = match (shape.pieces(), shape) {
            (Some(pieces), _) => {
                let cur = piece(&pieces, 0);
                Kind::Pieces {
                    pieces,
                    at: 0,
                    cur,
                    start_ns: 0.0,
                    start_count: 0.0,
                    end_count: cur.total(),
                }
            }
            (
                None,
                RateShape::Sine {
                    mean,
                    amplitude,
                    period_s,
                },
            ) => Kind::Sine {
                mean: *mean,
                amplitude: *amplitude,
                period: *period_s,
                t: 0.0,
                u: 0.0,
                rate: (*mean, amplitude * std::f64::consts::TAU / period_s),
            },
            (None, other) => unreachable!("{other:?} is piecewise"),
        };
        // Its own stream, so keys and values are the same whatever the arrivals.
        let poisson = (arrivals == Arrivals::Poisson)
            .then(|| SplitMix64::new(mix64(seed ^ 0x504F_4953_534F_4E21)));
        Scheduler {
            kind,
            poisson,
            u: 0.0,
            next_index: 0,
        }
    }

    /// The next event's scheduled time, ns.
    #[inline]
    pub fn next_time(&mut self) -> Time {
        let u = match &mut self.poisson {
            None => {
                let u = self.next_index as f64;
                self.next_index += 1;
                u
            }
            Some(rng) => {
                // 1 - unit() is in (0, 1], so the logarithm is finite.
                self.u += -(1.0 - rng.unit()).ln();
                self.u
            }
        };
        self.time_of(u)
    }

    /// `Λ⁻¹(u)` in ns, floored. `u` must not decrease from one call to the next.
    #[inline]
    pub fn time_of(&mut self, u: f64) -> Time {
        // The common case, kept small enough to inline: still inside the current piece.
        if let Kind::Pieces {
            cur,
            start_ns,
            start_count,
            end_count,
            ..
        } = &self.kind
        {
            if u < *end_count {
                return (*start_ns + invert_piece(cur, u - *start_count)).max(0.0) as Time;
            }
        }
        self.time_of_slow(u)
    }

    /// [`Self::time_of`] when the piece ends or the shape is a sine.
    #[inline(never)]
    fn time_of_slow(&mut self, u: f64) -> Time {
        let ns = match &mut self.kind {
            Kind::Pieces {
                pieces,
                at,
                cur,
                start_ns,
                start_count,
                end_count,
            } => {
                while u >= *end_count {
                    *start_count = *end_count;
                    *start_ns += cur.secs * NS;
                    *at += 1;
                    *cur = piece(pieces, *at);
                    *end_count = *start_count + cur.total();
                }
                *start_ns + invert_piece(cur, u - *start_count)
            }
            Kind::Sine {
                mean,
                amplitude,
                period,
                t,
                u: last_u,
                rate,
            } => {
                let (s, r) = invert_sine(*mean, *amplitude, *period, (*t, *last_u, *rate), u);
                *t = s;
                *rate = r;
                *last_u = u;
                s * NS
            }
        };
        ns.max(0.0) as Time
    }
}

fn piece(p: &Pieces, at: usize) -> Piece {
    if at < p.head.len() {
        p.head[at]
    } else {
        p.cycle[(at - p.head.len()) % p.cycle.len()]
    }
}

/// Nanoseconds into a linear piece at which `k` events have been offered:
/// `r0 τ + (r1 - r0) τ² / (2 T) = k`, in the cancellation-free form of the quadratic root.
#[inline]
fn invert_piece(p: &Piece, k: f64) -> f64 {
    if k <= 0.0 {
        return 0.0;
    }
    if p.r0 == p.r1 {
        return k * NS / p.r0;
    }
    let a = (p.r1 - p.r0) / (2.0 * p.secs);
    let disc = (p.r0 * p.r0 + 4.0 * a * k).max(0.0);
    2.0 * k * NS / (p.r0 + disc.sqrt())
}

/// Seconds `t ≥ t0` with `Λ(t) = u` for the sine shape, and the rate there, by Newton's
/// method kept inside a bracket (bisection when a step leaves it), warm-started from the
/// previous solution `t0` (count `u0`, rate `rate0`). Converged when the count is off by less
/// than the rate times 0.1 ps, or by a few ulps of `u` where that is finer than f64 holds.
fn invert_sine(
    mean: f64,
    amp: f64,
    period: f64,
    (t0, u0, (rate0, slope0)): (f64, f64, (f64, f64)),
    u: f64,
) -> (f64, (f64, f64)) {
    let w = std::f64::consts::TAU / period;
    // Λ(t + P) = Λ(t) + mean·P, so the root lies within whole periods of t0.
    let (mut lo, mut hi) = (
        t0,
        t0 + period * (((u - u0) / (mean * period)).floor() + 1.0),
    );
    // Second-order start: Λ(t0 + d) ≈ u0 + rate0 d + slope0 d² / 2, so the first check
    // usually passes and one sin_cos per event suffices.
    let mut t = if rate0 > 0.0 {
        let d = (u - u0) / rate0;
        (t0 + d - slope0 * d * d / (2.0 * rate0)).clamp(lo, hi)
    } else {
        (lo + hi) / 2.0
    };
    let mut rate = rate0;
    let mut slope = slope0;
    for _ in 0..200 {
        // One sin_cos gives both Λ(t) and λ(t).
        let (sin, cos) = (w * t).sin_cos();
        let f = mean * t + amp / w * (1.0 - cos) - u;
        rate = mean + amp * sin;
        slope = amp * w * cos;
        if f.abs() <= (rate * 1e-13).max(u * 1e-15) {
            break;
        }
        if f < 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let next = t - f / rate;
        t = if rate > 0.0 && next > lo && next < hi {
            next
        } else {
            (lo + hi) / 2.0
        };
        if hi - lo <= 1e-16 * hi.max(1e-3) {
            break;
        }
    }
    (t, (rate, slope))
}

/// When `shape` has offered `events` events with even arrivals: a source's scheduled end.
pub fn offered_end(shape: &RateShape, events: usize) -> Time {
    Scheduler::new(shape, Arrivals::Even, 0).time_of(events as f64)
}

/// Mean offered rate of `events` events on `shape`, events per second (exactly the rate for
/// a constant shape).
pub fn mean_rate(shape: &RateShape, events: usize) -> f64 {
    match *shape {
        RateShape::Constant { rate } => rate,
        _ => events as f64 / (offered_end(shape, events).max(1) as f64 / NANOS_PER_SEC as f64),
    }
}
