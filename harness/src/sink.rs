//! The measuring sink: every delivered result matched to the reference's (see
//! [`crate::expected`]) and timed from the reference's cause, into latency histograms (from
//! the schedule, from the actual injection, from event time) and per-interval figures,
//! recorded off the engine's threads.

use crate::check::SHOWN;
use crate::clock::Clock;
use crate::expected::{Expected, Found, Matcher};
use crate::injection::InjectionLog;
use crate::measure::{count_at, Record};
use crossbeam_channel::{bounded, Receiver, Sender};
use engines::Sink;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use workloads::{Output, Time};

/// The sink an engine is built with before its run's clock starts (the clock's zero is when
/// the engine is ready, so its start-up is not charged to the schedule): forwards to the
/// measuring sink once it is set, and drops what comes before (nothing has been sent then).
#[derive(Default)]
pub struct LaterSink(OnceLock<Arc<MeasuringSink>>);

impl LaterSink {
    /// Forwards every later batch to `sink`; the first call wins.
    pub fn set(&self, sink: Arc<MeasuringSink>) {
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
    Done,
}

/// A [`Sink`] that timestamps each batch once, on the engine's thread, and hands it (without
/// copying) to a measuring thread that records every result: the engine pays a clock read and
/// a channel send per batch, and the measuring work runs beside it on another core.
pub struct MeasuringSink {
    clock: Clock,
    tx: Sender<Msg>,
    spare: Receiver<Vec<Output>>,
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
        let (spare_tx, spare) = bounded::<Vec<Output>>(QUEUE);
        let m = Measurer {
            warmup,
            interval: interval.max(1),
            matcher: match causes {
                true => expected.matcher(),
                false => expected.matcher().by_event(),
            },
            expected: expected.clone(),
            injections,
            record: Record {
                warmup,
                ..Record::default()
            },
        };
        let thread = std::thread::Builder::new()
            .name("measure".into())
            .spawn(move || m.run(rx, spare_tx))
            .expect("cannot start the measuring thread");
        MeasuringSink {
            clock,
            tx,
            spare,
            thread: Mutex::new(Some(thread)),
        }
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
        let mut batch = self.spare.try_recv().unwrap_or_default();
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
    injections: Arc<InjectionLog>,
    record: Record,
}

impl Measurer {
    fn run(mut self, rx: Receiver<Msg>, spare: Sender<Vec<Output>>) -> Record {
        while let Ok(Msg::Batch(now, mut batch)) = rx.recv() {
            self.record(now, &batch);
            batch.clear();
            let _ = spare.try_send(batch);
        }
        // This thread is the harness's cost, not the engine's; it started with the run.
        let (user, system) = crate::cpu::thread_cpu_seconds();
        self.record.harness_user_s += user;
        self.record.harness_system_s += system;
        self.record
    }

    fn record(&mut self, now: Time, outputs: &[Output]) {
        let record = &mut self.record;
        record.outputs += outputs.len() as u64;
        count_at(&mut record.delivered_by_bucket, now, outputs.len() as u64);
        let idx = (now / self.interval) as usize;
        record.interval(idx);
        let Record {
            latency,
            processing,
            event_latency,
            window_end,
            intervals,
            matched,
            unexpected,
            misattributed,
            mismatch_samples: samples,
            ..
        } = record;
        let iv = &mut intervals[idx];
        iv.outputs += outputs.len() as u64;
        let (warmup, matcher, expected) = (self.warmup, &mut self.matcher, &*self.expected);
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
                if e.cause < warmup {
                    continue;
                }
                let l = now.saturating_sub(e.cause).max(1);
                latency.saturating_record(l);
                iv.latency.saturating_record(l);
                processing.saturating_record(now.saturating_sub(injected(e.cause)).max(1));
                event_latency.saturating_record(now.saturating_sub(e.latest).max(1));
                window_end
                    .saturating_record(now.saturating_sub(o.event.time.saturating_add(1)).max(1));
            }
        });
    }
}
