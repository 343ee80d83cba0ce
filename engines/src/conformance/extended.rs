//! Conformance cases for the operators added for Nexmark (top and top-N, last-n, closing,
//! stream join) and for every Nexmark query on generated records.

use super::cases::{case, Case, MS};
use workloads::catalog::{Params, ENTRIES};
use workloads::plan::{Aggregate, Plan, Ties, Window};
use workloads::{Event, Stream, Time};

/// Intervals from 2 ms before to 5 ms after each value divisible by 4, closed by the
/// largest other value above half of the opener's.
pub(crate) fn closing() -> Plan {
    let left = Plan::source().filter(|e| e.value % 4 == 0);
    let right = Plan::source().filter(|e| e.value % 4 != 0);
    left.closing(
        right,
        2 * MS,
        |l| l.time + 5 * MS,
        |l, r| r.value > l.value / 2,
        |l, r| Event::new(0, 0, l.value * 1000 + r.value),
    )
}

/// Every pair of a value ending in 0 and one ending in 1 (keys halved on the right side).
pub(crate) fn stream_join() -> Plan {
    let left = Plan::source().filter(|e| e.value % 10 == 0);
    let right = Plan::source()
        .filter(|e| e.value % 10 == 1)
        .key_by(|e| e.key / 2);
    left.stream_join(right, |l, r| Event::new(0, 0, l.value * 1000 + r.value))
}

/// The operators beyond windows and windowed joins: top, last-n, closing, stream join,
/// alone, chained and across a snapshot.
pub(crate) fn extended(s: &Stream, v: &mut Vec<Case>) {
    // Values mod 7 make ties common.
    let small = || {
        Plan::source().map(|e| Event {
            value: e.value.rem_euclid(7),
            ..e.clone()
        })
    };
    let plans: Vec<(&str, Plan)> = vec![
        (
            "top/tumbling/all",
            small().top(Window::tumbling(20 * MS), Ties::All),
        ),
        (
            "top/sliding/first",
            small().top(Window::sliding(20 * MS, 5 * MS), Ties::First),
        ),
        (
            "top/sliding/best3",
            small().top(Window::sliding(20 * MS, 5 * MS), Ties::Best(3)),
        ),
        (
            "top/global-key",
            Plan::source()
                .key_by(|_| 0)
                .top(Window::tumbling(10 * MS), Ties::All),
        ),
        ("last-n/avg", Plan::source().last_n(3, Aggregate::Avg)),
        (
            "last-n/by-value",
            Plan::source().last_n_by(
                3,
                Aggregate::Sum,
                |e| (e.value + 100) as Time,
                |e| e.value.rem_euclid(5) as u64,
            ),
        ),
        (
            "last-n/of-window",
            Plan::source()
                .window(Window::tumbling(5 * MS), Aggregate::Sum)
                .key_by(|e| e.key % 3)
                .last_n(4, Aggregate::Max),
        ),
        ("closing", closing()),
        (
            "closing/then-window",
            closing()
                .key_by(|e| e.key % 2)
                .window(Window::tumbling(20 * MS), Aggregate::Count),
        ),
        ("stream-join", stream_join()),
        (
            "stream-join/then-window",
            stream_join()
                .key_by(|e| e.key % 4)
                .window(Window::sliding(20 * MS, 10 * MS), Aggregate::Sum),
        ),
    ];
    for (name, plan) in plans {
        v.push(case(name.into(), plan.clone(), s.clone(), 2, None));
        v.push(case(format!("{name}/w3"), plan.clone(), s.clone(), 3, None));
        v.push(case(
            format!("snapshot/{name}"),
            plan,
            s.clone(),
            2,
            Some(1733),
        ));
    }
}

/// Every Nexmark query on 6,000 generated events (3 s at 2,000 events/s), with a snapshot
/// in the middle for each: real records as payloads, through every operator.
pub(crate) fn nexmark(v: &mut Vec<Case>) {
    let params = Params {
        rate: 2_000.0,
        duration: 3.0,
        max_delay: 5 * MS,
        ..Params::default()
    };
    for entry in ENTRIES.iter().filter(|e| e.name.starts_with("nexmark-")) {
        let w = entry.build(&params);
        let stream = w.source.generate();
        v.push(case(
            entry.name.into(),
            w.plan.clone(),
            stream.clone(),
            2,
            None,
        ));
        v.push(case(
            format!("snapshot/{}", entry.name),
            w.plan,
            stream,
            3,
            Some(3001),
        ));
    }
}
