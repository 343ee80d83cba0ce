//! One dataflow worker: its copy of the graph (state for the keys it owns), its inboxes, and
//! the loop that drives them.

use super::exchange::Exchange;
use super::messages::{FromDriver, FromPeer, ToDriver};
use super::progress::Progress;
use crate::codec::{Decoder, Encoder};
use crate::graph::{Graph, NodeId, Port};
use crate::pool::Recycler;
use crate::Sink;
use crossbeam_channel::{select, Receiver, Sender};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use workloads::{Input, Time};

/// Figures the engine handle reads without asking the worker.
#[derive(Default)]
pub(super) struct WorkerStats {
    pub state_bytes: AtomicU64,
    pub late_events: AtomicU64,
}

pub(super) struct Worker {
    pub graph: Graph,
    pub exchange: Exchange,
    pub driver: Receiver<FromDriver>,
    pub inbox: Receiver<FromPeer>,
    pub reply: Sender<ToDriver>,
    pub sink: Arc<dyn Sink>,
    pub stats: Arc<WorkerStats>,
    /// Where read batches of input go back to the engine handle.
    pub recycler: Option<Recycler<Input>>,
    progress: Progress,
    /// Stateful inputs fed directly by the source (each gets the source watermark).
    source_edges: Vec<(NodeId, Port)>,
    /// Set between a snapshot request and the reply: whether this worker's markers are out.
    snapshot: Option<bool>,
    /// Snapshot markers received from peers (they may arrive before the request does).
    markers: usize,
    finishing: bool,
}

impl Worker {
    pub fn new(
        graph: Graph,
        exchange: Exchange,
        driver: Receiver<FromDriver>,
        inbox: Receiver<FromPeer>,
        reply: Sender<ToDriver>,
        sink: Arc<dyn Sink>,
        stats: Arc<WorkerStats>,
    ) -> Self {
        let progress = Progress::new(&graph, exchange.workers());
        let mut source_edges: Vec<(NodeId, Port)> = graph
            .sources()
            .iter()
            .filter_map(|&d| graph.stateful_after(d))
            .collect();
        source_edges.sort_unstable();
        source_edges.dedup();
        Worker {
            graph,
            exchange,
            driver,
            inbox,
            reply,
            sink,
            stats,
            recycler: None,
            progress,
            source_edges,
            snapshot: None,
            markers: 0,
            finishing: false,
        }
    }

    /// Runs until the stream is finished or the engine handle goes away.
    pub fn run(mut self) {
        loop {
            self.settle();
            if let Some(e) = self.exchange.error.take() {
                panic!("{e}");
            }
            if self.finishing && self.progress.complete(Some(Time::MAX)) {
                self.emit();
                let _ = self.reply.send(ToDriver::Finished);
                return;
            }
            if self.try_snapshot() {
                continue;
            }
            if let Ok(m) = self.inbox.try_recv() {
                self.on_peer(m);
                continue;
            }
            // While a snapshot or the end is pending, peers are all that may move us on.
            let waiting = self.snapshot.is_some() || self.finishing;
            if waiting {
                match self.inbox.recv() {
                    Ok(m) => self.on_peer(m),
                    Err(_) => return,
                }
                continue;
            }
            select! {
                recv(self.inbox) -> m => match m {
                    Ok(m) => self.on_peer(m),
                    Err(_) => return,
                },
                recv(self.driver) -> m => match m {
                    Ok(m) => self.on_driver(m),
                    Err(_) => return,
                },
            }
        }
    }

    /// Handles what the last step left behind: records sent to itself, deferred messages.
    fn settle(&mut self) {
        loop {
            self.insert_local();
            self.exchange.flush();
            match self.exchange.deferred.pop_front() {
                Some(m) => self.on_peer(m),
                None => break,
            }
        }
        self.stats
            .state_bytes
            .store(self.graph.state_bytes(), Ordering::Relaxed);
        self.stats
            .late_events
            .store(self.graph.late_events(), Ordering::Relaxed);
    }

    /// Inserts the records this worker sent to itself, until inserting sends no more (an
    /// unwindowed join emits on arrival, and its results may come back here).
    fn insert_local(&mut self) {
        loop {
            let local = std::mem::take(&mut self.exchange.local);
            if local.is_empty() {
                return;
            }
            for (node, port, rec) in local {
                self.graph.insert(node, port, &rec, &mut self.exchange);
            }
        }
    }

    fn emit(&mut self) {
        if !self.exchange.results.is_empty() {
            self.sink
                .emit(self.exchange.index, &mut self.exchange.results);
        }
    }

    fn on_driver(&mut self, m: FromDriver) {
        match m {
            FromDriver::Events(events) => {
                for input in &events {
                    self.graph.ingest(input, &mut self.exchange);
                }
                if let Some(r) = &self.recycler {
                    let written = events.len();
                    r.give_back(events, written);
                }
                self.exchange.flush();
                self.emit();
            }
            FromDriver::Watermark { watermark, cause } => self.source_watermark(watermark, cause),
            FromDriver::Finish { cause } => {
                self.finishing = true;
                self.source_watermark(Time::MAX, cause);
            }
            FromDriver::Snapshot => self.snapshot = Some(false),
            FromDriver::Restore(bytes) => {
                let mut d = Decoder::new(&bytes);
                let result = self.graph.decode(&mut d).and_then(|()| d.finish());
                self.progress.reset(self.graph.watermark());
                let _ = self
                    .reply
                    .send(ToDriver::Restored(result.map_err(|e| e.to_string())));
            }
        }
    }

    fn source_watermark(&mut self, watermark: Time, cause: Time) {
        self.graph.set_watermark(watermark);
        self.exchange.flush();
        for (node, port) in self.source_edges.clone() {
            self.edge_watermark(node, port, watermark, cause);
        }
        self.emit();
    }

    /// Tells every worker (itself included) that this one has passed `watermark` on an edge.
    fn edge_watermark(&mut self, node: NodeId, port: Port, watermark: Time, cause: Time) {
        let from = self.exchange.index;
        self.exchange.broadcast(|| FromPeer::Watermark {
            from,
            node,
            port,
            watermark,
            cause,
        });
        self.advance(node, port, from, watermark, cause);
    }

    fn on_peer(&mut self, m: FromPeer) {
        match m {
            FromPeer::Records(recs) => {
                for (node, port, rec) in &recs {
                    self.graph.insert(*node, *port, rec, &mut self.exchange);
                }
                self.emit();
            }
            FromPeer::Watermark {
                from,
                node,
                port,
                watermark,
                cause,
            } => {
                self.advance(node, port, from, watermark, cause);
                self.emit();
            }
            FromPeer::Marker => self.markers += 1,
        }
    }

    /// Records an upstream watermark; when the node's frontier advances, fires it and passes
    /// the frontier on to the next stateful node.
    fn advance(&mut self, node: NodeId, port: Port, from: usize, watermark: Time, cause: Time) {
        let Some(frontier) = self.progress.update(node, port, from, watermark) else {
            return;
        };
        self.graph.fire(node, frontier, cause, &mut self.exchange);
        self.exchange.flush();
        self.insert_local();
        self.exchange.flush();
        if let Some((next, next_port)) = self.graph.stateful_after(self.graph.next_of(node)) {
            self.edge_watermark(next, next_port, frontier, cause);
        }
    }

    /// Advances a pending snapshot: once every node has caught up with the source watermark
    /// (so no record of an earlier watermark is still in flight), send markers; once every
    /// peer's marker is in (so none of their pre-snapshot records is), reply with the state.
    fn try_snapshot(&mut self) -> bool {
        let Some(sent) = self.snapshot else {
            return false;
        };
        if !sent {
            if !self.progress.complete(self.graph.watermark()) {
                return false;
            }
            self.exchange.flush();
            self.exchange.broadcast(|| FromPeer::Marker);
            self.emit();
            self.snapshot = Some(true);
            return true;
        }
        let peers = self.exchange.workers() - 1;
        if self.markers < peers {
            return false;
        }
        self.markers -= peers;
        let mut e = Encoder::default();
        self.graph.encode(&mut e);
        self.snapshot = None;
        let _ = self
            .reply
            .send(ToDriver::Snapshot(self.exchange.index, e.buf));
        true
    }
}
