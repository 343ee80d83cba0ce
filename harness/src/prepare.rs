//! Everything about a workload that is the same for every engine: the reference's answer,
//! the number of distinct keys, the offered schedule. Prepared once, shared by every run,
//! and only in the process that runs them ([`OnDemand`]): a run contained in a worker
//! process has it prepared there, not here.
//!
//! The stream itself is not kept: it is generated part by part through the reference here,
//! and again, part by part, as each run injects it ([`crate::ahead`]). What stays is the
//! reference's results (at most one per event for most plans, far fewer for windows).

use crate::ahead::PART_EVENTS;
use crate::expected::Expected;
use rustc_hash::FxHashSet;
use std::sync::{Arc, OnceLock};
use workloads::catalog::Workload;
use workloads::reference::{Evaluation, Evaluator};
use workloads::{Chunks, Time, NANOS_PER_MILLI};

/// A workload ready to run.
pub struct Prepared {
    /// The workload.
    pub workload: Workload,
    /// The reference evaluator's results, indexed for matching.
    pub expected: Arc<Expected>,
    /// Distinct keys among the input events.
    pub distinct_keys: u64,
    /// Events scheduled before each whole millisecond: `before_ms[k]` before `k` ms.
    before_ms: Vec<u64>,
}

impl Prepared {
    /// Generates the stream part by part through the reference evaluator.
    pub fn new(workload: Workload) -> Self {
        let mut reference = Evaluator::new(&workload.plan);
        let mut outputs = Vec::new();
        let mut keys = FxHashSet::default();
        let mut per_ms: Vec<u64> = Vec::new();
        let mut end = 0;
        for part in Chunks::new(&workload.source, 16 * PART_EVENTS) {
            for input in &part.stream.events {
                keys.insert(input.event.key);
                let ms = (input.scheduled / NANOS_PER_MILLI) as usize;
                if per_ms.len() <= ms {
                    per_ms.resize(ms + 1, 0);
                }
                per_ms[ms] += 1;
            }
            outputs.extend(reference.push(part.stream.steps()));
            end = part.stream.end;
        }
        outputs.extend(reference.finish(end));
        let before_ms = std::iter::once(0)
            .chain(per_ms.iter().scan(0, |sum, n| {
                *sum += n;
                Some(*sum)
            }))
            .collect();
        let expected = Arc::new(Expected::new(Evaluation {
            outputs,
            late_events: reference.late_events(),
        }));
        Prepared {
            expected,
            distinct_keys: keys.len() as u64,
            before_ms,
            workload,
        }
    }

    /// Events scheduled in `[from, to)`, to the millisecond: exact for whole milliseconds.
    pub fn scheduled_between(&self, from: Time, to: Time) -> u64 {
        let before = |t: Time| {
            let ms = (t / NANOS_PER_MILLI) as usize;
            self.before_ms
                .get(ms)
                .or(self.before_ms.last())
                .copied()
                .unwrap_or(0)
        };
        before(to) - before(from).min(before(to))
    }
}

/// A workload whose reference is prepared when a run in this process first asks for it,
/// then shared by the runs that follow on the same stream.
pub struct OnDemand {
    workload: Workload,
    prepared: OnceLock<Arc<Prepared>>,
}

impl OnDemand {
    /// Nothing generated yet.
    pub fn new(workload: Workload) -> Self {
        OnDemand {
            workload,
            prepared: OnceLock::new(),
        }
    }

    /// The workload (cheap: its description, not its stream).
    pub fn workload(&self) -> &Workload {
        &self.workload
    }

    /// The prepared workload, generated on the first call.
    pub fn get(&self) -> Arc<Prepared> {
        self.prepared
            .get_or_init(|| Arc::new(Prepared::new(self.workload.clone())))
            .clone()
    }
}
