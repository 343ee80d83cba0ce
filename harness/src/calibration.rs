//! Deriving a cost profile from a measured run (DS2's definitions): the plan's true
//! processing rate is the records it processed divided by the engine's useful CPU seconds
//! (the run record's engine CPU time, which already excludes the harness's threads and the
//! driver's waiting), and each operator's output ratio is what the reference evaluator
//! makes of the same stream, operator by operator.

use reports::Run;
use simulator::{CostProfile, ExchangeCost, OperatorCost, PROFILE_VERSION};
use workloads::catalog::Workload;
use workloads::reference::evaluate;
use workloads::{Plan, Stream, Time};

/// Bytes a record takes on the wire between processes (key, time, value and cause, 8 bytes
/// each, plus 8 of framing): the exchange's size when no multi-process run measured it.
pub const RECORD_WIRE_BYTES: f64 = 40.0;

/// What the profile records besides the run: where and when, and the window the suite gave.
pub struct Provenance {
    /// CPU model and cores.
    pub machine: String,
    /// UTC date, `YYYY-MM-DD`.
    pub date: String,
    /// The suite's window for the workload (`None`: the catalog's).
    pub window: Option<Time>,
}

/// The profile of `run` (which must have finished) of `workload`, whose input was `stream`.
/// The plan's whole useful CPU time is charged to its first stateful operator (where the
/// exchange lands; the last operator of a stateless plan): one run cannot tell its
/// operators' shares apart, so the others carry `true_rate_eps: null`.
pub fn profile(
    run: &Run,
    workload: &Workload,
    stream: &Stream,
    provenance: Provenance,
) -> Result<CostProfile, String> {
    let Some(f) = run.figures() else {
        return Err(format!(
            "run {} did not finish ({}): {}",
            run.id(),
            run.outcome.as_str(),
            run.outcome.reason().unwrap_or("no reason given")
        ));
    };
    let cpu = f.cost.cpu_user_s + f.cost.cpu_system_s;
    let input = f.events.input as f64;
    if !(cpu > 0.0 && input > 0.0) {
        return Err(format!(
            "run {}: no engine CPU time or no input measured: nothing to derive a rate from",
            run.id()
        ));
    }
    let ops = simulator::execution_order(&workload.plan);
    // Records out of each operator, per event in (the source's count is the stream's).
    let events = stream.events.len().max(1) as f64;
    let out: Vec<f64> = ops
        .iter()
        .map(|node| evaluate(node, stream).outputs.len() as f64 / events)
        .collect();
    let records_in = |node: &Plan| -> f64 {
        node.inputs()
            .into_iter()
            .map(|i| match ops.iter().position(|o| std::ptr::eq(*o, i)) {
                Some(k) => out[k],
                None => 1.0,
            })
            .sum()
    };
    let carrier = ops
        .iter()
        .position(|n| {
            !matches!(
                n,
                Plan::Filter { .. } | Plan::Map { .. } | Plan::KeyBy { .. }
            )
        })
        .unwrap_or(ops.len() - 1);
    let operators = ops
        .iter()
        .enumerate()
        .map(|(k, node)| {
            let input = records_in(node);
            OperatorCost {
                operator: node.operator().map_or("source", |o| o.name()).into(),
                // Seconds per input event = cpu / input = records_in / rate.
                true_rate_eps: (k == carrier)
                    .then(|| input.max(1e-12) * f.events.input as f64 / cpu),
                output_ratio: if input > 0.0 { out[k] / input } else { 0.0 },
            }
        })
        .collect();
    // Each process generates the whole stream (see README, "Multi-process runs"), so the
    // driver's generating time is per process over the stream's events.
    let generated = events * run.key.processes.max(1) as f64;
    let generate = f.cost.generate_s / generated;
    let snapshot_per_key = f
        .cost
        .snapshot
        .as_ref()
        .map(|s| s.bytes as f64 / run.key.keys.max(1) as f64);
    Ok(CostProfile {
        version: PROFILE_VERSION,
        machine: provenance.machine,
        date: provenance.date,
        engine: run.key.engine.clone(),
        workload: run.key.workload.clone(),
        plan: workload.plan.describe(),
        operators,
        exchange: ExchangeCost {
            bytes_per_record: RECORD_WIRE_BYTES,
            seconds_per_record: 0.0,
            latency_s: 0.0,
            spread_s: Vec::new(),
            crossings: 1.0,
        },
        checkpoint_bytes_per_key: snapshot_per_key.unwrap_or(f.cost.state_bytes_per_key),
        generate_seconds_per_event: generate,
        latency_floor_s: 0.0,
        delay_by_load: Vec::new(),
        window_ns: provenance.window,
        calibrated_from: Some(format!(
            "run {} on {} processes: {} events, {cpu:.3} engine CPU s, {:.3} s generating ({:.0} ns per event); no exchange in one process",
            run.id(),
            run.key.processes,
            f.events.input,
            f.cost.generate_s,
            generate * 1e9
        )),
    })
}

/// Replaces the profile's assumed bytes per record by what the exchange of `run` (the same
/// engine and workload as `processes` processes) sent: its bytes over the records that
/// crossed between processes, the keyed stage's records × (N − 1)/N under an even key
/// spread. Headers, progress messages and payloads are in the bytes, as they are on the
/// wire. An engine that counts nothing (0 bytes) leaves the assumption, said so in
/// `calibrated_from`. The time per record is the engine CPU the N-process run spent beyond
/// the 1-process run `one` of the same stream and rate, over the same crossing records (0
/// when it spent less: the difference is then noise, or the harness's share misattributed;
/// see BENCHMARKS).
pub fn exchange_from(
    profile: &mut CostProfile,
    run: &Run,
    one: &Run,
    stages: &simulator::Stages,
) -> String {
    let n = run.key.processes.max(1) as f64;
    let Some(f) = run.figures() else {
        return format!(
            "the {n}-process run did not finish ({}): exchange bytes not measured",
            run.outcome.reason().unwrap_or("no reason given")
        );
    };
    let crossing = f.events.input as f64 * stages.exchanged * (n - 1.0) / n;
    let bytes = f.cost.exchange_bytes;
    let cpu = |f: &reports::Figures| f.cost.cpu_user_s + f.cost.cpu_system_s;
    let extra = one.figures().map(|o| cpu(f) - cpu(o));
    let time = match extra {
        Some(extra) if crossing >= 1.0 => {
            profile.exchange.seconds_per_record = extra.max(0.0) / crossing;
            format!(
                "exchange {:.0} ns per record ({extra:+.3} engine CPU s beyond 1 process)",
                profile.exchange.seconds_per_record * 1e9
            )
        }
        _ => "exchange time per record not measured (no finished 1-process run)".into(),
    };
    let note = if bytes == 0 || crossing < 1.0 {
        format!(
            "exchange bytes not counted by {} on {n} processes: {RECORD_WIRE_BYTES} bytes per record assumed; {time}",
            run.key.engine
        )
    } else {
        profile.exchange.bytes_per_record = bytes as f64 / crossing;
        format!(
            "exchange {:.1} bytes per record measured on {n} processes ({bytes} bytes for {crossing:.0} records crossing); {time}",
            profile.exchange.bytes_per_record
        )
    };
    if let Some(from) = &mut profile.calibrated_from {
        from.push_str("; ");
        from.push_str(&note);
    }
    note
}
