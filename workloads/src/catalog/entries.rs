//! The catalog's entries: name, description, source kind and plan of every workload.

use super::params::whole_ms;
use super::{Params, Source};
use crate::event::{Event, Time, NANOS_PER_MILLI, NANOS_PER_SEC};
use crate::nexmark::gen::NexmarkConfig;
use crate::nexmark::{queries, NexmarkSource};
use crate::plan::{Aggregate, Plan, Window};
use crate::synthetic::{Disorder, SyntheticConfig};
use crate::ysb::YsbConfig;

/// A named workload: what to generate and what to compute.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Catalog name.
    pub name: &'static str,
    /// The source configuration.
    pub source: Source,
    /// The query.
    pub plan: Plan,
    /// The window size the suite gave it (see [`Params::window`]); `None` for the
    /// catalog's own sizes, and for workloads without windows.
    pub window: Option<Time>,
}

/// One catalog entry.
pub struct Entry {
    /// Name used in suites and on the command line.
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    build: Build,
}

/// Share of the suite's duration a Nexmark workload generates: half, so the default suite
/// can carry four Nexmark queries and still finish well under a minute.
pub const NEXMARK_DURATION_SHARE: f64 = 0.5;

/// Which generator an entry reads, and how its plan is made.
#[derive(Clone, Copy)]
enum Build {
    /// The synthetic generator; the plan is fixed but for its window size (the suite's,
    /// when it sets one).
    Synthetic(fn(Option<Time>) -> Plan),
    /// Beam's Nexmark generator; the plan may read the run's configuration, as Beam's
    /// queries do (the winning bids' bid window depends on the rate).
    Nexmark(fn(&NexmarkConfig) -> Plan),
    /// YSB; the plan depends on the seeded ad table, so it comes from the source.
    Ysb,
}

impl Entry {
    /// The workload's plan with the default parameters (its shape and operators are the
    /// same whatever the parameters).
    pub fn plan(&self) -> Plan {
        self.build(&Params::default()).plan
    }

    /// The workload with these parameters. A Nexmark workload uses `rate`, `duration` (a
    /// [`NEXMARK_DURATION_SHARE`] of it), `seed` and `max_delay` (the watermark's bound); its
    /// keys are person and auction ids and its events arrive in generator order, so `keys`,
    /// `distribution`, `late_fraction`, the load shape and the payload size do not apply to
    /// it. A YSB workload uses the rate, shape, arrivals, duration, seed and disorder; its keys
    /// are its ads and campaigns.
    pub fn build(&self, p: &Params) -> Workload {
        let disorder = Disorder {
            max_delay: p.max_delay,
            late_fraction: p.late_fraction,
        };
        let mut window = p.window;
        let (source, plan) = match self.build {
            Build::Nexmark(build) => {
                let events = (p.rate * p.duration * NEXMARK_DURATION_SHARE).round() as usize;
                let mut settings = p.nexmark.clone();
                // Its input lasts a share of the duration: its windows shrink alike, so it
                // closes as many.
                window = window
                    .map(|w| whole_ms(w as f64 * NEXMARK_DURATION_SHARE / NANOS_PER_MILLI as f64));
                if settings.window_size.is_some() {
                    window = None;
                }
                if let (Some(w), None) = (window, settings.window_size) {
                    // Beam's proportion: windows of 10 s every 5 s.
                    settings.window_size = Some(w);
                    settings.window_period = settings.window_period.or(Some((w / 2).max(1)));
                }
                let s =
                    NexmarkSource::new(p.rate, events, p.max_delay, p.seed).with_settings(settings);
                let plan = build(s.config().nexmark());
                (Source::Nexmark(s), plan)
            }
            Build::Synthetic(build) => {
                let s = Source::Synthetic(SyntheticConfig {
                    seed: p.seed,
                    keys: p.keys,
                    distribution: p.distribution,
                    values: (0, 1000),
                    shape: p.offered_shape(),
                    arrivals: p.arrivals,
                    events: p.events(),
                    disorder,
                    watermark_interval: 50 * NANOS_PER_MILLI,
                    payload: p.payload,
                });
                (s, build(p.window))
            }
            Build::Ysb => {
                let c = YsbConfig {
                    seed: p.seed,
                    shape: p.offered_shape(),
                    arrivals: p.arrivals,
                    events: p.events(),
                    disorder,
                    window: p.window.unwrap_or(crate::ysb::YSB_WINDOW),
                    ..YsbConfig::default()
                };
                let plan = c.plan();
                (Source::Ysb(c), plan)
            }
        };
        let windowed = plan.nodes().any(|n| {
            matches!(
                n,
                Plan::Window { .. } | Plan::Join { .. } | Plan::Top { .. }
            )
        });
        Workload {
            name: self.name,
            source,
            plan,
            window: window.filter(|_| windowed),
        }
    }

    /// The query's shape, e.g. `source | filter | map`.
    pub fn plan_description(&self) -> String {
        self.build(&Params::default()).plan.describe()
    }
}

/// Every workload streambench knows.
pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "stateless",
        description: "filter (value even) then map (value * 3 + 1): per-event work, no state",
        build: Build::Synthetic(stateless),
    },
    Entry {
        name: "window-count",
        description: "events per key in 1 s tumbling event-time windows",
        build: Build::Synthetic(|w| {
            Plan::source().window(
                Window::tumbling(w.unwrap_or(NANOS_PER_SEC)),
                Aggregate::Count,
            )
        }),
    },
    Entry {
        name: "sliding-avg",
        description: "average value per key over 1 s windows sliding every 250 ms",
        build: Build::Synthetic(|w| {
            let size = w.unwrap_or(NANOS_PER_SEC);
            Plan::source().window(Window::sliding(size, (size / 4).max(1)), Aggregate::Avg)
        }),
    },
    Entry {
        name: "session-max",
        description: "largest value per key in sessions closed by 100 ms of inactivity",
        build: Build::Synthetic(|w| {
            let gap = w.map_or(100 * NANOS_PER_MILLI, |w| (w / 10).max(1));
            Plan::source().window(Window::session(gap), Aggregate::Max)
        }),
    },
    Entry {
        name: "join",
        description: "pairs events with value < 10 (left) and value > 990 (right) per key in 1 s tumbling windows",
        build: Build::Synthetic(|w| {
            let left = Plan::source().filter(|e| e.value < 10);
            let right = Plan::source().filter(|e| e.value > 990);
            left.join(right, Window::tumbling(w.unwrap_or(NANOS_PER_SEC)), |l, r| {
                Event::new(0, 0, l.value * 1000 + r.value)
            })
        }),
    },
    Entry {
        name: "ysb",
        description: "Yahoo Streaming Benchmark: ad views joined to their campaign, counted per campaign in 10 s tumbling windows",
        build: Build::Ysb,
    },
    nexmark("nexmark-q0", "Nexmark q0: pass-through of every person, auction and bid", |_| queries::q0()),
    nexmark("nexmark-q1", "Nexmark q1: bid prices converted to euros (price * 89 / 100)", |_| queries::q1()),
    nexmark("nexmark-q2", "Nexmark q2: bids on every 123rd auction", |_| queries::q2()),
    nexmark("nexmark-q3", "Nexmark q3: category-10 auctions by sellers in OR/ID/CA (unwindowed join)", |_| queries::q3()),
    nexmark("nexmark-q4", "Nexmark q4: average closing price per category, sliding 1 s every 500 ms", queries::q4),
    nexmark("nexmark-q5", "Nexmark q5: the auction(s) with the most bids per sliding 1 s window", queries::q5),
    nexmark("nexmark-q6", "Nexmark q6: average selling price per seller over its last 10 closed auctions", queries::q6),
    nexmark("nexmark-q7", "Nexmark q7: the highest bid(s) per 1 s tumbling window", queries::q7),
    nexmark("nexmark-q8", "Nexmark q8: people who opened an auction in the 1 s window they registered in", queries::q8),
    nexmark("nexmark-q9", "Nexmark q9: winning bids, each auction's best bid at or above the reserve when it expires", queries::q9),
    nexmark("nexmark-q11", "Nexmark q11: bids per bidder per session (gap 1 s)", queries::q11),
    nexmark("nexmark-q12", "Nexmark q12: bids per bidder per 1 s tumbling window (event time; Beam's is processing time)", queries::q12),
    nexmark("nexmark-q13", "Nexmark q13: bids joined with a bounded side input (500 rows) on auction mod 500", |_| queries::q13()),
    nexmark("nexmark-q14", "Nexmark q14 (Flink kit): bids priced 1 M-50 M after * 0.908, with time of day and c count", |_| queries::q14()),
    nexmark("nexmark-q15", "Nexmark q15 (Flink kit): bids, distinct bidders and distinct auctions per 1 s window, in total and per price range", queries::q15),
    nexmark("nexmark-q17", "Nexmark q17 (Flink kit): bids, min, max, avg and sum of prices per auction per 1 s window", queries::q17),
    nexmark("nexmark-q18", "Nexmark q18 (Flink kit): the last bid per bidder and auction per 1 s window", queries::q18),
    nexmark("nexmark-q19", "Nexmark q19 (Flink kit): the 10 highest bids per auction per 1 s window", queries::q19),
    nexmark("nexmark-q20", "Nexmark q20 (Flink kit): bids joined with their category-10 auction (unwindowed join)", |_| queries::q20()),
];

const fn nexmark(
    name: &'static str,
    description: &'static str,
    build: fn(&NexmarkConfig) -> Plan,
) -> Entry {
    Entry {
        name,
        description,
        build: Build::Nexmark(build),
    }
}

fn stateless(_window: Option<Time>) -> Plan {
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
            let want = if e.name.starts_with("nexmark-") {
                250
            } else {
                500
            };
            assert_eq!(w.source.events(), want, "{}", e.name);
        }
        assert!(find("window-count").is_some() && find("nope").is_none());
        let q5 = find("nexmark-q5").expect("listed").build(&p);
        assert!(matches!(q5.source, Source::Nexmark(_)));
        assert_eq!(q5.source.generate().events.len(), 250);
        // A parallel run's shares: Beam's split, 83 + 83 + 84 events.
        let shares: Vec<usize> = q5.source.split(3).iter().map(Source::events).collect();
        assert_eq!(shares, [83, 83, 84]);
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
    }

    #[test]
    fn a_suite_window_resizes_every_windowed_workload() {
        use crate::plan::Plan as P;
        let w = Params::window_for(100, 1.0);
        assert_eq!(w, 10 * NANOS_PER_MILLI);
        assert_eq!(
            Params::window_for(100, 0.05),
            NANOS_PER_MILLI,
            "at least 1 ms"
        );
        let p = Params {
            window: Some(w),
            ..Default::default()
        };
        let windows = |name: &str| -> Vec<Window> {
            let built = find(name).unwrap().build(&p);
            built
                .plan
                .nodes()
                .filter_map(|n| match n {
                    P::Window { window, .. } | P::Join { window, .. } | P::Top { window, .. } => {
                        Some(*window)
                    }
                    _ => None,
                })
                .collect()
        };
        assert_eq!(windows("window-count"), [Window::tumbling(w)]);
        assert_eq!(windows("sliding-avg"), [Window::sliding(w, w / 4)]);
        assert_eq!(windows("session-max"), [Window::session(w / 10)]);
        assert_eq!(windows("join"), [Window::tumbling(w)]);
        assert_eq!(windows("ysb"), [Window::tumbling(w)]);
        // Nexmark generates half the duration: half the window, as many windows.
        assert_eq!(windows("nexmark-q7"), [Window::tumbling(w / 2)]);
        assert!(windows("nexmark-q5").contains(&Window::sliding(w / 2, w / 4)));
        assert_eq!(find("nexmark-q7").unwrap().build(&p).window, Some(w / 2));
        // Told to external engines only where there is a window to resize.
        assert_eq!(find("window-count").unwrap().build(&p).window, Some(w));
        assert_eq!(find("stateless").unwrap().build(&p).window, None);
        assert_eq!(find("nexmark-q1").unwrap().build(&p).window, None);
        // Without the setting, the catalog's own sizes.
        let own = find("ysb").unwrap().build(&Params::default());
        assert_eq!(own.window, None);
        assert!(
            own.plan.describe().contains("10s") || own.plan.describe().contains("10 s"),
            "{}",
            own.plan.describe()
        );
    }
}
