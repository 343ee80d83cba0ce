//! Everything about a workload that is the same for every engine: the generated stream, the
//! reference's answer, the number of distinct keys. Prepared once, shared by every run.

use crate::expected::Expected;
use std::collections::HashSet;
use std::sync::Arc;
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
