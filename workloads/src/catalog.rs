//! Ready-made workloads, found by name: a source configuration plus a plan.

use crate::event::{Event, Time, NANOS_PER_MILLI, NANOS_PER_SEC};
use crate::keys::KeyDistribution;
use crate::payload_size::PayloadSize;
use crate::plan::{Aggregate, Plan, Window};
use crate::schedule::Arrivals;
use crate::shape::RateShape;
use crate::stream::Stream;
use crate::synthetic::{Disorder, SyntheticConfig};
use crate::ysb::YsbConfig;

/// The knobs a suite sets on any workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Events per second: the reference rate the shape is a multiple of.
    pub rate: f64,
    /// The load shape in multiples of `rate` (constant 1 by default); see
    /// [`crate::parse_shape`].
    pub shape: RateShape,
    /// Even or Poisson arrivals along the shape.
    pub arrivals: Arrivals,
    /// Payload bytes per event.
    pub payload: PayloadSize,
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
            shape: RateShape::default(),
            arrivals: Arrivals::Even,
            payload: PayloadSize::NONE,
            duration: 2.0,
            keys: 10_000,
            distribution: KeyDistribution::Uniform,
            seed: 1,
            max_delay: 10 * NANOS_PER_MILLI,
            late_fraction: 0.0,
        }
    }
}

impl Params {
    /// The shape in events per second: `shape` scaled by `rate`.
    pub fn offered_shape(&self) -> RateShape {
        self.shape.scaled(self.rate)
    }

    /// Events in `duration` seconds of the offered shape (duration × mean rate).
    pub fn events(&self) -> usize {
        self.offered_shape().integral(self.duration).round() as usize
    }
}

/// A named workload: what to generate and what to compute.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Catalog name.
    pub name: &'static str,
    /// The source configuration.
    pub source: Source,
    /// The query.
    pub plan: Plan,
}

/// Where a workload's events come from. Every source yields a deterministic [`Stream`].
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The seeded synthetic generator.
    Synthetic(SyntheticConfig),
    /// The Yahoo Streaming Benchmark's ad events.
    Ysb(YsbConfig),
}

impl Source {
    /// Generates the whole stream.
    pub fn generate(&self) -> Stream {
        match self {
            Source::Synthetic(c) => c.generate(),
            Source::Ysb(c) => c.generate(),
        }
    }

    /// Mean offered rate, events per second.
    pub fn rate(&self) -> f64 {
        match self {
            Source::Synthetic(c) => c.mean_rate(),
            Source::Ysb(c) => c.mean_rate(),
        }
    }

    /// Number of events.
    pub fn events(&self) -> usize {
        match self {
            Source::Synthetic(c) => c.events,
            Source::Ysb(c) => c.events,
        }
    }

    /// Number of distinct keys the source draws from (YSB: ads).
    pub fn keys(&self) -> u64 {
        match self {
            Source::Synthetic(c) => c.keys,
            Source::Ysb(c) => c.campaigns * c.ads_per_campaign,
        }
    }

    /// Generator seed.
    pub fn seed(&self) -> u64 {
        match self {
            Source::Synthetic(c) => c.seed,
            Source::Ysb(c) => c.seed,
        }
    }
}

/// One catalog entry.
pub struct Entry {
    /// Name used in suites and on the command line.
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// The workload for some parameters (its name is set by [`Entry::build`]).
    make: fn(&Params) -> Workload,
}

impl Entry {
    /// The workload with these parameters.
    pub fn build(&self, p: &Params) -> Workload {
        Workload {
            name: self.name,
            ..(self.make)(p)
        }
    }

    /// The query's shape, e.g. `source | filter | map`.
    pub fn plan_description(&self) -> String {
        self.build(&Params::default()).plan.describe()
    }
}

/// A workload on the synthetic source.
fn synthetic(p: &Params, plan: Plan) -> Workload {
    Workload {
        name: "",
        source: Source::Synthetic(SyntheticConfig {
            seed: p.seed,
            keys: p.keys,
            distribution: p.distribution,
            values: (0, 1000),
            shape: p.offered_shape(),
            arrivals: p.arrivals,
            events: p.events(),
            disorder: Disorder {
                max_delay: p.max_delay,
                late_fraction: p.late_fraction,
            },
            watermark_interval: 50 * NANOS_PER_MILLI,
            payload: p.payload,
        }),
        plan,
    }
}

/// YSB: the ad events and their query (keys, distribution and payload do not apply).
fn ysb(p: &Params) -> Workload {
    let c = YsbConfig {
        seed: p.seed,
        shape: p.offered_shape(),
        arrivals: p.arrivals,
        events: p.events(),
        disorder: Disorder {
            max_delay: p.max_delay,
            late_fraction: p.late_fraction,
        },
        ..YsbConfig::default()
    };
    Workload {
        name: "",
        plan: c.plan(),
        source: Source::Ysb(c),
    }
}

/// Every workload streambench knows.
pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "stateless",
        description: "filter (value even) then map (value * 3 + 1): per-event work, no state",
        make: |p| synthetic(p, stateless()),
    },
    Entry {
        name: "window-count",
        description: "events per key in 1 s tumbling event-time windows",
        make: |p| synthetic(p, Plan::source().window(Window::tumbling(NANOS_PER_SEC), Aggregate::Count)),
    },
    Entry {
        name: "sliding-avg",
        description: "average value per key over 1 s windows sliding every 250 ms",
        make: |p| {
            synthetic(p, Plan::source().window(
                Window::sliding(NANOS_PER_SEC, 250 * NANOS_PER_MILLI),
                Aggregate::Avg,
            ))
        },
    },
    Entry {
        name: "session-max",
        description: "largest value per key in sessions closed by 100 ms of inactivity",
        make: |p| synthetic(p, Plan::source().window(Window::session(100 * NANOS_PER_MILLI), Aggregate::Max)),
    },
    Entry {
        name: "join",
        description: "pairs events with value < 10 (left) and value > 990 (right) per key in 1 s tumbling windows",
        make: |p| {
            let left = Plan::source().filter(|e| e.value < 10);
            let right = Plan::source().filter(|e| e.value > 990);
            synthetic(p, left.join(right, Window::tumbling(NANOS_PER_SEC), |l, r| {
                Event::new(0, 0, l.value * 1000 + r.value)
            }))
        },
    },
    Entry {
        name: "ysb",
        description: "Yahoo Streaming Benchmark: ad views joined to their campaign, counted per campaign in 10 s tumbling windows",
        make: ysb,
    },
];

fn stateless() -> Plan {
    Plan::source().filter(|e| e.value % 2 == 0).map(|e| Event {
        value: e.value * 3 + 1,
        ..e.clone()
    })
}

/// Finds a workload by name.
pub fn find(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.name == name)
}

/// Every workload name.
pub fn names() -> Vec<&'static str> {
    ENTRIES.iter().map(|e| e.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_builds_a_valid_plan_with_the_asked_events() {
        let p = Params {
            rate: 1000.0,
            duration: 0.5,
            ..Default::default()
        };
        for e in ENTRIES {
            let w = e.build(&p);
            assert!(w.plan.validate().is_ok(), "{}", e.name);
            assert_eq!(w.source.events(), 500);
        }
        // A square wave 0.5x/1.5x of 1000/s for 2 s: 500 + 1500 events, mean 1000/s.
        let p = Params {
            rate: 1000.0,
            duration: 2.0,
            shape: crate::parse_shape("square:low=0.5,high=1.5,period=2", 2.0).unwrap(),
            ..Default::default()
        };
        let w = find("stateless").unwrap().build(&p);
        assert_eq!(w.source.events(), 2000);
        assert!((w.source.rate() - 1000.0).abs() < 1e-9);
        assert!(find("window-count").is_some() && find("nope").is_none());
    }
}
