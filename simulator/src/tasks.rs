//! The cluster's state during a run: per task (node × slot) its share of the keys, when its
//! server is next free, what it did; per node its inbound link and the keys it holds.
//! Arrays indexed by task (`node * slots + slot`) rather than a struct per task, so the
//! per-batch loop over thousands of tasks stays in cache.

use crate::placement::{slot_of, Placement};

/// Every task and node of the run, over all node ids that ever exist.
#[derive(Debug)]
pub struct Cluster {
    /// Slots per node.
    pub slots: usize,
    /// Whether each node id is a member now.
    pub alive: Vec<bool>,
    /// Current key placement.
    pub placement: Placement,
    /// Per task: its share of the records the exchange sends.
    pub weight: Vec<f64>,
    /// Per node: its share of the state updates it receives as a replica.
    pub replica_weight: Vec<f64>,
    /// Per task: time (s) its server finishes the work it has been given.
    pub busy: Vec<f64>,
    /// Per task: seconds of work done.
    pub busy_time: Vec<f64>,
    /// Per task: records processed.
    pub records: Vec<f64>,
    /// Per task: fractional results not yet counted.
    pub carry: Vec<f64>,
    /// Per task: results of windows not yet fired.
    pub window_out: Vec<f64>,
    /// Per node: time (s) its inbound link finishes what it has been sent.
    pub link: Vec<f64>,
    /// Per node: keys it holds (owned and replicated).
    pub keys_held: Vec<u64>,
    /// Per node: most keys it held at once.
    pub keys_peak: Vec<u64>,
    /// Per node: seconds it has been a member (closed when it leaves or the run ends).
    pub member_s: Vec<f64>,
    /// Per node: when it last joined.
    pub joined: Vec<f64>,
    /// The id the next added node gets.
    pub next_id: usize,
    /// Seed of the keys' slots.
    pub seed: u64,
}

impl Cluster {
    /// A cluster of nodes `0..nodes` (room for `ids` node ids) with `placement`, each key
    /// weighted by its probability.
    pub fn new(
        (ids, nodes, slots): (usize, usize, usize),
        placement: Placement,
        p: &[f64],
        seed: u64,
    ) -> Self {
        let tasks = ids * slots;
        let mut c = Cluster {
            slots,
            alive: (0..ids).map(|n| n < nodes).collect(),
            placement,
            weight: vec![0.0; tasks],
            replica_weight: vec![0.0; ids],
            busy: vec![0.0; tasks],
            busy_time: vec![0.0; tasks],
            records: vec![0.0; tasks],
            carry: vec![0.0; tasks],
            window_out: vec![0.0; tasks],
            link: vec![0.0; ids],
            keys_held: vec![0; ids],
            keys_peak: vec![0; ids],
            member_s: vec![0.0; ids],
            joined: vec![0.0; ids],
            next_id: nodes,
            seed,
        };
        c.reweigh(p);
        c
    }

    /// Recomputes every share from the placement.
    pub fn reweigh(&mut self, p: &[f64]) {
        let seed = self.seed;
        self.weight.iter_mut().for_each(|w| *w = 0.0);
        self.replica_weight.iter_mut().for_each(|w| *w = 0.0);
        self.keys_held.iter_mut().for_each(|k| *k = 0);
        for (k, &pk) in p.iter().enumerate() {
            let holders = self.placement.holders(k);
            let owner = holders[0] as usize;
            self.weight[owner * self.slots + slot_of(k, self.slots, seed)] += pk;
            for &r in &holders[1..] {
                self.replica_weight[r as usize] += pk;
            }
            for &h in holders {
                self.keys_held[h as usize] += 1;
            }
        }
        for (peak, &held) in self.keys_peak.iter_mut().zip(&self.keys_held) {
            *peak = (*peak).max(held);
        }
    }

    /// Member node ids.
    pub fn members(&self) -> usize {
        self.alive.iter().filter(|a| **a).count()
    }

    /// The tasks of node `n`.
    pub fn tasks_of(&self, n: usize) -> std::ops::Range<usize> {
        n * self.slots..(n + 1) * self.slots
    }

    /// The largest share of the exchange's records one task gets.
    pub fn max_weight(&self) -> f64 {
        self.weight.iter().copied().fold(0.0, f64::max)
    }

    /// The latest time any member task is busy until.
    pub fn latest_busy(&self) -> f64 {
        self.busy.iter().copied().fold(0.0, f64::max)
    }
}

/// One FIFO server's step by Lindley's recursion on a batch: records ready over
/// `[ready_lo, ready_hi]`, needing `work` seconds in all and `per` seconds each, given to a
/// server free at `*busy`. Returns when the first and the last record are done, and moves
/// `*busy` to the last.
#[inline]
pub fn serve(busy: &mut f64, ready_lo: f64, ready_hi: f64, work: f64, per: f64) -> (f64, f64) {
    let start = ready_lo.max(*busy);
    let first = start + per;
    let last = (start + work).max(ready_hi + per).max(first);
    *busy = last;
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Partitioning;

    #[test]
    fn an_idle_server_finishes_each_record_one_service_time_after_it_arrives() {
        let mut busy = 0.0;
        let (a, b) = serve(&mut busy, 1.0, 2.0, 0.5, 0.001);
        assert_eq!((a, b), (1.001, 2.001));
        // A saturated server queues: the next batch waits for the last one.
        let (a, b) = serve(&mut busy, 2.0, 2.0, 3.0, 0.001);
        assert!((a - 2.002).abs() < 1e-9 && (b - 5.001).abs() < 1e-9);
    }

    #[test]
    fn weights_sum_to_one_and_replicas_hold_copies() {
        let p = vec![0.25; 4];
        let placement = Placement::new(Partitioning::Modulo, &[0, 1], 4, 2, 1);
        let c = Cluster::new((3, 2, 2), placement, &p, 1);
        assert!((c.weight.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((c.replica_weight.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(c.keys_held, vec![4, 4, 0]);
        assert_eq!(c.members(), 2);
        assert_eq!(c.tasks_of(1), 2..4);
    }
}
