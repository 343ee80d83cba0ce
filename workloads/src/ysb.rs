//! The Yahoo Streaming Benchmark (Chintapalli et al., 2016): ad events, a static ad →
//! campaign table, and the query "views per campaign in 10 s tumbling windows".
//!
//! An ad event (user, page, ad, ad type, event type, event time, ip) travels as an [`Event`]:
//! `key` is the ad id, `value` packs the event type (bits 0–1) and the ad type (bits 2–4), and
//! the payload carries user id, page id and IPv4 address (20 bytes, little-endian) — see
//! [`AdEvent`]. The original joins each ad with its campaign in Redis; the table is static,
//! so a `map` that looks the ad up in an in-memory table computes the same join.
//!
//! YSB's latency is "window end → the window's final count written". Here a window result
//! has time `end - 1` and is emitted when the watermark passes `end`, so YSB's figure is the
//! emission time minus `result.time + 1`: the event-time latency of the window results,
//! measured against the window end.

use crate::event::{Event, Input, Payload, Time, NANOS_PER_MILLI, NANOS_PER_SEC};
use crate::plan::{Aggregate, Plan, Window};
use crate::rng::{mix64, SplitMix64};
use crate::schedule::{Arrivals, Scheduler};
use crate::scheduled::ScheduledSource;
use crate::shape::RateShape;
use crate::stream::WatermarkPolicy;
use crate::synthetic::Disorder;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The three YSB event types; the query keeps views.
pub const EVENT_TYPES: [&str; 3] = ["view", "click", "purchase"];
/// The five YSB ad types.
pub const AD_TYPES: [&str; 5] = ["banner", "modal", "sponsored-search", "mail", "mobile"];
/// The window of the YSB query.
pub const YSB_WINDOW: Time = 10 * NANOS_PER_SEC;

/// Everything that determines a YSB stream. Same config, same events, byte for byte.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YsbConfig {
    /// Seed of the generator and of the ad → campaign table.
    pub seed: u64,
    /// Number of campaigns (100 in YSB).
    pub campaigns: u64,
    /// Ads per campaign (10 in YSB).
    pub ads_per_campaign: u64,
    /// Offered rate, events per second.
    pub shape: RateShape,
    /// Even or Poisson arrivals along the shape.
    pub arrivals: Arrivals,
    /// Number of events.
    pub events: usize,
    /// Event-time disorder (YSB's generator has none; the watermark bound is `max_delay`).
    pub disorder: Disorder,
    /// Watermarks at most this often (scheduled time).
    pub watermark_interval: Time,
    /// The tumbling window campaigns are counted in ([`YSB_WINDOW`] in YSB).
    pub window: Time,
}

impl Default for YsbConfig {
    fn default() -> Self {
        YsbConfig {
            seed: 1,
            campaigns: 100,
            ads_per_campaign: 10,
            shape: RateShape::constant(100_000.0),
            arrivals: Arrivals::Even,
            events: 100_000,
            disorder: Disorder {
                max_delay: 0,
                late_fraction: 0.0,
            },
            watermark_interval: 50 * NANOS_PER_MILLI,
            window: YSB_WINDOW,
        }
    }
}

/// One ad event, decoded from an [`Event`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdEvent {
    /// User id (a random 64-bit id; YSB uses random UUIDs).
    pub user: u64,
    /// Page id (random, like the user).
    pub page: u64,
    /// Ad id, `0..campaigns × ads_per_campaign`.
    pub ad: u64,
    /// Index into [`AD_TYPES`].
    pub ad_type: u8,
    /// Index into [`EVENT_TYPES`].
    pub event_type: u8,
    /// Event time, ns.
    pub time: Time,
    /// IPv4 address.
    pub ip: u32,
}

impl AdEvent {
    /// The event as it travels through engines.
    pub fn encode(&self) -> Event {
        let mut p = [0u8; 20];
        p[..8].copy_from_slice(&self.user.to_le_bytes());
        p[8..16].copy_from_slice(&self.page.to_le_bytes());
        p[16..].copy_from_slice(&self.ip.to_le_bytes());
        Event {
            time: self.time,
            key: self.ad,
            value: (self.event_type as i64) | ((self.ad_type as i64) << 2),
            payload: Payload::Bytes(Arc::new(p.to_vec())),
        }
    }

    /// The ad event an [`Event`] carries, if it is one.
    pub fn decode(e: &Event) -> Option<AdEvent> {
        let Payload::Bytes(b) = &e.payload else {
            return None;
        };
        let b: &[u8; 20] = b.as_slice().try_into().ok()?;
        let word =
            |r: std::ops::Range<usize>| b[r].iter().rev().fold(0u64, |a, &x| (a << 8) | x as u64);
        Some(AdEvent {
            user: word(0..8),
            page: word(8..16),
            ad: e.key,
            ad_type: ((e.value >> 2) & 7) as u8,
            event_type: (e.value & 3) as u8,
            time: e.time,
            ip: word(16..20) as u32,
        })
    }
}

/// The static ad → campaign table: ads `0..campaigns × ads_per_campaign`, shuffled by the
/// seed, `ads_per_campaign` consecutive shuffled ads to a campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdTable {
    campaign_of: Arc<[u32]>,
}

impl AdTable {
    /// The table of `c`.
    pub fn new(c: &YsbConfig) -> Self {
        let ads = (c.campaigns.max(1) * c.ads_per_campaign.max(1)) as usize;
        let mut order: Vec<usize> = (0..ads).collect();
        let mut rng = SplitMix64::new(mix64(c.seed ^ 0x0059_5342_4341_4D50));
        for i in (1..ads).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut campaign_of = vec![0u32; ads];
        for (pos, &ad) in order.iter().enumerate() {
            campaign_of[ad] = (pos as u64 / c.ads_per_campaign.max(1)) as u32;
        }
        AdTable {
            campaign_of: campaign_of.into(),
        }
    }

    /// The campaign of `ad`.
    #[inline]
    pub fn campaign(&self, ad: u64) -> u64 {
        self.campaign_of[ad as usize % self.campaign_of.len()] as u64
    }

    /// Number of ads.
    pub fn ads(&self) -> u64 {
        self.campaign_of.len() as u64
    }
}

impl ScheduledSource for YsbConfig {
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

    /// The scheduled ad events one by one, without storing them.
    fn inputs(&self) -> impl ExactSizeIterator<Item = Input> + '_ {
        let mut schedule = Scheduler::new(&self.shape, self.arrivals, self.seed);
        let mut rng = SplitMix64::new(self.seed);
        let delays = self.disorder.sampler();
        let ads = self.campaigns.max(1) * self.ads_per_campaign.max(1);
        (0..self.events).map(move |_| {
            let scheduled = schedule.next_time();
            let r = rng.next_u64();
            let user = rng.next_u64();
            let ad = AdEvent {
                user,
                page: rng.next_u64(),
                ad: ((r as u128 * ads as u128) >> 64) as u64,
                // Low bits for the small choices; the high bits chose the ad.
                ad_type: (((r & 0xFFFF) * 5) >> 16) as u8,
                event_type: ((((r >> 16) & 0xFFFF) * 3) >> 16) as u8,
                time: scheduled.saturating_sub(delays.draw(&mut rng)),
                // A user keeps one address.
                ip: mix64(user) as u32,
            };
            Input {
                scheduled,
                event: ad.encode(),
            }
        })
    }
}

impl YsbConfig {
    /// The YSB query: views only → (ad, time) → campaign → count per campaign per window
    /// (10 s in YSB).
    pub fn plan(&self) -> Plan {
        let table = AdTable::new(self);
        Plan::source()
            .filter(|e| e.value & 3 == 0)
            .map(|e| Event::new(e.time, e.key, 0))
            .map(move |e| Event::new(e.time, e.key, table.campaign(e.key) as i64))
            .key_by(|e| e.value as u64)
            .window(Window::tumbling(self.window), Aggregate::Count)
    }
}

/// YSB's latency of one window result emitted at `emitted` (ns): emission minus the window
/// end (`result.time + 1`). Our event-time latency measures from the window's latest view
/// instead, so it exceeds this by the gap between that view and the window end.
pub fn ysb_latency(result: &crate::Output, emitted: Time) -> Time {
    emitted.saturating_sub(result.event.time.saturating_add(1))
}

#[cfg(test)]
#[path = "ysb_tests.rs"]
mod tests;
