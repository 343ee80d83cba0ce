//! One process of a multi-process renoir job on TCP, without renoir's ssh launcher.
//!
//! Every process builds the same job from the same plan and options and runs its share of
//! every block's replicas (`options.workers` per process, so replica ids are local and the
//! engine handle feeds its own sources). renoir assigns each process a range of TCP ports
//! from its `base_port` (one per incoming connection of each local block replica, in an order
//! every process computes alike) and connects the processes itself, retrying for a while, so
//! they may start in any order.

use super::engine::Renoir;
use crate::{EngineError, EngineOptions, Sink};
use renoir::config::{ConfigBuilder, HostConfig};
use renoir::RuntimeConfig;
use std::sync::Arc;
use workloads::Plan;

/// renoir's configuration for process `process` of a cluster whose processes listen at
/// `addresses` (`host:base_port` each, in process order), each running `workers` replicas.
///
/// The host id is given here rather than through renoir's `NOIR_HOST_ID`/`NOIR_CONFIG`
/// environment variables, which only `RuntimeConfig::remote` reads.
pub fn cluster_config(
    process: usize,
    addresses: &[String],
    workers: usize,
) -> Result<RuntimeConfig, EngineError> {
    let option = |reason: String| EngineError::Option {
        name: "cluster".into(),
        reason,
    };
    if process >= addresses.len() {
        return Err(option(format!(
            "process {process} of {} addresses",
            addresses.len()
        )));
    }
    let hosts = addresses
        .iter()
        .map(|a| {
            let (host, port) = a
                .rsplit_once(':')
                .ok_or_else(|| option(format!("`{a}` is not host:port")))?;
            let base_port = port
                .parse()
                .map_err(|_| option(format!("`{a}` has no valid port")))?;
            Ok(HostConfig {
                address: host.to_string(),
                base_port,
                num_cores: workers as u64,
                ssh: Default::default(),
                perf_path: None,
            })
        })
        .collect::<Result<Vec<_>, EngineError>>()?;
    ConfigBuilder::new_remote()
        .add_hosts(&hosts)
        .host_id(process as u64)
        .build()
        .map_err(|e| option(e.to_string()))
}

impl Renoir {
    /// Starts process `process` (of `addresses.len()`) of a multi-process job for `plan`.
    ///
    /// Every process must be given the same plan, options and addresses, every watermark
    /// (each process's stateful replicas look causes up in their own table) and a share of
    /// the events; `finish` returns once the whole job has ended, in every process. Results
    /// reach each process's sink from the replicas that process runs.
    pub fn new_cluster(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
        process: usize,
        addresses: &[String],
    ) -> Result<Self, EngineError> {
        let config = cluster_config(process, addresses, options.workers.max(1))?;
        Self::start(plan, options, sink, config)
    }
}
