//! One run: build the engine on its own thread, drive the stream through it, measure, check,
//! and describe it as a [`reports::Run`]. A failing, panicking or hanging engine yields a
//! `failed` or `timeout` run, never a crash of the suite.

use crate::clock::Clock;
use crate::cpu::cpu_seconds;
use crate::driver::{drive, DriveError, Driven};
use crate::injection::InjectionLog;
use crate::measure::{latency, snapshot_cost, timeseries};
use crate::prepare::Prepared;
use crate::sink::{MeasuringSink, Slot};
use crate::{alloc, blank::blank};
use engines::{EngineInfo, EngineOptions};
use reports::{Correctness, Cost, Counts, Run, State, Status, Throughput, Verdict};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use workloads::{Time, NANOS_PER_SEC};

/// What identifies a run besides its engine and workload.
#[derive(Clone, Debug)]
pub struct RunSpec {
    /// Worker threads.
    pub workers: usize,
    /// Seconds excluded from latency.
    pub warmup_s: f64,
    /// Repetition index.
    pub repetition: u32,
    /// Time-series interval.
    pub interval: Time,
    /// The run is abandoned as `timeout` after this long.
    pub timeout: Duration,
    /// Whether to measure snapshot size and time after the run.
    pub snapshot_cost: bool,
    /// Set when this run probes a sustainable-throughput search.
    pub probe_of: Option<String>,
}

/// How a run ended, before it is described.
enum Outcome {
    Done(
        Box<Driven>,
        u64,
        Option<Result<reports::SnapshotCost, String>>,
    ),
    Failed(String),
}

/// Runs `engine` on a prepared workload. Returns `None` only when `stop` was raised (the
/// user interrupted the suite): an unfinished run is not a result.
pub fn execute(
    engine: &'static EngineInfo,
    spec: &RunSpec,
    prepared: &Arc<Prepared>,
    stop: &Arc<AtomicBool>,
) -> Option<Run> {
    let mut run = blank(engine, spec, prepared);
    let clock = Clock::start();
    let warmup = (spec.warmup_s * NANOS_PER_SEC as f64) as Time;
    let log = Arc::new(InjectionLog::default());
    let sink = Arc::new(MeasuringSink::new(
        clock,
        warmup,
        spec.interval,
        log.clone(),
        true,
    ));
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    alloc::reset_peak();
    let cpu0 = cpu_seconds();
    {
        let (prepared, sink, log, cancel, spec) = (
            prepared.clone(),
            sink.clone(),
            log.clone(),
            cancel.clone(),
            spec.clone(),
        );
        let thread = std::thread::Builder::new()
            .name(format!("run-{}", engine.name))
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    let options = EngineOptions::workers(spec.workers);
                    let mut e = (engine.build)(&prepared.workload.plan, &options, sink)?;
                    let driven = drive(
                        e.as_mut(),
                        None,
                        &prepared.stream,
                        &clock,
                        &log,
                        spec.interval,
                        &cancel,
                    )?;
                    let late = e.stats().late_events;
                    drop(e);
                    Ok::<_, DriveError>((driven, late))
                }));
                let outcome = match outcome {
                    Ok(Ok((d, late))) => {
                        let snap = spec
                            .snapshot_cost
                            .then(|| snapshot_cost(engine, &prepared, spec.workers));
                        Outcome::Done(Box::new(d), late, snap)
                    }
                    Ok(Err(DriveError::Interrupted)) => return,
                    Ok(Err(DriveError::Engine(e))) => Outcome::Failed(e.to_string()),
                    Err(p) => {
                        Outcome::Failed(format!("engine panicked: {}", engines::panic_message(&*p)))
                    }
                };
                let _ = tx.send(outcome);
            });
        if let Err(e) = thread {
            fail(
                &mut run,
                Status::Failed,
                format!("cannot start the run's thread: {e}"),
            );
            return Some(run);
        }
    }
    let started = Instant::now();
    let outcome = loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(o) => break o,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::Relaxed) {
                    cancel.store(true, Ordering::Relaxed);
                    return None;
                }
                if started.elapsed() > spec.timeout {
                    // The engine's thread cannot be killed; it is told to stop and left behind.
                    cancel.store(true, Ordering::Relaxed);
                    let msg = format!(
                        "no result after {:.0} s (time limit)",
                        spec.timeout.as_secs_f64()
                    );
                    fail(&mut run, Status::Timeout, msg);
                    return Some(run);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                break Outcome::Failed("the run's thread ended without a result".into());
            }
        }
    };
    let cpu1 = cpu_seconds();
    match outcome {
        Outcome::Done(d, late, snapshot) => {
            let cpu = (cpu1.0 - cpu0.0, cpu1.1 - cpu0.1);
            let measured = Measured {
                driven: *d,
                slot: sink.merged(),
                late,
                cpu,
                heap_peak: alloc::peak(),
            };
            describe(&mut run, measured, prepared, spec.interval, snapshot);
        }
        Outcome::Failed(msg) => fail(&mut run, Status::Failed, msg),
    }
    Some(run)
}

/// Everything a finished run measured, from one process or merged from several.
pub struct Measured {
    /// What the driver saw.
    pub driven: Driven,
    /// What the sink recorded.
    pub slot: Slot,
    /// Late events the engine dropped.
    pub late: u64,
    /// CPU seconds (user, system) of the process(es) during the run, the driver's spin
    /// included.
    pub cpu: (f64, f64),
    /// Peak heap bytes.
    pub heap_peak: u64,
}

/// Fills a run's figures and correctness verdict from what it measured.
pub fn describe(
    run: &mut Run,
    m: Measured,
    prepared: &Prepared,
    interval: Time,
    snapshot: Option<Result<reports::SnapshotCost, String>>,
) {
    let (d, slot) = (&m.driven, &m.slot);
    let secs = |ns: u64| ns.max(1) as f64 / NANOS_PER_SEC as f64;
    run.events = Counts {
        input: d.injected,
        output: slot.outputs,
        late: m.late,
    };
    run.throughput = Throughput {
        input_eps: d.injected as f64 / secs(d.last_injection),
        output_eps: slot.outputs as f64 / secs(d.finished),
    };
    run.latency_ns = latency(&slot.latency);
    run.processing_latency_ns = latency(&slot.processing);
    run.event_time_latency_ns = latency(&slot.event_latency);
    run.window_end_latency_ns = latency(&slot.window_end);
    run.injection_lag_ns = latency(&d.lag);
    run.latency_histogram = crate::measure::encode_histogram(&slot.latency);
    run.timeseries = timeseries(&d.marks, &slot.intervals, prepared, interval);
    run.state = State {
        logical_bytes_peak: d.state_peak,
        logical_bytes_end: d.state_end,
    };
    // The driver's spinning is the harness's cost, not the engine's.
    let user = (m.cpu.0 - d.spin as f64 / NANOS_PER_SEC as f64).max(0.0);
    let system = m.cpu.1;
    run.cost = Cost {
        cpu_user_s: user,
        cpu_system_s: system,
        cpu_s_per_million: (user + system) / (d.injected.max(1) as f64 / 1e6),
        heap_bytes_peak: m.heap_peak,
        heap_bytes_end: d.heap_end,
        state_bytes_per_key: d.state_peak as f64 / prepared.distinct_keys.max(1) as f64,
        snapshot: snapshot.clone().and_then(Result::ok),
        snapshot_note: snapshot.and_then(Result::err),
    };
    let late = m.late;
    run.correctness = prepared.expected.check(m.slot.fingerprints, late);
}

/// Marks a run as not finished.
pub fn fail(run: &mut Run, status: Status, message: String) {
    run.status = status;
    run.error = Some(message);
    run.correctness = Correctness {
        verdict: Verdict::Skipped,
        note: Some("the run did not finish".into()),
        ..Correctness::default()
    };
}
