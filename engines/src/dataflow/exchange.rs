//! The exchange: routes records to the worker owning their key, in batches, over bounded
//! channels. A full channel blocks the sender (back-pressure) while it keeps taking its own
//! inbox, so two workers sending to each other cannot deadlock.

use super::messages::FromPeer;
use crate::graph::{partition, NodeId, Port, Route};
use crate::EngineError;
use crossbeam_channel::{Receiver, Select, Sender, TrySendError};
use std::collections::VecDeque;
use workloads::Output;

/// Records per exchange message.
const BATCH: usize = 1024;

/// One worker's side of the exchange, and its result buffer.
pub(super) struct Exchange {
    pub index: usize,
    peers: Vec<Sender<FromPeer>>,
    inbox: Receiver<FromPeer>,
    outgoing: Vec<Vec<(NodeId, Port, Output)>>,
    /// Records this worker sent to itself; inserted once the graph is free again.
    pub local: Vec<(NodeId, Port, Output)>,
    /// Peer messages taken from the inbox while blocked on a send, handled next.
    pub deferred: VecDeque<FromPeer>,
    /// Results waiting for the sink.
    pub results: Vec<Output>,
    pub error: Option<EngineError>,
}

impl Exchange {
    pub fn new(index: usize, peers: Vec<Sender<FromPeer>>, inbox: Receiver<FromPeer>) -> Self {
        let n = peers.len();
        Exchange {
            index,
            peers,
            inbox,
            outgoing: (0..n).map(|_| Vec::new()).collect(),
            local: Vec::new(),
            deferred: VecDeque::new(),
            results: Vec::new(),
            error: None,
        }
    }

    pub fn workers(&self) -> usize {
        self.peers.len()
    }

    /// Sends every buffered record batch.
    pub fn flush(&mut self) {
        for dest in 0..self.peers.len() {
            if !self.outgoing[dest].is_empty() {
                let batch = std::mem::take(&mut self.outgoing[dest]);
                self.send(dest, FromPeer::Records(batch));
            }
        }
    }

    /// Sends to every worker but this one (this one handles its own part directly).
    pub fn broadcast(&mut self, make: impl Fn() -> FromPeer) {
        for dest in 0..self.peers.len() {
            if dest != self.index {
                self.send(dest, make());
            }
        }
    }

    /// Blocking send that keeps draining this worker's inbox while the peer's is full.
    fn send(&mut self, dest: usize, mut msg: FromPeer) {
        loop {
            match self.peers[dest].try_send(msg) {
                Ok(()) => return,
                Err(TrySendError::Disconnected(_)) => {
                    self.error = Some(EngineError::Worker(format!("worker {dest} has stopped")));
                    return;
                }
                Err(TrySendError::Full(m)) => msg = m,
            }
            let mut sel = Select::new();
            let s = sel.send(&self.peers[dest]);
            let r = sel.recv(&self.inbox);
            let op = sel.select();
            if op.index() == s {
                if op.send(&self.peers[dest], msg).is_err() {
                    self.error = Some(EngineError::Worker(format!("worker {dest} has stopped")));
                }
                return;
            }
            debug_assert_eq!(op.index(), r);
            match op.recv(&self.inbox) {
                Ok(m) => self.deferred.push_back(m),
                Err(_) => {
                    self.error = Some(EngineError::Worker("exchange closed".into()));
                    return;
                }
            }
        }
    }
}

impl Route for Exchange {
    #[inline]
    fn exchange(&mut self, node: NodeId, port: Port, rec: Output) {
        let dest = partition(rec.event.key, self.peers.len());
        if dest == self.index {
            self.local.push((node, port, rec));
            return;
        }
        self.outgoing[dest].push((node, port, rec));
        if self.outgoing[dest].len() >= BATCH {
            let batch = std::mem::replace(&mut self.outgoing[dest], Vec::with_capacity(BATCH));
            self.send(dest, FromPeer::Records(batch));
        }
    }

    #[inline]
    fn output(&mut self, rec: Output) {
        self.results.push(rec);
    }
}
