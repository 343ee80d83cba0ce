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
use std::sync::{Arc, Mutex, OnceLock};
use workloads::catalog::{Entry, Params, Workload};
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

/// The most reference results the kept streams hold together (about 100 bytes each with
/// their index); the stream asked for last is kept whatever its size.
pub const KEPT_RESULTS: usize = 2_000_000;

/// The most streams kept (prepared or not: a stream run in a worker process is prepared
/// there, and only described here).
pub const KEPT_STREAMS: usize = 16;

/// Prepared streams kept for the runs that come back to them, most recent first: a capacity
/// search's first probe is the same burst for every engine on a workload, and repeated runs
/// share their stream. A stream is named by everything that makes it (workload and
/// parameters), so a kept one is the same stream, never a near one.
static KEPT: Mutex<Vec<(String, Arc<OnDemand>)>> = Mutex::new(Vec::new());

/// `entry`'s stream with `params`: a kept one, or a new one, kept from now on in place of
/// the oldest ones beyond [`KEPT_RESULTS`] or [`KEPT_STREAMS`].
pub fn kept(entry: &Entry, params: &Params) -> Arc<OnDemand> {
    let key = format!("{}/{params:?}", entry.name);
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    let stream = match kept.iter().position(|(k, _)| *k == key) {
        Some(i) => kept.remove(i).1,
        None => Arc::new(OnDemand::new(entry.build(params))),
    };
    kept.insert(0, (key, stream.clone()));
    // The one asked for (first) stays even when it alone is over: it is about to run.
    let (mut results, mut first) = (0, true);
    kept.retain(|(_, s)| {
        results += s.prepared.get().map_or(0, |p| p.expected.len());
        std::mem::take(&mut first) || results <= KEPT_RESULTS
    });
    kept.truncate(KEPT_STREAMS);
    stream
}
