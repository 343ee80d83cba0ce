//! Where a workload's events come from.

use crate::event::{Input, Time};
use crate::nexmark::NexmarkSource;
use crate::scheduled::ScheduledSource;
use crate::stream::{Stream, WatermarkPolicy};
use crate::synthetic::SyntheticConfig;
use crate::ysb::YsbConfig;

/// Where a workload's events come from. Every source yields a deterministic [`Stream`].
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The seeded synthetic generator.
    Synthetic(SyntheticConfig),
    /// Beam's Nexmark generator (people, auctions, bids).
    Nexmark(NexmarkSource),
    /// The Yahoo Streaming Benchmark's ad events.
    Ysb(YsbConfig),
}

impl Source {
    /// Generates the whole stream.
    pub fn generate(&self) -> Stream {
        match self {
            Source::Synthetic(c) => c.generate(),
            Source::Nexmark(c) => c.generate(),
            Source::Ysb(c) => c.generate(),
        }
    }

    /// The scheduled events one by one, in injection order, without storing them: what
    /// [`Self::generate`] collects, for a consumer that must not hold the whole stream.
    pub fn inputs(&self) -> Box<dyn Iterator<Item = Input> + '_> {
        match self {
            Source::Synthetic(c) => Box::new(c.inputs()),
            Source::Nexmark(c) => Box::new(c.inputs()),
            Source::Ysb(c) => Box::new(c.inputs()),
        }
    }

    /// How watermarks follow the events.
    pub fn watermark_policy(&self) -> WatermarkPolicy {
        match self {
            Source::Synthetic(c) => c.watermark_policy(),
            Source::Nexmark(c) => c.watermark_policy(),
            Source::Ysb(c) => c.watermark_policy(),
        }
    }

    /// The scheduled end of input as planned: the stream's end is this, or its last event's
    /// scheduled time when that is later (Poisson arrivals may run past the plan).
    pub fn planned_end(&self) -> Time {
        match self {
            Source::Synthetic(c) => c.end(),
            Source::Nexmark(c) => c.end(),
            Source::Ysb(c) => c.end(),
        }
    }

    /// Mean offered rate, events per second (of this share, for a split Nexmark source).
    pub fn rate(&self) -> f64 {
        match self {
            Source::Synthetic(c) => c.mean_rate(),
            Source::Nexmark(c) => c.rate / c.parts.max(1) as f64,
            Source::Ysb(c) => c.mean_rate(),
        }
    }

    /// Number of events (of this share, for a split Nexmark source).
    pub fn events(&self) -> usize {
        match self {
            Source::Synthetic(c) => c.events,
            Source::Nexmark(c) => c.share_events(),
            Source::Ysb(c) => c.events,
        }
    }

    /// Number of distinct keys the source draws from. For Nexmark, whose events are keyed by
    /// person or auction id, the number of people the run creates (one per 50 events):
    /// the widest key space its queries group by.
    pub fn keys(&self) -> u64 {
        match self {
            Source::Synthetic(c) => c.keys,
            Source::Nexmark(c) => c.events.div_ceil(50) as u64,
            Source::Ysb(c) => c.campaigns * c.ads_per_campaign,
        }
    }

    /// Generator seed.
    pub fn seed(&self) -> u64 {
        match self {
            Source::Synthetic(c) => c.seed,
            Source::Nexmark(c) => c.seed,
            Source::Ysb(c) => c.seed,
        }
    }

    /// `n` sources that together generate this one's events, one per process of a parallel
    /// run: Beam's `GeneratorConfig.split(n)` for Nexmark. A synthetic source cannot be cut
    /// (nor a YSB one) that way and is returned whole (`n` ignored).
    pub fn split(&self, n: usize) -> Vec<Source> {
        match self {
            Source::Synthetic(_) | Source::Ysb(_) => vec![self.clone()],
            Source::Nexmark(c) => c.split(n).into_iter().map(Source::Nexmark).collect(),
        }
    }
}
