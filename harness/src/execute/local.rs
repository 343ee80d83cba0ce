//! The in-process executor: builds the engine on its own thread, drives the stream through
//! it, measures and checks. A failing, panicking or hanging engine yields a `failed` or
//! `timeout` run, never a crash of the suite.

use super::{record, Executor, Planned};
use crate::ahead::Ahead;
use crate::clock::Clock;
use crate::driver::{drive, DriveError};
use crate::injection::InjectionLog;
use crate::measure::{close, figures, snapshot_cost, Record, Start};
use crate::prepare::{OnDemand, Prepared};
use crate::recovery::{Faults, RecoveryError};
use crate::sink::{LaterSink, MeasuringSink};
use engines::EngineOptions;
use reports::{Outcome, Run, SnapshotCost};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use workloads::{Time, NANOS_PER_SEC};

/// Runs each run in this process.
#[derive(Clone, Copy, Debug, Default)]
pub struct Local;

/// How the run's thread ended.
enum Ended {
    /// The engine is built: the time limit counts from here (an external engine's start-up
    /// has its own limit, the connect timeout).
    Built,
    Done(Box<Record>, Option<Result<SnapshotCost, String>>),
    Failed(String),
}

impl Executor for Local {
    fn processes(&self) -> usize {
        1
    }

    fn execute(
        &mut self,
        run: &Planned,
        workload: &OnDemand,
        stop: &Arc<AtomicBool>,
    ) -> Option<Run> {
        let prepared = workload.get();
        let outcome = execute(run, &prepared, stop)?;
        Some(record(run, &prepared.workload, outcome))
    }
}

fn execute(run: &Planned, prepared: &Arc<Prepared>, stop: &Arc<AtomicBool>) -> Option<Outcome> {
    let _in_run = crate::quiet::InRun::enter();
    let failed = |reason: String| Some(Outcome::Failed { reason });
    let (engine, spec, workers) = (run.engine, run.spec.clone(), run.key.workers);
    let processes = run.key.processes;
    let warmup = (spec.warmup_s * NANOS_PER_SEC as f64) as Time;
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    // This thread's CPU from here is the harness's (it only waits for the run).
    let start = Start::now();
    {
        let (prepared, cancel, built) = (prepared.clone(), cancel.clone(), tx.clone());
        let interval = spec.interval;
        let snapshot = spec.snapshot_cost;
        let plan = spec.recovery.as_ref().map(|r| r.plan(&run.key));
        let thread = std::thread::Builder::new()
            .name(format!("run-{}", engine.name))
            .spawn(move || {
                let driven = catch_unwind(AssertUnwindSafe(|| {
                    let mut options = EngineOptions {
                        workload: Some(engines::NamedWorkload::of(&prepared.workload)),
                        ..EngineOptions::workers(workers)
                    };
                    if processes > 1 {
                        // An engine with its own cluster (the only kind run here so).
                        options
                            .settings
                            .insert("processes".into(), processes.to_string());
                    }
                    // It checkpoints and recovers by itself: told when and where.
                    let own = plan.as_ref().filter(|p| {
                        processes > 1
                            && engine.capabilities.own_recovery
                            && p.checkpoint_interval > 0
                    });
                    if let Some(p) = own {
                        let ms = p.checkpoint_interval / 1_000_000;
                        let s = &mut options.settings;
                        s.insert("checkpoint_interval_ms".into(), ms.max(1).to_string());
                        s.insert("checkpoint_dir".into(), p.dir.display().to_string());
                    }
                    let own = own.is_some();
                    // Built before the clock starts: an engine's start-up (an external
                    // engine's process and cluster) is not charged to the schedule, and a
                    // planned crash hits a running engine, not one still starting. Only the
                    // engines a recovery builds after a crash start on the clock.
                    let plan_of = &prepared.workload.plan;
                    let later = Arc::new(LaterSink::default());
                    let first = engine.build(plan_of, &options, later.clone())?;
                    let _ = built.send(Ended::Built);
                    let clock = Clock::start();
                    let log = Arc::new(InjectionLog::default());
                    let measuring = Arc::new(MeasuringSink::new(
                        clock,
                        warmup,
                        interval,
                        log.clone(),
                        &prepared.expected,
                        engine.capabilities.causes,
                    ));
                    // The process's CPU from here is the run's.
                    let from = Start::now();
                    let faults = match plan {
                        None => {
                            later.set(measuring.clone());
                            None
                        }
                        Some(plan) => {
                            let build = Box::new(|s| engine.build(plan_of, &options, s));
                            let snapshots = engine.capabilities.snapshots;
                            let mut f = Faults::new(plan, snapshots, measuring.clone(), build)
                                .map_err(RecoveryError::from)?;
                            if own {
                                f = f.engine_recovers();
                            }
                            // Through the gate a crash closes.
                            later.set(f.adopt());
                            Some(f)
                        }
                    };
                    let mut e = first;
                    let mut ahead = Ahead::new(&prepared.workload.source);
                    let mut record = drive(
                        &mut e, None, &mut ahead, &clock, &log, interval, &cancel, faults,
                    )?;
                    record.late = e.stats().late_events;
                    drop(e);
                    Ok::<_, DriveError>((record, measuring, from))
                }));
                let closed = driven.map(|d| d.map(|(r, sink, from)| close(r, &sink, from)));
                let ended = match closed {
                    Ok(Ok(Ok(record))) => {
                        // After the measurement closed: the replay's cost is not the run's.
                        let snap =
                            snapshot.then(|| snapshot_cost(engine, &prepared, workers, processes));
                        Ended::Done(Box::new(record), snap)
                    }
                    Ok(Ok(Err(e))) => Ended::Failed(e.to_string()),
                    Ok(Err(DriveError::Interrupted)) => return,
                    Ok(Err(DriveError::Engine(e))) => Ended::Failed(e.to_string()),
                    Ok(Err(DriveError::Recovery(e))) => Ended::Failed(e.to_string()),
                    Err(p) => {
                        Ended::Failed(format!("engine panicked: {}", engines::panic_message(&*p)))
                    }
                };
                let _ = tx.send(ended);
            });
        if let Err(e) = thread {
            return failed(format!("cannot start the run's thread: {e}"));
        }
    }
    let mut started = Instant::now();
    let ended = loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ended::Built) => started = Instant::now(),
            Ok(o) => break o,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::Relaxed) {
                    cancel.store(true, Ordering::Relaxed);
                    return None;
                }
                if started.elapsed() > spec.timeout {
                    // The engine's thread cannot be killed; it is told to stop and left behind.
                    cancel.store(true, Ordering::Relaxed);
                    let reason = format!(
                        "no result after {:.0} s (time limit)",
                        spec.timeout.as_secs_f64()
                    );
                    return Some(Outcome::Timeout { reason });
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                break Ended::Failed("the run's thread ended without a result".into());
            }
        }
    };
    match ended {
        Ended::Done(mut record, snapshot) => {
            start.charge_harness(&mut record);
            let recovery = spec
                .recovery
                .as_ref()
                .map(|r| (r, engine.name, engine.capabilities.snapshots));
            let figures = figures(*record, prepared, spec.interval, snapshot, None, recovery);
            Some(Outcome::Ok {
                figures: Box::new(figures),
            })
        }
        Ended::Failed(reason) => failed(reason),
        Ended::Built => failed("the run ended without a result".into()),
    }
}
