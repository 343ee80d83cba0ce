//! The renoir source: one replica per worker, each fed by the engine handle through its own
//! channel, turning our watermarks into renoir watermarks and dropping late events.

use crate::feed::Feed;
use crate::pool::Recycler;
use crossbeam_channel::{Receiver, TryRecvError};
use renoir::block::structure::{BlockStructure, OperatorKind, OperatorStructure};
use renoir::block::Replication;
use renoir::operator::source::Source;
use renoir::operator::{Operator, StreamElement};
use renoir::ExecutionMetadata;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use workloads::{Input, Output, Time};

/// The receivers, taken by the replicas in `setup` (a source is cloned per replica before
/// it knows which one it is).
pub type Inputs = Arc<Vec<Mutex<Option<Receiver<Feed>>>>>;

/// A source replica reading its channel.
#[derive(Clone)]
pub struct FeedSource {
    inputs: Inputs,
    rx: Option<Receiver<Feed>>,
    /// The batch being read, from `at`; given back to the handle once read.
    events: Vec<Input>,
    at: usize,
    recycler: Recycler<Input>,
    /// The latest watermark received: events below it are late.
    watermark: Option<Time>,
    /// Watermarks received so far: the renoir timestamp of the latest one.
    epoch: i64,
    /// What to return next, before reading more input.
    pending: Option<StreamElement<Output>>,
    /// Whether the batch has been flushed since the last record (renoir flushes on request).
    flushed: bool,
    late: Arc<AtomicU64>,
}

impl FeedSource {
    /// A source whose replica `i` reads `inputs[i]`, counting late events in `late` and
    /// giving read batches back to `recycler`.
    pub fn new(inputs: Inputs, late: Arc<AtomicU64>, recycler: Recycler<Input>) -> Self {
        FeedSource {
            inputs,
            rx: None,
            events: Vec::new(),
            at: 0,
            recycler,
            watermark: None,
            epoch: 0,
            pending: None,
            flushed: true,
            late,
        }
    }

    /// Handles one message; returns the element to emit, if it produces one at once.
    fn handle(&mut self, m: Option<Feed>) -> Option<StreamElement<Output>> {
        match m {
            Some(Feed::Events(events)) => {
                let read = std::mem::replace(&mut self.events, events);
                self.at = 0;
                let written = read.len();
                self.recycler.give_back(read, written);
                None
            }
            Some(Feed::Watermark(w)) => {
                self.watermark = Some(w);
                self.epoch += 1;
                // renoir flushes a batch only on request: send the watermark on at once.
                self.pending = Some(StreamElement::FlushBatch);
                self.flushed = true;
                Some(StreamElement::Watermark(self.epoch))
            }
            // A dropped engine handle ends the stream like `finish`.
            Some(Feed::Finish) | None => {
                self.rx = None;
                self.pending = Some(StreamElement::Terminate);
                Some(StreamElement::FlushAndRestart)
            }
        }
    }
}

impl fmt::Display for FeedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FeedSource")
    }
}

impl Source for FeedSource {
    fn replication(&self) -> Replication {
        Replication::Unlimited
    }
}

impl Operator for FeedSource {
    type Out = Output;

    fn setup(&mut self, metadata: &mut ExecutionMetadata) {
        // Channels are per local replica (a multi-process run feeds each process's own).
        let i = metadata.coord.replica_id as usize;
        self.rx = self.inputs[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        assert!(self.rx.is_some(), "renoir source replica {i} has no input");
    }

    fn next(&mut self) -> StreamElement<Output> {
        loop {
            if let Some(e) = self.pending.take() {
                return e;
            }
            if let Some(i) = self.events.get_mut(self.at) {
                self.at += 1;
                if self.watermark.is_some_and(|w| i.event.time < w) {
                    self.late.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                self.flushed = false;
                let latest = i.event.time;
                return StreamElement::Item(Output {
                    // Taken, not cloned: the batch is only given back, never read again.
                    event: std::mem::take(&mut i.event),
                    cause: i.scheduled,
                    latest,
                });
            }
            let Some(rx) = &self.rx else {
                return StreamElement::Terminate;
            };
            let m = match rx.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Disconnected) => None,
                Err(TryRecvError::Empty) if !self.flushed => {
                    // Nothing queued: hand what is batched downstream before blocking.
                    self.flushed = true;
                    return StreamElement::FlushBatch;
                }
                Err(TryRecvError::Empty) => rx.recv().ok(),
            };
            if let Some(e) = self.handle(m) {
                return e;
            }
        }
    }

    fn structure(&self) -> BlockStructure {
        let mut op = OperatorStructure::new::<Output, _>("FeedSource");
        op.kind = OperatorKind::Source;
        BlockStructure::default().add_operator(op)
    }
}
