//! The knobs a suite sets on any workload.

use crate::event::{Time, NANOS_PER_MILLI};
use crate::keys::KeyDistribution;
use crate::nexmark::NexmarkSettings;
use crate::payload_size::PayloadSize;
use crate::schedule::Arrivals;
use crate::shape::RateShape;

/// The knobs a suite sets on any workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Events per second: the reference rate the shape is a multiple of.
    pub rate: f64,
    /// The load shape in multiples of `rate` (constant 1 by default); see
    /// [`crate::parse_shape`].
    pub shape: RateShape,
    /// Even or Poisson arrivals along the shape.
    pub arrivals: Arrivals,
    /// Payload bytes per event.
    pub payload: PayloadSize,
    /// Seconds of input.
    pub duration: f64,
    /// Number of distinct keys.
    pub keys: u64,
    /// Key distribution.
    pub distribution: KeyDistribution,
    /// Generator seed.
    pub seed: u64,
    /// Maximum out-of-orderness of event time, and the watermark's bound.
    pub max_delay: Time,
    /// Fraction of events delayed past the bound.
    pub late_fraction: f64,
    /// A suite's `[nexmark]` settings (Nexmark workloads only).
    pub nexmark: NexmarkSettings,
    /// The size of every windowed workload's windows, replacing each one's own (`None`
    /// keeps them): tumbling windows and joins take it as their size, sliding windows as
    /// their size with their slide in the same proportion, sessions a gap in the same
    /// proportion to their default window, Nexmark's window size unless `[nexmark]` sets one.
    pub window: Option<Time>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            rate: 100_000.0,
            shape: RateShape::default(),
            arrivals: Arrivals::Even,
            payload: PayloadSize::NONE,
            duration: 2.0,
            keys: 10_000,
            distribution: KeyDistribution::Uniform,
            seed: 1,
            max_delay: 10 * NANOS_PER_MILLI,
            late_fraction: 0.0,
            nexmark: NexmarkSettings::default(),
            window: None,
        }
    }
}

impl Params {
    /// The shape in events per second: `shape` scaled by `rate`.
    pub fn offered_shape(&self) -> RateShape {
        self.shape.scaled(self.rate)
    }

    /// The window a suite asking for `windows` windows in `duration_s` seconds of input
    /// gets: the duration divided evenly, in whole milliseconds, at least 1 ms.
    pub fn window_for(windows: u32, duration_s: f64) -> Time {
        whole_ms(duration_s * 1e3 / f64::from(windows.max(1)))
    }

    /// Events in `duration` seconds of the offered shape (duration × mean rate).
    pub fn events(&self) -> usize {
        self.offered_shape().integral(self.duration).round() as usize
    }
}

/// `ms` milliseconds as a window size: whole milliseconds, rounded down, at least 1 ms.
pub(crate) fn whole_ms(ms: f64) -> Time {
    (ms.floor().max(1.0) as Time) * NANOS_PER_MILLI
}
