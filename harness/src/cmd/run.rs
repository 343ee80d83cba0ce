//! `streambench run`: a loop over the suite's matrix that hands each run to its executor
//! (this process, or the multi-process coordinator for engines that run as a cluster),
//! writes each result as soon as it exists, and renders the report — also after Ctrl-C,
//! from the finished runs.

use crate::cli::RunArgs;
use crate::cluster::{parse_hosts, ClusterSetup, Coordinator};
use crate::error::{bad, Interrupted};
use crate::execute::{record, Executor, Local, Planned};
use crate::interrupt::stop_flag;
use crate::output::{finish, new_results, output_dir, writable};
use crate::prepare::Prepared;
use crate::progress::Progress;
use crate::suite::{matrix, params, spec, Combination, SuiteSource};
use anyhow::Context;
use reports::{Outcome, Results, RunKey};
use std::collections::HashSet;
use std::fs;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Runs the suite the arguments describe.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let source = SuiteSource::of(args)?;
    let suite = source.suite().map_err(|e| bad(e.0))?;
    let (out, mut results) = match &args.resume {
        Some(dir) => {
            let path = dir.join("results.json");
            let r = Results::load(&path)
                .map_err(|e| bad(format!("--resume {}: {e}", dir.display())))?;
            (writable(dir, "--resume ")?, r)
        }
        None => (
            output_dir(args.out.as_deref(), args.force)?,
            new_results(&suite),
        ),
    };
    let runs = matrix(&suite);
    let mut coordinator = coordinator(args, &runs, source)?;
    let mut local = Local;
    let results_path = out.join("results.json");
    let done: HashSet<String> = results.runs.iter().map(|r| r.id()).collect();
    let stop = stop_flag();
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
    let spec = spec(&suite);
    // Runs of one workload, rate and keys share one generated stream.
    let mut prepared: Option<(Combination, Arc<Prepared>)> = None;
    for c in &runs {
        let executor: &mut dyn Executor = match coordinator.as_mut() {
            Some(co) if c.engine.capabilities.multi_process => co,
            _ => &mut local,
        };
        let run = Planned {
            key: RunKey {
                engine: c.engine.name.to_string(),
                workload: c.workload.name.to_string(),
                workers: c.workers,
                processes: executor.processes(),
                offered_rate: c.rate,
                keys: c.keys,
                repetition: c.repetition,
                probe_of: None,
            },
            engine: c.engine,
            spec: spec.clone(),
        };
        if done.contains(&run.key.id()) {
            progress.finish(None);
            continue;
        }
        // An engine is not run on a plan it declares it cannot run: the run is skipped, with
        // the reason, and has no figures.
        let declared = c.engine.capabilities;
        let record = match declared.supports_workload(c.workload.name, &c.workload.plan()) {
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
                        let fresh = Arc::new(Prepared::new(
                            c.workload.build(&params(&suite, c.rate, c.keys)),
                        ));
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
    finish(&results, &out)?;
    if stop.load(Ordering::Relaxed) {
        return Err(Interrupted(format!(
            "interrupted: {} finished runs kept; continue with --resume {}",
            results.runs.len(),
            out.display()
        ))
        .into());
    }
    Ok(())
}

fn same_stream(a: &Combination, b: &Combination) -> bool {
    a.workload.name == b.workload.name && a.rate == b.rate && a.keys == b.keys
}

/// The coordinator for the suite's multi-process engines, when --processes or --hosts ask
/// for one.
fn coordinator(
    args: &RunArgs,
    runs: &[Combination],
    source: SuiteSource,
) -> anyhow::Result<Option<Coordinator>> {
    let Some(setup) = cluster_setup(args)? else {
        return Ok(None);
    };
    let mut cluster_engines: Vec<&str> = Vec::new();
    for c in runs.iter().filter(|c| c.engine.capabilities.multi_process) {
        if !cluster_engines.contains(&c.engine.name) {
            cluster_engines.push(c.engine.name);
        }
    }
    if cluster_engines.is_empty() {
        let able: Vec<&str> = engines::ENGINES
            .iter()
            .filter(|e| e.capabilities.multi_process)
            .map(|e| e.name)
            .collect();
        return Err(bad(format!(
            "--processes {}: none of the engines runs as several processes (those that do: {})",
            setup.processes,
            able.join(", ")
        )));
    }
    if !args.quiet && runs.iter().any(|c| !c.engine.capabilities.multi_process) {
        eprintln!(
            "streambench: {} run as {} processes; the other engines in one",
            cluster_engines.join(", "),
            setup.processes
        );
    }
    let listen = setup.listen.clone();
    Coordinator::new(setup, source)
        .map(Some)
        .map_err(|e| bad(format!("--listen {listen}: cannot listen: {e}")))
}

/// How multi-process engines run, from --processes, --hosts and --listen (`None`: in one
/// process).
fn cluster_setup(args: &RunArgs) -> anyhow::Result<Option<ClusterSetup>> {
    let hosts = match &args.hosts {
        Some(p) => {
            let text = fs::read_to_string(p)
                .map_err(|e| bad(format!("--hosts {}: cannot read: {e}", p.display())))?;
            Some(parse_hosts(&text).map_err(|e| bad(format!("--hosts {}: {e}", p.display())))?)
        }
        None => None,
    };
    let processes = match (args.processes, &hosts) {
        (Some(0), _) => return Err(bad("--processes 0: need at least 1")),
        (Some(n), Some(h)) if n != h.len() => {
            return Err(bad(format!(
                "--processes {n}, but the hosts file lists {} processes",
                h.len()
            )))
        }
        (Some(n), _) => n,
        (None, Some(h)) => h.len(),
        (None, None) => 1,
    };
    if processes == 1 && hosts.is_none() {
        return Ok(None);
    }
    Ok(Some(ClusterSetup {
        processes,
        hosts,
        listen: args.listen.clone(),
    }))
}
