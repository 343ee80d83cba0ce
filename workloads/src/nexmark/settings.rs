//! The Nexmark generator's and queries' settings a suite may change (its `[nexmark]` table),
//! by Beam's `NexmarkConfiguration` names. Each one left unset keeps streambench's default
//! ([`NexmarkConfig::default`], with both rates set to the run's offered rate).

use super::gen::{NexmarkConfig, RateShape};
use crate::event::Time;

/// Beam's configuration knobs a suite sets; `None` keeps the default.
///
/// `first_event_rate`, `next_event_rate`, `rate_shape` and `rate_period_s` shape the
/// generator's *event time* (Beam's timestamps); the driver's schedule follows the run's
/// rate and `shape` as for every workload, so set both to offer what the timestamps say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NexmarkSettings {
    /// Beam's `firstEventRate`, events/s (default: the run's rate).
    pub first_event_rate: Option<i32>,
    /// Beam's `nextEventRate`, events/s (default: the run's rate).
    pub next_event_rate: Option<i32>,
    /// Beam's `rateShape`: sine or square between the two rates.
    pub rate_shape: Option<RateShape>,
    /// Beam's `ratePeriodSec`: one full cycle of the shape, seconds.
    pub rate_period_s: Option<i32>,
    /// Beam's `hotAuctionRatio`.
    pub hot_auction_ratio: Option<i32>,
    /// Beam's `hotSellersRatio`.
    pub hot_sellers_ratio: Option<i32>,
    /// Beam's `hotBiddersRatio`.
    pub hot_bidders_ratio: Option<i32>,
    /// Beam's `numActivePeople`.
    pub num_active_people: Option<i32>,
    /// Beam's `numInFlightAuctions`.
    pub num_in_flight_auctions: Option<i32>,
    /// Beam's `avgPersonByteSize`.
    pub avg_person_byte_size: Option<i32>,
    /// Beam's `avgAuctionByteSize`.
    pub avg_auction_byte_size: Option<i32>,
    /// Beam's `avgBidByteSize`.
    pub avg_bid_byte_size: Option<i32>,
    /// Beam's `outOfOrderGroupSize`.
    pub out_of_order_group_size: Option<i64>,
    /// Beam's `windowSizeSec`, in ns (default 1 s: Beam's 10 s scaled down).
    pub window_size: Option<Time>,
    /// Beam's `windowPeriodSec`, in ns (default 500 ms: Beam's 5 s scaled down).
    pub window_period: Option<Time>,
}

impl NexmarkSettings {
    /// `config` with every setting that is set.
    pub fn apply(&self, config: &mut NexmarkConfig) {
        let c = config;
        set(&mut c.first_event_rate, self.first_event_rate);
        set(&mut c.next_event_rate, self.next_event_rate);
        set(&mut c.rate_shape, self.rate_shape);
        set(&mut c.rate_period_sec, self.rate_period_s);
        set(&mut c.hot_auction_ratio, self.hot_auction_ratio);
        set(&mut c.hot_sellers_ratio, self.hot_sellers_ratio);
        set(&mut c.hot_bidders_ratio, self.hot_bidders_ratio);
        set(&mut c.num_active_people, self.num_active_people);
        set(&mut c.num_in_flight_auctions, self.num_in_flight_auctions);
        set(&mut c.avg_person_byte_size, self.avg_person_byte_size);
        set(&mut c.avg_auction_byte_size, self.avg_auction_byte_size);
        set(&mut c.avg_bid_byte_size, self.avg_bid_byte_size);
        set(&mut c.out_of_order_group_size, self.out_of_order_group_size);
        set(&mut c.window_size, self.window_size);
        set(&mut c.window_period, self.window_period);
    }

    /// Whether nothing is set.
    pub fn is_default(&self) -> bool {
        *self == NexmarkSettings::default()
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}
