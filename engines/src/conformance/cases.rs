//! The fixed cases of the kit: every operator and window kind, the join, disorder and late
//! data, edge-case inputs, 1 to 4 workers, snapshot/restore, and seeded random plans.

use super::extended::{extended, nexmark};
use super::random::random_case;
use workloads::plan::{Aggregate, Plan, Window};
use workloads::ScheduledSource;
use workloads::{
    Arrivals, Disorder, Event, KeyDistribution, PayloadSize, RateShape, Stream, SyntheticConfig,
    Time,
};

/// One conformance case.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique, descriptive name.
    pub name: String,
    /// The query.
    pub plan: Plan,
    /// The input.
    pub stream: Stream,
    /// Workers given to the engine.
    pub workers: usize,
    /// Snapshot after this many events and restore into a fresh engine.
    pub snapshot_at: Option<usize>,
    /// The catalog workload the plan and stream come from, for engines that run workloads
    /// by name (`None`: a plan made for the kit).
    pub workload: Option<crate::NamedWorkload>,
}

pub(crate) const MS: Time = 1_000_000;

/// A disordered stream with late events: 10 k events/s, 2 ms disorder, 5 % late.
pub(crate) fn stream(seed: u64, events: usize, keys: u64) -> Stream {
    SyntheticConfig {
        seed,
        keys,
        distribution: KeyDistribution::Zipf { exponent: 1.1 },
        values: (-50, 1000),
        shape: RateShape::constant(10_000.0),
        arrivals: Arrivals::Even,
        events,
        disorder: Disorder {
            max_delay: 2 * MS,
            late_fraction: 0.05,
        },
        watermark_interval: MS,
        payload: PayloadSize::NONE,
    }
    .generate()
}

fn windows() -> [(&'static str, Window); 3] {
    [
        ("tumbling", Window::tumbling(20 * MS)),
        ("sliding", Window::sliding(20 * MS, 5 * MS)),
        ("session", Window::session(3 * MS)),
    ]
}

const AGGREGATES: [Aggregate; 5] = [
    Aggregate::Count,
    Aggregate::Sum,
    Aggregate::Min,
    Aggregate::Max,
    Aggregate::Avg,
];

fn stateless() -> Plan {
    Plan::source()
        .filter(|e| e.value % 3 != 0)
        .map(|e| Event {
            value: e.value * 2 - 7,
            ..e.clone()
        })
        .key_by(|e| e.key % 7)
}

fn join(window: Window) -> Plan {
    let left = Plan::source().filter(|e| e.value % 2 == 0);
    let right = Plan::source()
        .filter(|e| e.value % 5 == 0)
        .key_by(|e| e.key / 2);
    left.join(right, window, |l, r| {
        Event::new(0, 0, l.value * 1000 + r.value)
    })
}

pub(crate) fn case(
    name: String,
    plan: Plan,
    stream: Stream,
    workers: usize,
    snapshot_at: Option<usize>,
) -> Case {
    Case {
        workload: None,
        name,
        plan,
        stream,
        workers,
        snapshot_at,
    }
}

/// Every case of the kit, in a fixed order.
pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    let s = stream(1, 4000, 30);
    v.push(case("stateless".into(), stateless(), s.clone(), 1, None));
    for (wname, w) in windows() {
        for a in AGGREGATES {
            let plan = Plan::source().window(w, a);
            v.push(case(
                format!("window/{wname}/{}", a.name()),
                plan,
                s.clone(),
                2,
                None,
            ));
        }
    }
    for (wname, w) in windows().into_iter().take(2) {
        v.push(case(format!("join/{wname}"), join(w), s.clone(), 2, None));
    }
    let nested = stateless()
        .window(Window::tumbling(10 * MS), Aggregate::Sum)
        .key_by(|e| e.key % 2)
        .window(Window::sliding(40 * MS, 20 * MS), Aggregate::Max);
    v.push(case("window-of-window".into(), nested, s.clone(), 2, None));

    let count = || Plan::source().window(Window::tumbling(20 * MS), Aggregate::Count);
    v.push(case(
        "empty/window".into(),
        count(),
        Stream::default(),
        2,
        None,
    ));
    v.push(case(
        "empty/join".into(),
        join(Window::tumbling(20 * MS)),
        Stream::default(),
        2,
        None,
    ));
    v.push(case("one-key".into(), count(), stream(2, 3000, 1), 3, None));
    v.push(case(
        "one-key/session".into(),
        Plan::source().window(Window::session(MS / 5), Aggregate::Sum),
        stream(2, 3000, 1),
        3,
        None,
    ));
    let many = SyntheticConfig {
        seed: 3,
        keys: 1 << 40,
        distribution: KeyDistribution::Uniform,
        shape: RateShape::constant(1_000_000.0),
        events: 1_000_000,
        ..SyntheticConfig::default()
    }
    .generate();
    v.push(case("1M-distinct-keys".into(), count(), many, 2, None));
    for workers in 1..=4 {
        v.push(case(
            format!("workers-{workers}/window"),
            count(),
            s.clone(),
            workers,
            None,
        ));
        v.push(case(
            format!("workers-{workers}/join"),
            join(Window::sliding(20 * MS, 10 * MS)),
            s.clone(),
            workers,
            None,
        ));
    }
    for (wname, w) in windows() {
        for workers in [1, 2] {
            let plan = Plan::source().window(w, Aggregate::Avg);
            v.push(case(
                format!("snapshot/{wname}/w{workers}"),
                plan,
                s.clone(),
                workers,
                Some(1733),
            ));
        }
    }
    v.push(case(
        "snapshot/join".into(),
        join(Window::tumbling(20 * MS)),
        s.clone(),
        2,
        Some(2001),
    ));
    v.push(case(
        "snapshot/late-only-state".into(),
        stateless(),
        s.clone(),
        2,
        Some(100),
    ));
    extended(&s, &mut v);
    nexmark(&mut v);
    for seed in 0..40 {
        v.push(random_case(seed));
    }
    v
}
