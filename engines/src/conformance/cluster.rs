//! Conformance of a multi-process engine: the case's stream dealt over several engines of a
//! cluster (each on its own thread here, talking over localhost TCP as separate processes
//! would), their results merged and compared with the reference.

use super::{compare, Case, CollectSink};
use crate::registry::EngineInfo;
use crate::{Cluster, Engine, EngineError, EngineOptions};
use std::net::TcpListener;
use std::sync::Arc;
use workloads::reference::evaluate;
use workloads::{Input, Step};

/// `n` distinct free localhost addresses. Another program could take one before the engine
/// binds it; tests accept that small race.
pub fn free_addresses(n: usize) -> std::io::Result<Vec<String>> {
    let listeners = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<Vec<_>>>()?;
    listeners
        .iter()
        .map(|l| Ok(l.local_addr()?.to_string()))
        .collect()
}

/// Feeds one process's share of the stream: its events, every watermark, then `finish`.
fn feed_share(engine: &mut dyn Engine, case: &Case, cluster: &Cluster) -> Result<u64, EngineError> {
    let mut index = 0;
    let mut mine: Vec<Input> = Vec::new();
    for step in case.stream.steps() {
        match step {
            Step::Events(events) => {
                mine.clear();
                mine.extend(
                    events
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| cluster.owns(index + k))
                        .map(|(_, e)| e.clone()),
                );
                index += events.len();
                if !mine.is_empty() {
                    engine.on_events(&mine)?;
                }
            }
            Step::Watermark(w) => engine.on_watermark(w.watermark, w.scheduled)?,
        }
    }
    engine.finish(case.stream.end)?;
    Ok(engine.stats().late_events)
}

/// Runs `case` on `processes` cooperating engines and compares the merged results with the
/// reference; `Ok(())` on a match, else what differs.
pub fn run_case_cluster(engine: &EngineInfo, case: &Case, processes: usize) -> Result<(), String> {
    let addresses = free_addresses(processes).map_err(|e| format!("no free port: {e}"))?;
    let sink = Arc::new(CollectSink::default());
    // Every engine must be building at once: each waits for its peers to connect.
    let threads: Vec<_> = (0..processes)
        .map(|process| {
            let cluster = Cluster {
                process,
                addresses: addresses.clone(),
            };
            let options = EngineOptions {
                cluster: Some(cluster.clone()),
                ..EngineOptions::workers(case.workers)
            };
            let (case, sink, build) = (case.clone(), sink.clone(), engine.build);
            std::thread::spawn(move || -> Result<u64, EngineError> {
                let mut e = build(&case.plan, &options, sink)?;
                feed_share(e.as_mut(), &case, &cluster)
            })
        })
        .collect();
    let mut late = 0;
    for (i, t) in threads.into_iter().enumerate() {
        match t.join() {
            Ok(Ok(l)) => late += l,
            Ok(Err(e)) => return Err(format!("process {i}: {e}")),
            Err(p) => {
                return Err(format!(
                    "process {i} panicked: {}",
                    crate::panic_message(&*p)
                ))
            }
        }
    }
    let expected = evaluate(&case.plan, &case.stream);
    let result = compare(
        &expected.outputs,
        &sink.take(),
        (expected.late_events, late),
    );
    if result.is_match() {
        Ok(())
    } else {
        Err(format!(
            "{} unexpected, {} missing, {} with the wrong cause, late events reference {} vs engine {}",
            result.unexpected.len(),
            result.missing.len(),
            result.wrong_cause,
            result.late.0,
            result.late.1
        ))
    }
}
