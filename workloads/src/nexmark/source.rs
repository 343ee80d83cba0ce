//! The Nexmark source: Beam's generator turned into a scheduled [`Stream`] of [`Event`]s.

use super::gen::{Generator, GeneratorConfig, NexmarkConfig, NexmarkEvent, BASE_TIME_MS};
use super::NexmarkSettings;
use crate::event::{Event, Input, Payload, Time, NANOS_PER_MILLI, NANOS_PER_SEC};
use crate::stream::{Stream, WatermarkPolicy};
use std::sync::Arc;

/// How many events of a Nexmark run to generate, how fast, and which share of them.
///
/// The generator's own rate is set to the run's offered rate (`firstEventRate =
/// nextEventRate = rate`, constant shape), so event times (the generator's timestamps, in
/// ms) and the driver's schedule (`i / rate`) agree to within a millisecond where 1e6 / rate
/// is a whole number of µs. Beam computes the inter-event delay in whole microseconds
/// (`round(1e6 / rate)`): elsewhere event time drifts from the schedule by the rounding, up
/// to rate / 2e6 of the elapsed time; above 333,333 events/s (3 µs) that reaches 20 % and
/// more (at 400,000 events/s event time runs 20 % ahead), and above 2,000,000 events/s the
/// delay is 0 and every event has the same timestamp.
///
/// Beam's generator has no seed: each event's random draws are seeded by its event id, so
/// the events depend only on the configuration. [`NexmarkSource::seed`] is kept for the
/// report and does not change the events.
#[derive(Clone, Debug, PartialEq)]
pub struct NexmarkSource {
    /// Offered rate of the whole run, events per second (all shares together).
    pub rate: f64,
    /// Events of the whole run (all shares together).
    pub events: usize,
    /// The watermark trails the largest event time by this much.
    pub max_delay: Time,
    /// A watermark at most once per this much scheduled time.
    pub watermark_interval: Time,
    /// Reported seed; the events do not depend on it (see above).
    pub seed: u64,
    /// Number of shares the run is split into (Beam's `numEventGenerators`).
    pub parts: usize,
    /// Which share this source generates, `0..parts`.
    pub part: usize,
    /// The suite's `[nexmark]` settings, applied over the rate-derived configuration.
    pub settings: NexmarkSettings,
}

impl NexmarkSource {
    /// The whole run as one share.
    pub fn new(rate: f64, events: usize, max_delay: Time, seed: u64) -> Self {
        NexmarkSource {
            rate,
            events,
            max_delay,
            watermark_interval: 50 * NANOS_PER_MILLI,
            seed,
            parts: 1,
            part: 0,
            settings: NexmarkSettings::default(),
        }
    }

    /// The same run with a suite's `[nexmark]` settings.
    pub fn with_settings(self, settings: NexmarkSettings) -> Self {
        NexmarkSource { settings, ..self }
    }

    /// Beam's `GeneratorConfig` for the whole run: both rates the run's, unless the
    /// settings say otherwise.
    pub fn config(&self) -> GeneratorConfig {
        let rate = self.rate.round().clamp(1.0, i32::MAX as f64) as i32;
        let mut nexmark = NexmarkConfig {
            num_events: self.events as i64,
            num_event_generators: self.parts.max(1) as i32,
            first_event_rate: rate,
            next_event_rate: rate,
            ..NexmarkConfig::default()
        };
        self.settings.apply(&mut nexmark);
        let config = GeneratorConfig::new(nexmark, BASE_TIME_MS, 0, self.events as i64, 0);
        // Beam reads no events as unbounded; a run is bounded, and no events is none.
        match self.events {
            0 => config.copy_with(0, 0, 0),
            _ => config,
        }
    }

    /// `n` shares of this run, as Beam's `GeneratorConfig.split(n)` cuts it: distinct event
    /// ids, about equal numbers of events, parallel timelines at `rate / n` each.
    pub fn split(&self, n: usize) -> Vec<NexmarkSource> {
        let n = n.max(1);
        (0..n)
            .map(|part| NexmarkSource {
                parts: n,
                part,
                ..self.clone()
            })
            .collect()
    }

    /// The generator config of this share.
    pub fn share(&self) -> GeneratorConfig {
        let parts = self.parts.max(1);
        let config = self.config();
        if parts == 1 {
            config
        } else {
            config.split(parts).swap_remove(self.part.min(parts - 1))
        }
    }

    /// Number of events of this share.
    pub fn share_events(&self) -> usize {
        self.share().max_events as usize
    }

    /// When this share's event `i` is scheduled.
    fn scheduled_at(&self, i: usize) -> Time {
        let share_rate = self.rate / self.parts.max(1) as f64;
        (i as f64 * NANOS_PER_SEC as f64 / share_rate).round() as Time
    }

    /// This share's scheduled events one by one, without storing them (what
    /// [`Self::generate`] collects).
    pub fn inputs(&self) -> impl Iterator<Item = Input> + '_ {
        Generator::new(self.share())
            .enumerate()
            .map(|(i, g)| Input {
                scheduled: self.scheduled_at(i),
                event: to_event(g.timestamp_ms, g.event),
            })
    }

    /// How watermarks follow this share's events.
    pub fn watermark_policy(&self) -> WatermarkPolicy {
        WatermarkPolicy {
            bound: self.max_delay,
            interval: self.watermark_interval,
        }
    }

    /// The scheduled end of this share's input: when its next event would be due.
    pub fn end(&self) -> Time {
        self.scheduled_at(self.share_events())
    }

    /// Generates this share's stream: event `i` is scheduled at `i / (rate / parts)`.
    pub fn generate(&self) -> Stream {
        let events: Vec<Input> = self.inputs().collect();
        let end = self.scheduled_at(events.len());
        Stream::with_watermarks(events, self.watermark_policy(), end)
    }
}

/// Event time of an epoch-ms generator timestamp: nanoseconds since Beam's base time.
pub fn to_time(epoch_ms: i64) -> Time {
    (epoch_ms - BASE_TIME_MS).max(0) as Time * NANOS_PER_MILLI
}

/// The [`Event`] carrying a generated record. Key and value per kind: a person is keyed by
/// its id (value 0), an auction by its id (value: reserve price), a bid by its auction
/// (value: price).
pub fn to_event(timestamp_ms: i64, record: NexmarkEvent) -> Event {
    let (key, value) = match &record {
        NexmarkEvent::Person(p) => (p.id, 0),
        NexmarkEvent::Auction(a) => (a.id, a.reserve),
        NexmarkEvent::Bid(b) => (b.auction, b.price),
    };
    Event {
        time: to_time(timestamp_ms),
        key: key as u64,
        value,
        payload: Payload::Nexmark(Arc::new(record)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_and_event_times_agree() {
        let s = NexmarkSource::new(10_000.0, 5_000, NANOS_PER_MILLI, 1).generate();
        assert_eq!(s.events.len(), 5_000);
        assert_eq!(s.end, 500 * NANOS_PER_MILLI);
        for input in &s.events {
            // 100 µs per event: event time is the schedule rounded down to the millisecond.
            assert_eq!(
                input.event.time,
                input.scheduled / NANOS_PER_MILLI * NANOS_PER_MILLI
            );
        }
        let first = &s.events[0].event;
        assert!(matches!(&first.payload, Payload::Nexmark(n) if n.kind() == "person"));
        assert_eq!((first.key, first.value), (1000, 0));
        assert!(!s.watermarks.is_empty());
    }

    #[test]
    fn a_run_of_no_events_has_none_not_beams_unbounded_stream() {
        let none = NexmarkSource::new(1.0, 0, NANOS_PER_MILLI, 1);
        assert_eq!(none.share_events(), 0);
        assert!(none.generate().events.is_empty());
        // Split, a share of one event and a share of none.
        let one = NexmarkSource::new(1.0, 1, NANOS_PER_MILLI, 1).split(2);
        let sizes: Vec<usize> = one.iter().map(|s| s.generate().events.len()).collect();
        assert_eq!(sizes, [0, 1]);
    }

    #[test]
    fn whole_microsecond_delays_make_event_time_drift_from_the_schedule() {
        // 400 k events/s: Beam spaces events by round(2.5) = 3 µs, so event 4,000, due at
        // 10 ms, is stamped 12 ms: 20 % ahead.
        let s = NexmarkSource::new(400_000.0, 4_001, NANOS_PER_MILLI, 1).generate();
        let last = &s.events[4_000];
        assert_eq!(last.scheduled, 10 * NANOS_PER_MILLI);
        assert_eq!(last.event.time, 12 * NANOS_PER_MILLI);
    }

    #[test]
    fn shares_partition_the_run() {
        let whole = NexmarkSource::new(8_000.0, 1_003, NANOS_PER_MILLI, 1);
        let shares = whole.split(4);
        let counts: Vec<usize> = shares.iter().map(|s| s.generate().events.len()).collect();
        assert_eq!(counts, [250, 250, 250, 253]);
        // Each share runs at a quarter of the rate on its own timeline.
        let s1 = shares[1].generate();
        assert_eq!(s1.events[4].scheduled, 2 * NANOS_PER_MILLI);
        assert_eq!(s1.events[4].event.time, 2 * NANOS_PER_MILLI);
    }
}
