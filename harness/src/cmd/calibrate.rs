//! `streambench calibrate`: runs an engine on a workload through the same run path as
//! `run` (one process, open loop at the rate given) and writes the cost profile
//! `simulate` reads, derived from the run's measured figures.

use crate::calibration::{exchange_from, profile, Provenance};
use crate::cli::RunArgs;
use crate::cluster::{ClusterSetup, Coordinator};
use crate::error::bad;
use crate::execute::{contained_or_local, Executor, Planned};
use crate::floor::{set_unexplained, Delay};
use crate::interrupt::stop_flag;
use crate::machine::machine;
use crate::prediction::config_for;
use crate::prepare::OnDemand;
use crate::suite::{params, spec, SuiteSource};
use clap::Args;
use reports::RunKey;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Options of `streambench calibrate`.
#[derive(Args, Debug, Clone)]
pub struct CalibrateArgs {
    /// The engine to measure.
    #[arg(long)]
    pub engine: String,
    /// The workload to measure it on.
    #[arg(long)]
    pub workload: String,
    /// Offered rate, events/s (default: the suite's first rate).
    #[arg(long, value_name = "EVENTS_PER_S", allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Seconds of input (default: the suite's).
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub duration: Option<f64>,
    /// Worker threads (default: the suite's first).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub workers: Option<usize>,
    /// Distinct keys (default: the suite's first).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub keys: Option<u64>,
    /// Suite file whose settings the run takes (default: the embedded default suite).
    #[arg(long, value_name = "FILE")]
    pub suite: Option<PathBuf>,
    /// Where to write the profile (default: `profile-ENGINE-WORKLOAD.json`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also run it as N processes on this host and measure what its exchange sends per
    /// record between them (engines that count it: timely).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub processes: Option<i64>,
    /// Run the engine in this process rather than in a worker process.
    #[arg(long)]
    pub in_process: bool,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs the engine once and writes its profile.
pub fn calibrate(args: &CalibrateArgs) -> anyhow::Result<()> {
    let run_args = RunArgs {
        suite: args.suite.clone(),
        engines: Some(vec![args.engine.clone()]),
        workloads: Some(vec![args.workload.clone()]),
        rate: args.rate,
        duration: args.duration,
        workers: args.workers,
        keys: args.keys,
        quiet: args.quiet,
        in_process: args.in_process,
        ..RunArgs::default()
    };
    let source = SuiteSource::of(&run_args)?;
    let suite = source.suite().map_err(|e| bad(e.0))?;
    let engine = engines::registry::find(&args.engine).expect("validated by the suite");
    let entry = workloads::catalog::find(&args.workload).expect("validated by the suite");
    let rate = args
        .rate
        .or(suite.rates.first().copied())
        .ok_or_else(|| bad("--rate: the suite names no rate (a capacity suite): give one"))?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!("profile-{}-{}.json", args.engine, args.workload))
    });
    let p = params(&suite, rate, suite.keys[0]);
    let workload = entry.build(&p);
    let planned = Planned {
        key: RunKey {
            engine: engine.name.into(),
            workload: entry.name.into(),
            workers: suite.workers[0],
            processes: 1,
            offered_rate: rate,
            keys: suite.keys[0],
            repetition: 0,
            probe_of: None,
        },
        engine,
        spec: spec(&suite),
        duration_s: p.duration,
    };
    let processes = match args.processes {
        None | Some(1) => None,
        Some(n) if (2..=64).contains(&n) && engine.capabilities.multi_process => Some(n as usize),
        Some(n) if (2..=64).contains(&n) => {
            return Err(bad(format!(
                "--processes {n}: {} does not run as several processes",
                engine.name
            )))
        }
        Some(n) => return Err(bad(format!("--processes {n}: must be 1 to 64"))),
    };
    if !args.quiet {
        eprintln!(
            "calibrate: {} on {} at {rate:.0} events/s",
            engine.name, entry.name
        );
    }
    let mut executor = contained_or_local(&run_args, source.clone());
    let stop = stop_flag();
    let run = executor
        .execute(&planned, &OnDemand::new(workload.clone()), &stop)
        .ok_or_else(|| crate::error::Interrupted("calibrate: interrupted".into()))?;
    let m = machine();
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (y, mo, d) = reports::date::civil_from_days(days as i64);
    let stream = workload.source.generate();
    let provenance = Provenance {
        machine: format!("{} ({} cores)", m.cpu, m.cores),
        date: format!("{y:04}-{mo:02}-{d:02}"),
        window: p.window,
    };
    let mut profile = profile(&run, &workload, &stream, provenance).map_err(anyhow::Error::msg)?;
    let cores = m.cores.max(1) as f64;
    // The floor is measured on this run: calibrate at a rate well below capacity.
    let config = config_for(&suite, &run, 1, cores);
    println!(
        "{}",
        set_unexplained(&mut profile, Delay::Floor, &config, &run)
    );
    if let Some(n) = processes {
        let setup = ClusterSetup {
            processes: n,
            hosts: None,
            listen: "127.0.0.1:0".into(),
        };
        let mut cluster = Coordinator::new(setup, source)
            .map_err(|e| anyhow::anyhow!("calibrate --processes {n}: {e}"))?;
        let mut many = planned.clone();
        many.key.processes = n;
        if !args.quiet {
            eprintln!("calibrate: the same as {n} processes, for the exchange");
        }
        let many_run = cluster
            .execute(&many, &OnDemand::new(workload.clone()), &stop)
            .ok_or_else(|| crate::error::Interrupted("calibrate: interrupted".into()))?;
        let stages = simulator::Stages::new(&workload.plan, &profile, &out.display().to_string())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("{}", exchange_from(&mut profile, &many_run, &run, &stages));
        let config = config_for(&suite, &many_run, n, cores);
        println!(
            "{}",
            set_unexplained(&mut profile, Delay::Exchange, &config, &many_run)
        );
    }
    profile.save(&out).map_err(|e| bad(e.to_string()))?;
    let rate_of = |o: &simulator::OperatorCost| {
        o.true_rate_eps
            .map_or("folded".to_string(), |r| format!("{r:.0} records/s"))
    };
    for o in &profile.operators {
        println!(
            "{:>12}: true rate {}, output ratio {:.4}",
            o.operator,
            rate_of(o),
            o.output_ratio
        );
    }
    println!("profile: {}", out.display());
    Ok(())
}
