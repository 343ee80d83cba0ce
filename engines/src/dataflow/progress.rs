//! Watermark progress of each stateful node: per input port and upstream worker, the latest
//! watermark received. A node fires up to the minimum of them, so a window closes only when
//! every upstream worker has passed it, and a join advances on the smaller of its inputs.

use crate::graph::{Graph, NodeId, Port};
use workloads::Time;

struct NodeProgress {
    /// `inputs[port][sender]`.
    inputs: Vec<Vec<Option<Time>>>,
    fired: Option<Time>,
}

/// Progress of every stateful node of one worker's graph.
pub(super) struct Progress {
    nodes: Vec<Option<NodeProgress>>,
}

impl Progress {
    /// Nothing received yet, for `workers` upstream workers.
    pub fn new(graph: &Graph, workers: usize) -> Self {
        let mut nodes: Vec<Option<NodeProgress>> = Vec::new();
        for id in graph.stateful_nodes() {
            if nodes.len() <= id {
                nodes.resize_with(id + 1, || None);
            }
            nodes[id] = Some(NodeProgress {
                inputs: vec![vec![None; workers]; graph.inputs_of(id)],
                fired: None,
            });
        }
        Progress { nodes }
    }

    /// Records a watermark; returns the node's new frontier if it advanced.
    pub fn update(
        &mut self,
        node: NodeId,
        port: Port,
        from: usize,
        watermark: Time,
    ) -> Option<Time> {
        let p = self.nodes.get_mut(node)?.as_mut()?;
        let slot = &mut p.inputs[port][from];
        *slot = Some(slot.map_or(watermark, |w| w.max(watermark)));
        let min = p
            .inputs
            .iter()
            .flatten()
            .try_fold(Time::MAX, |m, w| w.map(|w| m.min(w)))?;
        if p.fired.is_some_and(|f| f >= min) {
            return None;
        }
        p.fired = Some(min);
        Some(min)
    }

    /// Whether every node has fired up to `watermark` (trivially true before any watermark).
    pub fn complete(&self, watermark: Option<Time>) -> bool {
        let Some(w) = watermark else { return true };
        self.nodes
            .iter()
            .flatten()
            .all(|p| p.fired.is_some_and(|f| f >= w))
    }

    /// After a restore: every input of every node is at `watermark`.
    pub fn reset(&mut self, watermark: Option<Time>) {
        for p in self.nodes.iter_mut().flatten() {
            p.inputs.iter_mut().flatten().for_each(|w| *w = watermark);
            p.fired = watermark;
        }
    }
}
