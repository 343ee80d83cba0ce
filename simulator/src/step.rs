//! One batch of the schedule through the model: the sources inject what back-pressure lets
//! them, the source stage serves it, the exchange sends each node its keys' share over its
//! inbound link, each keyed task serves its share, and watermarks riding behind the records
//! fire windows.

use crate::config::SimConfig;
use crate::delay::{at_load, Sampler};
use crate::hosts::{self, EventCost};
use crate::profile::CostProfile;
use crate::result::Recorder;
use crate::source::Pending;
use crate::stages::{Firing, Stages};
use crate::tasks::{serve, Cluster};

/// Running totals of a simulation.
#[derive(Debug, Default)]
pub struct Totals {
    /// Events the schedule offered.
    pub offered: f64,
    /// Events injected.
    pub injected: f64,
    /// Events injected after the warm-up.
    pub measured_injected: f64,
    /// Scheduled time of the latest injection, s.
    pub last_injection: f64,
    /// Source-stage CPU seconds.
    pub source_cpu_s: f64,
    /// Bytes the exchange sent between nodes.
    pub exchange_bytes: f64,
    /// Bytes sent to replicas.
    pub replica_bytes: f64,
    /// Largest logical state, bytes.
    pub state_peak: u64,
}

impl Totals {
    /// Injected events per second: after the warm-up up to the last injection (the whole
    /// run when it injected nothing after its warm-up).
    pub fn input_eps(&self, warmup_s: f64) -> f64 {
        if self.last_injection > warmup_s && self.measured_injected > 0.0 {
            self.measured_injected / (self.last_injection - warmup_s)
        } else {
            self.injected / self.last_injection.max(1e-9)
        }
    }
}

/// The per-batch model, with the costs it derives once from the profile.
#[derive(Debug)]
pub struct Step {
    stages: Stages,
    /// Keyed-stage seconds per exchanged record, exchange receive included (for the share of
    /// records that crossed from another node).
    pub per_record: f64,
    apply: f64,
    /// The owner's extra seconds per record to send R − 1 replica updates.
    replica_send: f64,
    /// A replica's seconds per update received.
    replica_apply: f64,
    bytes_per_record: f64,
    exchange_half: f64,
    bytes_per_key: f64,
    generate_s: f64,
    /// Fixed delays of every result: on one node, and more on several.
    floor_s: (f64, f64),
    config: SimConfig,
    /// Next window end to fire, s (event time).
    next_end: f64,
    /// Watermark intervals already passed.
    watermarks: u64,
    /// Records exchanged per second in the latest batch.
    exchange_rate: f64,
}

impl Step {
    /// The model of `stages` costed by `profile` on `config`.
    pub fn new(config: &SimConfig, stages: &Stages, profile: &CostProfile) -> Self {
        let half = profile.exchange.seconds_per_record / 2.0;
        let apply = if stages.has_exchange() {
            stages.keyed_s / stages.exchanged
        } else {
            0.0
        };
        let copies = config.replication.saturating_sub(1) as f64;
        let crossing = crossing(config.nodes);
        Step {
            stages: stages.clone(),
            per_record: apply + half * crossing,
            apply,
            replica_send: copies * half,
            replica_apply: half + apply,
            bytes_per_record: profile.exchange.bytes_per_record,
            exchange_half: half,
            bytes_per_key: profile.checkpoint_bytes_per_key,
            generate_s: profile.generate_seconds_per_event,
            floor_s: (profile.latency_floor_s, profile.exchange.latency_s),
            config: config.clone(),
            next_end: match stages.firing {
                Firing::Windows { period_s } => period_s,
                _ => 0.0,
            },
            watermarks: 0,
            exchange_rate: 0.0,
        }
    }

    /// The source stage's CPU seconds per event of the stream, across `members` nodes.
    fn per_event(&self, members: usize) -> f64 {
        self.stages.source_s + self.stages.exchanged * crossing(members) * self.exchange_half
    }

    /// Events of the stream the sources may inject per batch: what the source stage's
    /// slots, each source's generating thread and the busiest host can process.
    fn injection_capacity(&self, c: &Cluster) -> f64 {
        let cfg = &self.config;
        let members = c.members();
        let per_event = self.per_event(members);
        let mut capacity = if per_event > 0.0 {
            (members * c.slots) as f64 / per_event * cfg.batch_s
        } else {
            f64::INFINITY
        };
        // Each node's source is one thread generating its events (all of them, when every
        // source generates the whole stream) before injecting: that bounds the rate too.
        let generate = if cfg.whole_stream_sources {
            self.generate_s
        } else {
            self.generate_s / members as f64
        };
        if generate > 0.0 {
            capacity = capacity.min(cfg.batch_s / generate);
        }
        let cost = EventCost {
            generate_s: generate,
            source_s: per_event / members as f64,
            per_task_record_s: self.per_record + self.replica_send,
            replica_apply_s: self.replica_apply,
            exchanged: self.stages.exchanged,
        };
        let host = hosts::capacity(c, cfg.cores_per_host, cfg.nodes_per_host, cost, cfg.batch_s);
        capacity.min(host)
    }

    /// The deployment's utilisation at the schedule's mean rate (ρ): that rate over what
    /// the sources may inject, or the busiest keyed task's share of its time, whichever is
    /// higher. What a profile's load curve is read at.
    pub fn utilisation(&self, c: &Cluster) -> f64 {
        let cfg = &self.config;
        let rate = cfg.shape.integral(cfg.duration_s) / cfg.duration_s.max(1e-9);
        let injection = rate * cfg.batch_s / self.injection_capacity(c);
        let keyed = if self.stages.has_exchange() {
            rate * self.stages.exchanged * c.max_weight() * (self.per_record + self.replica_send)
        } else {
            0.0
        };
        let rho = injection.max(keyed);
        if rho.is_finite() {
            rho
        } else {
            0.0
        }
    }

    /// The delays results carry beyond the model's queues at utilisation `rho`: on one
    /// node (the floor and the load curve) and on several (the exchange's delay and spread
    /// too, and, for results that wait for a watermark, the network crossings after the
    /// records' own).
    pub fn delays(&self, profile: &CostProfile, rho: f64) -> (Sampler, Sampler) {
        let load = at_load(&profile.delay_by_load, rho);
        let exchange = &profile.exchange.spread_s;
        let together: Vec<f64> = match (load.is_empty(), exchange.is_empty()) {
            (true, _) => exchange.clone(),
            (false, true) => load.clone(),
            (false, false) => load.iter().zip(exchange).map(|(a, b)| a + b).collect(),
        };
        let waits = !matches!(self.stages.firing, Firing::PerRecord);
        let after = if waits {
            (profile.exchange.crossings - 1.0).max(0.0) * self.config.latency_s
        } else {
            0.0
        };
        let (alone, several) = (self.floor_s.0, self.floor_s.0 + self.floor_s.1 + after);
        (Sampler::new(alone, &load), Sampler::new(several, &together))
    }

    /// Records per second the exchange sends now (for a lost node's replay).
    pub fn exchange_eps(&self, _config: &SimConfig) -> f64 {
        self.exchange_rate
    }

    /// Called after a membership change: the share of records crossing between nodes moved.
    pub fn refresh(&mut self, cluster: &Cluster) {
        self.per_record = self.apply + self.exchange_half * crossing(cluster.members());
    }

    /// Logical state across the cluster, bytes (replicas included).
    pub fn state_bytes(&self, cluster: &Cluster) -> u64 {
        let keys: u64 = (0..cluster.alive.len())
            .filter(|&n| cluster.alive[n])
            .map(|n| cluster.keys_held[n])
            .sum();
        (keys as f64 * self.bytes_per_key) as u64
    }

    /// Advances one batch starting at `now` s.
    pub fn batch(
        &mut self,
        now: f64,
        c: &mut Cluster,
        pending: &mut Pending,
        rec: &mut Recorder,
        totals: &mut Totals,
    ) {
        let cfg = &self.config;
        let members = c.members();
        let exchange = self.stages.has_exchange();
        rec.several = members > 1;
        // Back-pressure: a task whose input queue is full stops every source, as each
        // source sends to every task.
        let queued_s = c.latest_busy() - now;
        let bound_s = cfg.queue_capacity * self.per_record;
        if exchange && queued_s > bound_s {
            return;
        }
        // A burst after a stall may fill the busiest queue only up to its bound.
        let per_exchanged = self.stages.exchanged * (self.per_record + self.replica_send);
        let room = if exchange {
            (bound_s - queued_s.max(0.0)) / (c.max_weight() * per_exchanged).max(1e-18)
        } else {
            f64::INFINITY
        };
        let crossing = crossing(members);
        let per_event = self.per_event(members);
        let capacity = self.injection_capacity(c);
        let Some(seg) = pending.take(capacity.min(room.max(1.0))) else {
            return;
        };
        totals.injected += seg.n;
        // Injected by the end of this batch, however late that is for its schedule.
        let injected_at = now + cfg.batch_s;
        totals.last_injection = injected_at;
        if injected_at > cfg.warmup_s {
            totals.measured_injected += seg.n;
        }
        // Generating is the harness's CPU, not the plan's: kept out of the run's CPU figure,
        // as a measured run keeps it out of the engine's.
        totals.source_cpu_s += seg.n * per_event;
        // The sources' slots together, as one server: every node's sources are alike.
        let mut src_busy = now;
        let work = seg.n * per_event / (members * c.slots) as f64;
        let (d_lo, d_hi) = serve(
            &mut src_busy,
            seg.lo.max(now),
            seg.hi.max(now),
            work,
            per_event,
        );
        // A watermark rides behind the batch when it crosses a watermark interval.
        let intervals = (seg.hi / cfg.watermark_interval_s).floor() as u64;
        let watermark = (intervals > self.watermarks).then(|| {
            self.watermarks = intervals;
            seg.hi - cfg.max_delay_s
        });
        if !exchange {
            let n = seg.n * self.stages.outputs;
            rec.add(&mut c.carry[0], n, (d_lo, d_hi), (seg.lo, seg.hi));
            return;
        }
        // The watermark that fires a window was caused by the first record scheduled after
        // the window's end plus the disorder bound, at a watermark interval: its results are
        // timed from then, however late a backlog let the watermark through.
        let wm = cfg.watermark_interval_s;
        let fire = match (self.stages.firing, watermark) {
            (Firing::Windows { .. }, Some(w)) if w >= self.next_end => {
                let at = ((self.next_end + cfg.max_delay_s) / wm - 1e-9).ceil() * wm;
                Some(at.clamp(seg.lo, seg.hi))
            }
            (Firing::Watermarks, Some(_)) => Some(((seg.lo / wm).floor() + 1.0) * wm),
            _ => None,
        };
        let x = seg.n * self.stages.exchanged;
        self.exchange_rate = x / cfg.batch_s;
        let latency = if members > 1 { cfg.latency_s } else { 0.0 };
        let bw = cfg.bandwidth_bytes_per_s;
        let out_per = self.stages.outputs / self.stages.exchanged;
        for n in 0..c.alive.len() {
            if !c.alive[n] {
                continue;
            }
            let tasks = c.tasks_of(n);
            let share: f64 = tasks.clone().map(|t| c.weight[t]).sum();
            let exch = x * share * crossing * self.bytes_per_record;
            let repl = x * c.replica_weight[n] * self.bytes_per_record;
            totals.exchange_bytes += exch;
            totals.replica_bytes += repl;
            let (mut a_lo, mut a_hi) = (d_lo + latency, d_hi + latency);
            if exch + repl > 0.0 && members > 1 {
                (a_lo, a_hi) = serve(
                    &mut c.link[n],
                    a_lo,
                    a_hi,
                    (exch + repl) / bw,
                    self.bytes_per_record / bw,
                );
            }
            let replica_work = x * c.replica_weight[n] * self.replica_apply / c.slots as f64;
            for t in tasks {
                let nt = x * c.weight[t];
                let work = nt * (self.per_record + self.replica_send) + replica_work;
                let (f_lo, f_hi) = serve(&mut c.busy[t], a_lo, a_hi, work, self.per_record);
                c.busy_time[t] += work;
                c.records[t] += nt;
                match self.stages.firing {
                    Firing::PerRecord => {
                        rec.add(
                            &mut c.carry[t],
                            nt * out_per,
                            (f_lo, f_hi),
                            (seg.lo, seg.hi),
                        );
                    }
                    _ => {
                        c.window_out[t] += nt * out_per;
                        if let Some(cause) = fire {
                            // The window's results leave together when the watermark has
                            // reached the slot: their cost is inside the per-record cost
                            // already charged. (Emitting them one by one at that cost put
                            // window-count's p50 at 2–6× the measured one, which barely grows
                            // with the results per window; see BENCHMARKS.)
                            let out = std::mem::take(&mut c.window_out[t]);
                            let last = f_hi;
                            rec.add(&mut c.carry[t], out, (f_hi, last), (cause, cause));
                        }
                    }
                }
            }
        }
        if let (Firing::Windows { period_s }, Some(w)) = (self.stages.firing, watermark) {
            while self.next_end <= w {
                self.next_end += period_s;
            }
        }
        totals.state_peak = totals.state_peak.max(self.state_bytes(c));
    }

    /// At the end of input every window still open fires (the final watermark, caused by
    /// the end of input at `input_end` s); returns when the last task is done.
    pub fn flush(&mut self, c: &mut Cluster, rec: &mut Recorder, input_end: f64) -> f64 {
        let mut last: f64 = input_end;
        for t in 0..c.busy.len() {
            if !c.alive[t / c.slots] {
                continue;
            }
            let out = std::mem::take(&mut c.window_out[t]);
            let done = c.busy[t];
            rec.add(&mut c.carry[t], out, (done, done), (input_end, input_end));
            last = last.max(done);
        }
        last
    }
}

/// The share of exchanged records that cross to another node under an even key spread.
fn crossing(members: usize) -> f64 {
    if members > 1 {
        (members - 1) as f64 / members as f64
    } else {
        0.0
    }
}
