//! `streambench simulate`: the cluster model run from a cost profile on N nodes × S slots,
//! written as the same results.json (and report) a measured run has, marked `simulated`.

use crate::error::bad;
use crate::machine::{machine, tool};
use crate::output::{finish, output_dir};
use crate::simulated::Model;
use clap::Args;
use reports::{Results, SuiteInfo, SCHEMA_VERSION};
use simulator::{Change, Partitioning, SimConfig};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};
use workloads::{KeyDistribution, RateShape};

/// Options of `streambench simulate`.
#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// The cost profile (from `streambench calibrate`).
    #[arg(long, value_name = "FILE", required_unless_present = "check")]
    pub profile: Option<PathBuf>,
    /// Nodes at the start; several, comma-separated, make one run each (a scaling sweep
    /// in one results file).
    #[arg(
        long,
        value_name = "N,N",
        value_delimiter = ',',
        required_unless_present = "check",
        allow_negative_numbers = true
    )]
    pub nodes: Vec<i64>,
    /// Check the model against measurements instead: predict every multi-process run of
    /// these results folders from their 1-process run of the same key (calibrated as
    /// `calibrate` does) and write both side by side with the error (`prediction.md`).
    #[arg(
        long,
        value_name = "DIR,DIR",
        value_delimiter = ',',
        conflicts_with_all = ["profile", "nodes", "fail", "add"]
    )]
    pub check: Vec<PathBuf>,
    /// With --check: results folders of multi-process runs through a link of known one-way
    /// delay (`scripts/netns-delay.sh`; `DIR@0` for the relays alone), from which the
    /// network crossings a result waits for are measured (the p50's slope over the delay).
    #[arg(
        long,
        value_name = "DIR@MS,DIR@MS",
        value_delimiter = ',',
        requires = "check"
    )]
    pub crossings_from: Vec<String>,
    /// Task slots per node.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub slots: i64,
    /// Offered rate of the whole cluster, events/s.
    #[arg(
        long,
        value_name = "EVENTS_PER_S",
        default_value_t = 100_000.0,
        allow_negative_numbers = true
    )]
    pub rate: f64,
    /// Seconds of input.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10.0,
        allow_negative_numbers = true
    )]
    pub duration: f64,
    /// Seconds at the start excluded from latency figures.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub warmup: f64,
    /// Distinct keys.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10_000,
        allow_negative_numbers = true
    )]
    pub keys: i64,
    /// Key distribution: `uniform` or `zipf:EXPONENT` (e.g. `zipf:1.1`); several,
    /// comma-separated, make one sweep each.
    #[arg(
        long,
        value_name = "KIND",
        value_delimiter = ',',
        default_value = "uniform"
    )]
    pub distribution: Vec<String>,
    /// Key placement: `consistent` (hash ring with virtual nodes) or `modulo`; both,
    /// comma-separated, make one sweep each (for the report's membership-change chart).
    #[arg(
        long,
        value_name = "KIND",
        value_delimiter = ',',
        default_value = "consistent"
    )]
    pub partitioning: Vec<String>,
    /// Virtual nodes per node on the hash ring.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 128,
        allow_negative_numbers = true
    )]
    pub vnodes: i64,
    /// Copies of each key's state (the owner's and R − 1 replicas).
    #[arg(
        long,
        value_name = "R",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub replication: i64,
    /// Lose node NODE at SECONDS: `NODE@SECONDS`; repeatable.
    #[arg(long, value_name = "NODE@SECS")]
    pub fail: Vec<String>,
    /// Add a node at SECONDS: `@SECONDS`; repeatable.
    #[arg(long, value_name = "@SECS")]
    pub add: Vec<String>,
    /// One-way network latency between nodes, ms.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 0.1,
        allow_negative_numbers = true
    )]
    pub latency_ms: f64,
    /// Each node's network bandwidth, Mbit/s.
    #[arg(
        long,
        value_name = "MBPS",
        default_value_t = 10_000.0,
        allow_negative_numbers = true
    )]
    pub bandwidth_mbps: f64,
    /// Records advance in batches of this many ms of the schedule.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub batch_ms: f64,
    /// Length of one time-series interval, seconds (the membership chart's resolution).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub interval: f64,
    /// Nodes placed on each host (node n on host n / K), sharing its cores.
    #[arg(
        long,
        value_name = "K",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub nodes_per_host: i64,
    /// Cores of each host, shared by its nodes' slots and sources (default: a core for
    /// every thread).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub cores_per_host: Option<f64>,
    /// Every node's source generates the whole stream and injects its share, as the
    /// harness's multi-process runs do (default: each generates only its share).
    #[arg(long)]
    pub whole_stream_sources: bool,
    /// Output folder (default: a fresh folder under results/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write into a non-empty --out folder, replacing its results.
    #[arg(long)]
    pub force: bool,
}

fn count(flag: &str, v: i64) -> anyhow::Result<usize> {
    if v < 1 {
        return Err(bad(format!("{flag}: must be at least 1, not {v}")));
    }
    Ok(v as usize)
}

fn seconds(flag: &str, text: &str) -> anyhow::Result<f64> {
    text.trim().parse::<f64>().map_err(|_| {
        bad(format!(
            "{flag} {text}: `{text}` is not a number of seconds"
        ))
    })
}

/// The deployment the flags describe on `nodes` nodes (every value checked by
/// [`SimConfig::validate`]).
pub fn config(
    args: &SimulateArgs,
    nodes: i64,
    (distribution, partitioning): (&str, &str),
) -> anyhow::Result<SimConfig> {
    let mut changes = Vec::new();
    for f in &args.fail {
        let (node, at) = f
            .split_once('@')
            .ok_or_else(|| bad(format!("--fail {f}: expected NODE@SECONDS, e.g. 3@20")))?;
        let node = node
            .trim()
            .parse::<usize>()
            .map_err(|_| bad(format!("--fail {f}: `{node}` is not a node number")))?;
        changes.push(Change::Fail {
            node,
            at_s: seconds("--fail", at)?,
        });
    }
    for a in &args.add {
        let at = a.strip_prefix('@').unwrap_or(a);
        changes.push(Change::Add {
            at_s: seconds("--add", at)?,
        });
    }
    let distribution = match distribution.split_once(':') {
        None if distribution == "uniform" => KeyDistribution::Uniform,
        Some(("zipf", e)) => match e.parse::<f64>() {
            Ok(exponent) if exponent.is_finite() && exponent > 0.0 => {
                KeyDistribution::Zipf { exponent }
            }
            _ => {
                return Err(bad(format!(
                    "--distribution {distribution}: the Zipf exponent must be a positive number"
                )))
            }
        },
        _ => {
            return Err(bad(format!(
                "--distribution {distribution}: expected `uniform` or `zipf:EXPONENT`"
            )))
        }
    };
    let partitioning = match partitioning {
        "consistent" => Partitioning::Consistent {
            vnodes: count("--vnodes", args.vnodes)?,
        },
        "modulo" => Partitioning::Modulo,
        other => {
            return Err(bad(format!(
                "--partitioning {other}: expected `consistent` or `modulo`"
            )))
        }
    };
    if !(args.rate.is_finite() && args.rate > 0.0) {
        return Err(bad(format!(
            "--rate: must be a positive number, not {}",
            args.rate
        )));
    }
    if !(args.warmup.is_finite() && args.warmup >= 0.0) {
        return Err(bad(format!(
            "--warmup: must be a number at least 0, not {}",
            args.warmup
        )));
    }
    let config = SimConfig {
        nodes: count("--nodes", nodes)?,
        slots: count("--slots", args.slots)?,
        shape: RateShape::constant(args.rate),
        duration_s: args.duration,
        warmup_s: args.warmup,
        keys: count("--keys", args.keys)? as u64,
        distribution,
        partitioning,
        replication: count("--replication", args.replication)?,
        changes,
        latency_s: args.latency_ms / 1e3,
        bandwidth_bytes_per_s: args.bandwidth_mbps * 1e6 / 8.0,
        batch_s: args.batch_ms / 1e3,
        interval_s: args.interval,
        nodes_per_host: count("--nodes-per-host", args.nodes_per_host)?,
        cores_per_host: args.cores_per_host,
        whole_stream_sources: args.whole_stream_sources,
        ..SimConfig::default()
    };
    config.validate().map_err(|e| bad(e.to_string()))?;
    Ok(config)
}

/// Runs the model and writes results.json and the report.
pub fn simulate(args: &SimulateArgs) -> anyhow::Result<()> {
    if !args.check.is_empty() {
        return crate::prediction::check(
            &args.check,
            &args.crossings_from,
            args.out.as_deref(),
            args.force,
        );
    }
    let Some(profile) = &args.profile else {
        return Err(bad("--profile: required (or --check DIR)"));
    };
    // Every deployment is checked before anything runs or is written.
    let mut configs = Vec::new();
    for partitioning in &args.partitioning {
        for distribution in &args.distribution {
            for &n in &args.nodes {
                configs.push(config(args, n, (distribution, partitioning))?);
            }
        }
    }
    let model = Model::load(profile)?;
    let out = output_dir(args.out.as_deref(), args.force)?;
    let mut settings = BTreeMap::new();
    settings.insert("profile".into(), model.path.clone());
    let nodes: Vec<String> = configs.iter().map(|c| c.nodes.to_string()).collect();
    settings.insert("nodes".into(), nodes.join(","));
    settings.insert("slots".into(), configs[0].slots.to_string());
    settings.insert("partitioning".into(), args.partitioning.join(","));
    settings.insert("distribution".into(), args.distribution.join(","));
    settings.insert("replication".into(), configs[0].replication.to_string());
    let mut results = Results {
        schema_version: SCHEMA_VERSION,
        tool: tool(),
        suite: SuiteInfo {
            name: "simulate".into(),
            origin: format!("streambench simulate --profile {}", model.path),
            started_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            settings,
            description: format!("simulated from the cost profile of {}", model.profile),
            source: None,
        },
        machine: machine(),
        runs: Vec::new(),
        sustain: Vec::new(),
    };
    let path = out.join("results.json");
    for config in &configs {
        let run = model.run(config, args.rate)?;
        print_model(config, &run);
        results.runs.push(run);
        // Saved after each run: a long sweep keeps what it has finished.
        results
            .save(&path)
            .map_err(|e| anyhow::anyhow!("writing results: {e}"))?;
    }
    finish(&results, &out)
}

/// What only a simulated run has: the hottest node and each membership change.
fn print_model(config: &SimConfig, run: &reports::Run) {
    let Some(sim) = run.figures().and_then(|f| f.simulation.as_ref()) else {
        println!(
            "simulated {} nodes: {}",
            config.nodes,
            run.outcome.reason().unwrap_or("no figures")
        );
        return;
    };
    let hottest = sim.nodes.iter().map(|n| n.utilisation).fold(0.0, f64::max);
    println!(
        "simulated {} nodes × {} slots ({}, {}): hottest node {:.0} % busy, {:.2e} simulated events/s",
        config.nodes,
        config.slots,
        config.partitioning.name(),
        crate::simulated::distribution_name(config.distribution),
        hottest * 100.0,
        sim.simulated_events_per_s
    );
    for m in &sim.membership {
        println!(
            "{} node {} at {} s: {} of {} keys moved, {} bytes transferred (from {}), paused {:.3} s",
            m.kind, m.node, m.at_s, m.keys_moved, m.keys_total, m.bytes_transferred, m.restored_from, m.pause_s
        );
    }
}
