//! `streambench run`: resolve the suite, run every combination, write each result as soon as
//! it exists (atomically), and render the report — also after Ctrl-C, from the finished runs.

use crate::blank::run_id;
use crate::cli::RunArgs;
use crate::cluster::{parse_hosts, ClusterSetup, Coordinator, Job};
use crate::error::bad;
use crate::interrupt::stop_flag;
use crate::machine::{machine, tool};
use crate::prepare::Prepared;
use crate::progress::Progress;
use crate::run::{execute, RunSpec};
use crate::suite::{Overrides, Suite, DEFAULT_SUITE};
use anyhow::Context;
use reports::{Results, SuiteInfo, SCHEMA_VERSION};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use workloads::catalog::{self, Params};
use workloads::NANOS_PER_SEC;

/// Reads the suite the arguments name (or the embedded one) and applies the flags.
pub fn load_suite(args: &RunArgs) -> anyhow::Result<Suite> {
    let (text, origin, overrides) = suite_source(args)?;
    Suite::parse(&text, &origin, &overrides).map_err(|e| bad(e.0))
}

/// The suite's text, its origin and the flags that override it: what [`load_suite`] reads,
/// and what member processes are given to read the same suite.
pub fn suite_source(args: &RunArgs) -> anyhow::Result<(String, String, Overrides)> {
    let (text, origin) = match &args.suite {
        Some(p) => (
            fs::read_to_string(p)
                .map_err(|e| bad(format!("--suite {}: cannot read: {e}", p.display())))?,
            p.display().to_string(),
        ),
        None => (
            DEFAULT_SUITE.to_string(),
            "embedded default suite".to_string(),
        ),
    };
    let overrides = Overrides {
        engines: args.engines.clone(),
        workloads: args.workloads.clone(),
        rate: args.rate,
        workers: args.workers,
        duration: args.duration,
        warmup: args.warmup,
        keys: args.keys,
        shape: args.shape.clone(),
        arrivals: args.arrivals.clone(),
    };
    Ok((text, origin, overrides))
}

/// How multi-process engines run, from --processes, --hosts and --listen (`None`: in one
/// process).
pub fn cluster_setup(args: &RunArgs) -> anyhow::Result<Option<ClusterSetup>> {
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

/// The workload parameters of one combination.
pub fn params(suite: &Suite, rate: f64, keys: u64) -> Params {
    Params {
        rate,
        duration: suite.duration_s,
        keys,
        distribution: suite.distribution,
        seed: suite.seed,
        max_delay: suite.max_delay,
        late_fraction: suite.late_fraction,
        shape: suite.shape.clone(),
        arrivals: suite.arrivals,
        payload: suite.payload,
    }
}

/// A run's fixed settings from the suite.
pub fn spec(suite: &Suite, workers: usize, repetition: u32, probe_of: Option<String>) -> RunSpec {
    RunSpec {
        workers,
        warmup_s: suite.warmup_s,
        repetition,
        interval: (suite.interval_s * NANOS_PER_SEC as f64) as u64,
        timeout: Duration::from_secs_f64(suite.timeout_s),
        snapshot_cost: suite.snapshot_cost,
        probe_of,
    }
}

/// Fresh results for a suite.
pub fn new_results(suite: &Suite) -> Results {
    Results {
        schema_version: SCHEMA_VERSION,
        tool: tool(),
        suite: SuiteInfo {
            name: suite.name.clone(),
            origin: suite.origin.clone(),
            started_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            settings: suite.settings(),
        },
        machine: machine(),
        runs: Vec::new(),
        sustain: Vec::new(),
    }
}

/// Runs the suite the arguments describe.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
    let suite = load_suite(args)?;
    let (out, mut results) = match &args.resume {
        Some(dir) => {
            let path = dir.join("results.json");
            let r = Results::load(&path)
                .map_err(|e| bad(format!("--resume {}: {e}", dir.display())))?;
            (writable(dir, "--resume ")?, r)
        }
        None => (output_dir(args.out.as_deref())?, new_results(&suite)),
    };
    let (suite_text, suite_origin, overrides) = suite_source(args)?;
    let mut coordinator = match cluster_setup(args)? {
        None => None,
        Some(setup) => {
            let cluster_engines: Vec<&str> = suite
                .engines
                .iter()
                .filter(|e| engines::registry::find(e).is_some_and(|i| i.multi_process))
                .map(String::as_str)
                .collect();
            if cluster_engines.is_empty() {
                return Err(bad(format!(
                    "--processes {}: none of the engines runs as several processes (those that do: {})",
                    setup.processes,
                    multi_process_engines()
                )));
            }
            if !args.quiet && cluster_engines.len() < suite.engines.len() {
                eprintln!(
                    "streambench: {} run as {} processes; the other engines in one",
                    cluster_engines.join(", "),
                    setup.processes
                );
            }
            let listen = setup.listen.clone();
            Some(
                Coordinator::new(setup)
                    .map_err(|e| bad(format!("--listen {listen}: cannot listen: {e}")))?,
            )
        }
    };
    let results_path = out.join("results.json");
    let done: HashSet<String> = results.runs.iter().map(|r| r.id.clone()).collect();
    let stop = stop_flag();
    let per_rate = suite.workers.len() * suite.engines.len() * suite.repetitions as usize;
    let total = suite.workloads.len() * suite.rates.len() * suite.keys.len() * per_rate;
    if !args.quiet {
        eprintln!(
            "streambench: suite `{}` ({}): {total} runs, {} already done",
            suite.name,
            suite.origin,
            done.len()
        );
    }
    let mut progress = Progress::new(total as u64, args.quiet);
    'suite: for name in &suite.workloads {
        let entry = catalog::find(name).expect("validated");
        for &rate in &suite.rates {
            for &keys in &suite.keys {
                let mut prepared: Option<Arc<Prepared>> = None;
                for &workers in &suite.workers {
                    for engine_name in &suite.engines {
                        let engine = engines::registry::find(engine_name).expect("validated");
                        let cluster = coordinator.as_mut().filter(|_| engine.multi_process);
                        let mut cluster = cluster;
                        for repetition in 0..suite.repetitions {
                            let mut id =
                                run_id(engine.name, entry.name, workers, rate, keys, repetition);
                            if let Some(c) = &cluster {
                                id = format!("{id}/p{}", c.processes());
                            }
                            if done.contains(&id) {
                                progress.finish(None);
                                continue;
                            }
                            let prepared = prepared
                                .get_or_insert_with(|| {
                                    Arc::new(Prepared::new(
                                        entry.build(&params(&suite, rate, keys)),
                                    ))
                                })
                                .clone();
                            let procs = cluster.as_ref().map_or(String::new(), |c| {
                                format!(" × {} processes", c.processes())
                            });
                            progress.start(&format!(
                                "{} on {name} ({workers} workers{procs}, {rate} events/s, {keys} keys)",
                                engine.name
                            ));
                            let spec = spec(&suite, workers, repetition, None);
                            let run = match cluster.as_deref_mut() {
                                None => execute(engine, &spec, &prepared, &stop),
                                Some(c) => {
                                    let job = Job {
                                        suite_text: suite_text.clone(),
                                        suite_origin: suite_origin.clone(),
                                        overrides: overrides.clone(),
                                        engine: engine.name.to_string(),
                                        workload: entry.name.to_string(),
                                        rate,
                                        keys,
                                        workers,
                                        addresses: Vec::new(),
                                    };
                                    c.execute(engine, job, &spec, &prepared, &stop)
                                }
                            };
                            let Some(run) = run else {
                                break 'suite;
                            };
                            progress.finish(
                                run.error
                                    .as_ref()
                                    .map(|e| format!("{}: {}: {e}", run.id, run.status.as_str())),
                            );
                            results.runs.push(run);
                            results
                                .save(&results_path)
                                .with_context(|| format!("saving {}", results_path.display()))?;
                        }
                    }
                }
            }
        }
    }
    progress.close();
    let interrupted = stop.load(Ordering::Relaxed);
    finish(&results, &out)?;
    if interrupted {
        eprintln!(
            "interrupted: {} finished runs kept; continue with --resume {}",
            results.runs.len(),
            out.display()
        );
        std::process::exit(130);
    }
    Ok(())
}

/// Writes the report and exports, prints the table and where everything is.
pub fn finish(results: &Results, out: &Path) -> anyhow::Result<()> {
    reports::export_all(results, out).context("writing the report")?;
    print!("{}", reports::summary_table(results));
    println!("\nresults: {}", out.join("results.json").display());
    println!("report:  {}", out.join("report.html").display());
    Ok(())
}

/// The folder to write into: `--out DIR`, or a fresh `results/<UTC time>` folder. Checked to
/// be writable before anything runs, so a long suite cannot fail at its end for that.
pub fn output_dir(out: Option<&Path>) -> anyhow::Result<PathBuf> {
    let dir = match out {
        Some(d) => d.to_path_buf(),
        None => {
            let unix = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let (y, m, d) = reports::date::civil_from_days((unix / 86_400) as i64);
            let s = unix % 86_400;
            let base = format!(
                "results/{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
                s / 3600,
                s / 60 % 60,
                s % 60
            );
            let mut dir = PathBuf::from(&base);
            let mut n = 2;
            while dir.exists() {
                dir = PathBuf::from(format!("{base}-{n}"));
                n += 1;
            }
            dir
        }
    };
    writable(&dir, if out.is_some() { "--out " } else { "" })
}

fn writable(dir: &Path, flag: &str) -> anyhow::Result<PathBuf> {
    fs::create_dir_all(dir).map_err(|e| {
        bad(format!(
            "{flag}{}: cannot create folder: {e}",
            dir.display()
        ))
    })?;
    let probe = dir.join(".streambench-write-test");
    fs::write(&probe, b"")
        .map_err(|e| bad(format!("{flag}{}: not writable: {e}", dir.display())))?;
    let _ = fs::remove_file(probe);
    Ok(dir.to_path_buf())
}

/// The registered engines that run as several processes, comma-separated.
fn multi_process_engines() -> String {
    engines::ENGINES
        .iter()
        .filter(|e| e.multi_process)
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}
