//! The engine handle: starts the workers, feeds them the stream, gathers snapshots.

use super::exchange::Exchange;
use super::messages::{FromDriver, ToDriver};
use super::worker::{Worker, WorkerStats};
use crate::codec::{Decoder, Encoder};
use crate::feed::deal;
use crate::graph::{partition, Graph};
use crate::pool::{pool, Spares};
use crate::registry::EngineInfo;
use crate::Capabilities;
use crate::{Engine, EngineError, EngineOptions, EngineStats, Sink};
use crossbeam_channel::{bounded, unbounded, Receiver, RecvTimeoutError, Sender};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use workloads::{Input, Plan, Time};

/// Registry entry.
pub const INFO: EngineInfo = EngineInfo {
    name: "dataflow",
    description:
        "operator graph on N worker threads; keyed exchange over bounded channels; watermarks",
    build,
    external: None,
    capabilities: Capabilities::ALL_OPERATORS
        .with_snapshots()
        .with_workers_honoured(),
};

/// Messages a worker's driver inbox holds before the harness's thread blocks (back-pressure).
const DRIVER_QUEUE: usize = 16;
/// Exchange messages (each up to 1024 records) a worker's inbox holds before senders block.
const PEER_QUEUE: usize = 64;
const SNAPSHOT_MAGIC: u64 = 0x5342_4446_4c4f_5701;

fn build(
    plan: &Plan,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(Dataflow::new(plan, options, sink)?))
}

/// N workers, each owning the keys that hash to it.
pub struct Dataflow {
    to_workers: Vec<Sender<FromDriver>>,
    replies: Receiver<ToDriver>,
    handles: Vec<JoinHandle<()>>,
    stats: Vec<Arc<WorkerStats>>,
    next: usize,
    /// Batches of input, given back by the workers once read.
    spares: Spares<Input>,
    /// Workers that replied `Finished` (and may therefore have ended).
    finished: usize,
    /// Input is partitioned by key on the way in (the plan keeps source keys up to its first
    /// stateful operator), so the first exchange finds every record already at its owner —
    /// what a key-partitioned source gives a real dataflow system.
    partition_input: bool,
}

impl Dataflow {
    /// Starts `options.workers` workers for `plan`.
    pub fn new(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Self, EngineError> {
        let n = options.workers.max(1);
        let (reply_tx, replies) = unbounded();
        let (peer_tx, peer_rx): (Vec<_>, Vec<_>) = (0..n).map(|_| bounded(PEER_QUEUE)).unzip();
        let mut to_workers = Vec::new();
        let mut handles = Vec::new();
        let mut stats = Vec::new();
        let partition_input = n > 1 && Graph::compile(plan)?.keys_preserved_to_state();
        let (spares, recycler) = pool();
        for (i, inbox) in peer_rx.into_iter().enumerate() {
            let mut graph = Graph::compile(plan)?;
            // One worker owns every key: records go straight into its state.
            graph.set_exchange(n > 1);
            let (tx, driver) = bounded(DRIVER_QUEUE);
            let s = Arc::new(WorkerStats::default());
            let mut worker = Worker::new(
                graph,
                Exchange::new(i, peer_tx.clone(), inbox.clone()),
                driver,
                inbox,
                reply_tx.clone(),
                sink.clone(),
                s.clone(),
            );
            worker.recycler = Some(recycler.clone());
            let handle = std::thread::Builder::new()
                .name(format!("dataflow-{i}"))
                .spawn(move || worker.run())
                .map_err(|e| EngineError::Worker(format!("cannot start a thread: {e}")))?;
            to_workers.push(tx);
            handles.push(handle);
            stats.push(s);
        }
        Ok(Dataflow {
            to_workers,
            replies,
            handles,
            stats,
            next: 0,
            spares,
            finished: 0,
            partition_input,
        })
    }

    fn send(&self, worker: usize, m: FromDriver) -> Result<(), EngineError> {
        self.to_workers[worker].send(m).map_err(|_| self.failure())
    }

    /// Why a worker stopped: its panic message if it panicked.
    fn failure(&self) -> EngineError {
        EngineError::Worker(match self.handles.iter().position(|h| h.is_finished()) {
            Some(i) => format!("worker {i} stopped"),
            None => "a worker stopped".into(),
        })
    }

    /// Waits for one reply, noticing a worker that died instead of answering. A worker ends
    /// normally right after its `Finished` reply, so only a finished worker beyond those that
    /// said so is a failure.
    fn reply(&mut self) -> Result<ToDriver, EngineError> {
        loop {
            match self.replies.recv_timeout(Duration::from_millis(50)) {
                Ok(r) => {
                    if matches!(r, ToDriver::Finished) {
                        self.finished += 1;
                    }
                    return Ok(r);
                }
                Err(RecvTimeoutError::Timeout) => {
                    let ended = self.handles.iter().filter(|h| h.is_finished()).count();
                    if ended <= self.finished {
                        continue;
                    }
                    // Its reply may have arrived just after the timeout.
                    if let Ok(r) = self.replies.try_recv() {
                        if matches!(r, ToDriver::Finished) {
                            self.finished += 1;
                        }
                        return Ok(r);
                    }
                    if let Some(i) = self.handles.iter().position(|h| h.is_finished()) {
                        let h = self.handles.remove(i);
                        let msg = match h.join() {
                            Err(p) => crate::panic_message(&*p),
                            Ok(()) => "exited early".into(),
                        };
                        return Err(EngineError::Worker(format!("worker {i}: {msg}")));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return Err(self.failure()),
            }
        }
    }
}

impl Engine for Dataflow {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        let n = self.to_workers.len();
        if self.partition_input {
            let mut parts: Vec<Vec<Input>> = (0..n)
                .map(|_| self.spares.take(events.len() / n + 16))
                .collect();
            for input in events {
                parts[partition(input.event.key, n)].push(input.clone());
            }
            for (i, part) in parts.into_iter().enumerate() {
                if !part.is_empty() {
                    self.send(i, FromDriver::Events(part))?;
                }
            }
            return Ok(());
        }
        let mut next = self.next;
        let dealt = deal(events, n, &mut next, &self.spares, |i, batch| {
            self.send(i, FromDriver::Events(batch))
        });
        self.next = next;
        dealt
    }

    fn on_watermark(&mut self, watermark: Time, cause: Time) -> Result<(), EngineError> {
        for i in 0..self.to_workers.len() {
            self.send(i, FromDriver::Watermark { watermark, cause })?;
        }
        Ok(())
    }

    fn finish(&mut self, cause: Time) -> Result<(), EngineError> {
        for i in 0..self.to_workers.len() {
            self.send(i, FromDriver::Finish { cause })?;
        }
        for _ in 0..self.to_workers.len() {
            match self.reply()? {
                ToDriver::Finished => {}
                _ => return Err(EngineError::Worker("unexpected reply to finish".into())),
            }
        }
        Ok(())
    }

    fn stats(&self) -> EngineStats {
        EngineStats {
            state_bytes: self
                .stats
                .iter()
                .map(|s| s.state_bytes.load(Ordering::Relaxed))
                .sum(),
            late_events: self
                .stats
                .iter()
                .map(|s| s.late_events.load(Ordering::Relaxed))
                .sum(),
        }
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        let n = self.to_workers.len();
        for i in 0..n {
            self.send(i, FromDriver::Snapshot)?;
        }
        let mut parts = vec![Vec::new(); n];
        for _ in 0..n {
            match self.reply()? {
                ToDriver::Snapshot(i, bytes) => parts[i] = bytes,
                _ => return Err(EngineError::Worker("unexpected reply to snapshot".into())),
            }
        }
        let mut e = Encoder::default();
        e.u64(SNAPSHOT_MAGIC);
        e.u64(n as u64);
        parts.iter().for_each(|p| e.bytes(p));
        Ok(e.buf)
    }

    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError> {
        let mut d = Decoder::new(snapshot);
        if d.u64()? != SNAPSHOT_MAGIC {
            return Err(EngineError::Snapshot("not a dataflow snapshot".into()));
        }
        let n = d.u64()? as usize;
        if n != self.to_workers.len() {
            return Err(EngineError::Snapshot(format!(
                "snapshot of {n} workers cannot be restored into {} (state is partitioned by worker)",
                self.to_workers.len()
            )));
        }
        for i in 0..n {
            let part = d.bytes()?.to_vec();
            self.send(i, FromDriver::Restore(part))?;
        }
        d.finish()?;
        for _ in 0..n {
            match self.reply()? {
                ToDriver::Restored(r) => r.map_err(EngineError::Snapshot)?,
                _ => return Err(EngineError::Worker("unexpected reply to restore".into())),
            }
        }
        Ok(())
    }
}

impl Drop for Dataflow {
    fn drop(&mut self) {
        // Closing the driver inboxes ends the workers' loops.
        self.to_workers.clear();
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}
