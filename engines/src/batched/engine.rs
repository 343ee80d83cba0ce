//! The engine handle: hands input to the trigger thread and waits on it when asked to.

use super::batch::Partitions;
use super::batcher::{Batcher, Reply, Request, Stats};
use crate::graph::Graph;
use crate::pool::{self, Spares};
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
    name: "batched",
    description:
        "micro-batches every trigger interval (default 100 ms), processed in parallel with rayon",
    build,
    external: None,
    capabilities: Capabilities::ALL_OPERATORS
        .with_snapshots()
        .with_workers_honoured(),
};

/// Default trigger interval, ms.
pub const DEFAULT_TRIGGER_MS: u64 = 100;
/// Default bound on a batch's events.
pub const DEFAULT_MAX_BATCH: usize = 1_000_000;
/// Requests queued before the harness's thread blocks (back-pressure while a batch runs).
const QUEUE: usize = 256;

fn build(
    plan: &Plan,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(Batched::new(plan, options, sink)?))
}

/// Micro-batch engine. Settings: `trigger_ms` (interval), `max_batch` (events).
pub struct Batched {
    requests: Option<Sender<Request>>,
    /// Batches of input, given back by the trigger thread once copied (see [`crate::pool`]).
    spares: Spares<Input>,
    replies: Receiver<Reply>,
    thread: Option<JoinHandle<()>>,
    stats: Arc<Stats>,
}

impl Batched {
    /// Starts the trigger thread and a rayon pool of `options.workers` threads.
    pub fn new(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Self, EngineError> {
        options.only_settings(&["trigger_ms", "max_batch"])?;
        let trigger_ms: u64 = options.setting("trigger_ms", DEFAULT_TRIGGER_MS)?;
        let max_batch: usize = options.setting("max_batch", DEFAULT_MAX_BATCH)?;
        if trigger_ms == 0 || max_batch == 0 {
            return Err(EngineError::Option {
                name: "trigger_ms/max_batch".into(),
                reason: "must be at least 1".into(),
            });
        }
        let n = options.workers.max(1);
        let graphs = (0..n)
            .map(|_| {
                let mut g = Graph::compile(plan)?;
                g.set_exchange(n > 1);
                Ok(g)
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("batched-{i}"))
            .build()
            .map_err(|e| EngineError::Worker(format!("cannot start the rayon pool: {e}")))?;
        let (req_tx, req_rx) = bounded(QUEUE);
        let (rep_tx, replies) = unbounded();
        let stats = Arc::new(Stats::default());
        let (spares, recycler) = pool::pool();
        let batcher = Batcher::new(
            Partitions::new(graphs),
            pool,
            req_rx,
            rep_tx,
            sink,
            stats.clone(),
            Duration::from_millis(trigger_ms),
            max_batch,
            recycler,
        );
        let thread = std::thread::Builder::new()
            .name("batched-trigger".into())
            .spawn(move || batcher.run())
            .map_err(|e| EngineError::Worker(format!("cannot start a thread: {e}")))?;
        Ok(Batched {
            requests: Some(req_tx),
            spares,
            replies,
            thread: Some(thread),
            stats,
        })
    }

    fn send(&mut self, r: Request) -> Result<(), EngineError> {
        let sent = self.requests.as_ref().is_some_and(|s| s.send(r).is_ok());
        if sent {
            Ok(())
        } else {
            Err(self.died())
        }
    }

    fn died(&mut self) -> EngineError {
        let msg = match self.thread.take().map(|t| t.join()) {
            Some(Err(p)) => crate::panic_message(&*p),
            _ => "stopped".into(),
        };
        EngineError::Worker(format!("batch thread: {msg}"))
    }

    fn reply(&mut self) -> Result<Reply, EngineError> {
        loop {
            match self.replies.recv_timeout(Duration::from_millis(50)) {
                Ok(r) => return Ok(r),
                Err(RecvTimeoutError::Timeout)
                    if !self.thread.as_ref().is_some_and(|t| t.is_finished()) => {}
                Err(_) => return Err(self.died()),
            }
        }
    }
}

impl Engine for Batched {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        let batch = self.spares.copied(events);
        self.send(Request::Events(batch))
    }

    fn on_watermark(&mut self, watermark: Time, cause: Time) -> Result<(), EngineError> {
        self.send(Request::Watermark(watermark, cause))
    }

    fn finish(&mut self, cause: Time) -> Result<(), EngineError> {
        self.send(Request::Finish(cause))?;
        match self.reply()? {
            Reply::Finished => Ok(()),
            _ => Err(EngineError::Worker("unexpected reply to finish".into())),
        }
    }

    fn stats(&self) -> EngineStats {
        EngineStats {
            state_bytes: self.stats.state_bytes.load(Ordering::Relaxed),
            late_events: self.stats.late_events.load(Ordering::Relaxed),
        }
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        self.send(Request::Snapshot)?;
        match self.reply()? {
            Reply::Snapshot(b) => Ok(b),
            _ => Err(EngineError::Worker("unexpected reply to snapshot".into())),
        }
    }

    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError> {
        self.send(Request::Restore(snapshot.to_vec()))?;
        match self.reply()? {
            Reply::Restored(r) => r.map_err(EngineError::Snapshot),
            _ => Err(EngineError::Worker("unexpected reply to restore".into())),
        }
    }
}

impl Drop for Batched {
    fn drop(&mut self) {
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::CollectSink;
    use std::time::Instant;
    use workloads::plan::{Aggregate, Window};
    use workloads::Event;

    /// Under a steady stream of input, batches must close on the trigger interval, not only
    /// at the size bound or the end of input.
    #[test]
    fn batches_close_on_the_trigger_interval_under_steady_input() {
        let plan = Plan::source().window(Window::tumbling(1_000_000), Aggregate::Count);
        let mut options = EngineOptions::workers(1);
        options.settings.insert("trigger_ms".into(), "10".into());
        let sink = Arc::new(CollectSink::default());
        let mut e = Batched::new(&plan, &options, sink.clone()).unwrap();
        let start = Instant::now();
        let mut t = 0;
        while start.elapsed() < Duration::from_millis(200) {
            let input = Input {
                scheduled: t,
                event: Event::new(t, 1, 1),
            };
            e.on_events(&[input]).unwrap();
            e.on_watermark(t, t).unwrap();
            t += 100_000;
            std::thread::sleep(Duration::from_micros(200));
        }
        assert!(
            e.stats().state_bytes > 0,
            "state is published after each batch"
        );
        assert!(
            !sink.take().is_empty(),
            "windows closed before the end of input were emitted"
        );
        e.finish(t).unwrap();
    }
}
