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
//!
//! The kit reads the engine's declared [`crate::Capabilities`] and holds the engine to
//! exactly them: a case whose plan uses an undeclared operator, or that snapshots an engine
//! declaring no snapshots, is skipped (and listed as such); every other case must pass, so
//! refusing a declared case ([`EngineError::Unsupported`], [`EngineError::Plan`]) fails. An
//! engine declaring no snapshots must refuse `snapshot` and `restore` with
//! [`EngineError::Unsupported`]. An engine that runs no case at all does not conform.

mod cases;
mod catalog;
mod cluster;
mod compare;
mod extended;
mod random;
mod report;

pub use cases::{cases, Case};
pub use catalog::catalog_cases;
pub use cluster::{free_addresses, run_case_cluster};
pub use compare::{compare, compare_events, feed, CollectSink, Comparison};
pub use random::{random_case, random_plan};
pub use report::{KitReport, Verdict};

use crate::registry::EngineInfo;
use crate::{EngineError, EngineOptions};
use std::sync::Arc;
use workloads::reference::evaluate;
use workloads::Plan;

/// Name of the kit's check that an engine declaring no snapshots refuses them.
pub const NO_SNAPSHOTS_CASE: &str = "declaration/no-snapshots";

/// Why the engine's declaration excludes `case`, if it does.
pub fn skip_reason(engine: &EngineInfo, case: &Case) -> Option<String> {
    match (&case.workload, engine.capabilities.workloads) {
        (None, Some(_)) => {
            return Some("not a catalog workload; the engine runs them by name".into())
        }
        (Some(w), _) => {
            if let Err(why) = engine.capabilities.supports_workload(&w.name, &case.plan) {
                return Some(why);
            }
        }
        (None, None) => {}
    }
    if let Err(e) = engine.capabilities.supports(&case.plan) {
        return Some(e.to_string());
    }
    if case.snapshot_at.is_some() && !engine.capabilities.snapshots {
        return Some("takes a snapshot; the engine declares no snapshots".into());
    }
    None
}

/// Runs one case: skipped when the declaration excludes it, passed when the engine matches
/// the reference, else failed with the first differences or the engine's error.
pub fn run_case(engine: &EngineInfo, case: &Case) -> Verdict {
    if let Some(why) = skip_reason(engine, case) {
        return Verdict::Skipped(why);
    }
    let result = match run_case_inner(engine, case) {
        Ok(r) => r,
        Err(e @ (EngineError::Unsupported(_) | EngineError::Plan(_))) => {
            return Verdict::Failed(format!("refused a case its declaration covers: {e}"))
        }
        Err(e) => return Verdict::Failed(format!("engine error: {e}")),
    };
    if result.is_match() {
        return Verdict::Passed;
    }
    let show = |v: &[workloads::Output]| {
        v.iter()
            .take(3)
            .map(|o| format!("{:?}@{} latest {}", o.event, o.cause, o.latest))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Verdict::Failed(format!(
        "{} unexpected [{}], {} missing [{}], {} with the wrong cause or latest time, late events reference {} vs engine {}",
        result.unexpected.len(),
        show(&result.unexpected),
        result.missing.len(),
        show(&result.missing),
        result.wrong_attribution,
        result.late.0,
        result.late.1
    ))
}

fn run_case_inner(engine: &EngineInfo, case: &Case) -> Result<Comparison, EngineError> {
    let options = EngineOptions {
        workload: case.workload.clone(),
        ..EngineOptions::workers(case.workers)
    };
    let sink = Arc::new(CollectSink::default());
    let late = match case.snapshot_at {
        None => {
            let mut e = engine.build(&case.plan, &options, sink.clone())?;
            feed(e.as_mut(), &case.stream)?;
            e.finish(case.stream.end)?;
            e.stats().late_events
        }
        Some(at) => {
            let (first, rest) = case.stream.split_at(at);
            let mut a = engine.build(&case.plan, &options, sink.clone())?;
            feed(a.as_mut(), &first)?;
            let snapshot = a.snapshot()?;
            drop(a);
            let mut b = engine.build(&case.plan, &options, sink.clone())?;
            b.restore(&snapshot)?;
            feed(b.as_mut(), &rest)?;
            b.finish(rest.end)?;
            b.stats().late_events
        }
    };
    let expected = evaluate(&case.plan, &case.stream);
    let late = (expected.late_events, late);
    Ok(match engine.capabilities.causes {
        true => compare(&expected.outputs, &sink.take(), late),
        false => compare_events(&expected.outputs, &sink.take(), late),
    })
}

/// The kit's [`NO_SNAPSHOTS_CASE`]: an engine declaring no snapshots must say so when asked
/// for one: `snapshot` and `restore` fail with [`EngineError::Unsupported`] (a harness then records why the run has
/// no snapshot figures instead of an error).
pub fn check_no_snapshots(engine: &EngineInfo) -> Verdict {
    let sink = Arc::new(CollectSink::default());
    // An engine running catalog workloads by name is asked on its first one.
    let first = catalog_cases(engine).into_iter().next();
    let (plan, workload) = first.map_or((Plan::source(), None), |c| (c.plan, c.workload));
    let options = EngineOptions {
        workload,
        ..EngineOptions::default()
    };
    let mut e = match engine.build(&plan, &options, sink) {
        Ok(e) => e,
        Err(e) => {
            return Verdict::Failed(format!("cannot build for plan `{}`: {e}", plan.describe()))
        }
    };
    let refused = |what: &str, r: Result<(), EngineError>| match r {
        Err(EngineError::Unsupported(_)) => None,
        Ok(()) => Some(format!(
            "{what} succeeded, but the engine declares no snapshots"
        )),
        Err(other) => Some(format!(
            "{what} must fail as unsupported, not with: {other}"
        )),
    };
    let why =
        refused("snapshot", e.snapshot().map(drop)).or_else(|| refused("restore", e.restore(&[])));
    // Leave the engine as the harness would: finished.
    let _ = e.finish(0);
    why.map_or(Verdict::Passed, Verdict::Failed)
}

/// Runs the whole kit ([`cases`], or for an engine running catalog workloads by name
/// [`catalog_cases`]; and [`NO_SNAPSHOTS_CASE`] for an engine declaring no snapshots) and
/// reports every case's verdict.
pub fn run_kit(engine: &EngineInfo) -> KitReport {
    let mut report = KitReport::new(engine.name);
    if !engine.capabilities.snapshots {
        report.record(NO_SNAPSHOTS_CASE, check_no_snapshots(engine));
    }
    let all = match engine.capabilities.workloads {
        Some(_) => catalog_cases(engine),
        None => cases(),
    };
    for case in all {
        report.record(&case.name, run_case(engine, &case));
    }
    report
}

/// Panics with every failing case unless the engine passes the whole kit (see
/// [`KitReport::check`]).
pub fn assert_conforms(engine: &EngineInfo) {
    if let Err(e) = run_kit(engine).check() {
        panic!("{e}");
    }
}

/// Runs the kit with the engine as `processes` cooperating processes over localhost TCP:
/// every case its declaration covers that takes no snapshot (for an engine running catalog
/// workloads by name, [`catalog_cases`]). An engine not declaring
/// `multi_process` fails it.
pub fn run_kit_as_cluster(engine: &EngineInfo, processes: usize) -> KitReport {
    let mut report = KitReport::new(&format!("{} ({processes}p)", engine.name));
    if !engine.capabilities.multi_process {
        let why = "the engine does not declare multi_process".to_string();
        report.record("declaration/multi-process", Verdict::Failed(why));
        return report;
    }
    let all = match engine.capabilities.workloads {
        Some(_) => catalog_cases(engine),
        None => cases(),
    };
    for case in all.iter().filter(|c| c.snapshot_at.is_none()) {
        let verdict = match skip_reason(engine, case) {
            Some(why) => Verdict::Skipped(why),
            None => match run_case_cluster(engine, case, processes) {
                Ok(()) => Verdict::Passed,
                Err(e) => Verdict::Failed(e),
            },
        };
        report.record(&case.name, verdict);
    }
    report
}

/// Panics unless the engine, run as `processes` cooperating processes over localhost TCP,
/// passes every case of [`run_kit_as_cluster`].
pub fn assert_conforms_as_cluster(engine: &EngineInfo, processes: usize) {
    if let Err(e) = run_kit_as_cluster(engine, processes).check() {
        panic!("{e}");
    }
}
