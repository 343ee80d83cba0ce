//! Every registered engine must pass the conformance kit, and the kit must catch a wrong one.

use engines::conformance::{assert_conforms, run_kit};
use engines::event_driven::EventDriven;
use engines::registry::EngineInfo;
use engines::{Engine, EngineError, EngineOptions, EngineStats, Sink};
use std::sync::Arc;
use workloads::{Input, Plan, Time};

#[test]
fn event_driven_conforms() {
    assert_conforms(&engines::event_driven::INFO);
}

#[test]
fn batched_conforms() {
    assert_conforms(&engines::batched::INFO);
}

#[test]
fn timely_conforms() {
    assert_conforms(&engines::timely::INFO);
    assert!(!engines::conformance::supports_snapshots(
        &engines::timely::INFO
    ));
}

#[cfg(feature = "renoir")]
#[test]
fn renoir_conforms() {
    assert_conforms(&engines::renoir::INFO);
    assert!(!engines::conformance::supports_snapshots(
        &engines::renoir::INFO
    ));
}

#[cfg(feature = "renoir")]
#[test]
fn renoir_conforms_as_two_processes() {
    engines::conformance::assert_conforms_as_cluster(&engines::renoir::INFO, 2);
}

#[test]
fn timely_conforms_as_two_processes() {
    engines::conformance::assert_conforms_as_cluster(&engines::timely::INFO, 2);
}

#[test]
fn dataflow_conforms() {
    assert_conforms(&engines::dataflow::INFO);
}

/// An engine that gets sliding windows subtly wrong: it drops every other watermark, so
/// windows fire late (wrong cause) or merge their results with the next ones.
struct SkipsWatermarks {
    inner: EventDriven,
    n: u64,
}

impl Engine for SkipsWatermarks {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        self.inner.on_events(events)
    }
    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.n += 1;
        if self.n.is_multiple_of(2) {
            return Ok(());
        }
        self.inner.on_watermark(watermark, scheduled)
    }
    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        self.inner.finish(scheduled)
    }
    fn stats(&self) -> EngineStats {
        self.inner.stats()
    }
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        self.inner.snapshot()
    }
    fn restore(&mut self, s: &[u8]) -> Result<(), EngineError> {
        self.inner.restore(s)
    }
}

fn wrong(
    plan: &Plan,
    o: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(SkipsWatermarks {
        inner: EventDriven::new(plan, o, sink)?,
        n: 0,
    }))
}

#[test]
fn kit_catches_a_wrong_engine() {
    let info = EngineInfo {
        name: "skips-watermarks",
        description: "deliberately wrong",
        build: wrong,
        multi_process: false,
    };
    let failures = run_kit(&info);
    assert!(failures.len() > 10, "only {} failures", failures.len());
    assert!(failures
        .iter()
        .any(|(n, _)| n.starts_with("window/sliding")));
    // With no input there is nothing to get wrong.
    assert!(failures.iter().all(|(n, _)| !n.starts_with("empty")));
}

#[test]
fn cases_are_not_vacuous() {
    let cases = engines::conformance::cases();
    let mut silent = Vec::new();
    for c in &cases {
        let e = workloads::reference::evaluate(&c.plan, &c.stream);
        if !c.stream.events.is_empty() && e.outputs.is_empty() {
            silent.push(c.name.clone());
        }
        if c.name == "stateless" || c.name.starts_with("window/") {
            assert!(e.late_events > 0, "{} has no late events", c.name);
        }
    }
    assert!(
        silent.len() * 10 < cases.len(),
        "cases without any result: {silent:?}"
    );
}
