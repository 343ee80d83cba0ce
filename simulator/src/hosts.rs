//! Hosts: nodes placed on the same host share its cores. Why a limit on injection rather
//! than slower servers: when the threads of a host's nodes want more CPU than it has, the
//! operating system shares it out and the whole host processes at most `cores` seconds of
//! work per second; the sources, which feed every node, are then held back to that rate
//! and the schedule's records queue in the drivers, as back-pressure does in a real run.
//! Below that limit every thread runs as if alone: the latency of waiting for a core at
//! partial load is not modelled here, only carried, measured, by a profile's load curve
//! (`crate::delay`).

use crate::tasks::Cluster;

/// What one event of the stream costs each node, CPU seconds, apart from its keyed tasks.
#[derive(Clone, Copy, Debug)]
pub struct EventCost {
    /// The node's source generating it (every node when each generates the whole stream).
    pub generate_s: f64,
    /// The node's share of the source stage (stateless operators, sending across the
    /// exchange).
    pub source_s: f64,
    /// Seconds per record the keyed stage sends a task (its processing and receiving, and
    /// sending its replica updates).
    pub per_task_record_s: f64,
    /// Seconds per state update a replica applies.
    pub replica_apply_s: f64,
    /// Records per event sent to the keyed stage.
    pub exchanged: f64,
}

/// Events of the whole stream the busiest host can take per `batch_s` with `cores` each
/// (`nodes_per_host` nodes per host); infinite when nothing is shared.
pub fn capacity(
    c: &Cluster,
    cores: Option<f64>,
    nodes_per_host: usize,
    cost: EventCost,
    batch_s: f64,
) -> f64 {
    let Some(cores) = cores else {
        return f64::INFINITY;
    };
    let per_host = nodes_per_host.max(1);
    let hosts = c.alive.len().div_ceil(per_host);
    let mut busiest: f64 = 0.0;
    for h in 0..hosts {
        let mut cpu = 0.0;
        for n in (h * per_host..((h + 1) * per_host).min(c.alive.len())).filter(|&n| c.alive[n]) {
            let share: f64 = c.tasks_of(n).map(|t| c.weight[t]).sum();
            cpu += cost.generate_s
                + cost.source_s
                + cost.exchanged
                    * (share * cost.per_task_record_s + c.replica_weight[n] * cost.replica_apply_s);
        }
        busiest = busiest.max(cpu);
    }
    if busiest > 0.0 {
        cores * batch_s / busiest
    } else {
        f64::INFINITY
    }
}
