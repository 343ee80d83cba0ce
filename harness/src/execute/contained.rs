//! The contained executor: each run of an in-process engine runs in a worker process
//! (`streambench worker`), which runs the runs it is sent one after another and keeps the
//! last prepared stream for the next. A run that passes its time limit is ended by killing
//! the worker, with everything it started: its threads, its memory and any core it spins
//! on go with it. A worker whose run did not end `ok` is not trusted with another run (its
//! engine may have left threads behind): the next run gets a fresh one.

use super::child::Child;
use super::worker::{Job, Reply};
use super::{record, Executor, Planned};
use crate::prepare::OnDemand;
use crate::suite::SuiteSource;
use reports::{Outcome, Run};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often waiting for a worker looks at the stop flag.
const TICK: Duration = Duration::from_millis(50);

/// Runs each run in a worker process it can kill.
pub struct Contained {
    suite: SuiteSource,
    quiet: bool,
    worker: Option<Child>,
}

impl Contained {
    /// Runs of `suite`; `quiet` keeps the workers' stderr (an engine's panic report) off
    /// ours, though a run's reason still quotes it.
    pub fn new(suite: SuiteSource, quiet: bool) -> Self {
        Contained {
            suite,
            quiet,
            worker: None,
        }
    }
}

impl Executor for Contained {
    fn processes(&self) -> usize {
        1
    }

    fn execute(
        &mut self,
        run: &Planned,
        workload: &OnDemand,
        stop: &Arc<AtomicBool>,
    ) -> Option<Run> {
        let outcome = self.contain(run, stop)?;
        Some(record(run, workload.workload(), outcome))
    }
}

impl Contained {
    /// Runs `run` in the worker (started if there is none) and waits for its outcome.
    fn contain(&mut self, run: &Planned, stop: &AtomicBool) -> Option<Outcome> {
        let failed = |reason: String| Some(Outcome::Failed { reason });
        let job = Job {
            suite: self.suite.clone(),
            key: run.key.clone(),
            spec: run.spec.clone(),
            duration_s: run.duration_s,
        };
        let line = match serde_json::to_string(&job) {
            Ok(l) => l,
            Err(e) => return failed(format!("cannot describe the run to a worker: {e}")),
        };
        let kept = match self.worker.take() {
            Some(mut w) => match w.send(&line) {
                Ok(()) => Some(w),
                // It died waiting for this run (killed from outside): a fresh one takes it.
                Err(_) => {
                    w.kill();
                    None
                }
            },
            None => None,
        };
        let mut worker = match kept {
            Some(w) => w,
            None => {
                let mut w = match Child::spawn(!self.quiet) {
                    Ok(w) => w,
                    Err(e) => return failed(format!("cannot start a worker process: {e}")),
                };
                if w.send(&line).is_err() {
                    return failed(died(w));
                }
                w
            }
        };
        // The limit runs from the start of the run, after its stream is prepared (as it did
        // in one process).
        let mut deadline: Option<Instant> = None;
        loop {
            if stop.load(Ordering::Relaxed) {
                // An unfinished run is not a result.
                worker.kill();
                return None;
            }
            let wait = deadline.map_or(TICK, |d| {
                d.saturating_duration_since(Instant::now()).min(TICK)
            });
            match worker.recv(wait) {
                Ok(Some(line)) => match serde_json::from_str::<Reply>(&line) {
                    Ok(Reply::Started) => deadline = Some(Instant::now() + run.spec.timeout),
                    Ok(Reply::Ended(outcome)) => {
                        return Some(match outcome {
                            Outcome::Ok { .. } => {
                                self.worker = Some(worker);
                                outcome
                            }
                            // The worker saw its own limit pass first; its engine's thread is
                            // still there until the worker goes, so it goes now.
                            Outcome::Timeout { reason } => {
                                drop(worker.kill());
                                Outcome::Timeout {
                                    reason: format!("{reason}; its worker process was killed"),
                                }
                            }
                            other => {
                                drop(worker.kill());
                                other
                            }
                        });
                    }
                    Err(e) => {
                        worker.kill();
                        return failed(format!("the worker process sent a bad message: {e}"));
                    }
                },
                Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => {
                    worker.kill();
                    let reason = format!(
                        "no result after {:.0} s (time limit); its worker process was killed",
                        run.spec.timeout.as_secs_f64()
                    );
                    return Some(Outcome::Timeout { reason });
                }
                Ok(None) => {}
                Err(_) => return failed(died(worker)),
            }
        }
    }
}

/// Why a worker that closed its output (it died) or could not be written to failed its
/// run: how it ended and its last words. It is killed first, with its process group.
fn died(worker: Child) -> String {
    let (status, words) = worker.kill();
    let how = status.map_or("was lost".into(), |s| format!("died ({s})"));
    match words {
        Some(w) => format!("the worker process running the engine {how}: {w}"),
        None => format!("the worker process running the engine {how}"),
    }
}

impl Drop for Contained {
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            w.end();
        }
    }
}
