//! The command line.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Benchmark stream-processing engines on the same workloads, machine and clock.
#[derive(Parser, Debug)]
#[command(name = "streambench", version, args_conflicts_with_subcommands = true)]
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
// Parsed once per process: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Run a suite (the embedded default suite unless --suite is given) and write its report.
    Run(RunArgs),
    /// List the engines and workloads streambench knows.
    List,
    /// Search for the highest rate an engine sustains on a workload under a p99 objective.
    Sustain(SustainArgs),
    /// Re-render report.html and every export of a results folder from its results.json.
    Report {
        /// Folder containing results.json.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Compare two results (folders containing results.json, or the files) metric by metric.
    Compare(CompareArgs),
    /// Every workload with its source settings and plan.
    Workloads,
    /// Run the conformance kit on engines, built-in or external (`--external NAME=COMMAND`):
    /// every case passed, failed or skipped with the reason; exit code 1 on a failure.
    Conform(crate::cmd::conform::ConformArgs),
    /// Write a workload's generated events (and with --outputs the reference results) to stdout.
    Dump(crate::cmd::dump::DumpArgs),
    /// Simulate a plan on N nodes × S slots from a cost profile (`calibrate` writes one),
    /// writing the same results.json and report as a measured run, marked `simulated`.
    Simulate(crate::cmd::simulate::SimulateArgs),
    /// Run an engine on a workload and write the cost profile `simulate` reads.
    Calibrate(crate::cmd::calibrate::CalibrateArgs),
    /// Take part in multi-process runs as one process: what a coordinator (`run --processes N
    /// --hosts FILE`) waits for on each host.
    Member(crate::cmd::member::MemberArgs),
    /// Run the runs a parent `streambench` sends on stdin, one at a time (started by `run`
    /// and `sustain`, so that a run that hangs can be ended by killing this process).
    #[command(hide = true)]
    Worker,
}

/// Options of `streambench sustain`.
#[derive(Args, Debug, Clone)]
pub struct SustainArgs {
    /// The engine.
    #[arg(long)]
    pub engine: String,
    /// The workload.
    #[arg(long)]
    pub workload: String,
    /// The p99 latency objective in ms (default: the suite's `slo_ms`, 1000).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub slo_ms: Option<f64>,
    /// First probed rate, events/s.
    #[arg(
        long,
        default_value_t = 10_000.0,
        value_name = "EVENTS_PER_S",
        allow_negative_numbers = true
    )]
    pub min_rate: f64,
    /// Highest rate probed, events/s.
    #[arg(
        long,
        default_value_t = 50_000_000.0,
        value_name = "EVENTS_PER_S",
        allow_negative_numbers = true
    )]
    pub max_rate: f64,
    /// Stop bisecting when the gap between sustained and failed rates is this fraction.
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub precision: f64,
    /// At most this many probes.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    pub max_probes: usize,
    /// Suite file and overrides (duration, workers, keys, warm-up, out...).
    #[command(flatten)]
    pub suite_args: RunArgs,
}

/// Options of `streambench compare`.
#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    /// The baseline results.
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// The results to judge against the baseline.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Where to write compare.html (default: NEW's folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit with code 1 when any metric regressed by more than PCT percent.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub fail_on_regression: Option<f64>,
    /// Relative change of the means below which a difference is noise, percent.
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub noise: f64,
    /// Key dimensions to leave out of the match, comma-separated (workers, rate, keys,
    /// processes): `--ignore workers` compares 1 worker in BASE with 2 in NEW.
    #[arg(long, value_delimiter = ',', value_name = "DIM,DIM")]
    pub ignore: Vec<String>,
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
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub workers: Option<usize>,
    /// Seconds of input per run.
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub duration: Option<f64>,
    /// Seconds at the start of each run excluded from latency figures.
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub warmup: Option<f64>,
    /// Distinct keys.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub keys: Option<u64>,
    /// Runs of each configuration (at least 2 on each side for `compare` to judge it).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub repetitions: Option<u32>,
    /// Load shape in multiples of the rate, e.g. `sine:amplitude=0.5,period=10` (kinds:
    /// constant, ramp, step, sine, burst, square; see the README).
    #[arg(long, value_name = "SPEC")]
    pub shape: Option<String>,
    /// Arrivals along the shape: `even` or `poisson`.
    #[arg(long, value_name = "KIND")]
    pub arrivals: Option<String>,
    /// Run multi-process engines (timely) as N cooperating processes; other engines run in
    /// one. Without --hosts, streambench starts them on this host.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub processes: Option<usize>,
    /// Hosts file for processes on several machines: one `host:port` per process, in process
    /// order; start `streambench member` on each (see the README).
    #[arg(long, value_name = "FILE")]
    pub hosts: Option<PathBuf>,
    /// Where the coordinator listens for members started with --hosts.
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:7700")]
    pub listen: String,
    /// Output folder (default: a fresh folder under results/).
    #[arg(long, value_name = "DIR", conflicts_with = "resume")]
    pub out: Option<PathBuf>,
    /// Finish an interrupted suite: skip the runs DIR/results.json already holds.
    #[arg(long, value_name = "DIR")]
    pub resume: Option<PathBuf>,
    /// Write into a non-empty --out folder, replacing the results and reports an earlier
    /// run left there (other files are kept).
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
    /// No progress output on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run in-process engines in this process rather than in a worker process: nothing
    /// contains an engine that hangs (its threads stay until the suite ends). For a
    /// debugger, and for measuring what containment costs.
    #[arg(long)]
    pub in_process: bool,
    /// An engine in another process, speaking the wire protocol (docs/protocol.md):
    /// `NAME=COMMAND`, the command split at spaces; repeatable.
    #[arg(long, value_name = "NAME=COMMAND")]
    pub external: Vec<String>,
    /// Crash every run's engine at these seconds from its start, comma-separated (replaces
    /// the suite's `crash_at_s`); it recovers from its latest checkpoint.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SECS,SECS",
        allow_negative_numbers = true
    )]
    pub crash_at: Option<Vec<f64>>,
    /// Checkpoint every run's engine every this many ms, 0 for none (replaces the suite's
    /// `checkpoint_interval_ms`).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub checkpoint_interval_ms: Option<f64>,
    /// The sink's guarantee, `at-least-once` or `exactly-once` (replaces the suite's `sink`).
    #[arg(long, value_name = "GUARANTEE")]
    pub sink: Option<String>,
}
