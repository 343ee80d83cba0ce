//! A node lost or added: the new placement, the keys and state it moves, and the pause
//! and replayed work it costs the tasks that take keys over.

use crate::config::{Change, SimConfig};
use crate::placement::{slot_of, Placement};
use crate::tasks::Cluster;
use reports::MembershipChange;

/// What the change needs from the run's present state.
pub struct Context<'a> {
    /// The deployment.
    pub config: &'a SimConfig,
    /// Each key's probability.
    pub p: &'a [f64],
    /// Keyed-stage seconds per record (exchange receive included).
    pub per_record: f64,
    /// Records per second the exchange is sending to the keyed stage now.
    pub exchange_eps: f64,
    /// State bytes per key.
    pub bytes_per_key: f64,
}

/// Applies `change` at `now` seconds to the cluster and returns what it moved.
pub fn apply(c: &mut Cluster, change: Change, now: f64, cx: &Context) -> MembershipChange {
    let cfg = cx.config;
    let (kind, node) = match change {
        Change::Fail { node, .. } => {
            c.alive[node] = false;
            c.member_s[node] += now - c.joined[node];
            ("fail", node)
        }
        Change::Add { .. } => {
            let id = c.next_id;
            c.next_id += 1;
            c.alive[id] = true;
            c.joined[id] = now;
            c.link[id] = now;
            c.tasks_of(id).for_each(|t| c.busy[t] = now);
            ("add", id)
        }
    };
    let members: Vec<usize> = (0..c.alive.len()).filter(|&n| c.alive[n]).collect();
    let new = Placement::new(
        cfg.partitioning,
        &members,
        cfg.keys,
        cfg.replication,
        cfg.seed,
    );
    let ids = c.alive.len();
    let mut bytes_in = vec![0.0; ids];
    // Per task: whether it takes over keys whose state it lacks; its share of the lost
    // node's keys (which it replays).
    let mut takes = vec![false; ids * c.slots];
    let mut lost_share = vec![0.0; ids * c.slots];
    let mut moved = 0u64;
    for (k, &pk) in cx.p.iter().enumerate() {
        let (old, now_holders) = (c.placement.holders(k), new.holders(k));
        if old[0] != now_holders[0] {
            moved += 1;
        }
        let task = now_holders[0] as usize * c.slots + slot_of(k, c.slots, cfg.seed);
        for &h in now_holders {
            if !old.contains(&h) {
                bytes_in[h as usize] += cx.bytes_per_key;
                if h == now_holders[0] {
                    takes[task] = true;
                }
            }
        }
        if kind == "fail" && old[0] as usize == node {
            takes[task] = true;
            lost_share[task] += pk;
        }
    }
    let detection = if kind == "fail" { cfg.detection_s } else { 0.0 };
    // Records the lost node had queued, and without a replica those since its checkpoint.
    let mut replay = 0.0;
    if kind == "fail" {
        let lost_weight: f64 = c.tasks_of(node).map(|t| c.weight[t]).sum();
        for t in c.tasks_of(node) {
            replay += (c.busy[t] - now).max(0.0) / cx.per_record.max(1e-12);
            c.busy[t] = now;
        }
        if cfg.replication < 2 {
            let since = now - (now / cfg.checkpoint_interval_s).floor() * cfg.checkpoint_interval_s;
            replay += cx.exchange_eps * lost_weight * since;
        }
    }
    let lost_total: f64 = lost_share.iter().sum();
    let mut latest = now;
    for t in 0..takes.len() {
        if !takes[t] {
            continue;
        }
        let n = t / c.slots;
        let resume = now + detection + bytes_in[n] / cfg.bandwidth_bytes_per_s;
        let work = if lost_total > 0.0 {
            replay * lost_share[t] / lost_total * cx.per_record
        } else {
            0.0
        };
        c.busy[t] = c.busy[t].max(resume) + work;
        c.busy_time[t] += work;
        latest = latest.max(resume);
    }
    c.placement = new;
    let pending: f64 = c.window_out.iter().sum();
    c.reweigh(cx.p);
    // Window results not yet fired follow their keys to the new owners.
    for (out, w) in c.window_out.iter_mut().zip(&c.weight) {
        *out = pending * w;
    }
    MembershipChange {
        at_s: now,
        kind: kind.into(),
        node,
        keys_moved: moved,
        keys_total: cfg.keys,
        bytes_transferred: bytes_in.iter().sum::<f64>().round() as u64,
        restored_from: match (kind, cfg.replication) {
            ("add", _) => "owner".into(),
            (_, 1) => "checkpoint".into(),
            _ => "replica".into(),
        },
        pause_s: latest - now,
    }
}
