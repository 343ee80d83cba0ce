//! The knobs a suite sets on any workload.

use crate::event::{Time, NANOS_PER_MILLI};
use crate::keys::KeyDistribution;

/// The knobs a suite sets on any workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Events per second.
    pub rate: f64,
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
}

impl Default for Params {
    fn default() -> Self {
        Params {
            rate: 100_000.0,
            duration: 2.0,
            keys: 10_000,
            distribution: KeyDistribution::Uniform,
            seed: 1,
            max_delay: 10 * NANOS_PER_MILLI,
            late_fraction: 0.0,
        }
    }
}
