//! The event generator (Beam `Generator`), as a Rust [`Iterator`].

use crate::nexmark::gen::auction::next_auction;
use crate::nexmark::gen::bid::next_bid;
use crate::nexmark::gen::config::GeneratorConfig;
use crate::nexmark::gen::java_random::JavaRandom;
use crate::nexmark::gen::model::NexmarkEvent;
use crate::nexmark::gen::nexmark_config::{
    AUCTION_PROPORTION, PERSON_PROPORTION, PROPORTION_DENOMINATOR,
};
use crate::nexmark::gen::person::next_person;

/// One generated event with its bookkeeping numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GeneratedEvent {
    /// Event number (`firstEventNumber + events emitted so far`); it sets the
    /// timestamp.
    pub event_number: i64,
    /// Event id (`firstEventId + adjusted event number`); it seeds the RNG and
    /// picks the kind.
    pub event_id: i64,
    /// Event time, epoch ms (`NextEvent.eventTimestamp`, the timestamp of the
    /// `TimestampedValue` Beam emits). Equals the record's `date_time`.
    pub timestamp_ms: i64,
    /// Minimum of this and all later event timestamps (`NextEvent.watermark`).
    pub watermark_ms: i64,
    /// The record.
    pub event: NexmarkEvent,
}

/// Deterministic Nexmark event stream for one [`GeneratorConfig`].
///
/// Each event depends only on the config and its position, so
/// [`Iterator::nth`] skips ahead in O(1).
#[derive(Clone, Debug)]
pub struct Generator {
    config: GeneratorConfig,
    events_count_so_far: i64,
}

impl Generator {
    /// A fresh generator (`new Generator(config)`).
    pub fn new(config: GeneratorConfig) -> Self {
        Generator {
            config,
            events_count_so_far: 0,
        }
    }

    /// A generator resumed after `events_count_so_far` events (what Beam's
    /// `GeneratorCheckpoint` restores).
    pub fn with_events_count(config: GeneratorConfig, events_count_so_far: i64) -> Self {
        Generator {
            config,
            events_count_so_far,
        }
    }

    /// The current config (changed by [`Self::split_at_event_id`]).
    pub fn config(&self) -> &GeneratorConfig {
        &self.config
    }

    /// Number of events generated so far.
    pub fn events_count_so_far(&self) -> i64 {
        self.events_count_so_far
    }

    /// Id of the next event (`getNextEventId`).
    pub fn next_event_id(&self) -> i64 {
        self.config.first_event_id
            + self
                .config
                .next_adjusted_event_number(self.events_count_so_far)
    }

    /// Whether events remain (`hasNext`).
    pub fn has_next(&self) -> bool {
        self.events_count_so_far < self.config.max_events
    }

    /// Inter-event delay (µs) for the next event (`currentInterEventDelayUs`).
    pub fn current_inter_event_delay_us(&self) -> i64 {
        let n = self.config.next_event_number(self.events_count_so_far);
        self.config
            .timestamp_and_inter_event_delay_us_for_event(n)
            .1
    }

    /// Fraction of the events consumed (`getFractionConsumed`).
    pub fn fraction_consumed(&self) -> f64 {
        self.events_count_so_far as f64 / self.config.max_events as f64
    }

    /// `splitAtEventId`: stop this generator before `event_id` and return the
    /// config for the remaining events (on the same, serial timeline).
    pub fn split_at_event_id(&mut self, event_id: i64) -> GeneratorConfig {
        let c = &self.config;
        let new_max_events = event_id - (c.first_event_id + c.first_event_number);
        let remain = c.copy_with(
            c.first_event_id,
            c.max_events - new_max_events,
            c.first_event_number + new_max_events,
        );
        self.config = c.copy_with(c.first_event_id, new_max_events, c.first_event_number);
        remain
    }

    /// Generate the next event without the `has_next` check (`nextEvent`).
    pub fn next_event(&mut self) -> GeneratedEvent {
        let config = &self.config;
        let count = self.events_count_so_far;
        let event_number = config.next_event_number(count);
        let adjusted_number = config.next_adjusted_event_number(count);
        let timestamp_ms = config.timestamp_for_event(adjusted_number);
        let watermark_ms =
            config.timestamp_for_event(config.next_event_number_for_watermark(count));

        let event_id = config.first_event_id + adjusted_number;
        let mut random = JavaRandom::new(event_id);
        let rem = event_id % PROPORTION_DENOMINATOR;
        let event = if rem < PERSON_PROPORTION {
            NexmarkEvent::Person(next_person(event_id, &mut random, timestamp_ms, config))
        } else if rem < PERSON_PROPORTION + AUCTION_PROPORTION {
            NexmarkEvent::Auction(next_auction(
                count,
                event_id,
                &mut random,
                timestamp_ms,
                config,
            ))
        } else {
            NexmarkEvent::Bid(next_bid(event_id, &mut random, timestamp_ms, config))
        };
        self.events_count_so_far += 1;
        GeneratedEvent {
            event_number,
            event_id,
            timestamp_ms,
            watermark_ms,
            event,
        }
    }

    fn remaining(&self) -> usize {
        (self.config.max_events - self.events_count_so_far).max(0) as usize
    }
}

impl Iterator for Generator {
    type Item = GeneratedEvent;

    #[inline]
    fn next(&mut self) -> Option<GeneratedEvent> {
        if self.has_next() {
            Some(self.next_event())
        } else {
            None
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining();
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<GeneratedEvent> {
        let skip = n.min(self.remaining()) as i64;
        self.events_count_so_far += skip;
        self.next()
    }
}

impl ExactSizeIterator for Generator {}

impl std::iter::FusedIterator for Generator {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_skips_like_next() {
        let mut a = Generator::new(GeneratorConfig::default());
        let mut b = a.clone();
        for _ in 0..123 {
            b.next();
        }
        assert_eq!(a.nth(123), b.next());
        assert_eq!(a.len(), 100_000 - 124);
    }

    #[test]
    fn split_at_event_id_resumes() {
        let mut g = Generator::new(GeneratorConfig::default());
        let rest = g.split_at_event_id(10);
        assert_eq!(g.by_ref().count(), 10);
        let mut whole = Generator::new(GeneratorConfig::default());
        let tail: Vec<_> = Generator::new(rest).take(5).collect();
        let want: Vec<_> = whole.by_ref().skip(10).take(5).collect();
        assert_eq!(tail, want);
    }
}
