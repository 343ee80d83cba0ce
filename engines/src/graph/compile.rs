//! A plan compiled into a graph of nodes, and the push-based execution of it.

use super::Stateful;
use crate::codec::{Decoder, Encoder};
use crate::EngineError;
use workloads::plan::{KeyFn, MapFn, Plan, Predicate};
use workloads::{Input, Output, Time};

/// Index of a node in its graph. The root is node 0; every node's inputs have larger ids.
pub type NodeId = usize;
/// Input port of a node: 0 for single-input nodes and a join's left side, 1 for its right.
pub type Port = usize;

/// Where a record goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    /// Input `port` of a node.
    Node(NodeId, Port),
    /// Out of the plan: a result.
    Out,
}

/// What a graph does with records that leave it or cross to another worker.
pub trait Route {
    /// A record reached stateful node `node` on `port` in a graph that exchanges (see
    /// [`Graph::set_exchange`]): the engine delivers it to the worker owning its key, which
    /// calls [`Graph::insert`].
    fn exchange(&mut self, node: NodeId, port: Port, rec: Output);
    /// A result left the plan's root.
    fn output(&mut self, rec: Output);
}

/// Collecting results in a vector is the route of a graph that never exchanges.
impl Route for Vec<Output> {
    fn exchange(&mut self, _: NodeId, _: Port, _: Output) {
        unreachable!("a graph without exchange inserts stateful records itself")
    }

    #[inline]
    fn output(&mut self, rec: Output) {
        self.push(rec);
    }
}

pub(super) enum Op {
    Filter(Predicate),
    Map(MapFn),
    KeyBy(KeyFn),
    State(Stateful),
}

pub(super) struct Node {
    pub(super) op: Op,
    pub(super) next: Dest,
}

/// A compiled plan with its state: one per engine, or one per worker.
pub struct Graph {
    pub(super) nodes: Vec<Node>,
    pub(super) sources: Vec<Dest>,
    exchange: bool,
    watermark: Option<Time>,
    late: u64,
    scratch: Vec<Output>,
    /// Results of an insert (unwindowed joins emit on arrival), reused across inserts.
    emitted: Vec<Output>,
}

impl Graph {
    /// Compiles a plan.
    pub fn compile(plan: &Plan) -> Result<Graph, EngineError> {
        plan.validate()
            .map_err(|e| EngineError::Plan(e.to_string()))?;
        let mut g = Graph {
            nodes: Vec::new(),
            sources: Vec::new(),
            exchange: false,
            watermark: None,
            late: 0,
            scratch: Vec::new(),
            emitted: Vec::new(),
        };
        g.add(plan, Dest::Out);
        Ok(g)
    }

    /// With exchange on, records reaching a stateful node go to [`Route::exchange`] instead
    /// of into the local state.
    pub fn set_exchange(&mut self, on: bool) {
        self.exchange = on;
    }

    /// Takes one input event: drops it if late, else pushes it from every source.
    #[inline]
    pub fn ingest(&mut self, input: &Input, route: &mut impl Route) {
        if self.watermark.is_some_and(|w| input.event.time < w) {
            self.late += 1;
            return;
        }
        for i in 0..self.sources.len() {
            let rec = Output {
                event: input.event.clone(),
                cause: input.scheduled,
                latest: input.event.time,
            };
            self.push(self.sources[i], rec, route);
        }
    }

    /// Pushes a record through stateless nodes until it is stored, exchanged or output.
    #[inline]
    pub fn push(&mut self, mut dest: Dest, mut rec: Output, route: &mut impl Route) {
        let exchange = self.exchange;
        loop {
            let Dest::Node(id, port) = dest else {
                route.output(rec);
                return;
            };
            let node = &mut self.nodes[id];
            match &mut node.op {
                Op::Filter(p) => {
                    if !p(&rec.event) {
                        return;
                    }
                }
                Op::Map(f) => {
                    let time = rec.event.time;
                    rec.event = f(&rec.event);
                    rec.event.time = time;
                }
                Op::KeyBy(k) => rec.event.key = k(&rec.event),
                Op::State(s) => {
                    if exchange {
                        route.exchange(id, port, rec);
                    } else {
                        s.insert(port, &rec, &mut self.emitted);
                        if !self.emitted.is_empty() {
                            self.push_emitted(id, route);
                        }
                    }
                    return;
                }
            }
            dest = node.next;
        }
    }

    /// Stores a record in stateful node `node` (also the receiving side of an exchange), and
    /// pushes onwards whatever the node emits on arrival (an unwindowed join's pairs).
    #[inline]
    pub fn insert(&mut self, node: NodeId, port: Port, rec: &Output, route: &mut impl Route) {
        if let Op::State(s) = &mut self.nodes[node].op {
            s.insert(port, rec, &mut self.emitted);
        }
        if !self.emitted.is_empty() {
            self.push_emitted(node, route);
        }
    }

    /// Pushes on what a node emitted on arrival. Kept out of line: it is rare, and the
    /// recursion it implies would otherwise stop `push` from being inlined into hot loops.
    #[cold]
    #[inline(never)]
    fn push_emitted(&mut self, node: NodeId, route: &mut impl Route) {
        let mut emitted = std::mem::take(&mut self.emitted);
        let next = self.nodes[node].next;
        for rec in emitted.drain(..) {
            self.push(next, rec, route);
        }
        if self.emitted.is_empty() {
            self.emitted = emitted;
        }
    }

    /// Fires stateful node `node` up to `watermark` and pushes its results onwards.
    pub fn fire(&mut self, node: NodeId, watermark: Time, cause: Time, route: &mut impl Route) {
        let mut fired = std::mem::take(&mut self.scratch);
        if let Op::State(s) = &mut self.nodes[node].op {
            s.fire(watermark, cause, &mut fired);
        }
        let next = self.nodes[node].next;
        for rec in fired.drain(..) {
            self.push(next, rec, route);
        }
        self.scratch = fired;
    }

    /// Sets the source watermark that decides lateness, without firing anything.
    pub fn set_watermark(&mut self, watermark: Time) {
        self.watermark = Some(watermark);
    }

    /// A watermark for a graph that runs alone: sets it and fires every stateful node,
    /// inputs before the nodes they feed.
    pub fn advance(&mut self, watermark: Time, cause: Time, route: &mut impl Route) {
        self.set_watermark(watermark);
        for id in (0..self.nodes.len()).rev() {
            if matches!(self.nodes[id].op, Op::State(_)) {
                self.fire(id, watermark, cause, route);
            }
        }
    }

    /// Stateful nodes in firing order (each before the nodes it feeds).
    pub fn stateful_nodes(&self) -> Vec<NodeId> {
        (0..self.nodes.len())
            .rev()
            .filter(|&id| matches!(self.nodes[id].op, Op::State(_)))
            .collect()
    }

    /// Number of inputs of a stateful node (2 for a join), 0 for stateless ones.
    pub fn inputs_of(&self, node: NodeId) -> usize {
        match &self.nodes[node].op {
            Op::State(s) => s.inputs(),
            _ => 0,
        }
    }

    /// The stateful node (and port) a record sent to `dest` would reach through stateless
    /// nodes, if any: the exchange edge it would cross.
    pub fn stateful_after(&self, mut dest: Dest) -> Option<(NodeId, Port)> {
        while let Dest::Node(id, port) = dest {
            if matches!(self.nodes[id].op, Op::State(_)) {
                return Some((id, port));
            }
            dest = self.nodes[id].next;
        }
        None
    }

    /// Whether every source event reaches its first stateful node with its key unchanged
    /// (only filters in between), so input partitioned by key needs no exchange there.
    pub fn keys_preserved_to_state(&self) -> bool {
        self.sources.iter().all(|&d| {
            let mut dest = d;
            while let Dest::Node(id, _) = dest {
                match self.nodes[id].op {
                    Op::State(_) => return true,
                    Op::Filter(_) => dest = self.nodes[id].next,
                    _ => return false,
                }
            }
            true
        })
    }

    /// Where records leaving `node` go.
    pub fn next_of(&self, node: NodeId) -> Dest {
        self.nodes[node].next
    }

    /// Where source events enter (one entry per `Source` leaf).
    pub fn sources(&self) -> &[Dest] {
        &self.sources
    }

    /// Logical state size of all nodes.
    pub fn state_bytes(&self) -> u64 {
        self.nodes
            .iter()
            .map(|n| match &n.op {
                Op::State(s) => s.state_bytes(),
                _ => 0,
            })
            .sum()
    }

    /// The source watermark, once one has arrived.
    pub fn watermark(&self) -> Option<Time> {
        self.watermark
    }

    /// Events dropped as late.
    pub fn late_events(&self) -> u64 {
        self.late
    }

    /// Serialises watermark, late count and every node's state.
    pub fn encode(&self, e: &mut Encoder) {
        e.u64(self.nodes.len() as u64);
        e.u64(self.watermark.is_some() as u64);
        e.u64(self.watermark.unwrap_or(0));
        e.u64(self.late);
        for n in &self.nodes {
            if let Op::State(s) = &n.op {
                s.encode(e);
            }
        }
    }

    /// Restores what [`Graph::encode`] wrote, from a graph of the same plan.
    pub fn decode(&mut self, d: &mut Decoder) -> Result<(), EngineError> {
        let nodes = d.u64()?;
        if nodes != self.nodes.len() as u64 {
            return Err(EngineError::Snapshot(format!(
                "snapshot has {nodes} operators, this plan {}",
                self.nodes.len()
            )));
        }
        let has_watermark = d.u64()? != 0;
        let watermark = d.u64()?;
        self.watermark = has_watermark.then_some(watermark);
        self.late = d.u64()?;
        for n in &mut self.nodes {
            if let Op::State(s) = &mut n.op {
                s.decode(d)?;
            }
        }
        Ok(())
    }
}
