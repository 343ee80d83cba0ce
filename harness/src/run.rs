//! One run: build the engine, drive the stream through it, measure, check, and describe it as
//! a [`reports::Run`]. A failing or panicking engine yields a `failed` run, never a crash.

use crate::check::Expected;
use crate::clock::Clock;
use crate::driver::{drive, Driven};
use crate::sink::{MeasuringSink, Slot};
use engines::{EngineInfo, EngineOptions};
use hdrhistogram::Histogram;
use reports::{Correctness, Cost, Counts, Latency, Run, State, Status, Throughput, Verdict};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use workloads::catalog::Workload;
use workloads::{Stream, NANOS_PER_SEC};

/// What identifies a run besides its engine.
#[derive(Clone, Debug)]
pub struct RunSpec {
    /// The workload (plan and source configuration).
    pub workload: Workload,
    /// Worker threads.
    pub workers: usize,
    /// Seconds excluded from latency.
    pub warmup_s: f64,
    /// Repetition index.
    pub repetition: u32,
}

/// Runs `engine` on the prepared stream and reports everything about it.
pub fn execute(engine: &EngineInfo, spec: &RunSpec, stream: &Stream, expected: &Expected) -> Run {
    let mut run = blank(engine, spec);
    let clock = Clock::start();
    let warmup = (spec.warmup_s * NANOS_PER_SEC as f64) as u64;
    let sink = Arc::new(MeasuringSink::new(clock, spec.workers, warmup, true));
    let options = EngineOptions::workers(spec.workers);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut e = (engine.build)(&spec.workload.plan, &options, sink.clone())?;
        let driven = drive(e.as_mut(), stream, &clock)?;
        Ok::<_, engines::EngineError>((driven, e.stats().late_events))
    }));
    match outcome {
        Ok(Ok((driven, late))) => {
            let slot = sink.merged();
            fill(&mut run, &driven, &slot, late);
            run.correctness = expected.check(slot.fingerprints, late);
        }
        Ok(Err(e)) => fail(&mut run, e.to_string()),
        Err(panic) => fail(
            &mut run,
            format!("engine panicked: {}", panic_message(&*panic)),
        ),
    }
    run
}

fn blank(engine: &EngineInfo, spec: &RunSpec) -> Run {
    let src = &spec.workload.source;
    Run {
        id: format!(
            "{}/{}/w{}/r{}/rep{}",
            engine.name,
            spec.workload.name,
            spec.workers,
            src.rate(),
            spec.repetition
        ),
        engine: engine.name.to_string(),
        workload: spec.workload.name.to_string(),
        plan: spec.workload.plan.describe(),
        workers: spec.workers,
        offered_rate: src.rate(),
        duration_s: src.events() as f64 / src.rate(),
        warmup_s: spec.warmup_s,
        keys: src.keys(),
        seed: src.seed(),
        repetition: spec.repetition,
        probe_of: None,
        status: Status::Ok,
        error: None,
        events: Counts::default(),
        throughput: Throughput::default(),
        latency_ns: Latency::default(),
        processing_latency_ns: Latency::default(),
        event_time_latency_ns: Latency::default(),
        injection_lag_ns: Latency::default(),
        latency_histogram: None,
        timeseries: Vec::new(),
        cost: Cost::default(),
        state: State::default(),
        correctness: Correctness::default(),
    }
}

fn fill(run: &mut Run, d: &Driven, slot: &Slot, late: u64) {
    let secs = |ns: u64| (ns.max(1)) as f64 / NANOS_PER_SEC as f64;
    run.events = Counts {
        input: d.injected,
        output: slot.outputs,
        late,
    };
    run.throughput = Throughput {
        input_eps: d.injected as f64 / secs(d.last_injection),
        output_eps: slot.outputs as f64 / secs(d.finished),
    };
    run.latency_ns = latency(&slot.latency);
    run.event_time_latency_ns = latency(&slot.event_latency);
    run.state = State {
        logical_bytes_peak: d.state_peak,
        logical_bytes_end: d.state_end,
    };
}

fn fail(run: &mut Run, message: String) {
    run.status = Status::Failed;
    run.error = Some(message);
    run.correctness = Correctness {
        verdict: Verdict::Skipped,
        note: Some("the run did not finish".into()),
        ..Correctness::default()
    };
}

/// Summary figures and a percentile curve dense enough for "1/(1-p)" charts.
pub fn latency(h: &Histogram<u64>) -> Latency {
    if h.is_empty() {
        return Latency::default();
    }
    let distribution = h
        .iter_quantiles(4)
        .map(|v| (v.quantile_iterated_to(), v.value_iterated_to()))
        .fold(Vec::<(f64, u64)>::new(), |mut acc, p| {
            // Keep one point per distinct quantile so the curve stays small.
            if acc.last().is_none_or(|l| p.0 > l.0) {
                acc.push(p);
            }
            acc
        });
    Latency {
        count: h.len(),
        mean: h.mean(),
        p50: h.value_at_quantile(0.5),
        p90: h.value_at_quantile(0.9),
        p99: h.value_at_quantile(0.99),
        p999: h.value_at_quantile(0.999),
        max: h.max(),
        distribution,
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".into())
}
