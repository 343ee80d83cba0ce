//! Everything about a workload that is the same for every engine: the generated stream, the
//! reference's answer, the number of distinct keys. Prepared once, shared by every run, and
//! only in the process that runs them ([`OnDemand`]): a run contained in a worker process
//! has its stream generated there, not here.

use crate::expected::Expected;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use workloads::catalog::Workload;
use workloads::reference::evaluate;
use workloads::{Stream, Time};

/// A workload ready to run.
pub struct Prepared {
    /// The workload.
    pub workload: Workload,
    /// Its events and watermarks.
    pub stream: Stream,
    /// The reference evaluator's results, indexed for matching.
    pub expected: Arc<Expected>,
    /// Distinct keys among the input events.
    pub distinct_keys: u64,
}

impl Prepared {
    /// Generates the stream and evaluates the reference.
    pub fn new(workload: Workload) -> Self {
        let stream = workload.source.generate();
        let expected = Arc::new(Expected::new(&evaluate(&workload.plan, &stream)));
        let distinct_keys = stream
            .events
            .iter()
            .map(|e| e.event.key)
            .collect::<HashSet<_>>()
            .len() as u64;
        Prepared {
            workload,
            stream,
            expected,
            distinct_keys,
        }
    }

    /// Events scheduled in `[from, to)`.
    pub fn scheduled_between(&self, from: Time, to: Time) -> u64 {
        let e = &self.stream.events;
        (e.partition_point(|i| i.scheduled < to) - e.partition_point(|i| i.scheduled < from)) as u64
    }
}

/// A workload whose stream and reference are prepared when a run in this process first asks
/// for them, then shared by the runs that follow on the same stream.
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
