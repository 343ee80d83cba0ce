//! The simulation's main loop: a batch of the schedule at a time, through the source stage,
//! each node's inbound link and each keyed task's server (Lindley's recursion: exact for a
//! FIFO server, however many records a batch holds), watermarks behind the records, windows
//! firing, membership changes and time-series samples from one event queue.

use crate::config::{SimConfig, SimError};
use crate::keyspace::key_probabilities;
use crate::membership::{self, Context};
use crate::placement::Placement;
use crate::profile::CostProfile;
use crate::queue::EventQueue;
use crate::result::{Recorder, SimResult};
use crate::source::{Pending, Segment};
use crate::stages::Stages;
use crate::step::{Step, Totals};
use crate::tasks::Cluster;
use reports::{NodeFigures, Sample, SimulationFigures};
use std::time::Instant;

/// The model's events.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// The next batch of the schedule.
    Batch,
    /// Membership change `i` of the configuration.
    Change(usize),
    /// The end of a time-series interval.
    Sample,
}

/// How long past the end of input a backlog may take to drain before the run is called
/// unfinished, as a multiple of the input's duration (plus 10 s).
const DRAIN_FACTOR: f64 = 4.0;

fn ns(s: f64) -> u64 {
    (s * 1e9).round() as u64
}

/// The deployment's utilisation at its schedule's mean rate (ρ: that rate over what it can
/// process), as a simulation of it reads its profile's load curve; what calibration
/// measures each run's delays at.
pub fn utilisation(
    config: &SimConfig,
    stages: &Stages,
    profile: &CostProfile,
) -> Result<f64, SimError> {
    config.validate()?;
    let p = key_probabilities(config.distribution, config.keys);
    let cluster = new_cluster(config, &p);
    Ok(Step::new(config, stages, profile).utilisation(&cluster))
}

fn new_cluster(config: &SimConfig, p: &[f64]) -> Cluster {
    let first: Vec<usize> = (0..config.nodes).collect();
    let placement = Placement::new(
        config.partitioning,
        &first,
        config.keys,
        config.replication,
        config.seed,
    );
    Cluster::new(
        (config.node_ids(), config.nodes, config.slots),
        placement,
        p,
        config.seed,
    )
}

/// Simulates the plan with `stages` (costed by `profile`) on the deployment `config`.
pub fn simulate(
    config: &SimConfig,
    stages: &Stages,
    profile: &CostProfile,
) -> Result<SimResult, SimError> {
    config.validate()?;
    let wall = Instant::now();
    let p = key_probabilities(config.distribution, config.keys);
    let mut cluster = new_cluster(config, &p);
    let mut step = Step::new(config, stages, profile);
    let mut rec = Recorder::new(config.warmup_s, config.duration_s);
    let (alone, several) = step.delays(profile, step.utilisation(&cluster));
    rec.set_delays(alone, several);
    let mut pending = Pending::default();
    let mut totals = Totals::default();
    let mut queue = EventQueue::new();
    let mut changes = config.changes.clone();
    changes.sort_by(|a, b| a.at_s().total_cmp(&b.at_s()));
    for (i, c) in changes.iter().enumerate() {
        queue.push(ns(c.at_s()), Event::Change(i));
    }
    queue.push(0, Event::Batch);
    queue.push(ns(config.interval_s), Event::Sample);
    let horizon = config.duration_s * (1.0 + DRAIN_FACTOR) + 10.0;
    let (mut membership, mut timeseries) = (Vec::new(), Vec::new());
    let mut last_sample = (0.0, 0.0, 0.0);
    let mut end = config.duration_s;
    let mut unfinished = None;
    while let Some((t, event)) = queue.pop() {
        let now = t as f64 / 1e9;
        match event {
            Event::Change(i) => {
                let cx = Context {
                    config,
                    p: &p,
                    per_record: step.per_record,
                    exchange_eps: step.exchange_eps(config),
                    bytes_per_key: profile.checkpoint_bytes_per_key,
                };
                membership.push(membership::apply(&mut cluster, changes[i], now, &cx));
                step.refresh(&cluster);
            }
            Event::Sample => {
                let dt = now - last_sample.0;
                let h = &rec.interval;
                timeseries.push(Sample {
                    t_s: now,
                    offered_eps: (totals.offered - last_sample.1) / dt,
                    input_eps: (totals.injected - last_sample.2) / dt,
                    output_eps: rec.interval_outputs as f64 / dt,
                    p50_ns: h.value_at_quantile(0.5),
                    p99_ns: h.value_at_quantile(0.99),
                    state_bytes: step.state_bytes(&cluster),
                    heap_bytes: 0,
                });
                rec.interval.reset();
                rec.interval_outputs = 0;
                last_sample = (now, totals.offered, totals.injected);
                if now + config.interval_s <= end + 1e-9 {
                    queue.push(ns(now + config.interval_s), Event::Sample);
                }
            }
            Event::Batch => {
                let next = now + config.batch_s;
                if now < config.duration_s {
                    let hi = next.min(config.duration_s);
                    let n = config.shape.integral(hi) - config.shape.integral(now);
                    totals.offered += n;
                    pending.push(Segment { n, lo: now, hi });
                }
                step.batch(now, &mut cluster, &mut pending, &mut rec, &mut totals);
                let drained = now >= config.duration_s && pending.len() < 1e-9;
                if drained {
                    end = step
                        .flush(&mut cluster, &mut rec, config.duration_s)
                        .max(now);
                } else if next > horizon {
                    unfinished = Some(format!(
                        "the simulated backlog did not drain within {horizon:.0} s ({:.0} of {:.0} offered events injected): the deployment cannot sustain the offered rate",
                        totals.injected, totals.offered
                    ));
                    end = now;
                } else {
                    queue.push(ns(next), Event::Batch);
                }
            }
        }
    }
    let members_end = end.max(config.duration_s);
    let nodes: Vec<NodeFigures> = (0..cluster.next_id)
        .map(|n| {
            if cluster.alive[n] {
                cluster.member_s[n] += members_end - cluster.joined[n];
            }
            let busy: f64 = cluster.tasks_of(n).map(|t| cluster.busy_time[t]).sum();
            let member = cluster.member_s[n] * cluster.slots as f64;
            NodeFigures {
                node: n,
                utilisation: if member > 0.0 {
                    (busy / member).min(1.0)
                } else {
                    0.0
                },
                records: cluster
                    .tasks_of(n)
                    .map(|t| cluster.records[t])
                    .sum::<f64>()
                    .round() as u64,
                state_bytes_peak: (cluster.keys_peak[n] as f64 * profile.checkpoint_bytes_per_key)
                    as u64,
                state_bytes_end: if cluster.alive[n] {
                    (cluster.keys_held[n] as f64 * profile.checkpoint_bytes_per_key) as u64
                } else {
                    0
                },
            }
        })
        .collect();
    let measured = (config.duration_s - config.warmup_s).max(0.0);
    let span = if measured > 0.0 {
        measured
    } else {
        config.duration_s
    };
    let wall_s = wall.elapsed().as_secs_f64().max(1e-9);
    let state_end = step.state_bytes(&cluster);
    Ok(SimResult {
        histogram: rec.histogram.clone(),
        input: totals.injected.round() as u64,
        output: rec.outputs,
        input_eps: totals.input_eps(config.warmup_s),
        output_eps: rec.measured_outputs as f64 / span,
        timeseries,
        cpu_s: cluster.busy_time.iter().sum::<f64>() + totals.source_cpu_s,
        state_bytes: (totals.state_peak.max(state_end), state_end),
        simulation: SimulationFigures {
            nodes,
            membership,
            exchange_bytes: totals.exchange_bytes.round() as u64,
            replica_bytes: totals.replica_bytes.round() as u64,
            simulated_events_per_s: totals.injected / wall_s,
        },
        unfinished,
    })
}
