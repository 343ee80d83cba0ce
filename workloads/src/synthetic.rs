//! The seeded synthetic source: keyed events at a constant rate with bounded disorder.

use crate::event::{Event, Input, Payload, Time, NANOS_PER_SEC};
use crate::keys::{KeyDistribution, KeySampler};
use crate::rng::SplitMix64;
use crate::stream::{Stream, WatermarkPolicy};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Out-of-order event time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Disorder {
    /// Each event's time lags its scheduled time by a uniform delay in `0..=max_delay`;
    /// the watermark trails the largest event time by this bound.
    pub max_delay: Time,
    /// Fraction of events delayed beyond `max_delay` (by up to another `max_delay`), which
    /// usually arrive behind the watermark and become late data.
    pub late_fraction: f64,
}

/// Everything that determines a synthetic stream. Same config, same events, byte for byte.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyntheticConfig {
    /// Seed of the generator.
    pub seed: u64,
    /// Number of distinct keys.
    pub keys: u64,
    /// How keys are drawn.
    pub distribution: KeyDistribution,
    /// Values are uniform in `values.0 ..= values.1`.
    pub values: (i64, i64),
    /// Events per second of scheduled time.
    pub rate: f64,
    /// Number of events to generate.
    pub events: usize,
    /// Event-time disorder.
    pub disorder: Disorder,
    /// Watermarks are emitted at most this often (scheduled time).
    pub watermark_interval: Time,
    /// Bytes of payload per event (0 for none).
    pub payload_bytes: usize,
}

impl Default for SyntheticConfig {
    fn default() -> Self {
        SyntheticConfig {
            seed: 1,
            keys: 1000,
            distribution: KeyDistribution::Uniform,
            values: (0, 1000),
            rate: 100_000.0,
            events: 100_000,
            disorder: Disorder {
                max_delay: 10 * crate::NANOS_PER_MILLI,
                late_fraction: 0.0,
            },
            watermark_interval: 50 * crate::NANOS_PER_MILLI,
            payload_bytes: 0,
        }
    }
}

impl SyntheticConfig {
    /// The scheduled injection time of event `i`: `i / rate` seconds after the epoch.
    pub fn scheduled(&self, i: usize) -> Time {
        (i as f64 * NANOS_PER_SEC as f64 / self.rate) as Time
    }

    /// Generates the stream: events, their schedule, and watermarks.
    pub fn generate(&self) -> Stream {
        let sampler = KeySampler::new(self.distribution, self.keys);
        let mut rng = SplitMix64::new(self.seed);
        let (lo, hi) = (
            self.values.0.min(self.values.1),
            self.values.0.max(self.values.1),
        );
        let span = (hi as i128 - lo as i128 + 1) as u64;
        let d = self.disorder.max_delay;
        let late_threshold = (self.disorder.late_fraction.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
        let mut events = Vec::with_capacity(self.events);
        for i in 0..self.events {
            let scheduled = self.scheduled(i);
            let key = sampler.sample(&mut rng);
            let value = (lo as i128 + rng.below(span) as i128) as i64;
            let mut delay = if d == 0 { 0 } else { rng.below(d + 1) };
            if late_threshold > 0 && rng.next_u64() < late_threshold {
                delay = d + 1 + rng.below(d.max(1));
            }
            let payload = if self.payload_bytes == 0 {
                Payload::None
            } else {
                let bytes: Vec<u8> = (0..self.payload_bytes)
                    .map(|_| b'a' + rng.below(26) as u8)
                    .collect();
                Payload::Bytes(Arc::from(bytes))
            };
            events.push(Input {
                scheduled,
                event: Event {
                    time: scheduled.saturating_sub(delay),
                    key,
                    value,
                    payload,
                },
            });
        }
        let end = self.scheduled(self.events);
        let policy = WatermarkPolicy {
            bound: d,
            interval: self.watermark_interval,
        };
        Stream::with_watermarks(events, policy, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_different_seed_different() {
        let c = SyntheticConfig {
            events: 5000,
            payload_bytes: 8,
            ..Default::default()
        };
        assert_eq!(c.generate(), c.generate());
        let other = SyntheticConfig {
            seed: 2,
            ..c.clone()
        };
        assert_ne!(c.generate().events, other.generate().events);
    }

    #[test]
    fn schedule_follows_rate_and_disorder_is_bounded() {
        let c = SyntheticConfig {
            rate: 1000.0,
            events: 2000,
            ..Default::default()
        };
        let s = c.generate();
        for (i, e) in s.events.iter().enumerate() {
            assert_eq!(e.scheduled, i as u64 * 1_000_000);
            assert!(e.scheduled - e.event.time <= c.disorder.max_delay);
            assert!((0..=1000).contains(&e.event.value) && e.event.key < 1000);
        }
        assert_eq!(s.end, 2_000_000_000);
    }

    #[test]
    fn late_fraction_produces_late_events() {
        let c = SyntheticConfig {
            events: 20_000,
            disorder: Disorder {
                max_delay: 5 * crate::NANOS_PER_MILLI,
                late_fraction: 0.1,
            },
            watermark_interval: crate::NANOS_PER_MILLI,
            ..Default::default()
        };
        let s = c.generate();
        let mut late = 0;
        let mut wm = 0;
        let mut wi = 0;
        for (i, e) in s.events.iter().enumerate() {
            while wi < s.watermarks.len() && s.watermarks[wi].after <= i {
                wm = s.watermarks[wi].watermark;
                wi += 1;
            }
            if e.event.time < wm {
                late += 1;
            }
        }
        assert!(late > 500, "only {late} late events");
    }
}
