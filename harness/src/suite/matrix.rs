//! A suite's runs: every combination of workload × rate × keys × workers × engine ×
//! repetition, in the order they run, with the workload parameters and run settings each
//! one gets.

use super::Suite;
use crate::execute::RunSpec;
use engines::EngineInfo;
use std::time::Duration;
use workloads::catalog::{self, Entry, Params};
use workloads::NANOS_PER_SEC;

/// One combination of the suite's matrix.
#[derive(Clone, Copy)]
pub struct Combination {
    /// The workload.
    pub workload: &'static Entry,
    /// Offered rate, events/s.
    pub rate: f64,
    /// Distinct keys.
    pub keys: u64,
    /// Worker threads.
    pub workers: usize,
    /// The engine.
    pub engine: &'static EngineInfo,
    /// Repetition index.
    pub repetition: u32,
}

/// The suite's runs, grouped so that runs sharing a workload, rate and keys (and so one
/// generated stream) come one after another. An engine that does not honour `workers`
/// (its declaration says so) runs once per workload, rate and keys, with 1 worker, and is
/// labelled w1: running it "with 4 workers" would only repeat the same one-thread run.
pub fn matrix(suite: &Suite) -> Vec<Combination> {
    let mut runs = Vec::new();
    for name in &suite.workloads {
        let workload = catalog::find(name).expect("validated by Suite::parse");
        for &rate in &suite.rates {
            for &keys in &suite.keys {
                for (w, &workers) in suite.workers.iter().enumerate() {
                    for engine_name in &suite.engines {
                        let engine = engines::registry::find(engine_name)
                            .expect("validated by Suite::parse");
                        let workers = match engine.capabilities.honours_workers {
                            true => workers,
                            false if w == 0 => 1,
                            false => continue,
                        };
                        for repetition in 0..suite.repetitions {
                            runs.push(Combination {
                                workload,
                                rate,
                                keys,
                                workers,
                                engine,
                                repetition,
                            });
                        }
                    }
                }
            }
        }
    }
    runs
}

/// The workload parameters of one combination.
pub fn params(suite: &Suite, rate: f64, keys: u64) -> Params {
    Params {
        rate,
        duration: suite.duration_s,
        keys,
        distribution: suite.distribution,
        seed: suite.seed,
        max_delay: suite.max_delay,
        late_fraction: suite.late_fraction,
        shape: suite.shape.clone(),
        arrivals: suite.arrivals,
        payload: suite.payload,
        nexmark: suite.nexmark.clone(),
        window: suite
            .windows
            .map(|n| Params::window_for(n, suite.duration_s)),
    }
}

/// A run's settings from the suite.
pub fn spec(suite: &Suite) -> RunSpec {
    RunSpec {
        warmup_s: suite.warmup_s,
        interval: (suite.interval_s * NANOS_PER_SEC as f64) as u64,
        timeout: Duration::from_secs_f64(suite.timeout_s),
        snapshot_cost: suite.snapshot_cost,
        // Set by `run` for its runs (never for capacity probes), once the folder is known.
        recovery: None,
    }
}
