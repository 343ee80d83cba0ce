//! The kit for an engine that runs catalog workloads by name (an external engine): each
//! declared workload at a small rate, with several seeds, disorder and late events, 1 and 2
//! workers when the engine honours them, and a snapshot case when it declares snapshots.

use super::Case;
use crate::registry::EngineInfo;
use crate::NamedWorkload;
use workloads::catalog::{self, Params};
use workloads::NANOS_PER_MILLI;

/// Seeds each declared workload runs with.
pub const SEEDS: [u64; 3] = [1, 2, 3];

/// The cases of every catalog workload `engine` declares (none when it declares none).
pub fn catalog_cases(engine: &EngineInfo) -> Vec<Case> {
    let caps = &engine.capabilities;
    let mut cases = Vec::new();
    for name in caps.workloads.unwrap_or_default() {
        let Some(entry) = catalog::find(name) else {
            continue;
        };
        for seed in SEEDS {
            let params = Params {
                rate: 2_000.0,
                duration: 1.5,
                keys: 50,
                seed,
                max_delay: 5 * NANOS_PER_MILLI,
                late_fraction: 0.01,
                ..Params::default()
            };
            let w = entry.build(&params);
            let stream = w.source.generate();
            let named = Some(NamedWorkload::of(&w));
            let workers: &[usize] = match caps.honours_workers {
                true => &[1, 2],
                false => &[1],
            };
            for &n in workers {
                cases.push(Case {
                    name: format!("{name}/seed-{seed}/w{n}"),
                    plan: w.plan.clone(),
                    stream: stream.clone(),
                    workers: n,
                    snapshot_at: None,
                    workload: named.clone(),
                });
            }
            if caps.snapshots {
                cases.push(Case {
                    name: format!("snapshot/{name}/seed-{seed}"),
                    snapshot_at: Some(stream.events.len() / 2),
                    plan: w.plan,
                    stream,
                    workers: 1,
                    workload: named,
                });
            }
        }
    }
    cases
}
