//! The seeded synthetic source: keyed events on a load shape with bounded disorder.

use crate::event::{Event, Input, Time};
use crate::keys::{KeyDistribution, KeySampler};
use crate::payload_size::PayloadSize;
use crate::rng::SplitMix64;
use crate::schedule::{Arrivals, Scheduler};
use crate::scheduled::ScheduledSource;
use crate::shape::RateShape;
use crate::stream::WatermarkPolicy;
use serde::{Deserialize, Serialize};

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

impl Disorder {
    /// A sampler of event-time delays for this disorder.
    pub(crate) fn sampler(&self) -> DelaySampler {
        DelaySampler {
            max: self.max_delay,
            late_threshold: (self.late_fraction.clamp(0.0, 1.0) * u64::MAX as f64) as u64,
        }
    }
}

/// Draws each event's lag behind its scheduled time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DelaySampler {
    max: Time,
    late_threshold: u64,
}

impl DelaySampler {
    /// Uniform in `0..=max`, or past `max` (by up to another `max`) for the late fraction.
    #[inline]
    pub fn draw(&self, rng: &mut SplitMix64) -> Time {
        let d = self.max;
        let mut delay = if d == 0 { 0 } else { rng.below(d + 1) };
        if self.late_threshold > 0 && rng.next_u64() < self.late_threshold {
            delay = d + 1 + rng.below(d.max(1));
        }
        delay
    }
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
    /// Offered rate over scheduled time (events per second).
    pub shape: RateShape,
    /// Evenly spaced along the shape, or Poisson.
    pub arrivals: Arrivals,
    /// Number of events to generate.
    pub events: usize,
    /// Event-time disorder.
    pub disorder: Disorder,
    /// Watermarks are emitted at most this often (scheduled time).
    pub watermark_interval: Time,
    /// Bytes of payload per event.
    pub payload: PayloadSize,
}

impl Default for SyntheticConfig {
    fn default() -> Self {
        SyntheticConfig {
            seed: 1,
            keys: 1000,
            distribution: KeyDistribution::Uniform,
            values: (0, 1000),
            shape: RateShape::constant(100_000.0),
            arrivals: Arrivals::Even,
            events: 100_000,
            disorder: Disorder {
                max_delay: 10 * crate::NANOS_PER_MILLI,
                late_fraction: 0.0,
            },
            watermark_interval: 50 * crate::NANOS_PER_MILLI,
            payload: PayloadSize::NONE,
        }
    }
}

impl ScheduledSource for SyntheticConfig {
    fn shape(&self) -> &RateShape {
        &self.shape
    }

    fn event_count(&self) -> usize {
        self.events
    }

    fn watermark_policy(&self) -> WatermarkPolicy {
        WatermarkPolicy {
            bound: self.disorder.max_delay,
            interval: self.watermark_interval,
        }
    }

    /// The scheduled events one by one, without storing them (what [`Self::generate`]
    /// collects).
    fn inputs(&self) -> impl ExactSizeIterator<Item = Input> + '_ {
        let mut schedule = Scheduler::new(&self.shape, self.arrivals, self.seed);
        let sampler = KeySampler::new(self.distribution, self.keys);
        let mut rng = SplitMix64::new(self.seed);
        let (lo, hi) = (
            self.values.0.min(self.values.1),
            self.values.0.max(self.values.1),
        );
        let span = (hi as i128 - lo as i128 + 1) as u64;
        let delays = self.disorder.sampler();
        (0..self.events).map(move |_| {
            let scheduled = schedule.next_time();
            let key = sampler.sample(&mut rng);
            let value = (lo as i128 + rng.below(span) as i128) as i64;
            let delay = delays.draw(&mut rng);
            let payload = self.payload.draw(&mut rng);
            Input {
                scheduled,
                event: Event {
                    time: scheduled.saturating_sub(delay),
                    key,
                    value,
                    payload,
                },
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_different_seed_different() {
        let c = SyntheticConfig {
            events: 5000,
            payload: PayloadSize::range(0, 20),
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
            shape: RateShape::constant(1000.0),
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
        assert_eq!(c.mean_rate(), 1000.0);
    }

    #[test]
    fn shaped_schedule_and_payload_sizes() {
        // A ramp 1000 -> 3000/s over 1 s offers 2000 events; then 3000/s for 1 s more.
        let c = SyntheticConfig {
            shape: RateShape::Ramp {
                from: 1000.0,
                to: 3000.0,
                over_s: 1.0,
            },
            events: 5000,
            payload: PayloadSize::range(3, 5),
            ..Default::default()
        };
        let s = c.generate();
        assert_eq!(s.end, 2_000_000_000);
        assert_eq!(s.events[2000].scheduled, 1_000_000_000);
        assert_eq!(c.mean_rate(), 2500.0);
        let mut seen = [0usize; 6];
        for e in &s.events {
            let n = e.event.payload.len();
            assert!((3..=5).contains(&n), "{n}");
            seen[n] += 1;
            if let crate::Payload::Bytes(b) = &e.event.payload {
                assert!(b.iter().all(u8::is_ascii_lowercase));
            }
        }
        assert!(
            seen[3] > 1500 && seen[4] > 1500 && seen[5] > 1500,
            "{seen:?}"
        );
        // Poisson arrivals keep the keys and values of the even schedule, only times move.
        let p = SyntheticConfig {
            arrivals: Arrivals::Poisson,
            ..c.clone()
        }
        .generate();
        assert!(p
            .events
            .iter()
            .zip(&s.events)
            .all(|(a, b)| a.event.key == b.event.key));
        assert!(p
            .events
            .iter()
            .zip(&s.events)
            .any(|(a, b)| a.scheduled != b.scheduled));
        assert!(p.end >= p.events.last().unwrap().scheduled);
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
