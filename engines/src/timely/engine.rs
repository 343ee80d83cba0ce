//! The engine handle: starts the timely workers and feeds them.

use super::connect::allocators;
use super::plan::Ctx;
use super::worker::run;
use crate::feed::{Dealer, Feed, Inlet};
use crate::registry::EngineInfo;
use crate::Capabilities;
use crate::{Engine, EngineError, EngineOptions, EngineStats, Sink};
use crossbeam_channel::{bounded, Receiver, Sender};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::Thread;
use timely::communication::WorkerGuards;
use timely::{CommunicationConfig, WorkerConfig};
use workloads::{Input, Plan, Time};

/// Registry entry.
pub const INFO: EngineInfo = EngineInfo {
    name: "timely",
    description: "timely-dataflow 0.32: the plan as timely operators, keyed exchange, frontier-driven windows and joins",
    build,
    external: None,
    // No snapshots: timely keeps no restorable state of its own operators.
    capabilities: Capabilities::ALL_OPERATORS
        .with_multi_process()
        .with_workers_honoured(),
};

/// Input batches queued per worker before the harness's thread blocks.
const QUEUE: usize = 64;

fn build(
    plan: &Plan,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(Timely::new(plan, options, sink)?))
}

/// timely-dataflow workers in this process.
pub struct Timely {
    to_workers: Vec<Sender<Feed>>,
    guards: Option<WorkerGuards<()>>,
    dealer: Dealer,
    late: Vec<Arc<AtomicU64>>,
    state_bytes: Arc<Mutex<Vec<Arc<AtomicU64>>>>,
    /// Each worker's thread, to wake it when it has input.
    threads: Arc<Mutex<Vec<Option<Thread>>>>,
}

impl Timely {
    /// Starts `options.workers` timely workers for `plan`.
    pub fn new(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Self, EngineError> {
        plan.validate()
            .map_err(|e| EngineError::Plan(e.to_string()))?;
        let n = options.workers.max(1);
        let (to_workers, receivers): (Vec<Sender<Feed>>, Vec<Receiver<Feed>>) =
            (0..n).map(|_| bounded(QUEUE)).unzip();
        let receivers: Arc<Vec<Mutex<Option<Receiver<Feed>>>>> =
            Arc::new(receivers.into_iter().map(|r| Mutex::new(Some(r))).collect());
        let late: Vec<Arc<AtomicU64>> = (0..n).map(|_| Arc::new(AtomicU64::new(0))).collect();
        let dealer = Dealer::new(n);
        let ctx = Ctx {
            epochs: dealer.epochs.clone(),
            state_bytes: Arc::new(Mutex::new(Vec::new())),
        };
        let threads: Arc<Mutex<Vec<Option<Thread>>>> = Arc::new(Mutex::new(vec![None; n]));
        let (plan, late_w, ctx_w) = (plan.clone(), late.clone(), ctx.clone());
        let parked = threads.clone();
        let recycler = dealer.recycler();
        // In a cluster, worker indices are global: this process has `first..first + n`.
        let ((builders, others), first) = match &options.cluster {
            None => (
                CommunicationConfig::Process(n)
                    .try_build()
                    .map_err(|e| EngineError::Worker(format!("timely did not start: {e}")))?,
                0,
            ),
            // Returns once every peer is connected, so a cluster is ready when `new` returns.
            Some(c) => (allocators(c, n)?, c.process * n),
        };
        let guards = timely::execute::execute_from(
            builders,
            others,
            WorkerConfig::default(),
            move |worker| {
                let i = worker.index() - first;
                if let Some(slot) = parked.lock().unwrap_or_else(|e| e.into_inner()).get_mut(i) {
                    *slot = Some(std::thread::current());
                }
                let rx = receivers[i]
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take();
                if let Some(rx) = rx {
                    run(
                        worker,
                        i,
                        &plan,
                        Inlet {
                            rx,
                            recycler: recycler.clone(),
                        },
                        ctx_w.clone(),
                        sink.clone(),
                        late_w[i].clone(),
                    );
                }
            },
        )
        .map_err(|e| EngineError::Worker(format!("timely did not start: {e}")))?;
        Ok(Timely {
            to_workers,
            guards: Some(guards),
            dealer,
            late,
            state_bytes: ctx.state_bytes,
            threads,
        })
    }
}

impl Engine for Timely {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        let (tx, threads) = (&self.to_workers, &self.threads);
        self.dealer.events(events, |i, m| send(tx, threads, i, m))
    }

    fn on_watermark(&mut self, watermark: Time, cause: Time) -> Result<(), EngineError> {
        let (tx, threads) = (&self.to_workers, &self.threads);
        self.dealer
            .watermark(watermark, cause, |i, m| send(tx, threads, i, m))
    }

    fn finish(&mut self, cause: Time) -> Result<(), EngineError> {
        let (tx, threads) = (&self.to_workers, &self.threads);
        self.dealer.finish(cause, |i, m| send(tx, threads, i, m))?;
        if let Some(g) = self.guards.take() {
            for (i, r) in g.join().into_iter().enumerate() {
                r.map_err(|e| EngineError::Worker(format!("timely worker {i}: {e}")))?;
            }
        }
        Ok(())
    }

    fn stats(&self) -> EngineStats {
        let state = self.state_bytes.lock().unwrap_or_else(|e| e.into_inner());
        EngineStats {
            state_bytes: state.iter().map(|g| g.load(Ordering::Relaxed)).sum(),
            late_events: self.late.iter().map(|l| l.load(Ordering::Relaxed)).sum(),
        }
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        Err(EngineError::Unsupported(format!(
            "{} has no snapshot",
            INFO.name
        )))
    }

    fn restore(&mut self, _: &[u8]) -> Result<(), EngineError> {
        Err(EngineError::Unsupported(format!(
            "{} has no restore",
            INFO.name
        )))
    }
}

impl Drop for Timely {
    fn drop(&mut self) {
        for tx in &self.to_workers {
            let _ = tx.try_send(Feed::Finish);
        }
        self.to_workers.clear();
        if let Some(g) = self.guards.take() {
            let _ = g.join();
        }
    }
}

/// Queues a message for one worker and wakes it.
fn send(
    to_workers: &[Sender<Feed>],
    threads: &Mutex<Vec<Option<Thread>>>,
    worker: usize,
    m: Feed,
) -> Result<(), EngineError> {
    to_workers[worker]
        .send(m)
        .map_err(|_| EngineError::Worker(format!("timely worker {worker} has stopped")))?;
    let threads = threads.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = threads.get(worker).and_then(Option::as_ref) {
        t.unpark();
    }
    Ok(())
}
