//! `streambench run`: resolve the suite, run every combination, write each result as soon as
//! it exists, then render the report.

use crate::check::Expected;
use crate::cli::RunArgs;
use crate::error::bad;
use crate::machine::{machine, tool};
use crate::run::{execute, RunSpec};
use crate::suite::{Overrides, Suite, DEFAULT_SUITE};
use anyhow::Context;
use reports::{Results, SuiteInfo, SCHEMA_VERSION};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use workloads::catalog::{self, Params};
use workloads::reference::evaluate;

/// Runs the suite the arguments describe.
pub fn run(args: &RunArgs) -> anyhow::Result<()> {
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
        shape: args.shape.clone(),
        arrivals: args.arrivals.clone(),
    };
    let suite = Suite::parse(&text, &origin, &overrides).map_err(|e| bad(e.0))?;
    let started_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let out = output_dir(args.out.as_deref(), started_unix)?;
    let results_path = out.join("results.json");
    let mut results = Results {
        schema_version: SCHEMA_VERSION,
        tool: tool(),
        suite: SuiteInfo {
            name: suite.name.clone(),
            origin: suite.origin.clone(),
            started_unix,
            settings: suite.settings(),
        },
        machine: machine(),
        runs: Vec::new(),
        sustain: Vec::new(),
    };
    let total = suite.workloads.len()
        * suite.rates.len()
        * suite.workers.len()
        * suite.engines.len()
        * suite.repetitions as usize;
    eprintln!(
        "streambench: suite `{}` ({origin}): {total} runs",
        suite.name
    );
    if !suite.description.is_empty() {
        eprintln!("  {}", suite.description);
    }
    for name in &suite.workloads {
        let entry = catalog::find(name).expect("validated");
        for &rate in &suite.rates {
            let params = Params {
                rate,
                duration: suite.duration_s,
                keys: suite.keys,
                distribution: suite.distribution,
                seed: suite.seed,
                max_delay: suite.max_delay,
                late_fraction: suite.late_fraction,
                shape: suite.shape.clone(),
                arrivals: suite.arrivals,
                payload: suite.payload,
            };
            let workload = entry.build(&params);
            let stream = workload.source.generate();
            let expected = Expected::new(&evaluate(&workload.plan, &stream));
            for &workers in &suite.workers {
                for engine_name in &suite.engines {
                    let engine = engines::registry::find(engine_name).expect("validated");
                    for repetition in 0..suite.repetitions {
                        let spec = RunSpec {
                            workload: workload.clone(),
                            workers,
                            warmup_s: suite.warmup_s,
                            repetition,
                        };
                        eprintln!(
                            "[{}/{total}] {} on {} ({} workers, {rate} events/s)",
                            results.runs.len() + 1,
                            engine.name,
                            name,
                            workers
                        );
                        let run = execute(engine, &spec, &stream, &expected);
                        if let Some(e) = &run.error {
                            eprintln!("  {}: {e}", run.status.as_str());
                        }
                        results.runs.push(run);
                        results
                            .save(&results_path)
                            .with_context(|| format!("saving {}", results_path.display()))?;
                    }
                }
            }
        }
    }
    reports::export_all(&results, &out).context("writing the report")?;
    print!("{}", reports::summary_table(&results));
    println!("\nresults: {}", results_path.display());
    println!("report:  {}", out.join("report.html").display());
    Ok(())
}

/// The folder to write into: `--out DIR`, or a fresh `results/<UTC time>` folder. Checked to
/// be writable before anything runs, so a long suite cannot fail at its end for that.
fn output_dir(out: Option<&Path>, unix: u64) -> anyhow::Result<PathBuf> {
    let dir = match out {
        Some(d) => d.to_path_buf(),
        None => {
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
    let flag = if out.is_some() { "--out " } else { "" };
    fs::create_dir_all(&dir).map_err(|e| {
        bad(format!(
            "{flag}{}: cannot create folder: {e}",
            dir.display()
        ))
    })?;
    let probe = dir.join(".streambench-write-test");
    fs::write(&probe, b"")
        .map_err(|e| bad(format!("{flag}{}: not writable: {e}", dir.display())))?;
    let _ = fs::remove_file(probe);
    Ok(dir)
}
