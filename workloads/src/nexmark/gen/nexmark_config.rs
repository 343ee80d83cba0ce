//! Nexmark settings read by the generator and the queries: the fixed constants of Beam's
//! `GeneratorConfig` and the subset of `NexmarkConfiguration` they consult.

use crate::event::{Time, NANOS_PER_MILLI};
use crate::nexmark::gen::rate::{RateShape, RateUnit};

/// First auction id (`GeneratorConfig.FIRST_AUCTION_ID`).
pub const FIRST_AUCTION_ID: i64 = 1000;
/// First person id (`GeneratorConfig.FIRST_PERSON_ID`).
pub const FIRST_PERSON_ID: i64 = 1000;
/// First category id (`GeneratorConfig.FIRST_CATEGORY_ID`).
pub const FIRST_CATEGORY_ID: i64 = 10;
/// Share of persons among each [`PROPORTION_DENOMINATOR`] events.
pub const PERSON_PROPORTION: i64 = 1;
/// Share of auctions among each [`PROPORTION_DENOMINATOR`] events.
pub const AUCTION_PROPORTION: i64 = 3;
/// Share of bids among each [`PROPORTION_DENOMINATOR`] events.
pub const BID_PROPORTION: i64 = 46;
/// Events per person/auction/bid cycle (50).
pub const PROPORTION_DENOMINATOR: i64 = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
/// Beam's `NexmarkUtils.BASE_TIME`: 2015-07-15T00:00:00.000Z in epoch ms.
pub const BASE_TIME_MS: i64 = 1_436_918_400_000;

/// The fields of Beam's `NexmarkConfiguration` that the generator and the queries read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NexmarkConfig {
    /// Events to generate in total (0 means "practically unbounded").
    pub num_events: i64,
    /// Number of parallel generators; scales each generator's delay.
    pub num_event_generators: i32,
    /// Shape of the event rate.
    pub rate_shape: RateShape,
    /// Initial overall event rate.
    pub first_event_rate: i32,
    /// Overall event rate after the first step.
    pub next_event_rate: i32,
    /// Unit of the two rates.
    pub rate_unit: RateUnit,
    /// Length of one full rate cycle, in seconds.
    pub rate_period_sec: i32,
    /// Average person record size, in bytes.
    pub avg_person_byte_size: i32,
    /// Average auction record size, in bytes.
    pub avg_auction_byte_size: i32,
    /// Average bid record size, in bytes.
    pub avg_bid_byte_size: i32,
    /// 1 in this many bids goes to a random (not hot) auction.
    pub hot_auction_ratio: i32,
    /// 1 in this many auctions is by a random (not hot) seller.
    pub hot_sellers_ratio: i32,
    /// 1 in this many bids is by a random (not hot) bidder.
    pub hot_bidders_ratio: i32,
    /// Number of recent auctions bids may go to.
    pub num_in_flight_auctions: i32,
    /// Number of recent persons auctions and bids may refer to.
    pub num_active_people: i32,
    /// Size of groups whose events are emitted out of order (1 = in order).
    pub out_of_order_group_size: i64,
    /// The queries' window length (Beam's `windowSizeSec`, here in ns).
    pub window_size: Time,
    /// The slide of the queries' sliding windows (Beam's `windowPeriodSec`, here in ns).
    pub window_period: Time,
}

impl Default for NexmarkConfig {
    /// `NexmarkConfiguration.DEFAULT`, except `num_event_generators = 1`
    /// (Beam's default is 100) and windows scaled tenfold down to 1 s every 500 ms (Beam:
    /// 10 s every 5 s), so a run of a few seconds closes many windows.
    fn default() -> Self {
        NexmarkConfig {
            num_events: 100_000,
            num_event_generators: 1,
            rate_shape: RateShape::Sine,
            first_event_rate: 10_000,
            next_event_rate: 10_000,
            rate_unit: RateUnit::PerSecond,
            rate_period_sec: 600,
            avg_person_byte_size: 200,
            avg_auction_byte_size: 500,
            avg_bid_byte_size: 100,
            hot_auction_ratio: 2,
            hot_sellers_ratio: 4,
            hot_bidders_ratio: 4,
            num_in_flight_auctions: 100,
            num_active_people: 1000,
            out_of_order_group_size: 1,
            window_size: 1000 * NANOS_PER_MILLI,
            window_period: 500 * NANOS_PER_MILLI,
        }
    }
}

impl NexmarkConfig {
    /// How long an auction is expected to stay open, in ms, when the generator runs at its
    /// slowest rate, as Beam's `WinningBids` computes it to size the window it gives each
    /// bid: the longest inter-event delay, times the events per auction, times the auctions
    /// in flight, rounded up to the ms.
    pub fn expected_auction_duration_ms(&self) -> i64 {
        let longest_us = self
            .rate_shape
            .inter_event_delay_us(
                self.first_event_rate,
                self.next_event_rate,
                self.rate_unit,
                self.num_event_generators,
            )
            .into_iter()
            .max()
            .unwrap_or(0);
        let per_auction_us = longest_us * PROPORTION_DENOMINATOR / AUCTION_PROPORTION;
        (per_auction_us * self.num_in_flight_auctions as i64 + 999) / 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_auction_duration_as_beam() {
        let at = |rate| NexmarkConfig {
            first_event_rate: rate,
            next_event_rate: rate,
            ..NexmarkConfig::default()
        };
        // 10 µs per event * 50 / 3 = 166 µs per auction, * 100 in flight = 16.6 ms -> 17.
        assert_eq!(at(100_000).expected_auction_duration_ms(), 17);
        assert_eq!(at(10_000).expected_auction_duration_ms(), 167);
        // Above 2 M events/s Beam's delay rounds to 0 µs.
        assert_eq!(at(3_000_000).expected_auction_duration_ms(), 0);
    }
}
