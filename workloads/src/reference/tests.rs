//! Hand-computed cases: each expected result below was worked out on paper.

use super::*;
use crate::event::{Event, Input};
use crate::plan::{Aggregate, Window};
use crate::stream::WatermarkAt;

enum Step {
    /// (event time, key, value); scheduled at 100 * position.
    E(Time, u64, i64),
    /// A watermark.
    W(Time),
}
use Step::*;

fn stream(steps: &[Step]) -> Stream {
    let mut s = Stream::default();
    for (pos, step) in steps.iter().enumerate() {
        let scheduled = 100 * pos as Time;
        match *step {
            E(time, key, value) => s.events.push(Input {
                scheduled,
                event: Event::new(time, key, value),
            }),
            W(watermark) => s.watermarks.push(WatermarkAt {
                after: s.events.len(),
                watermark,
                scheduled,
            }),
        }
    }
    s.end = 100 * steps.len() as Time;
    s
}

/// (time, key, value, cause) of each output, sorted.
fn run(plan: &Plan, steps: &[Step]) -> (Vec<(Time, u64, i64, Time)>, u64) {
    let e = evaluate(plan, &stream(steps));
    let mut v: Vec<_> = e
        .outputs
        .iter()
        .map(|o| (o.event.time, o.event.key, o.event.value, o.cause))
        .collect();
    v.sort();
    (v, e.late_events)
}

#[test]
fn stateless_filter_map_key_by() {
    let p = Plan::source()
        .filter(|e| e.value % 2 == 0)
        .map(|e| Event::new(999, e.key, e.value * 10))
        .key_by(|e| e.key + 1);
    let (out, late) = run(&p, &[E(5, 1, 2), E(6, 1, 3), W(4), E(3, 2, 4), E(7, 2, 6)]);
    // The map's time 999 is ignored; the event at time 3 is behind watermark 4.
    assert_eq!(out, vec![(5, 2, 20, 0), (7, 3, 60, 400)]);
    assert_eq!(late, 1);
}

#[test]
fn tumbling_count_fires_on_watermark_and_at_end() {
    let p = Plan::source().window(Window::tumbling(10), Aggregate::Count);
    let steps = [
        E(1, 7, 0),
        E(5, 7, 0),
        E(12, 7, 0),
        E(3, 8, 0),
        W(10),
        E(9, 7, 0),
        E(15, 8, 0),
    ];
    let (out, late) = run(&p, &steps);
    // [0,10): key 7 has times 1 and 5, key 8 has 3 -> fired by W(10) at position 4 (cause 400);
    // the event at time 9 is late; [10,20) fires at end of stream (cause 700).
    assert_eq!(
        out,
        vec![
            (9, 7, 2, 400),
            (9, 8, 1, 400),
            (19, 7, 1, 700),
            (19, 8, 1, 700)
        ]
    );
    assert_eq!(late, 1);
}

#[test]
fn sliding_sum_and_min_max_avg() {
    let steps = [E(0, 1, 4), E(4, 1, -2), E(7, 1, 9)];
    let w = Window::sliding(6, 3);
    // Windows: [-3,3) {4}, [0,6) {4,-2}, [3,9) {-2,9}, [6,12) {9}: the first starts before 0.
    let (sum, _) = run(&Plan::source().window(w, Aggregate::Sum), &steps);
    assert_eq!(
        sum,
        vec![
            (2, 1, 4, 300),
            (5, 1, 2, 300),
            (8, 1, 7, 300),
            (11, 1, 9, 300)
        ]
    );
    let values = |a| {
        run(&Plan::source().window(w, a), &steps)
            .0
            .iter()
            .map(|r| r.2)
            .collect::<Vec<_>>()
    };
    assert_eq!(values(Aggregate::Min), vec![4, -2, -2, 9]);
    assert_eq!(values(Aggregate::Max), vec![4, 4, 9, 9]);
    assert_eq!(values(Aggregate::Avg), vec![4, 1, 4, 9], "3.5 rounds up");
    assert_eq!(values(Aggregate::Count), vec![1, 2, 2, 1]);
}

#[test]
fn sessions_split_on_gap_and_merge_out_of_order() {
    let p = Plan::source().window(Window::session(5), Aggregate::Sum);
    // Key 1: times 1, 3 form [1,8); 10 starts [10,15); 6 arrives late in arrival order but is not
    // behind the watermark and bridges both into one session [1,15).
    // Key 2: time 20 alone: [20,25).
    let (out, _) = run(
        &p,
        &[
            E(1, 1, 1),
            E(3, 1, 2),
            E(10, 1, 4),
            W(2),
            E(6, 1, 8),
            E(20, 2, 5),
            W(16),
        ],
    );
    assert_eq!(out, vec![(14, 1, 15, 600), (24, 2, 5, 700)]);
    // Without the bridging event, [1,8) fires at W(8) and [10,15) at W(16).
    let (out, _) = run(&p, &[E(1, 1, 1), E(3, 1, 2), E(10, 1, 4), W(8), W(16)]);
    assert_eq!(out, vec![(7, 1, 3, 300), (14, 1, 4, 400)]);
}

#[test]
fn windowed_join_pairs_within_window_and_key() {
    let left = Plan::source().filter(|e| e.value >= 0);
    let right = Plan::source().filter(|e| e.value < 0);
    let p = left.join(right, Window::tumbling(10), |l, r| {
        Event::new(0, 0, l.value * 100 - r.value)
    });
    let steps = [
        E(1, 1, 1),  // left, key 1, window 0
        E(2, 1, -1), // right, key 1, window 0
        E(3, 1, -2), // right, key 1, window 0
        E(4, 2, 5),  // left, key 2: no right partner
        E(11, 1, 7), // left, key 1, window 10: no partner in that window
        W(10),
        E(12, 1, -3), // right, key 1, window 10
    ];
    let (out, _) = run(&p, &steps);
    assert_eq!(
        out,
        vec![(9, 1, 101, 500), (9, 1, 102, 500), (19, 1, 703, 700)]
    );
}

#[test]
fn empty_input_gives_nothing() {
    let p = Plan::source().window(Window::tumbling(10), Aggregate::Count);
    assert_eq!(run(&p, &[]), (vec![], 0));
    assert_eq!(run(&p, &[W(5), W(50)]), (vec![], 0));
}

#[test]
fn window_of_window_sees_upstream_results_on_time() {
    // Counts per 10 then the max count per 20: upstream results at times 9 and 19 must reach
    // the second window before the same watermark closes it.
    let p = Plan::source()
        .window(Window::tumbling(10), Aggregate::Count)
        .key_by(|_| 0)
        .window(Window::tumbling(20), Aggregate::Max);
    let (out, late) = run(
        &p,
        &[E(1, 1, 0), E(2, 1, 0), E(3, 2, 0), E(15, 1, 0), W(20)],
    );
    assert_eq!(out, vec![(19, 0, 2, 400)]);
    assert_eq!(late, 0);
}

#[test]
fn latest_is_the_max_contributing_event_time() {
    let p = Plan::source().window(Window::tumbling(10), Aggregate::Count);
    let e = evaluate(&p, &stream(&[E(7, 1, 0), E(2, 1, 0), W(10)]));
    assert_eq!(e.outputs.len(), 1);
    assert_eq!(e.outputs[0].latest, 7);
}

#[test]
fn top_keeps_the_largest_per_key_and_window() {
    // Window [0, 10): key 1 has 5, 9, 9 (tie); key 2 has 4. Window [10, 20): key 1 has 3.
    let steps = [
        E(1, 1, 5),
        E(2, 1, 9),
        E(3, 2, 4),
        E(4, 1, 9),
        E(12, 1, 3),
        W(10),
    ];
    let all = Plan::source().top(Window::tumbling(10), crate::plan::Ties::All);
    assert_eq!(
        run(&all, &steps).0,
        vec![
            (9, 1, 9, 500),
            (9, 1, 9, 500),
            (9, 2, 4, 500),
            (19, 1, 3, 600)
        ]
    );
    let first = Plan::source().top(Window::tumbling(10), crate::plan::Ties::First);
    assert_eq!(
        run(&first, &steps).0,
        vec![(9, 1, 9, 500), (9, 2, 4, 500), (19, 1, 3, 600)]
    );
}

#[test]
fn last_n_follows_event_time_not_arrival() {
    // Key 1 arrives as times 5, 2, 8 (values 50, 20, 80): in time order 20, 50, 80; the
    // watermark 6 releases 20 and 50, the end releases 80 (last two: 50, 80).
    let steps = [E(5, 1, 50), E(2, 1, 20), E(8, 1, 80), W(6)];
    let p = Plan::source().last_n(2, Aggregate::Sum);
    assert_eq!(
        run(&p, &steps).0,
        vec![(2, 1, 20, 300), (5, 1, 70, 300), (8, 1, 130, 400)]
    );
}

#[test]
fn closing_picks_the_best_candidate_whatever_the_arrival_order() {
    // Left records (value % 2 == 0) cover [time - lookback, time + 10); right ones (odd)
    // are candidates above the left value. Key 1: a right record at 4 arrives before the
    // left at 3; the one at 13 is past the end; those at 0 and 1 lie before the left one,
    // and a lookback of 2 reaches the one at 1. Key 2's only candidate is too small.
    let left = || Plan::source().filter(|e| e.value % 2 == 0);
    let right = || Plan::source().filter(|e| e.value % 2 != 0);
    let p = |lookback| {
        left().closing(
            right(),
            lookback,
            |l| l.time + 10,
            |l, r| r.value > l.value,
            |l, r| Event::new(0, 0, l.value * 100 + r.value),
        )
    };
    let steps = [
        E(0, 1, 97),
        E(1, 1, 95),
        E(4, 1, 31),
        E(3, 1, 10),
        E(6, 1, 21),
        E(13, 1, 99),
        E(5, 2, 50),
        E(7, 2, 11),
        W(13),
        W(20),
    ];
    assert_eq!(run(&p(0), &steps).0, vec![(12, 1, 1031, 800)]);
    assert_eq!(run(&p(2), &steps).0, vec![(12, 1, 1095, 800)]);
}

#[test]
fn stream_join_emits_when_the_second_side_arrives() {
    let left = Plan::source().filter(|e| e.value < 10);
    let right = Plan::source().filter(|e| e.value >= 10);
    let p = left.stream_join(right, |l, r| Event::new(0, 0, l.value * 100 + r.value));
    // Key 1: right 20 at time 5 (pos 0), left 1 at time 3 (pos 1), left 2 at time 9 (pos 2).
    let steps = [E(5, 1, 20), E(3, 1, 1), E(9, 1, 2), E(1, 2, 3)];
    assert_eq!(run(&p, &steps).0, vec![(5, 1, 120, 100), (9, 1, 220, 200)]);
}

/// Every catalog workload (windows, sessions, joins, Top, LastN, Closing, StreamJoin among
/// them), with late events and short windows so that windows close inside the stream:
/// evaluated part by part, cut anywhere, the reference gives the whole evaluation's results
/// in the same order, and the same late count.
#[test]
fn part_by_part_equals_whole_for_every_workload() {
    let params = crate::catalog::Params {
        rate: 40_000.0,
        duration: 0.5,
        keys: 20,
        late_fraction: 0.05,
        window: Some(20 * crate::event::NANOS_PER_MILLI),
        ..Default::default()
    };
    for entry in crate::catalog::ENTRIES {
        let w = entry.build(&params);
        let stream = w.source.generate();
        let whole = evaluate(&w.plan, &stream);
        assert!(!whole.outputs.is_empty(), "{}: no results", entry.name);
        let n = stream.events.len();
        for parts in [2, 7, 64] {
            let mut e = Evaluator::new(&w.plan);
            let mut outputs = Vec::new();
            let mut rest = stream.clone();
            let mut done = 0;
            for k in 1..parts {
                let (first, second) = rest.split_at(n * k / parts - done);
                done = n * k / parts;
                outputs.extend(e.push(first.steps()));
                rest = second;
            }
            outputs.extend(e.push(rest.steps()));
            outputs.extend(e.finish(stream.end));
            assert_eq!(outputs, whole.outputs, "{} in {parts} parts", entry.name);
            assert_eq!(e.late_events(), whole.late_events, "{}", entry.name);
        }
    }
}
