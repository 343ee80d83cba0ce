//! One search: probes run one after the other, each judged and saved as soon as it exists.

use super::judge;
use super::probe::Probed;
use super::steps::Steps;
use crate::error::bad;
use crate::execute::Executor;
use crate::suite::Suite;
use anyhow::Context;
use engines::EngineInfo;
use reports::{Probe, ProbeFigures, Results, Sustain};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use workloads::catalog::Entry;

/// One search: an engine on a workload under a latency objective.
pub struct Search<'a> {
    /// The suite the probes take their parameters from.
    pub suite: &'a Suite,
    /// The engine searched.
    pub engine: &'static EngineInfo,
    /// The workload.
    pub entry: &'static Entry,
    /// Worker threads.
    pub workers: usize,
    /// Distinct keys.
    pub keys: u64,
    /// The p99 objective, ns.
    pub slo_ns: u64,
    /// The rates to probe.
    pub steps: Steps,
    /// `Some((seconds, events))`: each probe lasts at most `seconds` and offers at most
    /// `events`, but runs at least [`MIN_PROBE_S`], so a search costs about the same at any
    /// rate;
    /// `None`: every probe lasts the suite's duration.
    pub budget: Option<(f64, f64)>,
    /// Print each probe and its verdict on stderr.
    pub verbose: bool,
}

impl Search<'_> {
    /// The search's name, the `probe_of` of its runs.
    pub fn id(&self) -> String {
        format!(
            "sustain/{}/{}/w{}",
            self.engine.name, self.entry.name, self.workers
        )
    }

    /// Probes until the search ends (each probe run by `executor`), appending its
    /// [`Sustain`] entry and every probe run to `results` and saving them to `path` after
    /// each probe. Returns `false` when `stop` was raised before it ended.
    pub fn run(
        &self,
        executor: &mut dyn Executor,
        results: &mut Results,
        path: &Path,
        stop: &Arc<AtomicBool>,
    ) -> anyhow::Result<bool> {
        results.sustain.push(Sustain {
            engine: self.engine.name.into(),
            workload: self.entry.name.into(),
            workers: self.workers,
            slo_ns: self.slo_ns,
            sustainable_rate: None,
            lowest_failed_rate: None,
            ceiling_reached: false,
            probes: Vec::new(),
        });
        let index = results.sustain.len() - 1;
        let (mut good, mut failed): (Option<f64>, Option<f64>) = (None, None);
        // What the search steers by: the lowest failed rate, or in a quick search the lowest
        // rate a failed probe achieved, if lower.
        let mut bound: Option<f64> = None;
        let mut rate = if self.steps.saturate {
            self.steps.max_rate
        } else {
            self.steps.min_rate
        };
        for i in 0..self.steps.max_probes {
            let saturating = self.steps.saturate && i == 0;
            let (run, verdict) = match self.probe(executor, rate, saturating, stop) {
                Probed::Interrupted => return Ok(false),
                Probed::Ran(run) => {
                    let verdict = judge(&run, self.slo_ns);
                    (run, verdict)
                }
                // The first rate is the searcher's choice: it must fit.
                Probed::Refused(_, reason) if good.is_none() && failed.is_none() && !saturating => {
                    return Err(bad(format!("--min-rate {rate}: {reason}")))
                }
                // Growing went past what memory holds: that rate cannot be sustained here.
                Probed::Refused(run, reason) => (*run, Err(reason)),
            };
            if self.verbose {
                eprintln!(
                    "  {}",
                    verdict
                        .as_ref()
                        .map_or_else(|e| format!("not sustained: {e}"), |_| "sustained".into())
                );
            }
            let achieved = run.figures().map(|f| {
                if saturating {
                    // An engine that queues what it is given takes a burst faster than it
                    // processes it: the burst is only done when its last result is out.
                    let done_s = run.params.duration_s + f.latency_ns.max as f64 / 1e9;
                    f.throughput.input_eps.min(f.events.input as f64 / done_s)
                } else {
                    f.throughput.input_eps
                }
            });
            let sustained = verdict.is_ok();
            if sustained && !saturating {
                good = Some(good.map_or(rate, |g| g.max(rate)));
            } else if verdict.is_err() {
                failed = Some(failed.map_or(rate, |b| b.min(rate)));
                let reached = match achieved {
                    Some(a) if self.steps.saturate => rate.min(a),
                    _ => rate,
                };
                // A burst's estimate steers the next probe but bounds nothing: both ends
                // of a capacity are full-length probes.
                if !saturating {
                    bound = Some(bound.map_or(reached, |b| b.min(reached)));
                }
            }
            let s = &mut results.sustain[index];
            s.probes.push(Probe {
                run_id: run.id(),
                offered_rate: rate,
                measured: run.figures().map(|f| ProbeFigures {
                    input_eps: f.throughput.input_eps,
                    output_eps: f.throughput.output_eps,
                    p50_ns: f.latency_ns.p50,
                    p99_ns: f.latency_ns.p99,
                    p999_ns: f.latency_ns.p999,
                }),
                sustained: verdict.is_ok(),
                reason: verdict.err(),
                burst: saturating,
            });
            s.sustainable_rate = good;
            s.lowest_failed_rate = failed;
            s.ceiling_reached = failed.is_none() && good.is_some_and(|g| g >= self.steps.max_rate);
            results.runs.push(run);
            results
                .save(path)
                .with_context(|| format!("saving {}", path.display()))?;
            let next = match (saturating, sustained, achieved) {
                // A burst is no proof: a sustained one is probed again at full length.
                (true, true, _) => Some(rate),
                (true, false, Some(a)) if a > 0.0 => Some(self.steps.after_saturation(a)),
                // No estimate (the burst failed to run): grow from the bottom instead.
                (true, false, _) => Some(self.steps.min_rate),
                (false, ..) => self.steps.next(rate, good, bound),
            };
            match next {
                Some(r) => rate = r,
                None => break,
            }
        }
        Ok(true)
    }
}
