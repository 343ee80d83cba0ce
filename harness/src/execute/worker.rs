//! What a worker process is told and answers (one JSON line each way, on its stdin and
//! stdout), and what it keeps between runs: the suite it was given; its prepared streams are
//! kept for the runs that come back to them ([`crate::prepare::kept`]).

use super::{Executor, Local, Planned, RunSpec};
use crate::prepare::OnDemand;
use crate::suite::{params, Suite, SuiteSource};
use reports::{Outcome, RunKey};
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One run, described well enough for the worker to generate the same stream.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Job {
    /// The suite, as the parent read it.
    pub suite: SuiteSource,
    /// The run's key: engine, workload, rate, keys, workers.
    pub key: RunKey,
    /// Its settings.
    pub spec: RunSpec,
    /// Seconds of input.
    pub duration_s: f64,
}

/// From the worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    /// The stream is prepared and the run starts: its time limit starts now.
    Started,
    /// The run ended.
    Ended(Outcome),
}

/// What a worker keeps from one run to the next.
#[derive(Default)]
pub struct Worker {
    /// The last suite, by its source's text.
    suite: Option<(String, Suite)>,
}

/// A run whose stream is prepared.
pub struct Ready {
    run: Planned,
    workload: Arc<OnDemand>,
}

impl Worker {
    /// Prepares `job`'s stream (or takes a kept one when it is the same); the error is the
    /// failed run's reason.
    pub fn prepare(&mut self, job: &Job) -> Result<Ready, String> {
        let text = serde_json::to_string(&job.suite).map_err(|e| e.to_string())?;
        let suite = match &mut self.suite {
            Some((t, suite)) if *t == text => suite,
            // Parsing registers the suite's external engines: once per suite.
            slot => &slot.insert((text, job.suite.suite().map_err(|e| e.0)?)).1,
        };
        let key = &job.key;
        let engine = engines::registry::find(&key.engine)
            .ok_or_else(|| format!("unknown engine `{}`", key.engine))?;
        let entry = workloads::catalog::find(&key.workload)
            .ok_or_else(|| format!("unknown workload `{}`", key.workload))?;
        let mut p = params(suite, key.offered_rate, key.keys);
        p.duration = job.duration_s;
        let workload = crate::prepare::kept(entry, &p);
        workload.get();
        let run = Planned {
            key: key.clone(),
            engine,
            spec: job.spec.clone(),
            duration_s: job.duration_s,
        };
        Ok(Ready { run, workload })
    }
}

impl Ready {
    /// Runs it in this process.
    pub fn run(self) -> Outcome {
        // Only the parent stops a worker's run: by killing the worker.
        let never = Arc::new(AtomicBool::new(false));
        match Local.execute(&self.run, &self.workload, &never) {
            Some(run) => run.outcome,
            None => Outcome::Failed {
                reason: "the run was interrupted".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Job, Worker};
    use crate::execute::RunSpec;
    use crate::suite::{Overrides, SuiteSource, DEFAULT_SUITE};
    use reports::RunKey;
    use std::sync::Arc;
    use std::time::Duration;

    fn job(rate: f64) -> Job {
        Job {
            suite: SuiteSource {
                text: DEFAULT_SUITE.into(),
                origin: "embedded default suite".into(),
                overrides: Overrides::default(),
            },
            key: RunKey {
                engine: "event-driven".into(),
                workload: "stateless".into(),
                workers: 1,
                processes: 1,
                offered_rate: rate,
                keys: 100,
                repetition: 0,
                probe_of: None,
            },
            spec: RunSpec {
                warmup_s: 0.0,
                interval: 100_000_000,
                timeout: Duration::from_secs(10),
                snapshot_cost: false,
                recovery: None,
            },
            duration_s: 0.1,
        }
    }

    #[test]
    fn runs_of_one_stream_share_it_and_another_stream_is_another() {
        let mut w = Worker::default();
        let a = w.prepare(&job(1000.0)).unwrap();
        let b = w.prepare(&job(1000.0)).unwrap();
        assert!(Arc::ptr_eq(&a.workload, &b.workload));
        let c = w.prepare(&job(2000.0)).unwrap();
        assert!(!Arc::ptr_eq(&a.workload, &c.workload));
        assert_eq!(c.workload.get().scheduled_between(0, u64::MAX), 200);
        // The first is kept: a run that comes back to it shares it again.
        let d = w.prepare(&job(1000.0)).unwrap();
        assert!(Arc::ptr_eq(&a.workload, &d.workload));
        let mut unknown = job(1000.0);
        unknown.key.engine = "nope".into();
        assert_eq!(w.prepare(&unknown).err().unwrap(), "unknown engine `nope`");
    }

    #[test]
    fn a_prepared_run_runs() {
        let outcome = Worker::default().prepare(&job(1000.0)).unwrap().run();
        assert_eq!(outcome.as_str(), "ok", "{outcome:?}");
    }
}
