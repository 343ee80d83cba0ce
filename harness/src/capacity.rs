//! The capacity phase of a suite with `capacity = true`: before its latency runs, a quick
//! sustainable-throughput search ([`crate::search`]) for every engine on every workload,
//! then the suite's runs at one common load per workload — `load` × the lowest capacity
//! found on it — so every engine's latency is measured at a rate every engine sustains.
//!
//! The searches are bounded in time rather than in precision: each probe lasts at most
//! `probe_s` and offers at most [`PROBE_EVENTS`] events (so a probe at 30 M events/s costs
//! what one at 1 M does, stream generation included). The first probe is a saturating burst
//! of [`PROBE_EVENTS`] at the suite's `max_rate`, whose achieved rate says where to look
//! (and nothing more: the capacity is a rate a full-length probe sustained, below one that
//! failed). From 70 % of it, sustained probes grow ×1.5, failed ones halve the rate (or go
//! to 70 % of what they achieved), and bisection stops within 50 %: a capacity to within a
//! factor of 1.5 in three or four probes, which is what "which engine has the most headroom"
//! needs. Where the burst gives no estimate, rates grow ×1.5 from `min_rate` instead.
//! `sustain` gives the precise figure for one engine.

use crate::execute::Executor;
use crate::search::{Search, Steps};
use crate::suite::{matrix, Combination, Suite};
use reports::Results;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The most events one capacity probe offers.
pub const PROBE_EVENTS: f64 = 0.6e6;

/// The rates a capacity search probes.
fn steps(suite: &Suite) -> Steps {
    Steps {
        min_rate: suite.min_rate,
        max_rate: suite.max_rate,
        // Near the burst's estimate: grow by no more than the precision, so that one
        // failure ends the search.
        factor: 1.5,
        precision: 0.5,
        max_probes: 7,
        saturate: true,
    }
}

/// The suite's runs. For a capacity suite, searches every engine's capacity first (each
/// probe run by `executor`, and kept in `results`, saved to `path`; searches `results`
/// already holds are not repeated) and gives each workload's runs the common load;
/// otherwise the suite's matrix. `None` when interrupted.
pub fn runs(
    executor: &mut dyn Executor,
    suite: &Suite,
    results: &mut Results,
    path: &Path,
    stop: &Arc<AtomicBool>,
    quiet: bool,
) -> anyhow::Result<Option<Vec<Combination>>> {
    if !suite.capacity {
        return Ok(Some(matrix(suite)));
    }
    // One run per workload, keys, workers, engine and repetition: the latency runs, their
    // rate to be set.
    let mut runs: Vec<Combination> = matrix(suite)
        .into_iter()
        .filter(|c| c.rate == suite.rates[0])
        .collect();
    let mut lowest: BTreeMap<(&str, u64), f64> = BTreeMap::new();
    for c in runs.iter().filter(|c| c.repetition == 0) {
        // Not searched where it declares it cannot run (by operator, or by name for an
        // engine that knows workloads): its latency run is then skipped with the reason.
        let declared = c.engine.capabilities;
        if let Err(why) = declared.supports_workload(c.workload.name, &c.workload.plan()) {
            if !quiet {
                eprintln!(
                    "capacity: {} on {}: skipped: {} {why}",
                    c.engine.name, c.workload.name, c.engine.name
                );
            }
            continue;
        }
        let search = Search {
            suite,
            engine: c.engine,
            entry: c.workload,
            workers: c.workers,
            keys: c.keys,
            slo_ns: (suite.slo_ms * 1e6) as u64,
            steps: steps(suite),
            budget: Some((suite.probe_s, PROBE_EVENTS)),
            verbose: false,
        };
        let done = results.sustain.iter().position(|s| {
            s.engine == c.engine.name
                && s.workload == c.workload.name
                && s.workers == c.workers
                && s.probes.first().is_some_and(|p| {
                    results
                        .runs
                        .iter()
                        .any(|r| r.id() == p.run_id && r.key.keys == c.keys)
                })
        });
        let index = match done {
            Some(i) => i,
            None => {
                if !search.run(executor, results, path, stop)? {
                    return Ok(None);
                }
                results.sustain.len() - 1
            }
        };
        let s = &results.sustain[index];
        if !quiet {
            let found = s.sustainable_rate.map_or("none sustained".into(), |r| {
                format!(
                    "{}{} events/s",
                    if s.ceiling_reached { ">= " } else { "" },
                    reports::units::format_si(r)
                )
            });
            eprintln!(
                "capacity: {} on {}: {found} ({} probes)",
                c.engine.name,
                c.workload.name,
                s.probes.len()
            );
        }
        if let Some(r) = s.sustainable_rate {
            let e = lowest.entry((c.workload.name, c.keys)).or_insert(r);
            *e = e.min(r);
        }
    }
    for c in &mut runs {
        c.rate = lowest
            .get(&(c.workload.name, c.keys))
            .map_or(suite.rates[0], |r| common_load(r * suite.load));
    }
    Ok(Some(runs))
}

/// A rate rounded down to two significant digits, so the common load reads as 1.2M, not
/// 1.23456M.
fn common_load(rate: f64) -> f64 {
    let scale = 10f64.powi(rate.log10().floor() as i32 - 1);
    ((rate / scale).floor() * scale).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::common_load;

    #[test]
    fn the_common_load_keeps_two_digits() {
        assert_eq!(common_load(1_234_567.0), 1_200_000.0);
        assert_eq!(common_load(99_999.0), 99_000.0);
        assert_eq!(common_load(50.0), 50.0);
    }
}
