//! Conformance of a multi-process engine: the case's stream dealt over several engines of a
//! cluster (each on its own thread here, talking over localhost TCP as separate processes
//! would), their results merged and compared with the reference.

use super::{compare, Case, CollectSink};
use crate::registry::EngineInfo;
use crate::{Cluster, Engine, EngineError, EngineOptions};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;
use workloads::reference::evaluate;
use workloads::{Input, Step};

/// Ports each process may use from its address's port upward: renoir takes one per incoming
/// connection of each local block replica; timely only the first.
pub const PORTS_PER_PROCESS: u16 = 512;

/// `n` localhost addresses whose ports, and the [`PORTS_PER_PROCESS`] above each, were free
/// when checked. They lie below Linux's ephemeral range (32768 and up), so outgoing
/// connections do not take them meanwhile; another program still could, a race tests accept.
///
/// Callers in one process (clusters of the kit running side by side) get disjoint ranges in
/// turn, so one cannot take ports another has checked but not bound yet; different
/// processes start at different places.
pub fn free_addresses(n: usize) -> std::io::Result<Vec<String>> {
    const LOW: u32 = 20_000;
    const HIGH: u32 = 32_768;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    static START: OnceLock<u32> = OnceLock::new();
    let span = n as u32 * PORTS_PER_PROCESS as u32;
    if span == 0 || LOW + span > HIGH {
        return Err(std::io::Error::other(
            "too many processes for the port range",
        ));
    }
    let ranges = (HIGH - LOW) / span;
    let start = *START.get_or_init(|| {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u64)
            ^ (std::process::id() as u64) << 20;
        (seed.wrapping_mul(6364136223846793005) >> 33) as u32
    });
    for _ in 0..64 {
        let k = start.wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed)) % ranges;
        let base = LOW + k * span;
        let free = (base..base + span).all(|p| TcpListener::bind(("127.0.0.1", p as u16)).is_ok());
        if free {
            return Ok((0..n as u32)
                .map(|i| format!("127.0.0.1:{}", base + i * PORTS_PER_PROCESS as u32))
                .collect());
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no free range of local ports",
    ))
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
                workload: case.workload.clone(),
                ..EngineOptions::workers(case.workers)
            };
            let (case, sink, info) = (case.clone(), sink.clone(), *engine);
            std::thread::spawn(move || -> Result<u64, EngineError> {
                let mut e = info.build(&case.plan, &options, sink)?;
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
    let late = (expected.late_events, late);
    let result = match engine.capabilities.causes {
        true => compare(&expected.outputs, &sink.take(), late),
        false => super::compare_events(&expected.outputs, &sink.take(), late),
    };
    if result.is_match() {
        Ok(())
    } else {
        Err(format!(
            "{} unexpected, {} missing, {} with the wrong cause or latest time, late events reference {} vs engine {}",
            result.unexpected.len(),
            result.missing.len(),
            result.wrong_attribution,
            result.late.0,
            result.late.1
        ))
    }
}
