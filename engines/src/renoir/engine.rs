//! The engine handle: builds the renoir job, runs it on a background thread and feeds it.

use super::erased::Failure;
use super::plan::{build, Ctx};
use super::source::{FeedSource, Inputs};
use crate::feed::{Dealer, Feed};
use crate::registry::EngineInfo;
use crate::Capabilities;
use crate::{panic_message, Engine, EngineError, EngineOptions, EngineStats, Sink};
use crossbeam_channel::{bounded, Receiver, RecvTimeoutError, SendTimeoutError, Sender};
use renoir::{BatchMode, RuntimeConfig, StreamContext};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use workloads::{Input, Plan, Time};

/// Registry entry.
pub const INFO: EngineInfo = EngineInfo {
    name: "renoir",
    description: "renoir 0.6: the plan as a renoir job, key-partitioned replicas, watermark-driven windows and joins",
    build: build_engine,
    external: None,
    // No snapshots, as for timely.
    capabilities: Capabilities::ALL_OPERATORS
        .with_multi_process()
        .with_workers_honoured(),
};

/// Input batches queued per source replica before the harness's thread blocks.
const QUEUE: usize = 64;
/// How often a waiting engine handle checks for a failed renoir thread.
const POLL: Duration = Duration::from_millis(20);
/// Default renoir batch: records per network batch, and how long a block waits for more
/// input before flushing a partial one. renoir's default (1024, 50 ms) would add up to
/// 50 ms per block to the latency of a result; an idle block waits this long only once.
const BATCH_SIZE: usize = 1024;
const MAX_DELAY_US: u64 = 1000;

fn build_engine(
    plan: &Plan,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(match &options.cluster {
        None => Renoir::new(plan, options, sink)?,
        Some(c) => Renoir::new_cluster(plan, options, sink, c.process, &c.addresses)?,
    }))
}

/// A renoir job in this process.
pub struct Renoir {
    to_sources: Vec<Sender<Feed>>,
    thread: Option<JoinHandle<()>>,
    /// Signalled (by disconnection) when the job's thread ends.
    done: Receiver<()>,
    dealer: Dealer,
    late: Arc<AtomicU64>,
    ctx: Ctx,
}

/// renoir's batch mode from the settings `batch_size` and `max_delay_us`.
fn batch_mode(options: &EngineOptions) -> Result<BatchMode, EngineError> {
    options.only_settings(&["batch_size", "max_delay_us"])?;
    let size: usize = options.setting("batch_size", BATCH_SIZE)?;
    let delay: u64 = options.setting("max_delay_us", MAX_DELAY_US)?;
    if size == 0 || delay == 0 {
        return Err(EngineError::Option {
            name: "batch_size/max_delay_us".into(),
            reason: "must be at least 1".into(),
        });
    }
    Ok(BatchMode::adaptive(size, Duration::from_micros(delay)))
}

impl Renoir {
    /// Builds the job for `plan` on `options.workers` replicas and starts it.
    pub fn new(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Self, EngineError> {
        let n = options.workers.max(1);
        let config = RuntimeConfig::local(n as u64)
            .map_err(|e| EngineError::Worker(format!("renoir config: {e}")))?;
        Self::start(plan, options, sink, config)
    }

    /// Builds the job for `plan` under `config` (this process's part of it) and starts it.
    pub(super) fn start(
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
        config: RuntimeConfig,
    ) -> Result<Self, EngineError> {
        plan.validate()
            .map_err(|e| EngineError::Plan(e.to_string()))?;
        let batch = batch_mode(options)?;
        let n = options.workers.max(1);
        let (to_sources, receivers): (Vec<Sender<Feed>>, Vec<Receiver<Feed>>) =
            (0..n).map(|_| bounded(QUEUE)).unzip();
        let inputs: Inputs = Arc::new(receivers.into_iter().map(|r| Mutex::new(Some(r))).collect());
        let late = Arc::new(AtomicU64::new(0));
        let dealer = Dealer::new(n);
        let ctx = Ctx {
            epochs: dealer.epochs.clone(),
            gauges: Arc::new(Mutex::new(Vec::new())),
            failure: Arc::new(Failure::default()),
        };
        let source = FeedSource::new(inputs, late.clone(), dealer.recycler());
        let (ready_tx, ready) = bounded::<()>(1);
        let (done_tx, done) = bounded::<()>(0);
        let (plan, ctx_t) = (plan.clone(), ctx.clone());
        let thread = std::thread::Builder::new()
            .name("renoir".into())
            .spawn(move || {
                let _done = done_tx;
                let run = catch_unwind(AssertUnwindSafe(|| {
                    let env = StreamContext::new(config);
                    build(&env, &plan, source, batch, sink, n, &ctx_t);
                    let _ = ready_tx.send(());
                    // Joins every replica's thread: returns once the job has ended.
                    env.execute_blocking();
                }));
                if let Err(p) = run {
                    ctx_t.failure.record(panic_message(&*p));
                }
            })
            .map_err(|e| EngineError::Worker(format!("cannot start renoir: {e}")))?;
        let engine = Renoir {
            to_sources,
            thread: Some(thread),
            done,
            dealer,
            late,
            ctx,
        };
        // Report a job that fails to build now rather than at the first input.
        if ready.recv().is_err() {
            return Err(engine.failed());
        }
        Ok(engine)
    }

    fn failed(&self) -> EngineError {
        failed(&self.ctx)
    }
}

fn failed(ctx: &Ctx) -> EngineError {
    let why = ctx.failure.get();
    EngineError::Worker(format!(
        "renoir: {}",
        why.unwrap_or_else(|| "the job stopped".into())
    ))
}

/// Sends to source replica `i`, blocking while its queue is full, unless the job fails.
fn send(to_sources: &[Sender<Feed>], ctx: &Ctx, i: usize, mut m: Feed) -> Result<(), EngineError> {
    loop {
        match to_sources[i].send_timeout(m, POLL) {
            Ok(()) => return Ok(()),
            Err(SendTimeoutError::Disconnected(_)) => return Err(failed(ctx)),
            Err(SendTimeoutError::Timeout(back)) => {
                if ctx.failure.get().is_some() {
                    return Err(failed(ctx));
                }
                m = back;
            }
        }
    }
}

impl Engine for Renoir {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        let (tx, ctx) = (&self.to_sources, &self.ctx);
        self.dealer.events(events, |i, m| send(tx, ctx, i, m))
    }

    fn on_watermark(&mut self, watermark: Time, cause: Time) -> Result<(), EngineError> {
        let (tx, ctx) = (&self.to_sources, &self.ctx);
        self.dealer
            .watermark(watermark, cause, |i, m| send(tx, ctx, i, m))
    }

    fn finish(&mut self, cause: Time) -> Result<(), EngineError> {
        let (tx, ctx) = (&self.to_sources, &self.ctx);
        self.dealer.finish(cause, |i, m| send(tx, ctx, i, m))?;
        // The job's thread ends after every replica has ended, so after the sink has every
        // result; a panicked replica may leave others blocked, so watch for failures too.
        loop {
            match self.done.recv_timeout(POLL) {
                Err(RecvTimeoutError::Disconnected) => break,
                Ok(()) | Err(RecvTimeoutError::Timeout) => {
                    if self.ctx.failure.get().is_some() {
                        return Err(self.failed());
                    }
                }
            }
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        match self.ctx.failure.get() {
            Some(_) => Err(self.failed()),
            None => Ok(()),
        }
    }

    fn stats(&self) -> EngineStats {
        let gauges = self.ctx.gauges.lock().unwrap_or_else(|e| e.into_inner());
        EngineStats {
            state_bytes: gauges.iter().map(|g| g.load(Ordering::Relaxed)).sum(),
            late_events: self.late.load(Ordering::Relaxed),
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

impl Drop for Renoir {
    fn drop(&mut self) {
        for tx in &self.to_sources {
            let _ = tx.try_send(Feed::Finish);
        }
        // Disconnected sources end the job too.
        self.to_sources.clear();
        if let Some(t) = self.thread.take() {
            // A failed job may never end: leave its threads behind rather than hang.
            if self.ctx.failure.get().is_none() {
                let _ = t.join();
            }
        }
    }
}
