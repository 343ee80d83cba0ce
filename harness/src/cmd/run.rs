//! `streambench run`: a loop over the suite's matrix that hands each run to its executor
//! (this process, or the multi-process coordinator for engines that run as a cluster),
//! writes each result as soon as it exists, and renders the report — also after Ctrl-C,
//! from the finished runs.

use crate::capacity;
use crate::cli::RunArgs;
use crate::cluster::{coordinator, local_copies};
use crate::error::{bad, Interrupted};
use crate::execute::{contained_or_local, record, Executor, Planned};
use crate::fit;
use crate::interrupt::stop_flag;
use crate::output::{finish, new_results, output_dir, writable};
use crate::prepare::OnDemand;
use crate::progress::Progress;
use crate::suite::{matrix, params, spec, Combination, SuiteSource};
use anyhow::Context;
use reports::{Outcome, Results, RunKey};
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Runs the suite the arguments describe.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let given = SuiteSource::of(args)?;
    let (source, out, mut results) = match &args.resume {
        Some(dir) => {
            let path = dir.join("results.json");
            let r = Results::load(&path)
                .map_err(|e| bad(format!("--resume {}: {e}", dir.display())))?;
            let source = crate::suite::resumed(&given, &r, args, dir)?;
            (source, writable(dir, "--resume ")?, r)
        }
        None => {
            // Validated before the folder is made: a bad suite writes nothing.
            let suite = given.suite().map_err(|e| bad(e.0))?;
            crate::suite::crashes_within_runs(&suite).map_err(|e| bad(e.0))?;
            let out = output_dir(args.out.as_deref(), args.force)?;
            let mut results = new_results(&suite);
            results.suite.source = serde_json::to_value(&given).ok();
            (given, out, results)
        }
    };
    let suite = source.suite().map_err(|e| bad(e.0))?;
    // Flags are judged before anything runs, the capacity phase included.
    let copies = local_copies(args)?;
    crate::suite::crashes_within_runs(&suite).map_err(|e| bad(e.0))?;
    let mut local = contained_or_local(args, source.clone());
    let mut coordinator = coordinator(args, &matrix(&suite), source)?;
    let results_path = out.join("results.json");
    let stop = stop_flag();
    if args.quiet {
        crate::quiet::silence_engine_panics();
    } else {
        for why in &suite.unavailable {
            eprintln!("streambench: left out (optional): {why}");
        }
    }
    // A capacity suite searches every engine's capacity first and sets each workload's rate.
    let capacity = capacity::runs(
        local.as_mut(),
        &suite,
        &mut results,
        &results_path,
        &stop,
        args.quiet,
    )?;
    let Some(runs) = capacity else {
        return interrupted(&results, &out);
    };
    refuse_if_nothing_fits(args, &suite, &runs, copies)?;
    let done: HashSet<String> = results.runs.iter().map(|r| r.id()).collect();
    if !args.quiet {
        eprintln!(
            "streambench: suite `{}` ({}): {} runs, {} already done",
            suite.name,
            suite.origin,
            runs.len(),
            done.len()
        );
        if !suite.description.is_empty() {
            eprintln!("  {}", suite.description);
        }
    }
    let mut progress = Progress::new(runs.len() as u64, args.quiet);
    let mut spec = spec(&suite);
    spec.recovery = crate::execute::Recovering::for_suite(&suite, &out).map_err(bad)?;
    // Runs of one workload, rate and keys share one generated stream.
    let mut prepared: Option<(Combination, Arc<OnDemand>)> = None;
    for c in &runs {
        let executor: &mut dyn Executor = match coordinator.as_mut() {
            Some(co) if c.engine.capabilities.multi_process => co,
            _ => local.as_mut(),
        };
        // An engine with its own cluster runs here, told how many processes to start.
        let processes = match c.engine.capabilities.own_cluster {
            true => args.processes.unwrap_or(1),
            false => executor.processes(),
        };
        let run = Planned {
            key: RunKey {
                engine: c.engine.name.to_string(),
                workload: c.workload.name.to_string(),
                workers: c.workers,
                processes,
                offered_rate: c.rate,
                keys: c.keys,
                repetition: c.repetition,
                probe_of: None,
            },
            engine: c.engine,
            spec: spec.clone(),
            duration_s: suite.duration_s,
        };
        if done.contains(&run.key.id()) {
            progress.finish(None);
            continue;
        }
        // An engine is not run on a plan it declares it cannot run: the run is skipped, with
        // the reason, and has no figures.
        let declared = c.engine.capabilities;
        let unkillable = match run.key.processes > 1 && run.spec.recovery.is_some() {
            false => None,
            true if declared.own_cluster && !declared.own_recovery => {
                Some("it does not recover from the kill of one of its processes")
            }
            true if declared.own_cluster && !run
                    .spec
                    .recovery
                    .as_ref()
                    .is_some_and(|r| r.faults.checkpoint_interval_ms > 0.0) => {
                Some("a crash of its own cluster needs a checkpoint interval (it recovers from its own checkpoints)")
            }
            true if args.hosts.is_some() => Some(
                "crashes are injected only into member processes streambench starts (no --hosts)",
            ),
            true => None,
        };
        let record = match declared.supports_workload(c.workload.name, &c.workload.plan()) {
            _ if unkillable.is_some() => {
                let workload = c.workload.build(&params(&suite, c.rate, c.keys));
                let reason = format!(
                    "{} runs as {} processes: {}",
                    c.engine.name,
                    run.key.processes,
                    unkillable.unwrap_or_default()
                );
                progress.finish(None);
                record(&run, &workload, Outcome::Skipped { reason })
            }
            Err(missing) => {
                let workload = c.workload.build(&params(&suite, c.rate, c.keys));
                let reason = format!("{} {missing}", c.engine.name);
                progress.finish(None);
                record(&run, &workload, Outcome::Skipped { reason })
            }
            Ok(()) => {
                let shared = match &prepared {
                    Some((p, shared)) if same_stream(p, c) => shared.clone(),
                    _ => {
                        // The previous stream is no longer needed: free it before judging
                        // whether the next one fits.
                        prepared = None;
                        let workload = c.workload.build(&params(&suite, c.rate, c.keys));
                        let copies = if c.engine.capabilities.multi_process {
                            copies
                        } else {
                            1
                        };
                        if let Err(reason) = fit::check_source(&workload, suite.payload, copies) {
                            let reason = format!("refused before it started: {reason}");
                            progress.finish(Some(format!("{}: failed: {reason}", run.key.id())));
                            results
                                .runs
                                .push(record(&run, &workload, Outcome::Failed { reason }));
                            results
                                .save(&results_path)
                                .with_context(|| format!("saving {}", results_path.display()))?;
                            continue;
                        }
                        let fresh = Arc::new(OnDemand::new(workload));
                        prepared = Some((*c, fresh.clone()));
                        fresh
                    }
                };
                let procs = match run.key.processes {
                    1 => String::new(),
                    n => format!(" × {n} processes"),
                };
                progress.start(&format!(
                    "{} on {} ({} workers{procs}, {} events/s, {} keys)",
                    c.engine.name, c.workload.name, c.workers, c.rate, c.keys
                ));
                let Some(record) = executor.execute(&run, &shared, &stop) else {
                    break;
                };
                progress.finish(
                    record
                        .outcome
                        .reason()
                        .map(|e| format!("{}: {}: {e}", record.id(), record.outcome.as_str())),
                );
                record
            }
        };
        results.runs.push(record);
        results
            .save(&results_path)
            .with_context(|| format!("saving {}", results_path.display()))?;
    }
    progress.close();
    if stop.load(Ordering::Relaxed) {
        return interrupted(&results, &out);
    }
    finish(&results, &out)
}

/// Writes the report of the finished runs and says how to continue.
fn interrupted(results: &Results, out: &std::path::Path) -> anyhow::Result<()> {
    finish(results, out)?;
    Err(Interrupted(format!(
        "{}: {} finished runs kept; continue with --resume {}",
        crate::interrupt::signal_name(),
        results.runs.len(),
        out.display()
    ))
    .into())
}

/// Bad input when runs of the suite cannot fit in memory and the flags or the suite file
/// are to blame: a `--rate` or `--duration` asks for every run of the suite, so a single
/// run it makes impossible refuses the command; a suite file's rates are its own choice, so
/// it is refused only when not one of its runs fits (nothing would be measured).
fn refuse_if_nothing_fits(
    args: &RunArgs,
    suite: &crate::suite::Suite,
    runs: &[Combination],
    copies: usize,
) -> anyhow::Result<()> {
    let flagged = args.rate.is_some() || args.duration.is_some();
    let mut first = None;
    let mut judged = std::collections::HashMap::new();
    for c in runs {
        let copies = if c.engine.capabilities.multi_process {
            copies
        } else {
            1
        };
        // Runs of one stream fit alike: each stream's results are sampled once.
        let stream = (c.workload.name, c.rate.to_bits(), c.keys, copies);
        let fits = judged.entry(stream).or_insert_with(|| {
            let workload = c.workload.build(&params(suite, c.rate, c.keys));
            fit::check_source(&workload, suite.payload, copies)
        });
        match fits {
            Ok(()) if !flagged => return Ok(()),
            Ok(()) => {}
            Err(reason) => {
                first.get_or_insert((c.rate, reason.clone()));
            }
        }
    }
    let Some((rate, reason)) = first else {
        return Ok(());
    };
    let culprit = match (args.rate.is_some(), args.duration.is_some()) {
        (true, true) => "--rate/--duration".to_string(),
        (true, false) => "--rate".to_string(),
        (false, true) => "--duration".to_string(),
        (false, false) => format!("{}: keys `rates`/`duration_s`", suite.origin),
    };
    Err(bad(format!(
        "{culprit}: {} in memory: {rate} events/s for {} s: {reason}",
        if flagged {
            "a run cannot fit"
        } else {
            "no run fits"
        },
        suite.duration_s
    )))
}

fn same_stream(a: &Combination, b: &Combination) -> bool {
    a.workload.name == b.workload.name && a.rate == b.rate && a.keys == b.keys
}
