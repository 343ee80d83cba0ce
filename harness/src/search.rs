//! The sustainable-throughput search shared by `streambench sustain` and the capacity phase
//! of `streambench run` (`capacity = true` in a suite): probe rates growing by a factor from
//! a low rate until a probe fails, then bisect between the best sustained and the lowest
//! failed rate until they are close. Every probe is an ordinary measured run, kept in the
//! results with its search's [`Sustain`] entry, and saved as soon as it exists.
//!
//! A quick search ([`Steps::saturate`]) starts instead from a *saturating* probe: a short
//! burst offered at the ceiling rate, which the engine takes as fast as it can (the driver
//! calls the engine on its own thread, so an engine that cannot keep up makes the injection
//! late, and the achieved input rate reads its speed). That estimate only chooses where to
//! look: the capacity reported is always a rate a full-length probe sustained. From there a
//! failed probe halves the rate and a failed probe's achieved rate bounds the search, so a
//! capacity to within the precision takes two to four probes instead of six or seven.
//!
//! A probe is *sustained* when the run finished with correct results, the driver never fell
//! behind its schedule by more than the latency objective (a bounded backlog: queueing shows
//! up as injection lag), the achieved input rate is within 3 % of the offered one, and the
//! p99 latency from the schedule stays under the objective over the whole measured window —
//! overall and in every time-series interval after warm-up.

use crate::error::bad;
use crate::execute::{record, Executor, Planned, RunSpec};
use crate::fit;
use crate::prepare::OnDemand;
use crate::suite::{params, Suite};
use anyhow::Context;
use engines::EngineInfo;
use reports::{Outcome, Percentile, Probe, ProbeFigures, Results, Run, RunKey, Sustain, Verdict};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use workloads::catalog::Entry;

/// Judges one probe run against the objective.
pub fn judge(run: &Run, slo_ns: u64) -> Result<(), String> {
    let Some(f) = run.figures() else {
        return Err(format!("run {}", run.outcome.as_str()));
    };
    if f.correctness.verdict == Verdict::Fail {
        return Err("wrong results".into());
    }
    if f.injection_lag_ns.max > slo_ns {
        return Err(format!(
            "backlog: the driver fell {} ms behind",
            f.injection_lag_ns.max / 1_000_000
        ));
    }
    if f.throughput.input_eps < 0.97 * run.key.offered_rate {
        return Err(format!(
            "achieved {:.0} of {:.0} events/s",
            f.throughput.input_eps, run.key.offered_rate
        ));
    }
    // Fewer than 100 results have no p99: their largest latency stands in for it.
    let p99 = f
        .latency_ns
        .get(Percentile::P99)
        .unwrap_or(f.latency_ns.max);
    if p99 > slo_ns {
        return Err(format!("p99 {} ms over the objective", p99 / 1_000_000));
    }
    let after_warmup = f.timeseries.iter().filter(|s| s.t_s > run.params.warmup_s);
    if let Some(s) = after_warmup.clone().find(|s| s.p99_ns > slo_ns) {
        return Err(format!(
            "p99 {} ms in the interval ending at {:.1} s",
            s.p99_ns / 1_000_000,
            s.t_s
        ));
    }
    Ok(())
}

/// The shortest probe, seconds: throughput is measured at 10 ms resolution, so a shorter
/// probe's achieved rate could read several percent low and fail the 3 % test.
pub const MIN_PROBE_S: f64 = 0.25;

/// How rates are chosen: the sequence of probes, independent of what runs them.
#[derive(Clone, Copy, Debug)]
pub struct Steps {
    /// First probed rate, events/s.
    pub min_rate: f64,
    /// Highest rate probed; probed itself before it can be the answer.
    pub max_rate: f64,
    /// While nothing failed, the next rate is this multiple of the last.
    pub factor: f64,
    /// Bisection stops when (failed − sustained) / sustained is at most this.
    pub precision: f64,
    /// At most this many probes.
    pub max_probes: usize,
    /// Start with a saturating probe at `max_rate` and go on from [`Steps::SATURATED_SHARE`] of
    /// the rate it achieved, then while probes fail to half the rate or that share of the
    /// lowest rate a failed probe achieved (`failed` in [`Steps::next`]), whichever is lower,
    /// instead of growing from `min_rate`.
    pub saturate: bool,
}

impl Steps {
    /// The rate after probing `rate`, given the best sustained and lowest failed rates so
    /// far; `None` when the search is over.
    pub fn next(&self, rate: f64, good: Option<f64>, failed: Option<f64>) -> Option<f64> {
        match (good, failed) {
            (_, None) if rate < self.max_rate => Some((rate * self.factor).min(self.max_rate)),
            (None, Some(b)) if self.saturate && rate > self.min_rate => Some(
                (rate / 2.0)
                    .min(b * Self::SATURATED_SHARE)
                    .max(self.min_rate)
                    .round(),
            ),
            (_, None) | (None, Some(_)) => None,
            (Some(g), Some(b)) if (b - g) / g <= self.precision => None,
            (Some(g), Some(b)) => Some(((g + b) / 2.0).round()),
        }
    }

    /// The share of an achieved rate that the next probe offers after a failure: the
    /// estimate is rough (a burst of a fraction of a second), so look a little below it.
    pub const SATURATED_SHARE: f64 = 0.7;

    /// The rate after a saturating probe that achieved `achieved` events/s.
    pub fn after_saturation(&self, achieved: f64) -> f64 {
        (achieved * Self::SATURATED_SHARE)
            .clamp(self.min_rate, self.max_rate)
            .round()
    }
}

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

    /// One probe at `rate`: a run, a run refused because its stream would not fit in memory,
    /// or an interruption.
    /// A `saturating` probe offers the budget's events at `rate` however short that makes
    /// it (but lasts at most the budget's seconds), and is measured from its start.
    fn probe(
        &self,
        executor: &mut dyn Executor,
        rate: f64,
        saturating: bool,
        stop: &Arc<AtomicBool>,
    ) -> Probed {
        let mut p = params(self.suite, rate, self.keys);
        let mut spec = crate::suite::spec(self.suite);
        if let (true, Some((seconds, events))) = (saturating, self.budget) {
            p.duration = (events / rate).min(seconds);
            spec = RunSpec {
                warmup_s: 0.0,
                interval: ((p.duration / 4.0 * workloads::NANOS_PER_SEC as f64) as u64).max(1),
                snapshot_cost: false,
                ..spec
            };
        } else if let Some((seconds, events)) = self.budget {
            p.duration = (events / rate).clamp(MIN_PROBE_S, seconds.max(MIN_PROBE_S));
            // A short probe: a quarter of it warms up, its time series has four intervals,
            // and the snapshot cost (measured by the plain runs) is not taken.
            spec = RunSpec {
                warmup_s: p.duration / 4.0,
                interval: (p.duration / 4.0 * workloads::NANOS_PER_SEC as f64) as u64,
                snapshot_cost: false,
                ..spec
            };
        }
        let workload = self.entry.build(&p);
        let fits = fit::check_source(&workload, self.suite.payload, 1);
        let planned = Planned {
            key: RunKey {
                engine: self.engine.name.into(),
                workload: self.entry.name.into(),
                workers: self.workers,
                processes: 1,
                offered_rate: rate,
                keys: self.keys,
                repetition: 0,
                probe_of: Some(self.id()),
            },
            engine: self.engine,
            spec,
            duration_s: p.duration,
        };
        if let Err(reason) = fits {
            let reason = format!("refused before it started: {reason}");
            let outcome = Outcome::Failed {
                reason: reason.clone(),
            };
            return Probed::Refused(Box::new(record(&planned, &workload, outcome)), reason);
        }
        if self.verbose {
            eprintln!(
                "probe: {} on {} at {rate:.0} events/s",
                self.engine.name, self.entry.name
            );
        }
        match executor.execute(&planned, &OnDemand::new(workload), stop) {
            Some(run) => Probed::Ran(run),
            None => Probed::Interrupted,
        }
    }
}

/// How a probe ended.
enum Probed {
    /// It ran.
    Ran(Run),
    /// Its stream would not fit in memory: the run recording that, and why.
    Refused(Box<Run>, String),
    /// The user interrupted it.
    Interrupted,
}

#[cfg(test)]
mod tests {
    use super::Steps;

    const STEPS: Steps = Steps {
        min_rate: 100.0,
        max_rate: 10_000.0,
        factor: 4.0,
        precision: 0.2,
        max_probes: 20,
        saturate: false,
    };

    /// The rates a search probes against an engine that sustains up to `capacity`.
    fn probed(steps: Steps, capacity: f64) -> Vec<f64> {
        let (mut good, mut failed, mut rate) = (None::<f64>, None::<f64>, steps.min_rate);
        let mut out = Vec::new();
        loop {
            out.push(rate);
            if rate <= capacity {
                good = Some(good.map_or(rate, |g| g.max(rate)));
            } else {
                failed = Some(failed.map_or(rate, |b| b.min(rate)));
            }
            match steps.next(rate, good, failed) {
                Some(r) => rate = r,
                None => return out,
            }
        }
    }

    #[test]
    fn grows_by_the_factor_then_bisects_to_the_precision() {
        assert_eq!(
            probed(STEPS, 2000.0),
            [100.0, 400.0, 1600.0, 6400.0, 4000.0, 2800.0, 2200.0, 1900.0]
        );
    }

    #[test]
    fn the_ceiling_is_probed_before_it_is_the_answer() {
        assert_eq!(probed(STEPS, 1e9), [100.0, 400.0, 1600.0, 6400.0, 10_000.0]);
    }

    #[test]
    fn a_failed_first_probe_ends_the_search() {
        assert_eq!(probed(STEPS, 10.0), [100.0]);
    }

    #[test]
    fn a_quick_search_halves_from_its_estimate_then_bisects() {
        let quick = Steps {
            saturate: true,
            precision: 0.5,
            ..STEPS
        };
        // An estimate of 8000 from the burst: 5600, then down to the capacity and back up.
        let start = quick.after_saturation(8000.0);
        assert_eq!(start, 5600.0);
        let (mut good, mut failed, mut rate) = (None::<f64>, None::<f64>, start);
        let mut out = Vec::new();
        loop {
            out.push(rate);
            if rate <= 2000.0 {
                good = Some(good.map_or(rate, |g| g.max(rate)));
            } else {
                failed = Some(failed.map_or(rate, |b| b.min(rate)));
            }
            match quick.next(rate, good, failed) {
                Some(r) => rate = r,
                None => break,
            }
        }
        assert_eq!(out, [5600.0, 2800.0, 1400.0, 2100.0]);
    }

    #[test]
    fn a_quick_search_stops_at_the_floor() {
        let quick = Steps {
            saturate: true,
            ..STEPS
        };
        assert_eq!(quick.after_saturation(1.0), 100.0);
        assert_eq!(quick.next(100.0, None, Some(100.0)), None);
    }
}
