//! The measuring sink: every delivered result matched to the reference's (see
//! [`crate::expected`]) and timed from the reference's cause, into latency histograms (from
//! the schedule, from the actual injection, from event time) and per-interval figures,
//! recorded off the engine's threads.

use crate::check::SHOWN;
use crate::clock::Clock;
use crate::expected::{Expected, Found, Matcher};
use crate::injection::{InjectionLog, LogReader};
use crate::measure::{count_at, Record, Tally};
use crossbeam_channel::{bounded, Receiver, Sender};
use engines::pool::{pool, Recycler, Spares};
use engines::Sink;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use workloads::{Output, Time};

/// The sink an engine is built with before its run's clock starts (the clock's zero is when
/// the engine is ready, so its start-up is not charged to the schedule): forwards to the
/// measuring sink once it is set, and drops what comes before (nothing has been sent then).
#[derive(Default)]
pub struct LaterSink(OnceLock<Arc<dyn Sink>>);

impl LaterSink {
    /// Forwards every later batch to `sink`; the first call wins.
    pub fn set(&self, sink: Arc<dyn Sink>) {
        let _ = self.0.set(sink);
    }
}

impl Sink for LaterSink {
    fn emit(&self, worker: usize, outputs: &mut Vec<Output>) {
        match self.0.get() {
            Some(s) => s.emit(worker, outputs),
            None => outputs.clear(),
        }
    }
}

/// Batches queued for the measuring thread before an engine's emit blocks.
const QUEUE: usize = 1024;

enum Msg {
    Batch(Time, Vec<Output>),
    /// From now on, results are held until committed (an exactly-once sink).
    Hold,
    /// Everything held is delivered, at this time.
    Commit(Time),
    /// Everything held is discarded (the engine that produced it crashed).
    Abort,
    /// A checkpoint held inputs back from the first to the second time.
    Window(Time, Time),
    Done,
}

/// A [`Sink`] that timestamps each batch once, on the engine's thread, and hands it (without
/// copying) to a measuring thread that records every result: the engine pays a clock read and
/// a channel send per batch, and the measuring work runs beside it on another core.
pub struct MeasuringSink {
    clock: Clock,
    tx: Sender<Msg>,
    spare: Spares<Output>,
    thread: Mutex<Option<JoinHandle<Record>>>,
}

impl MeasuringSink {
    /// A sink on `clock` matching results to `expected`. Results caused before `warmup`
    /// count for correctness but not for latency; time series use intervals of `interval`.
    /// `causes`: whether the engine's results carry causes to cross-check (its declaration).
    pub fn new(
        clock: Clock,
        warmup: Time,
        interval: Time,
        injections: Arc<InjectionLog>,
        expected: &Arc<Expected>,
        causes: bool,
    ) -> Self {
        let (tx, rx) = bounded::<Msg>(QUEUE);
        let (spare, recycler) = pool();
        let m = Measurer {
            warmup,
            interval: interval.max(1),
            matcher: match causes {
                true => expected.matcher(),
                false => expected.matcher().by_event(),
            },
            expected: expected.clone(),
            injections: injections.reader(),
            holding: false,
            pending: Vec::new(),
            windows: Vec::new(),
            record: Record {
                warmup,
                ..Record::default()
            },
            tallies: Tallies::default(),
        };
        let thread = std::thread::Builder::new()
            .name("measure".into())
            .spawn(move || m.run(rx, recycler))
            .expect("cannot start the measuring thread");
        MeasuringSink {
            clock,
            tx,
            spare,
            thread: Mutex::new(Some(thread)),
        }
    }

    /// Holds every later result back until [`Self::commit`]: an exactly-once sink, whose
    /// results become visible (and are timed) when the checkpoint they belong to completes.
    /// Call before the engine emits anything.
    pub fn hold_until_commit(&self) {
        let _ = self.tx.send(Msg::Hold);
    }

    /// Delivers every held result now (a checkpoint completed, or the input ended).
    pub fn commit(&self) {
        let _ = self.tx.send(Msg::Commit(self.clock.now()));
    }

    /// Discards every held result: the engine that produced them is gone.
    pub fn abort(&self) {
        let _ = self.tx.send(Msg::Abort);
    }

    /// Records that a checkpoint held inputs back from `start` to `end`, so the latency of
    /// results caused in between is kept for it. Call before injecting again.
    pub fn checkpoint_window(&self, start: Time, end: Time) {
        let _ = self.tx.send(Msg::Window(start, end));
    }

    /// The results side of the run's record, once every result has been emitted.
    pub fn merged(&self) -> Record {
        let _ = self.tx.send(Msg::Done);
        let handle = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        handle.and_then(|h| h.join().ok()).unwrap_or_default()
    }
}

impl Sink for MeasuringSink {
    fn emit(&self, _worker: usize, outputs: &mut Vec<Output>) {
        if outputs.is_empty() {
            return;
        }
        let now = self.clock.now();
        let mut batch = self.spare.take(outputs.capacity());
        std::mem::swap(outputs, &mut batch);
        let _ = self.tx.send(Msg::Batch(now, batch));
    }
}

/// The measuring thread's state.
struct Measurer {
    warmup: Time,
    interval: Time,
    matcher: Matcher,
    expected: Arc<Expected>,
    injections: LogReader,
    /// Whether results wait for a commit.
    holding: bool,
    /// Batches waiting for a commit.
    pending: Vec<Vec<Output>>,
    /// Each checkpoint's stall (start, end), in order.
    windows: Vec<(Time, Time)>,
    record: Record,
    tallies: Tallies,
}

/// Latencies counted since they were last added into the record's histograms (see
/// [`Tally`]): those from the schedule for one time-series interval at a time, the others
/// for the whole run.
#[derive(Default)]
struct Tallies {
    /// The interval `latency` counts for.
    interval: usize,
    latency: Tally,
    processing: Tally,
    event_latency: Tally,
    window_end: Tally,
}

impl Measurer {
    fn run(mut self, rx: Receiver<Msg>, spare: Recycler<Output>) -> Record {
        let recycle = |batch: Vec<Output>| {
            let written = batch.len();
            spare.give_back(batch, written)
        };
        loop {
            match rx.recv() {
                Ok(Msg::Batch(_, batch)) if self.holding => self.pending.push(batch),
                Ok(Msg::Batch(now, batch)) => {
                    self.record(now, &batch);
                    recycle(batch);
                }
                Ok(Msg::Hold) => self.holding = true,
                Ok(Msg::Commit(now)) => {
                    for batch in std::mem::take(&mut self.pending) {
                        self.record(now, &batch);
                        recycle(batch);
                    }
                }
                Ok(Msg::Abort) => self.pending.drain(..).for_each(recycle),
                Ok(Msg::Window(start, end)) => {
                    self.windows.push((start, end));
                    self.record.in_flight_max.push(0);
                }
                Ok(Msg::Done) | Err(_) => break,
            }
        }
        self.drain_latency();
        let (t, r) = (&mut self.tallies, &mut self.record);
        t.processing.drain(&mut [&mut r.processing]);
        t.event_latency.drain(&mut [&mut r.event_latency]);
        t.window_end.drain(&mut [&mut r.window_end]);
        // This thread is the harness's cost, not the engine's; it started with the run.
        let (user, system) = crate::cpu::thread_cpu_seconds();
        self.record.harness_user_s += user;
        self.record.harness_system_s += system;
        self.record
    }

    /// Adds the latencies counted for the current interval into its histogram and the run's.
    fn drain_latency(&mut self) {
        let t = &mut self.tallies;
        if t.latency.is_empty() {
            return;
        }
        self.record.interval(t.interval);
        let Record {
            latency, intervals, ..
        } = &mut self.record;
        t.latency
            .drain(&mut [latency, &mut intervals[t.interval].latency]);
    }

    fn record(&mut self, now: Time, outputs: &[Output]) {
        let idx = (now / self.interval) as usize;
        if idx != self.tallies.interval {
            self.drain_latency();
            self.tallies.interval = idx;
        }
        let record = &mut self.record;
        record.outputs += outputs.len() as u64;
        count_at(&mut record.delivered_by_bucket, now, outputs.len() as u64);
        record.interval(idx);
        let Record {
            intervals,
            matched,
            unexpected,
            misattributed,
            mismatch_samples: samples,
            duplicated,
            in_flight_max,
            ..
        } = record;
        let windows = &self.windows;
        let iv = &mut intervals[idx];
        iv.outputs += outputs.len() as u64;
        let (warmup, matcher, expected) = (self.warmup, &mut self.matcher, &*self.expected);
        let tallies = &mut self.tallies;
        self.injections.with_lookup(|injected| {
            for o in outputs {
                // The reference's cause and latest time, never the engine's.
                let i = match matcher.find(o) {
                    Found::Exact(i) => i,
                    Found::Misattributed(i) => {
                        *misattributed += 1;
                        if samples.len() < SHOWN {
                            let e = expected.output(i);
                            samples.push(format!(
                                "{:?} with cause {}, latest {} (the reference: cause {}, latest {})",
                                o.event, o.cause, o.latest, e.cause, e.latest
                            ));
                        }
                        i
                    }
                    Found::Unexpected if matcher.delivered_before(o) => {
                        // A replay's repeat: counted, not timed (its first delivery was).
                        *duplicated += 1;
                        if samples.len() < SHOWN {
                            samples.push(format!(
                                "delivered again {:?} (cause {}, latest {})",
                                o.event, o.cause, o.latest
                            ));
                        }
                        continue;
                    }
                    Found::Unexpected => {
                        // Not timed: without the reference's cause there is no honest figure.
                        *unexpected += 1;
                        if samples.len() < SHOWN {
                            samples.push(format!(
                                "unexpected {:?} (cause {}, latest {})",
                                o.event, o.cause, o.latest
                            ));
                        }
                        continue;
                    }
                };
                matched.push(i);
                let e = expected.output(i);
                let l = now.saturating_sub(e.cause).max(1);
                let w = windows.partition_point(|w| w.0 <= e.cause);
                if w > 0 && e.cause < windows[w - 1].1 {
                    in_flight_max[w - 1] = in_flight_max[w - 1].max(l);
                }
                if e.cause < warmup {
                    continue;
                }
                tallies.latency.record(l);
                tallies.processing.record(now.saturating_sub(injected(e.cause)));
                tallies.event_latency.record(now.saturating_sub(e.latest));
                tallies
                    .window_end
                    .record(now.saturating_sub(o.event.time.saturating_add(1)));
            }
        });
    }
}
