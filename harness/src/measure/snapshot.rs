//! Snapshot size and the time to take and restore it, measured apart from the timed run.

use crate::ahead::PART_EVENTS;
use crate::prepare::Prepared;
use engines::conformance::feed;
use engines::{EngineInfo, EngineOptions, Sink};
use reports::SnapshotCost;
use std::sync::Arc;
use std::time::Instant;
use workloads::{Chunks, Output};

struct Discard;

impl Sink for Discard {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        outputs.clear();
    }
}

/// Snapshot size and the time to take and restore it, on the state at the end of input:
/// measured on a separate closed-loop replay, so it never touches the timed run. The error
/// says why it could not be measured (for example, the engine has no snapshots).
pub fn snapshot_cost(
    engine: &EngineInfo,
    prepared: &Prepared,
    workers: usize,
    processes: usize,
) -> Result<SnapshotCost, String> {
    if !engine.capabilities.snapshots {
        return Err(format!("skipped: {} declares no snapshots", engine.name));
    }
    if processes > 1 {
        // The replay builds the engine in one process: it would not measure the run's
        // deployment, and a second and third cluster's start-up (a Flink standalone
        // cluster's: 15-30 s) would not fit the run's time limit.
        return Err(format!(
            "skipped: measured in single-process runs only ({} ran as {processes} processes)",
            engine.name
        ));
    }
    let options = EngineOptions {
        workload: Some(engines::NamedWorkload::of(&prepared.workload)),
        ..EngineOptions::workers(workers)
    };
    let plan = &prepared.workload.plan;
    let mut a = engine
        .build(plan, &options, Arc::new(Discard))
        .map_err(|e| e.to_string())?;
    // The stream part by part, as generated: the replay holds one part at a time.
    for part in Chunks::new(&prepared.workload.source, PART_EVENTS) {
        feed(a.as_mut(), &part.stream).map_err(|e| e.to_string())?;
    }
    let t = Instant::now();
    let bytes = a.snapshot().map_err(|e| format!("skipped: {e}"))?;
    let take_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(a);
    let mut b = engine
        .build(plan, &options, Arc::new(Discard))
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    b.restore(&bytes)
        .map_err(|e| format!("restore failed: {e}"))?;
    let restore_ms = t.elapsed().as_secs_f64() * 1e3;
    Ok(SnapshotCost {
        bytes: bytes.len() as u64,
        take_ms,
        restore_ms,
    })
}
