//! What a simulated run adds to its record: the model it ran (in its parameters) and the
//! figures only a model can give (in its figures): per-node utilisation and state, and
//! what each membership change moved.

use serde::{Deserialize, Serialize};

/// How a simulated run was produced: the cost profile and the modelled cluster. Present in
/// a run's parameters exactly when the run was simulated rather than measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulated {
    /// The cost profile file it used.
    pub profile: String,
    /// The machine the profile was measured on.
    pub profile_machine: String,
    /// When the profile was measured (UTC, `YYYY-MM-DD`).
    pub profile_date: String,
    /// Nodes modelled (at the start of the run).
    pub nodes: usize,
    /// Task slots per node.
    pub slots: usize,
    /// `consistent` or `modulo`.
    pub partitioning: String,
    /// How keys were drawn: `uniform` or `zipf:EXPONENT` (empty in files written before it
    /// was recorded: uniform).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub distribution: String,
    /// Copies of each key's state (1: no replica).
    pub replication: usize,
    /// One-way network latency between nodes, ms.
    pub latency_ms: f64,
    /// Each node's network bandwidth, Mbit/s.
    pub bandwidth_mbps: f64,
    /// Simulated records advance in batches of this many ms of schedule.
    pub batch_ms: f64,
}

impl Simulated {
    /// What tells simulated runs of one key apart, in order: `sim`, then the key
    /// distribution and the placement when they are not the defaults (uniform, consistent).
    pub fn label_parts(&self) -> Vec<String> {
        let mut parts = vec!["sim".to_owned()];
        if !self.distribution.is_empty() && self.distribution != "uniform" {
            parts.push(self.distribution.clone());
        }
        if !self.partitioning.is_empty() && self.partitioning != "consistent" {
            parts.push(self.partitioning.clone());
        }
        parts
    }
}

/// Figures of a simulated run beyond those every run has.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationFigures {
    /// One entry per node that existed during the run, by node id.
    pub nodes: Vec<NodeFigures>,
    /// Each node loss or addition, in time order.
    pub membership: Vec<MembershipChange>,
    /// Bytes sent between nodes by the key exchange.
    pub exchange_bytes: u64,
    /// Bytes sent to replicas (R − 1 per state update).
    pub replica_bytes: u64,
    /// Events the simulator advanced per second of its own wall-clock time.
    pub simulated_events_per_s: f64,
}

/// One node of a simulated run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeFigures {
    /// Node id (0-based; added nodes take the next ids).
    pub node: usize,
    /// Busy share of its slots' time while it was a member, 0–1.
    pub utilisation: f64,
    /// Records its tasks processed.
    pub records: u64,
    /// Largest state it held, bytes (replicas included).
    pub state_bytes_peak: u64,
    /// State it held at the end of input, bytes.
    pub state_bytes_end: u64,
}

/// A node lost or added during a simulated run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipChange {
    /// Seconds from the start of the run.
    pub at_s: f64,
    /// `fail` or `add`.
    pub kind: String,
    /// The node lost or added.
    pub node: usize,
    /// Keys whose owner changed.
    pub keys_moved: u64,
    /// Keys in the workload.
    pub keys_total: u64,
    /// State bytes sent over the network to the keys' new owners.
    pub bytes_transferred: u64,
    /// Where the moved state came from: `replica`, `checkpoint` or `owner` (an addition).
    pub restored_from: String,
    /// Seconds from the change until the moved keys were served again.
    pub pause_s: f64,
}
