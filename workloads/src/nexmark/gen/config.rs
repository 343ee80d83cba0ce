//! `GeneratorConfig`: event ids, counts, timestamps and splitting.

use crate::nexmark::gen::nexmark_config::{NexmarkConfig, BASE_TIME_MS, PROPORTION_DENOMINATOR};

/// Parameters controlling how a [`crate::nexmark::gen::Generator`] synthesizes events
/// (Beam's `GeneratorConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GeneratorConfig {
    nexmark: NexmarkConfig,
    inter_event_delay_us: Vec<i64>,
    step_length_sec: i64,
    epoch_period_ms: i64,
    events_per_epoch: i64,
    /// Time of the first event, in epoch ms.
    pub base_time: i64,
    /// Id of the first event; event ids seed each event's RNG.
    pub first_event_id: i64,
    /// Number of events this config generates.
    pub max_events: i64,
    /// Number of the first event; event numbers set the timestamps.
    pub first_event_number: i64,
}

impl Default for GeneratorConfig {
    /// Beam's standard config for [`NexmarkConfig::default`]: `BASE_TIME`,
    /// first event id 0, `max_events = num_events`, first event number 0.
    fn default() -> Self {
        let nexmark = NexmarkConfig::default();
        let max_events = nexmark.num_events;
        GeneratorConfig::new(nexmark, BASE_TIME_MS, 0, max_events, 0)
    }
}

impl GeneratorConfig {
    /// `new GeneratorConfig(configuration, baseTime, firstEventId,
    /// maxEventsOrZero, firstEventNumber)`.
    pub fn new(
        nexmark: NexmarkConfig,
        base_time: i64,
        first_event_id: i64,
        max_events_or_zero: i64,
        first_event_number: i64,
    ) -> Self {
        let inter_event_delay_us = nexmark.rate_shape.inter_event_delay_us(
            nexmark.first_event_rate,
            nexmark.next_event_rate,
            nexmark.rate_unit,
            nexmark.num_event_generators,
        );
        let step_length_sec = nexmark.rate_shape.step_length_sec(nexmark.rate_period_sec) as i64;
        let max_events = if max_events_or_zero == 0 {
            // Java multiplies in int arithmetic, then widens.
            let biggest = nexmark
                .avg_person_byte_size
                .max(nexmark.avg_auction_byte_size)
                .max(nexmark.avg_bid_byte_size);
            i64::MAX / (PROPORTION_DENOMINATOR as i32).wrapping_mul(biggest) as i64
        } else {
            max_events_or_zero
        };
        let (mut events_per_epoch, mut epoch_period_ms) = (0, 0);
        if inter_event_delay_us.len() > 1 {
            for &delay in &inter_event_delay_us {
                let n = (step_length_sec * 1_000_000) / delay;
                events_per_epoch += n;
                epoch_period_ms += (n * delay) / 1000;
            }
        }
        GeneratorConfig {
            nexmark,
            inter_event_delay_us,
            step_length_sec,
            epoch_period_ms,
            events_per_epoch,
            base_time,
            first_event_id,
            max_events,
            first_event_number,
        }
    }

    /// The Nexmark settings this config was built from.
    pub fn nexmark(&self) -> &NexmarkConfig {
        &self.nexmark
    }

    /// The cycle of inter-event delays, in µs (one entry for a constant rate).
    pub fn inter_event_delay_us(&self) -> &[i64] {
        &self.inter_event_delay_us
    }

    /// Seconds spent on each entry of [`Self::inter_event_delay_us`].
    pub fn step_length_sec(&self) -> i64 {
        self.step_length_sec
    }

    /// `copyWith`: this config with other ids and bounds.
    pub fn copy_with(&self, first_event_id: i64, max_events: i64, first_event_number: i64) -> Self {
        GeneratorConfig {
            first_event_id,
            max_events,
            first_event_number,
            ..self.clone()
        }
    }

    /// `split(n)`: `n` sub-configs with about equal numbers of events, distinct
    /// id (seed) spaces and parallel timelines; the last takes the remainder.
    pub fn split(&self, n: usize) -> Vec<GeneratorConfig> {
        if n == 1 {
            return vec![self.clone()];
        }
        let n_i64 = n as i64;
        let mut sub_max_events = self.max_events / n_i64;
        let mut sub_first_event_id = self.first_event_id;
        let mut results = Vec::with_capacity(n);
        for i in 0..n {
            if i == n - 1 {
                // Don't lose any events to round-down.
                sub_max_events = self.max_events - sub_max_events * (n_i64 - 1);
            }
            results.push(self.copy_with(
                sub_first_event_id,
                sub_max_events,
                self.first_event_number,
            ));
            sub_first_event_id += sub_max_events;
        }
        results
    }

    /// First event id this config can generate (`getStartEventId`).
    pub fn start_event_id(&self) -> i64 {
        self.first_event_id + self.first_event_number
    }

    /// One past the last event id this config can generate (`getStopEventId`).
    pub fn stop_event_id(&self) -> i64 {
        self.first_event_id + self.first_event_number + self.max_events
    }

    /// Event number after `num_events` emitted events (`nextEventNumber`).
    #[inline]
    pub fn next_event_number(&self, num_events: i64) -> i64 {
        self.first_event_number + num_events
    }

    /// [`Self::next_event_number`], permuted within groups of
    /// `out_of_order_group_size` (`nextAdjustedEventNumber`).
    #[inline]
    pub fn next_adjusted_event_number(&self, num_events: i64) -> i64 {
        let n = self.nexmark.out_of_order_group_size;
        let event_number = self.next_event_number(num_events);
        if n == 1 {
            return event_number; // base + 0, without two divisions
        }
        let base = (event_number / n) * n;
        let offset = event_number.wrapping_mul(953) % n;
        base + offset
    }

    /// Event number whose timestamp is a valid watermark after `num_events`
    /// emitted events (`nextEventNumberForWatermark`).
    #[inline]
    pub fn next_event_number_for_watermark(&self, num_events: i64) -> i64 {
        let n = self.nexmark.out_of_order_group_size;
        let event_number = self.next_event_number(num_events);
        if n == 1 {
            event_number
        } else {
            (event_number / n) * n
        }
    }

    /// `timestampAndInterEventDelayUsForEvent`: the timestamp (epoch ms) of
    /// event `event_number` and the inter-event delay (µs) in force for it.
    #[inline]
    pub fn timestamp_and_inter_event_delay_us_for_event(&self, event_number: i64) -> (i64, i64) {
        if let [delay] = self.inter_event_delay_us[..] {
            return (self.base_time + (event_number * delay) / 1000, delay);
        }
        let epoch = event_number / self.events_per_epoch;
        let mut n = event_number % self.events_per_epoch;
        let mut offset_in_epoch_ms = 0;
        for &delay in &self.inter_event_delay_us {
            let num_events_for_this_cycle = (self.step_length_sec * 1_000_000) / delay;
            if n < num_events_for_this_cycle {
                let offset_in_cycle_us = n * delay;
                let timestamp = self.base_time
                    + epoch * self.epoch_period_ms
                    + offset_in_epoch_ms
                    + offset_in_cycle_us / 1000;
                return (timestamp, delay);
            }
            n -= num_events_for_this_cycle;
            offset_in_epoch_ms += (num_events_for_this_cycle * delay) / 1000;
        }
        unreachable!("internal eventsPerEpoch incorrect")
    }

    /// Timestamp (epoch ms) of event `event_number`.
    #[inline]
    pub fn timestamp_for_event(&self, event_number: i64) -> i64 {
        self.timestamp_and_inter_event_delay_us_for_event(event_number)
            .0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nexmark::gen::rate::RateShape;

    #[test]
    fn split_like_beam() {
        let nexmark = NexmarkConfig {
            num_event_generators: 4,
            ..NexmarkConfig::default()
        };
        let parts = GeneratorConfig::new(nexmark, BASE_TIME_MS, 0, 100_003, 0).split(4);
        let ids: Vec<_> = parts
            .iter()
            .map(|c| (c.first_event_id, c.max_events))
            .collect();
        assert_eq!(
            ids,
            [
                (0, 25_000),
                (25_000, 25_000),
                (50_000, 25_000),
                (75_000, 25_003)
            ]
        );
        assert_eq!(parts[0].inter_event_delay_us(), [400]);
        assert_eq!(parts[3].timestamp_for_event(499), BASE_TIME_MS + 199);
    }

    #[test]
    fn out_of_order_groups() {
        let nexmark = NexmarkConfig {
            out_of_order_group_size: 10,
            ..NexmarkConfig::default()
        };
        let c = GeneratorConfig::new(nexmark, 0, 0, 0, 5);
        assert_eq!(c.next_adjusted_event_number(2), 7 * 953 % 10); // 1
        assert_eq!(c.next_event_number_for_watermark(7), 10);
        assert_eq!(c.max_events, i64::MAX / (50 * 500));
    }

    #[test]
    fn square_rate_timestamps() {
        let nexmark = NexmarkConfig {
            rate_shape: RateShape::Square,
            first_event_rate: 1000,
            next_event_rate: 500,
            rate_period_sec: 4, // 2 s per step: 2000 events, then 1000
            ..NexmarkConfig::default()
        };
        let c = GeneratorConfig::new(nexmark, 0, 0, 0, 0);
        assert_eq!(
            c.timestamp_and_inter_event_delay_us_for_event(1999),
            (1999, 1000)
        );
        assert_eq!(
            c.timestamp_and_inter_event_delay_us_for_event(2000),
            (2000, 2000)
        );
        assert_eq!(
            c.timestamp_and_inter_event_delay_us_for_event(2999),
            (3998, 2000)
        );
        assert_eq!(
            c.timestamp_and_inter_event_delay_us_for_event(3001),
            (4001, 1000)
        );
    }
}
