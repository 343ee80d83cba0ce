//! The description of a run before it has figures: who ran what, with which parameters.

use crate::prepare::Prepared;
use crate::run::RunSpec;
use engines::EngineInfo;
use reports::{Correctness, Cost, Counts, Latency, Run, State, Status, Throughput};

/// The stable id of a run: engine, workload and every parameter that tells runs apart.
pub fn run_id(
    engine: &str,
    workload: &str,
    workers: usize,
    rate: f64,
    keys: u64,
    repetition: u32,
) -> String {
    format!("{engine}/{workload}/w{workers}/r{rate}/k{keys}/rep{repetition}")
}

/// A run with its parameters filled in and no figures yet.
pub fn blank(engine: &EngineInfo, spec: &RunSpec, prepared: &Prepared) -> Run {
    let src = &prepared.workload.source;
    let mut id = run_id(
        engine.name,
        prepared.workload.name,
        spec.workers,
        src.rate(),
        src.keys(),
        spec.repetition,
    );
    if let Some(search) = &spec.probe_of {
        id = format!("{search}/probe-r{}", src.rate());
    }
    Run {
        id,
        engine: engine.name.to_string(),
        workload: prepared.workload.name.to_string(),
        plan: prepared.workload.plan.describe(),
        workers: spec.workers,
        processes: 1,
        clock_error_ns: None,
        offered_rate: src.rate(),
        duration_s: src.events() as f64 / src.rate(),
        warmup_s: spec.warmup_s,
        keys: src.keys(),
        seed: src.seed(),
        repetition: spec.repetition,
        probe_of: spec.probe_of.clone(),
        status: Status::Ok,
        error: None,
        events: Counts::default(),
        throughput: Throughput::default(),
        latency_ns: Latency::default(),
        processing_latency_ns: Latency::default(),
        event_time_latency_ns: Latency::default(),
        window_end_latency_ns: Latency::default(),
        injection_lag_ns: Latency::default(),
        latency_histogram: None,
        timeseries: Vec::new(),
        cost: Cost::default(),
        state: State::default(),
        correctness: Correctness::default(),
    }
}
