//! How a run's flags (`--processes`, `--hosts`, `--listen`) become a cluster: the setup, the
//! coordinator that runs the suite's multi-process engines, and how many copies of a stream
//! this machine holds.

use super::{parse_hosts, ClusterSetup, Coordinator};
use crate::cli::RunArgs;
use crate::error::bad;
use crate::suite::{Combination, SuiteSource};
use std::fs;

/// Processes on this machine that hold a multi-process run's stream: every member started
/// here and the coordinator (members on other hosts hold theirs there).
pub fn local_copies(args: &RunArgs) -> anyhow::Result<usize> {
    Ok(match cluster_setup(args)? {
        Some(setup) if setup.hosts.is_none() => setup.processes + 1,
        _ => 1,
    })
}

/// The coordinator for the suite's multi-process engines, when --processes or --hosts ask
/// for one.
pub fn coordinator(
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
    let own = runs.iter().any(|c| c.engine.capabilities.own_cluster);
    if cluster_engines.is_empty() && own && setup.hosts.is_none() {
        return Ok(None);
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

/// The most processes a multi-process run may have: 64 × renoir's 512 ports each is half
/// the port range.
const MAX_PROCESSES: usize = 64;

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
        (Some(n), _) if n > MAX_PROCESSES => {
            return Err(bad(format!(
                "--processes {n}: at most {MAX_PROCESSES} processes (each takes its own ports, \
                 512 for renoir, and its own copy of the stream)"
            )))
        }
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
