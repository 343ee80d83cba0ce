//! The modelled deployment and workload, and the one check of every value in it.

use workloads::{KeyDistribution, RateShape};

/// How keys are assigned to nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partitioning {
    /// A hash ring with this many virtual nodes per node: a membership change moves about
    /// 1/N of the keys.
    Consistent {
        /// Virtual nodes per node.
        vnodes: usize,
    },
    /// `hash(key) mod N`: a membership change moves almost every key.
    Modulo,
}

impl Partitioning {
    /// `consistent` or `modulo`.
    pub fn name(self) -> &'static str {
        match self {
            Partitioning::Consistent { .. } => "consistent",
            Partitioning::Modulo => "modulo",
        }
    }
}

/// A membership change at a time of the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    /// Node `node` is lost at `at_s` seconds.
    Fail {
        /// The node.
        node: usize,
        /// Seconds from the start.
        at_s: f64,
    },
    /// A node joins at `at_s` seconds.
    Add {
        /// Seconds from the start.
        at_s: f64,
    },
}

impl Change {
    /// When it happens, seconds from the start.
    pub fn at_s(self) -> f64 {
        match self {
            Change::Fail { at_s, .. } | Change::Add { at_s } => at_s,
        }
    }
}

/// A simulated deployment: cluster, network, workload and fault settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// Nodes at the start.
    pub nodes: usize,
    /// Task slots per node (each a server of the keyed stage).
    pub slots: usize,
    /// The offered rate over time, events per second (the whole cluster's).
    pub shape: RateShape,
    /// Seconds of scheduled input.
    pub duration_s: f64,
    /// Seconds at the start excluded from latency figures.
    pub warmup_s: f64,
    /// Distinct keys.
    pub keys: u64,
    /// How keys are drawn.
    pub distribution: KeyDistribution,
    /// Key placement.
    pub partitioning: Partitioning,
    /// Copies of each key's state: the owner's and R − 1 replicas.
    pub replication: usize,
    /// Node losses and additions.
    pub changes: Vec<Change>,
    /// One-way latency between two nodes, seconds.
    pub latency_s: f64,
    /// Each node's network bandwidth, bytes per second (each direction).
    pub bandwidth_bytes_per_s: f64,
    /// Records advance in batches of this many seconds of schedule.
    pub batch_s: f64,
    /// Records a task's input queue holds before its senders must wait (back-pressure).
    pub queue_capacity: f64,
    /// Largest event-time disorder, seconds: the watermark trails the schedule by it.
    pub max_delay_s: f64,
    /// Seconds between the sources' watermarks.
    pub watermark_interval_s: f64,
    /// Seconds between checkpoints (recovery without a replica replays since the last).
    pub checkpoint_interval_s: f64,
    /// Seconds until a lost node is noticed.
    pub detection_s: f64,
    /// Length of one time-series interval, seconds.
    pub interval_s: f64,
    /// Seed of the key hashes.
    pub seed: u64,
    /// Nodes placed on each host (node `n` on host `n / nodes_per_host`); they share the
    /// host's cores.
    pub nodes_per_host: usize,
    /// Cores of each host, shared by the threads of its nodes (each node's slots and its
    /// source); `None`: a core for every thread, nothing shared.
    pub cores_per_host: Option<f64>,
    /// Every node's source generates the whole stream and injects its share (how the
    /// harness's multi-process runs work); otherwise each generates only its share.
    pub whole_stream_sources: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            nodes: 1,
            slots: 1,
            shape: RateShape::constant(100_000.0),
            duration_s: 10.0,
            warmup_s: 1.0,
            keys: 10_000,
            distribution: KeyDistribution::Uniform,
            partitioning: Partitioning::Consistent { vnodes: 128 },
            replication: 1,
            changes: Vec::new(),
            latency_s: 0.000_1,
            bandwidth_bytes_per_s: 10e9 / 8.0,
            batch_s: 0.001,
            queue_capacity: 100_000.0,
            max_delay_s: 0.01,
            watermark_interval_s: 0.05,
            checkpoint_interval_s: 10.0,
            detection_s: 0.5,
            interval_s: 1.0,
            seed: 1,
            nodes_per_host: 1,
            cores_per_host: None,
            whole_stream_sources: false,
        }
    }
}

/// A deployment the model cannot run; each message names the flag that set the value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{flag}: {message}")]
pub struct SimError {
    /// The flag (or setting) at fault, e.g. `--nodes`.
    pub flag: &'static str,
    /// What is wrong with it.
    pub message: String,
}

fn err(flag: &'static str, message: impl Into<String>) -> SimError {
    SimError {
        flag,
        message: message.into(),
    }
}

fn positive(flag: &'static str, v: f64) -> Result<(), SimError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(err(flag, format!("must be a positive number, not {v}")))
    }
}

impl SimConfig {
    /// Checks every value; the first problem is the one reported.
    pub fn validate(&self) -> Result<(), SimError> {
        if self.nodes == 0 {
            return Err(err("--nodes", "must be at least 1"));
        }
        if self.slots == 0 {
            return Err(err("--slots", "must be at least 1"));
        }
        positive("--rate", self.shape.integral(self.duration_s.max(1e-9)))?;
        positive("--duration", self.duration_s)?;
        positive("--bandwidth-mbps", self.bandwidth_bytes_per_s)?;
        positive("--batch-ms", self.batch_s)?;
        positive("queue capacity", self.queue_capacity)?;
        positive("watermark interval", self.watermark_interval_s)?;
        positive("checkpoint interval", self.checkpoint_interval_s)?;
        positive("--interval", self.interval_s)?;
        if !(self.latency_s.is_finite() && self.latency_s >= 0.0) {
            return Err(err("--latency-ms", "must be a number at least 0"));
        }
        if self.keys == 0 {
            return Err(err("--keys", "must be at least 1"));
        }
        if self.nodes_per_host == 0 {
            return Err(err("--nodes-per-host", "must be at least 1"));
        }
        if let Some(c) = self.cores_per_host {
            positive("--cores-per-host", c)?;
        }
        if self.replication == 0 {
            return Err(err("--replication", "must be at least 1"));
        }
        if let Partitioning::Consistent { vnodes: 0 } = self.partitioning {
            return Err(err("--vnodes", "must be at least 1"));
        }
        self.validate_changes()
    }

    fn validate_changes(&self) -> Result<(), SimError> {
        let mut changes = self.changes.clone();
        changes.sort_by(|a, b| a.at_s().total_cmp(&b.at_s()));
        let (mut members, mut next_id) = (self.nodes, self.nodes);
        let mut lost = Vec::new();
        if self.replication > self.nodes {
            return Err(err(
                "--replication",
                format!(
                    "{} copies need at least as many nodes, not {}",
                    self.replication, self.nodes
                ),
            ));
        }
        for c in changes {
            let at = c.at_s();
            let flag = if matches!(c, Change::Fail { .. }) {
                "--fail"
            } else {
                "--add"
            };
            if !(at.is_finite() && at > 0.0 && at < self.duration_s) {
                return Err(err(
                    flag,
                    format!(
                        "time {at} s is outside the run (0 to {} s)",
                        self.duration_s
                    ),
                ));
            }
            match c {
                Change::Fail { node, .. } => {
                    if node >= next_id || lost.contains(&node) {
                        return Err(err(
                            "--fail",
                            format!("node {node} is not a member at {at} s"),
                        ));
                    }
                    if members <= self.replication.max(1) {
                        return Err(err("--fail", format!("losing node {node} at {at} s leaves fewer nodes than --replication {}", self.replication)));
                    }
                    lost.push(node);
                    members -= 1;
                }
                Change::Add { .. } => {
                    members += 1;
                    next_id += 1;
                }
            }
        }
        Ok(())
    }

    /// Nodes that ever exist: the first ones and every addition.
    pub fn node_ids(&self) -> usize {
        self.nodes
            + self
                .changes
                .iter()
                .filter(|c| matches!(c, Change::Add { .. }))
                .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag_of(c: SimConfig) -> &'static str {
        c.validate().unwrap_err().flag
    }

    #[test]
    fn every_bad_value_names_its_flag() {
        let ok = SimConfig::default();
        assert!(ok.validate().is_ok());
        assert_eq!(
            flag_of(SimConfig {
                nodes: 0,
                ..ok.clone()
            }),
            "--nodes"
        );
        assert_eq!(
            flag_of(SimConfig {
                slots: 0,
                ..ok.clone()
            }),
            "--slots"
        );
        let zero = RateShape::constant(0.0);
        assert_eq!(
            flag_of(SimConfig {
                shape: zero,
                ..ok.clone()
            }),
            "--rate"
        );
        let hosts = SimConfig {
            nodes_per_host: 0,
            ..ok.clone()
        };
        assert_eq!(flag_of(hosts), "--nodes-per-host");
        let cores = SimConfig {
            cores_per_host: Some(0.0),
            ..ok.clone()
        };
        assert_eq!(flag_of(cores), "--cores-per-host");
        let neg = SimConfig {
            bandwidth_bytes_per_s: -1.0,
            ..ok.clone()
        };
        assert_eq!(flag_of(neg), "--bandwidth-mbps");
        assert_eq!(
            flag_of(SimConfig {
                replication: 2,
                ..ok.clone()
            }),
            "--replication"
        );
        let late = vec![Change::Fail {
            node: 0,
            at_s: 10.0,
        }];
        let c = SimConfig {
            nodes: 2,
            changes: late,
            ..ok.clone()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("outside the run"));
        let twice = vec![
            Change::Fail { node: 1, at_s: 1.0 },
            Change::Fail { node: 1, at_s: 2.0 },
        ];
        assert_eq!(
            flag_of(SimConfig {
                nodes: 3,
                changes: twice,
                ..ok.clone()
            }),
            "--fail"
        );
    }

    #[test]
    fn an_added_node_can_fail_later() {
        let changes = vec![
            Change::Add { at_s: 1.0 },
            Change::Fail { node: 2, at_s: 2.0 },
        ];
        let c = SimConfig {
            nodes: 2,
            changes,
            ..SimConfig::default()
        };
        assert!(c.validate().is_ok());
        assert_eq!(c.node_ids(), 3);
    }
}
