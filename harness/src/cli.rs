//! The command line.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Benchmark stream-processing engines on the same workloads, machine and clock.
#[derive(Parser, Debug)]
#[command(
    name = "streambench",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; `run` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `run`'s options, accepted without the word `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a suite (the embedded default suite unless --suite is given) and write its report.
    Run(RunArgs),
    /// List the engines and workloads streambench knows.
    List,
    /// Every workload with its source settings and plan.
    Workloads,
    /// Write a workload's generated events (and with --outputs the reference results) to stdout.
    Dump(crate::dump::DumpArgs),
}

/// Options of `streambench run`; each flag overrides the suite's value.
#[derive(Args, Debug, Default, Clone)]
pub struct RunArgs {
    /// Suite file (TOML); the embedded default suite when omitted.
    #[arg(long, value_name = "FILE")]
    pub suite: Option<PathBuf>,
    /// Engines to run, comma-separated (`all` for every registered engine).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub engines: Option<Vec<String>>,
    /// Workloads to run, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "X,Y")]
    pub workloads: Option<Vec<String>>,
    /// Offered rate in events per second.
    #[arg(long, value_name = "EVENTS_PER_S", allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Worker threads per engine.
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Seconds of input per run.
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub duration: Option<f64>,
    /// Seconds at the start of each run excluded from latency figures.
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub warmup: Option<f64>,
    /// Load shape in multiples of the rate, e.g. `sine:amplitude=0.5,period=10` (kinds:
    /// constant, ramp, step, sine, burst, square; see the README).
    #[arg(long, value_name = "SPEC")]
    pub shape: Option<String>,
    /// Arrivals along the shape: `even` or `poisson`.
    #[arg(long, value_name = "KIND")]
    pub arrivals: Option<String>,
    /// Output folder (default: a fresh folder under results/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
