//! One probe: its run's parameters, a refusal when its stream cannot fit, or the run.

use super::Search;
use crate::execute::{record, Executor, Planned, RunSpec};
use crate::fit;
use crate::suite::params;
use reports::{Outcome, Run, RunKey};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The shortest probe, seconds: throughput is measured at 10 ms resolution, so a shorter
/// probe's achieved rate could read several percent low and fail the 3 % test.
pub const MIN_PROBE_S: f64 = 0.25;

impl Search<'_> {
    /// One probe at `rate`: a run, a run refused because its stream would not fit in memory,
    /// or an interruption.
    /// A `saturating` probe offers the budget's events at `rate` however short that makes
    /// it (but lasts at most the budget's seconds), and is measured from its start.
    pub(super) fn probe(
        &self,
        executor: &mut dyn Executor,
        rate: f64,
        saturating: bool,
        stop: &Arc<AtomicBool>,
    ) -> Probed {
        let mut p = params(self.suite, rate, self.keys);
        let mut spec = crate::suite::spec(self.suite);
        if let (true, Some((seconds, events))) = (saturating, self.budget) {
            p.duration = (events / rate).min(seconds);
            spec = RunSpec {
                warmup_s: 0.0,
                interval: ((p.duration / 4.0 * workloads::NANOS_PER_SEC as f64) as u64).max(1),
                snapshot_cost: false,
                ..spec
            };
        } else if let Some((seconds, events)) = self.budget {
            p.duration = (events / rate).clamp(MIN_PROBE_S, seconds.max(MIN_PROBE_S));
            // A short probe: a quarter of it warms up, its time series has four intervals,
            // and the snapshot cost (measured by the plain runs) is not taken.
            spec = RunSpec {
                warmup_s: p.duration / 4.0,
                interval: (p.duration / 4.0 * workloads::NANOS_PER_SEC as f64) as u64,
                snapshot_cost: false,
                ..spec
            };
        }
        // The same probe of another engine (a burst) shares the stream and its reference.
        let stream = crate::prepare::kept(self.entry, &p);
        let workload = stream.workload();
        let fits = fit::check_source(workload, self.suite.payload, 1);
        let planned = Planned {
            key: RunKey {
                engine: self.engine.name.into(),
                workload: self.entry.name.into(),
                workers: self.workers,
                processes: 1,
                offered_rate: rate,
                keys: self.keys,
                repetition: 0,
                probe_of: Some(self.id()),
            },
            engine: self.engine,
            spec,
            duration_s: p.duration,
        };
        if let Err(reason) = fits {
            let reason = format!("refused before it started: {reason}");
            let outcome = Outcome::Failed {
                reason: reason.clone(),
            };
            return Probed::Refused(Box::new(record(&planned, workload, outcome)), reason);
        }
        if self.verbose {
            eprintln!(
                "probe: {} on {} at {rate:.0} events/s",
                self.engine.name, self.entry.name
            );
        }
        match executor.execute(&planned, &stream, stop) {
            Some(run) => Probed::Ran(run),
            None => Probed::Interrupted,
        }
    }
}

/// How a probe ended.
pub(super) enum Probed {
    /// It ran.
    Ran(Run),
    /// Its stream would not fit in memory: the run recording that, and why.
    Refused(Box<Run>, String),
    /// The user interrupted it.
    Interrupted,
}
