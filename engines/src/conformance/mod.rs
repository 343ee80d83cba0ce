//! The conformance kit: proves an engine computes what the reference evaluator computes,
//! before its numbers mean anything.
//!
//! Every case is a plan, a stream, a worker count and optionally a snapshot point; running a
//! case feeds the stream to a fresh engine (snapshotting and restoring into another fresh
//! engine halfway when asked) and compares the results, their causes and the late count with
//! [`workloads::reference::evaluate`]. Run the whole kit on an engine with one line:
//!
//! ```no_run
//! engines::conformance::assert_conforms(&engines::event_driven::INFO);
//! ```

mod cases;
mod cluster;
mod compare;
mod extended;
mod random;

pub use cases::{cases, Case};
pub use cluster::{free_addresses, run_case_cluster};
pub use compare::{compare, feed, CollectSink, Comparison};
pub use random::{random_case, random_plan};

use crate::registry::EngineInfo;
use crate::{EngineError, EngineOptions};
use std::sync::Arc;
use workloads::reference::evaluate;

/// Runs one case; `Ok(())` when the engine matches the reference (or the case needs a
/// capability the engine declares unsupported, such as snapshots), else a description of the
/// first differences.
pub fn run_case(engine: &EngineInfo, case: &Case) -> Result<(), String> {
    let result = match run_case_inner(engine, case) {
        Ok(r) => r,
        Err(EngineError::Unsupported(_)) => return Ok(()),
        Err(e) => return Err(format!("engine error: {e}")),
    };
    if result.is_match() {
        return Ok(());
    }
    let show = |v: &[workloads::Output]| {
        v.iter()
            .take(3)
            .map(|o| format!("{:?}@{}", o.event, o.cause))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(format!(
        "{} unexpected [{}], {} missing [{}], {} with the wrong cause, late events reference {} vs engine {}",
        result.unexpected.len(),
        show(&result.unexpected),
        result.missing.len(),
        show(&result.missing),
        result.wrong_cause,
        result.late.0,
        result.late.1
    ))
}

fn run_case_inner(engine: &EngineInfo, case: &Case) -> Result<Comparison, EngineError> {
    let options = EngineOptions::workers(case.workers);
    let sink = Arc::new(CollectSink::default());
    let late = match case.snapshot_at {
        None => {
            let mut e = (engine.build)(&case.plan, &options, sink.clone())?;
            feed(e.as_mut(), &case.stream)?;
            e.finish(case.stream.end)?;
            e.stats().late_events
        }
        Some(at) => {
            let (first, rest) = case.stream.split_at(at);
            let mut a = (engine.build)(&case.plan, &options, sink.clone())?;
            feed(a.as_mut(), &first)?;
            let snapshot = a.snapshot()?;
            drop(a);
            let mut b = (engine.build)(&case.plan, &options, sink.clone())?;
            b.restore(&snapshot)?;
            feed(b.as_mut(), &rest)?;
            b.finish(rest.end)?;
            b.stats().late_events
        }
    };
    let expected = evaluate(&case.plan, &case.stream);
    Ok(compare(
        &expected.outputs,
        &sink.take(),
        (expected.late_events, late),
    ))
}

/// Whether the engine supports snapshots (the kit skips snapshot cases when it does not).
pub fn supports_snapshots(engine: &EngineInfo) -> bool {
    let sink = Arc::new(CollectSink::default());
    let plan = workloads::Plan::source();
    match (engine.build)(&plan, &EngineOptions::default(), sink) {
        Ok(mut e) => !matches!(e.snapshot(), Err(EngineError::Unsupported(_))),
        Err(_) => false,
    }
}

/// Runs every case of [`cases`] and returns the failures as `(case name, description)`.
pub fn run_kit(engine: &EngineInfo) -> Vec<(String, String)> {
    cases()
        .iter()
        .filter_map(|c| run_case(engine, c).err().map(|e| (c.name.clone(), e)))
        .collect()
}

/// Panics with every failing case unless the engine passes the whole kit.
pub fn assert_conforms(engine: &EngineInfo) {
    let failures = run_kit(engine);
    if !failures.is_empty() {
        let lines: Vec<String> = failures
            .iter()
            .map(|(n, e)| format!("  {n}: {e}"))
            .collect();
        panic!(
            "engine `{}` failed {} conformance case(s):\n{}",
            engine.name,
            failures.len(),
            lines.join("\n")
        );
    }
}

/// Panics unless the engine, run as `processes` cooperating processes over localhost TCP,
/// passes every case of the kit that takes no snapshot.
pub fn assert_conforms_as_cluster(engine: &EngineInfo, processes: usize) {
    let failures: Vec<String> = cases()
        .iter()
        .filter(|c| c.snapshot_at.is_none())
        .filter_map(|c| {
            run_case_cluster(engine, c, processes)
                .err()
                .map(|e| format!("  {}: {e}", c.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "engine `{}` as {processes} processes failed {} conformance case(s):\n{}",
        engine.name,
        failures.len(),
        failures.join("\n")
    );
}
