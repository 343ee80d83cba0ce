//! Processing one micro-batch: stateless work per input chunk, then a shuffle by key, then
//! the batch's watermarks fire each stateful node in order — every step parallel over the
//! key partitions.

use crate::graph::{partition, Graph, NodeId, Port, Route};
use rayon::prelude::*;
use workloads::{Input, Output, Time};

/// One partition's outgoing records and results during a step.
struct Collect {
    to: Vec<Vec<(NodeId, Port, Output)>>,
    results: Vec<Output>,
}

impl Collect {
    fn new(n: usize) -> Self {
        Collect::with_results(n, 0)
    }

    /// Room for `results` results from the start, so a large batch's do not grow by copying.
    fn with_results(n: usize, results: usize) -> Self {
        Collect {
            to: (0..n).map(|_| Vec::new()).collect(),
            results: Vec::with_capacity(results),
        }
    }
}

impl Route for Collect {
    #[inline]
    fn exchange(&mut self, node: NodeId, port: Port, rec: Output) {
        let n = self.to.len();
        self.to[partition(rec.event.key, n)].push((node, port, rec));
    }

    #[inline]
    fn output(&mut self, rec: Output) {
        self.results.push(rec);
    }
}

/// The key partitions' graphs.
pub(super) struct Partitions {
    pub graphs: Vec<Graph>,
    stateful: Vec<NodeId>,
    /// Each partition's results from its input in the last batch: the room given this one's.
    last: Vec<usize>,
}

impl Partitions {
    pub fn new(graphs: Vec<Graph>) -> Self {
        let stateful = graphs[0].stateful_nodes();
        let last = vec![0; graphs.len()];
        Partitions {
            graphs,
            stateful,
            last,
        }
    }

    /// Processes a batch: `events` (already checked for lateness) then `watermarks` as
    /// `(watermark, cause)` in order. Returns each partition's results.
    pub fn process(&mut self, events: &[Input], watermarks: &[(Time, Time)]) -> Vec<Vec<Output>> {
        let n = self.graphs.len();
        let chunk = events.len().div_ceil(n).max(1);
        // Stateless prefix of the plan, per chunk of input.
        let last = &self.last;
        let mut steps: Vec<Collect> = self
            .graphs
            .par_iter_mut()
            .enumerate()
            .map(|(p, g)| {
                let mut c = Collect::with_results(n, last[p]);
                let from = (p * chunk).min(events.len());
                let to = ((p + 1) * chunk).min(events.len());
                for input in &events[from..to] {
                    g.ingest(input, &mut c);
                }
                c
            })
            .collect();
        let mut results: Vec<Vec<Output>> = steps
            .iter_mut()
            .map(|c| std::mem::take(&mut c.results))
            .collect();
        self.last = results.iter().map(Vec::len).collect();
        self.shuffle(steps, &mut results);
        for &(watermark, cause) in watermarks {
            for &node in &self.stateful.clone() {
                let mut steps: Vec<Collect> = self
                    .graphs
                    .par_iter_mut()
                    .map(|g| {
                        let mut c = Collect::new(n);
                        g.fire(node, watermark, cause, &mut c);
                        c
                    })
                    .collect();
                for (p, c) in steps.iter_mut().enumerate() {
                    results[p].append(&mut c.results);
                }
                self.shuffle(steps, &mut results);
            }
            self.graphs
                .iter_mut()
                .for_each(|g| g.set_watermark(watermark));
        }
        results
    }

    /// Moves every partition's outgoing records into the partition owning them, and keeps
    /// moving what those inserts emit (an unwindowed join's pairs) until nothing moves;
    /// results reached on the way go to `results`.
    fn shuffle(&mut self, mut steps: Vec<Collect>, results: &mut [Vec<Output>]) {
        let n = self.graphs.len();
        loop {
            let mut inbound: Vec<Vec<Vec<(NodeId, Port, Output)>>> =
                (0..n).map(|_| Vec::new()).collect();
            for c in steps {
                for (q, recs) in c.to.into_iter().enumerate() {
                    if !recs.is_empty() {
                        inbound[q].push(recs);
                    }
                }
            }
            if inbound.iter().all(Vec::is_empty) {
                return;
            }
            steps = self
                .graphs
                .par_iter_mut()
                .zip(inbound)
                .map(|(g, batches)| {
                    let mut c = Collect::new(n);
                    for recs in batches {
                        for (node, port, rec) in &recs {
                            g.insert(*node, *port, rec, &mut c);
                        }
                    }
                    c
                })
                .collect();
            for (p, c) in steps.iter_mut().enumerate() {
                results[p].append(&mut c.results);
            }
        }
    }

    pub fn state_bytes(&self) -> u64 {
        self.graphs.iter().map(|g| g.state_bytes()).sum()
    }
}
