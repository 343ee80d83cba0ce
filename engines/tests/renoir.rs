//! What the conformance kit cannot see in the renoir engine: timing (results leave at their
//! watermark, not at `finish`), failures, stats and settings.
#![cfg(feature = "renoir")]

use engines::conformance::CollectSink;
use engines::renoir::Renoir;
use engines::{Engine, EngineError, EngineOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};
use workloads::plan::{Aggregate, Plan, Window};
use workloads::{Event, Input};

const MS: u64 = 1_000_000;

fn input(time: u64, key: u64) -> Input {
    Input {
        scheduled: time,
        event: Event::new(time, key, 1),
    }
}

/// Waits up to 5 s for the sink to hold at least `n` results.
fn wait_for(sink: &CollectSink, got: &mut Vec<workloads::Output>, n: usize) {
    let start = Instant::now();
    while got.len() < n && start.elapsed() < Duration::from_secs(5) {
        got.extend(sink.take());
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn windows_fire_at_their_watermark_through_two_keyed_stages() {
    for workers in [1, 3] {
        // A window, re-keyed, then a second window: two exchanges between replicas.
        let plan = Plan::source()
            .window(Window::tumbling(10 * MS), Aggregate::Count)
            .key_by(|_| 0)
            .window(Window::tumbling(10 * MS), Aggregate::Sum);
        let sink = Arc::new(CollectSink::default());
        let mut e = Renoir::new(&plan, &EngineOptions::workers(workers), sink.clone()).unwrap();
        let events: Vec<Input> = (0..100).map(|k| input(MS, k)).collect();
        e.on_events(&events).unwrap();
        e.on_events(&[input(2 * MS, 3), input(MS / 2, 7), input(15 * MS, 5)])
            .unwrap();
        e.on_watermark(10 * MS, 11 * MS).unwrap();
        let mut got = Vec::new();
        wait_for(&sink, &mut got, 1);
        let (first, second): (Vec<_>, Vec<_>) = got.iter().partition(|o| o.event.key != 0);
        assert!(first.is_empty(), "{first:?}");
        assert_eq!(second.len(), 1, "{got:?}");
        assert_eq!(second[0].event.value, 102);
        assert_eq!(second[0].cause, 11 * MS);
        assert!(
            e.stats().state_bytes > 0,
            "the first window holds [10, 20) ms"
        );
        // A late event, then the end.
        e.on_events(&[input(MS, 1)]).unwrap();
        e.finish(20 * MS).unwrap();
        let end = sink.take();
        assert_eq!(end.len(), 1, "{end:?}");
        assert_eq!((end[0].event.value, end[0].cause), (1, 20 * MS));
        assert_eq!(e.stats().late_events, 1);
    }
}

#[test]
fn a_panicking_plan_is_a_worker_error_not_a_hang() {
    let plan = Plan::source()
        .map(|e| {
            assert!(e.value != 13, "value 13 is unlucky");
            e.clone()
        })
        .window(Window::tumbling(10 * MS), Aggregate::Count);
    let sink = Arc::new(CollectSink::default());
    let mut e = Renoir::new(&plan, &EngineOptions::workers(2), sink).unwrap();
    let mut bad = input(MS, 1);
    bad.event.value = 13;
    let start = Instant::now();
    let mut result = Ok(());
    for i in 0..1000 {
        result = e
            .on_events(&[input(MS, i), bad.clone()])
            .and_then(|_| e.on_watermark(i * MS, i * MS));
        if result.is_err() {
            break;
        }
    }
    let result = result.and_then(|_| e.finish(2000 * MS));
    match result {
        Err(EngineError::Worker(m)) => assert!(m.contains("unlucky"), "{m}"),
        other => panic!("expected a worker error, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn settings_are_checked() {
    let sink = Arc::new(CollectSink::default());
    let mut o = EngineOptions::workers(1);
    o.settings.insert("batch_size".into(), "0".into());
    assert!(matches!(
        Renoir::new(&Plan::source(), &o, sink.clone()),
        Err(EngineError::Option { .. })
    ));
    let mut o = EngineOptions::workers(1);
    o.settings.insert("trigger_ms".into(), "5".into());
    assert!(matches!(
        Renoir::new(&Plan::source(), &o, sink),
        Err(EngineError::Option { .. })
    ));
}
