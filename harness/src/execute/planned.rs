//! A run before it runs: its key, its engine and its settings; and the one constructor of
//! the run record every executor returns.

use engines::EngineInfo;
use reports::{Outcome, Run, RunKey, RunParams};
use std::time::Duration;
use workloads::catalog::Workload;
use workloads::Time;

/// The settings of a run that are not part of its key.
#[derive(Clone, Debug)]
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

/// A run's fault-tolerance settings.
#[derive(Clone, Debug)]
pub struct Recovering {
    /// The suite's keys.
    pub faults: crate::suite::SuiteFaults,
    /// The folder under which each run's checkpoints get a folder of their own.
    pub dir: std::path::PathBuf,
    /// The latency objective recovery is judged by, ms.
    pub slo_ms: f64,
}

impl Recovering {
    /// The plan of one run: its own checkpoint folder, times on the run's clock.
    pub fn plan(&self, key: &RunKey) -> crate::recovery::FaultPlan {
        let ns = |s: f64| (s * workloads::NANOS_PER_SEC as f64) as Time;
        let folder: String = key
            .id()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        crate::recovery::FaultPlan {
            checkpoint_interval: ns(self.faults.checkpoint_interval_ms / 1e3),
            crash_at: self.faults.crash_at_s.iter().map(|&s| ns(s)).collect(),
            dir: self.dir.join(folder),
            guarantee: self.faults.sink,
        }
    }
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
        },
        outcome,
    }
}
