//! A run before it runs: its key, its engine and its settings; and the one constructor of
//! the run record every executor returns.

use super::Recovering;
use engines::EngineInfo;
use reports::{Outcome, Run, RunKey, RunParams};
use std::time::Duration;
use workloads::catalog::Workload;
use workloads::Time;

/// The settings of a run that are not part of its key.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RunSpec {
    /// Seconds excluded from latency.
    pub warmup_s: f64,
    /// Time-series interval.
    pub interval: Time,
    /// The run is abandoned as `timeout` after this long.
    pub timeout: Duration,
    /// Whether to measure snapshot size and time after the run.
    pub snapshot_cost: bool,
    /// Checkpoints, crashes and the sink's guarantee, when the suite asks for any.
    pub recovery: Option<Recovering>,
}

/// One run to execute.
#[derive(Clone)]
pub struct Planned {
    /// What identifies it (its `processes` is the executor's).
    pub key: RunKey,
    /// Its engine.
    pub engine: &'static EngineInfo,
    /// Its settings.
    pub spec: RunSpec,
    /// Seconds of input: the suite's, or a probe's own (with the key, what a worker process
    /// needs to generate the same stream).
    pub duration_s: f64,
}

/// The record of `run` on `workload`, ended with `outcome`.
pub fn record(run: &Planned, workload: &Workload, outcome: Outcome) -> Run {
    let src = &workload.source;
    Run {
        key: run.key.clone(),
        params: RunParams {
            plan: workload.plan.describe(),
            duration_s: src.events() as f64 / src.rate(),
            warmup_s: run.spec.warmup_s,
            seed: src.seed(),
            simulated: None,
        },
        outcome,
    }
}
