//! `streambench sustain`: the highest rate an engine keeps up with on a workload.
//!
//! A probe is an ordinary measured run at one offered rate. It is *sustained* when the run
//! finished with correct results, the driver never fell behind its schedule by more than the
//! latency objective (a bounded backlog: queueing shows up as injection lag), the achieved
//! input rate is within 3 % of the offered one, and the p99 latency from the schedule stays
//! under the objective over the whole measured window — overall and in every time-series
//! interval after warm-up. The search doubles the rate until a probe fails, then bisects
//! between the best sustained and the first failed rate. Every probe is kept.

use crate::cli::SustainArgs;
use crate::error::bad;
use crate::execute::{record, Executor, Local, Planned};
use crate::fit;
use crate::interrupt::stop_flag;
use crate::output::{finish, new_results, output_dir};
use crate::prepare::Prepared;
use crate::suite::{load_suite, params, spec};
use anyhow::Context;
use reports::{Outcome, Percentile, Probe, ProbeFigures, Run, RunKey, Sustain, Verdict};
use std::sync::Arc;

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

/// Runs the search the arguments describe.
pub fn sustain(args: &SustainArgs) -> anyhow::Result<()> {
    let mut run_args = args.suite_args.clone();
    if run_args.processes.is_some() || run_args.hosts.is_some() {
        return Err(crate::error::bad(
            "--processes and --hosts apply to `run`: a search runs in one process",
        ));
    }
    run_args.engines = Some(vec![args.engine.clone()]);
    run_args.workloads = Some(vec![args.workload.clone()]);
    let suite = load_suite(&run_args)?;
    let slo_ms = args.slo_ms.unwrap_or(suite.slo_ms);
    if !(slo_ms.is_finite() && slo_ms > 0.0) {
        return Err(bad(format!("--slo-ms: must be positive, got {slo_ms}")));
    }
    if !(args.min_rate > 0.0 && args.max_rate >= args.min_rate) {
        return Err(bad("--min-rate/--max-rate: need 0 < min <= max"));
    }
    if args.max_probes == 0 {
        return Err(bad("--max-probes 0: a search needs at least 1 probe"));
    }
    let quiet = run_args.quiet;
    let slo_ns = (slo_ms * 1e6) as u64;
    let engine = engines::registry::find(&args.engine).expect("validated");
    let entry = workloads::catalog::find(&args.workload).expect("validated");
    let workers = suite.workers[0];
    let keys = suite.keys[0];
    let out = output_dir(run_args.out.as_deref(), run_args.force)?;
    let path = out.join("results.json");
    let mut results = new_results(&suite);
    let search = format!("sustain/{}/{}/w{workers}", engine.name, entry.name);
    results.sustain.push(Sustain {
        engine: engine.name.into(),
        workload: entry.name.into(),
        workers,
        slo_ns,
        sustainable_rate: None,
        lowest_failed_rate: None,
        ceiling_reached: false,
        probes: Vec::new(),
    });
    let stop = stop_flag();
    let (mut good, mut bad_rate): (Option<f64>, Option<f64>) = (None, None);
    let mut rate = args.min_rate;
    for _ in 0..args.max_probes {
        let workload = entry.build(&params(&suite, rate, keys));
        let fits = fit::check_source(&workload.source, suite.payload, 1);
        if let (Err(reason), None, None) = (&fits, good, bad_rate) {
            // Not one probe could run: the first rate is the culprit.
            return Err(bad(format!("--min-rate {rate}: {reason}")));
        }
        if !quiet {
            eprintln!(
                "probe: {} on {} at {rate:.0} events/s",
                engine.name, entry.name
            );
        }
        let probe = Planned {
            key: RunKey {
                engine: engine.name.into(),
                workload: entry.name.into(),
                workers,
                processes: 1,
                offered_rate: rate,
                keys,
                repetition: 0,
                probe_of: Some(search.clone()),
            },
            engine,
            spec: spec(&suite),
        };
        let (run, verdict) = match fits {
            // Doubling went past what memory holds: that rate cannot be sustained here.
            Err(reason) => {
                let reason = format!("refused before it started: {reason}");
                let run = record(
                    &probe,
                    &workload,
                    Outcome::Failed {
                        reason: reason.clone(),
                    },
                );
                (run, Err(reason))
            }
            Ok(()) => {
                let prepared = Arc::new(Prepared::new(workload));
                let Some(run) = Local.execute(&probe, &prepared, &stop) else {
                    break;
                };
                let verdict = judge(&run, slo_ns);
                (run, verdict)
            }
        };
        if !quiet {
            eprintln!(
                "  {}",
                verdict
                    .as_ref()
                    .map_or_else(|e| format!("not sustained: {e}"), |_| "sustained".into())
            );
        }
        let s = results.sustain.last_mut().expect("pushed above");
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
            reason: verdict.clone().err(),
        });
        if verdict.is_ok() {
            good = Some(good.map_or(rate, |g: f64| g.max(rate)));
        } else {
            bad_rate = Some(bad_rate.map_or(rate, |b: f64| b.min(rate)));
        }
        s.sustainable_rate = good;
        s.lowest_failed_rate = bad_rate;
        s.ceiling_reached = bad_rate.is_none() && good.is_some_and(|g| g >= args.max_rate);
        results.runs.push(run);
        results
            .save(&path)
            .with_context(|| format!("saving {}", path.display()))?;
        rate = match (good, bad_rate) {
            // The ceiling is probed itself before it can be the answer.
            (_, None) if rate < args.max_rate => (rate * 2.0).min(args.max_rate),
            (_, None) => break,
            (None, Some(_)) => break,
            (Some(g), Some(b)) if (b - g) / g <= args.precision => break,
            (Some(g), Some(b)) => ((g + b) / 2.0).round(),
        };
    }
    let probes = results.sustain.last().map_or(0, |s| s.probes.len());
    match (good, bad_rate) {
        (Some(g), None) if g >= args.max_rate => println!(
            "sustainable throughput: >= {g:.0} events/s (ceiling reached: --max-rate; p99 objective {slo_ms} ms, {probes} probes)"
        ),
        (Some(g), None) => println!(
            "sustainable throughput: >= {g:.0} events/s (no rate failed within --max-probes; p99 objective {slo_ms} ms, {probes} probes)"
        ),
        (Some(g), Some(b)) => println!(
            "sustainable throughput: {g:.0} events/s (p99 objective {slo_ms} ms; {b:.0} was not sustained; {probes} probes)"
        ),
        (None, _) => println!(
            "no probed rate was sustained (lowest {:.0} events/s, {probes} probes)",
            args.min_rate
        ),
    }
    finish(&results, &out)
}
