//! The simulated executor: a run of the cluster model from a cost profile, recorded as one
//! more run — same key, parameters and outcome as a measured run, marked `simulated` with
//! the profile it used — so reports, exports and `compare` read it like any other.

use crate::error::bad;
use reports::{Outcome, Run, RunKey, RunParams, Simulated};
use simulator::{CostProfile, SimConfig, Stages};
use std::path::Path;
use workloads::catalog::{self, Params};
use workloads::{KeyDistribution, Plan};

/// A key distribution as `--distribution` spells it (`uniform`, `zipf:1.1`).
pub fn distribution_name(d: KeyDistribution) -> String {
    match d {
        KeyDistribution::Uniform => "uniform".into(),
        KeyDistribution::Zipf { exponent } => format!("zipf:{exponent}"),
        other => other.describe(),
    }
}

/// A profile with the plan and stages it describes, checked to fit each other.
pub struct Model {
    /// The profile.
    pub profile: CostProfile,
    /// Where it was read from.
    pub path: String,
    /// The workload's plan, built as calibration built it.
    pub plan: Plan,
    /// The plan's stages, costed.
    pub stages: Stages,
}

impl Model {
    /// Loads `path` and rebuilds its workload's plan; any mismatch is bad input.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let profile = CostProfile::load(path).map_err(|e| bad(e.to_string()))?;
        Self::of(profile, path.display().to_string())
    }

    /// The model of a profile in hand (`name` says where it is kept); any mismatch with its
    /// workload's plan is bad input.
    pub fn of(profile: CostProfile, name: String) -> anyhow::Result<Self> {
        let entry = catalog::find(&profile.workload).ok_or_else(|| {
            bad(format!(
                "profile {name}: unknown workload `{}`",
                profile.workload
            ))
        })?;
        let params = Params {
            window: profile.window_ns,
            ..Params::default()
        };
        let plan = entry.build(&params).plan;
        profile
            .check_plan(&plan.describe(), &name)
            .map_err(|e| bad(e.to_string()))?;
        let stages = Stages::new(&plan, &profile, &name).map_err(|e| bad(e.to_string()))?;
        Ok(Model {
            profile,
            path: name,
            plan,
            stages,
        })
    }

    /// Simulates `config` and records it as a run: `ok` with figures, or `timeout` when the
    /// modelled backlog never drained.
    pub fn run(&self, config: &SimConfig, rate: f64) -> anyhow::Result<Run> {
        let result = simulator::simulate(config, &self.stages, &self.profile)
            .map_err(|e| bad(e.to_string()))?;
        let outcome = match &result.unfinished {
            Some(reason) => Outcome::Timeout {
                reason: reason.clone(),
            },
            None => Outcome::Ok {
                figures: Box::new(result.figures(config.keys)),
            },
        };
        Ok(Run {
            key: RunKey {
                engine: self.profile.engine.clone(),
                workload: self.profile.workload.clone(),
                workers: config.slots,
                processes: config.nodes,
                offered_rate: rate,
                keys: config.keys,
                repetition: 0,
                probe_of: None,
            },
            params: RunParams {
                plan: self.plan.describe(),
                duration_s: config.duration_s,
                warmup_s: config.warmup_s,
                seed: config.seed,
                simulated: Some(Box::new(Simulated {
                    profile: self.path.clone(),
                    profile_machine: self.profile.machine.clone(),
                    profile_date: self.profile.date.clone(),
                    nodes: config.nodes,
                    slots: config.slots,
                    partitioning: config.partitioning.name().into(),
                    distribution: distribution_name(config.distribution),
                    replication: config.replication,
                    latency_ms: config.latency_s * 1e3,
                    bandwidth_mbps: config.bandwidth_bytes_per_s * 8.0 / 1e6,
                    batch_ms: config.batch_s * 1e3,
                })),
            },
            outcome,
        })
    }
}
