//! The trigger thread: collects input until the trigger interval has passed since the batch's
//! first item (or the size bound is reached), then runs the batch on the rayon pool.

use super::batch::Partitions;
use crate::codec::{Decoder, Encoder};
use crate::pool::Recycler;
use crate::Sink;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use workloads::{Input, Time};

/// Requests from the engine handle, in stream order.
pub(super) enum Request {
    Events(Vec<Input>),
    Watermark(Time, Time),
    Finish(Time),
    Snapshot,
    Restore(Vec<u8>),
}

/// Answers to the engine handle.
pub(super) enum Reply {
    Finished,
    Snapshot(Vec<u8>),
    Restored(Result<(), String>),
}

/// Figures the handle reads at any time.
#[derive(Default)]
pub(super) struct Stats {
    pub state_bytes: AtomicU64,
    pub late_events: AtomicU64,
}

const SNAPSHOT_MAGIC: u64 = 0x5342_4241_5443_4801;

pub(super) struct Batcher {
    pub partitions: Partitions,
    pub pool: rayon::ThreadPool,
    pub requests: Receiver<Request>,
    pub replies: Sender<Reply>,
    pub sink: Arc<dyn Sink>,
    pub stats: Arc<Stats>,
    pub trigger: Duration,
    pub max_batch: usize,
    /// Where the handle's batches go back once copied into `events`.
    recycler: Recycler<Input>,
    /// Lateness is decided here, in stream order, before a batch is split up.
    watermark: Option<Time>,
    late: u64,
    events: Vec<Input>,
    watermarks: Vec<(Time, Time)>,
    deadline: Option<Instant>,
}

impl Batcher {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        partitions: Partitions,
        pool: rayon::ThreadPool,
        requests: Receiver<Request>,
        replies: Sender<Reply>,
        sink: Arc<dyn Sink>,
        stats: Arc<Stats>,
        trigger: Duration,
        max_batch: usize,
        recycler: Recycler<Input>,
    ) -> Self {
        Batcher {
            partitions,
            pool,
            requests,
            replies,
            sink,
            stats,
            trigger,
            max_batch,
            recycler,
            watermark: None,
            late: 0,
            events: Vec::new(),
            watermarks: Vec::new(),
            deadline: None,
        }
    }

    pub fn run(mut self) {
        loop {
            let request = match self.deadline {
                None => self
                    .requests
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
                Some(d) => self.requests.recv_deadline(d),
            };
            match request {
                Ok(Request::Events(mut events)) => {
                    self.open();
                    let watermark = self.watermark;
                    let written = events.len();
                    let before = self.events.len() + written;
                    self.events.extend(
                        events
                            .drain(..)
                            .filter(|i| watermark.is_none_or(|w| i.event.time >= w)),
                    );
                    self.late += (before - self.events.len()) as u64;
                    self.recycler.give_back(events, written);
                    if self.events.len() >= self.max_batch {
                        self.trigger();
                    }
                }
                Ok(Request::Watermark(w, cause)) => {
                    self.open();
                    self.watermark = Some(w);
                    self.watermarks.push((w, cause));
                }
                Ok(Request::Finish(cause)) => {
                    self.watermark = Some(Time::MAX);
                    self.watermarks.push((Time::MAX, cause));
                    self.trigger();
                    let _ = self.replies.send(Reply::Finished);
                }
                Ok(Request::Snapshot) => {
                    self.trigger();
                    let _ = self.replies.send(Reply::Snapshot(self.encode()));
                }
                Ok(Request::Restore(bytes)) => {
                    let r = self.decode(&bytes).map_err(|e| e.to_string());
                    self.publish();
                    let _ = self.replies.send(Reply::Restored(r));
                }
                Err(RecvTimeoutError::Timeout) => self.trigger(),
                Err(RecvTimeoutError::Disconnected) => return,
            }
            // A steady stream of requests never lets the receive time out: check the clock.
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                self.trigger();
            }
        }
    }

    /// Starts the trigger clock at a batch's first item.
    fn open(&mut self) {
        if self.deadline.is_none() {
            self.deadline = Some(Instant::now() + self.trigger);
        }
    }

    /// Runs the collected batch and emits its results.
    fn trigger(&mut self) {
        self.deadline = None;
        if self.events.is_empty() && self.watermarks.is_empty() {
            return;
        }
        let watermarks = std::mem::take(&mut self.watermarks);
        let (partitions, events) = (&mut self.partitions, &self.events);
        let results = self
            .pool
            .install(|| partitions.process(events, &watermarks));
        // Cleared, not replaced: the next batch fills the same memory, with no growing.
        self.events.clear();
        for (p, mut r) in results.into_iter().enumerate() {
            if !r.is_empty() {
                self.sink.emit(p, &mut r);
            }
        }
        self.publish();
    }

    fn publish(&self) {
        self.stats
            .state_bytes
            .store(self.partitions.state_bytes(), Ordering::Relaxed);
        self.stats.late_events.store(self.late, Ordering::Relaxed);
    }

    fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.u64(SNAPSHOT_MAGIC);
        e.u64(self.partitions.graphs.len() as u64);
        e.u64(self.watermark.is_some() as u64);
        e.u64(self.watermark.unwrap_or(0));
        e.u64(self.late);
        self.partitions.graphs.iter().for_each(|g| g.encode(&mut e));
        e.buf
    }

    fn decode(&mut self, bytes: &[u8]) -> Result<(), crate::EngineError> {
        use crate::EngineError::Snapshot;
        let mut d = Decoder::new(bytes);
        if d.u64()? != SNAPSHOT_MAGIC {
            return Err(Snapshot("not a batched-engine snapshot".into()));
        }
        let n = d.u64()? as usize;
        if n != self.partitions.graphs.len() {
            return Err(Snapshot(format!(
                "snapshot of {n} partitions cannot be restored into {}",
                self.partitions.graphs.len()
            )));
        }
        let has = d.u64()? != 0;
        let w = d.u64()?;
        self.watermark = has.then_some(w);
        self.late = d.u64()?;
        for g in &mut self.partitions.graphs {
            g.decode(&mut d)?;
        }
        d.finish()
    }
}
