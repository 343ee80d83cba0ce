//! What measuring costs: an engine's closed-loop throughput with the full measuring sink
//! (latency from the schedule, from the actual injection and from event time, per-interval
//! histograms, each result matched to the reference's for the correctness check and timed
//! from the reference's cause, the injection log) against the same
//! run with a sink that only counts results. Same events, same engine, same process.
//!
//! Beside it, what matching alone costs: every reference result looked up once, as the
//! measuring thread does, in ns per result.
//!
//! `cargo bench -p harness --bench measurement` (env `BENCH_EVENTS`, default 10 M;
//! `BENCH_REPS`, default 5; medians).

use engines::pool::{self, Spares};
use engines::{Engine, EngineOptions, Sink};
use harness::clock::Clock;
use harness::expected::Expected;
use harness::injection::InjectionLog;
use harness::sink::MeasuringSink;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use workloads::catalog::{find, Params};
use workloads::reference::evaluate;
use workloads::{Output, Step, Stream};

#[derive(Default)]
struct Count(AtomicU64);

impl Sink for Count {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        self.0.fetch_add(outputs.len() as u64, Ordering::Relaxed);
        outputs.clear();
    }
}

/// Hands each batch to another thread, as the measuring sink does (the same pool of
/// batches, `engines::pool`), which only empties it and gives it back: the cost of the handover alone.
struct Handoff {
    tx: crossbeam_channel::Sender<Vec<Output>>,
    spares: Spares<Output>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<u64>>>,
}

impl Handoff {
    fn new() -> Self {
        let (tx, rx) = crossbeam_channel::bounded::<Vec<Output>>(1024);
        let (spares, recycler) = pool::pool();
        let thread = std::thread::spawn(move || {
            let mut n = 0;
            // An empty batch (which `emit` never sends) ends it.
            for batch in rx.iter().take_while(|b| !b.is_empty()) {
                n += batch.len() as u64;
                let written = batch.len();
                recycler.give_back(batch, written);
            }
            n
        });
        Handoff {
            tx,
            spares,
            thread: std::sync::Mutex::new(Some(thread)),
        }
    }

    /// Results handed over, once the other thread has emptied every batch.
    fn finish(&self) -> u64 {
        let _ = self.tx.send(Vec::new());
        let t = self.thread.lock().unwrap().take().expect("finished once");
        t.join().expect("handoff thread")
    }
}

impl Sink for Handoff {
    fn emit(&self, _: usize, outputs: &mut Vec<Output>) {
        if outputs.is_empty() {
            return;
        }
        let mut batch = self.spares.take(outputs.capacity());
        std::mem::swap(outputs, &mut batch);
        let _ = self.tx.send(batch);
    }
}

/// Feeds the stream as fast as the engine takes it, logging injections as the driver does.
fn feed(engine: &mut dyn Engine, stream: &Stream, log: Option<&InjectionLog>, clock: &Clock) {
    for step in stream.steps() {
        match step {
            Step::Events(events) => {
                for chunk in events.chunks(4096) {
                    if let Some(log) = log {
                        log.record(chunk[chunk.len() - 1].scheduled, clock.now());
                    }
                    engine.on_events(chunk).expect("events");
                }
            }
            Step::Watermark(w) => {
                if let Some(log) = log {
                    log.record(w.scheduled, clock.now());
                }
                engine
                    .on_watermark(w.watermark, w.scheduled)
                    .expect("watermark");
            }
        }
    }
    engine.finish(stream.end).expect("finish");
}

/// Nanoseconds per result to match every expected result once, in order of cause (roughly
/// the order of delivery, and random with respect to the index's layout).
fn matching_ns(expected: &Arc<Expected>) -> f64 {
    let mut outputs: Vec<Output> = (0..expected.len() as u32)
        .map(|i| expected.output(i).clone())
        .collect();
    outputs.sort_by_key(|o| (o.cause, o.event.time));
    let mut matcher = expected.matcher();
    let t = Instant::now();
    for o in &outputs {
        std::hint::black_box(matcher.find(o));
    }
    t.elapsed().as_nanos() as f64 / outputs.len().max(1) as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let events: f64 = std::env::var("BENCH_EVENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10e6);
    let reps: usize = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    println!("measurement overhead, event-driven engine, {events} events, median of {reps}");
    for name in ["stateless", "window-count"] {
        let params = Params {
            rate: events / 10.0,
            duration: 10.0,
            ..Params::default()
        };
        let workload = find(name).expect("workload").build(&params);
        let stream = workload.source.generate();
        let expected = Arc::new(Expected::new(evaluate(&workload.plan, &stream)));
        // Per repetition: counting on the engine's thread, handing over to another thread
        // that only empties the batches, full measuring there.
        let mut eps: [Vec<f64>; 3] = Default::default();
        for _ in 0..reps {
            for (mode, figures) in eps.iter_mut().enumerate() {
                let clock = Clock::start();
                let log = Arc::new(InjectionLog::default());
                let measuring = (mode == 2).then(|| {
                    Arc::new(MeasuringSink::new(
                        clock,
                        0,
                        1_000_000_000,
                        log.clone(),
                        &expected,
                        true,
                    ))
                });
                let handoff = (mode == 1).then(|| Arc::new(Handoff::new()));
                let sink: Arc<dyn Sink> = match (&measuring, &handoff) {
                    (Some(m), _) => m.clone(),
                    (_, Some(h)) => h.clone(),
                    _ => Arc::new(Count::default()),
                };
                let mut e = engines::event_driven::INFO
                    .build(&workload.plan, &EngineOptions::default(), sink)
                    .expect("engine");
                let t = Instant::now();
                feed(
                    e.as_mut(),
                    &stream,
                    measuring.is_some().then_some(&*log),
                    &clock,
                );
                drop(e);
                // Until the other thread has taken the last result: its queue holds up to
                // 1024 batches, which the engine's time alone would leave out.
                if let Some(m) = &measuring {
                    std::hint::black_box(m.merged().matched.len());
                }
                if let Some(h) = &handoff {
                    std::hint::black_box(h.finish());
                }
                figures.push(stream.events.len() as f64 / t.elapsed().as_secs_f64());
            }
        }
        // Each repetition's cost against its own counting run, for the spread.
        let cost = |of: &[f64]| {
            let costs: Vec<f64> = eps[0]
                .iter()
                .zip(of)
                .map(|(c, m)| (1.0 - m / c) * 100.0)
                .collect();
            let (lo, hi) = costs
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            (median(costs), lo, hi)
        };
        let (handed, full) = (cost(&eps[1]), cost(&eps[2]));
        let [c, h, m] = eps.map(median);
        let matching = median((0..reps).map(|_| matching_ns(&expected)).collect());
        println!(
            "  {name:<13} counting only {:>6.2} M ev/s   handover only {:>6.2} M ev/s, cost {:>5.1} % ({:.1} to {:.1})   full measurement {:>6.2} M ev/s, cost {:>5.1} % ({:.1} to {:.1})   matching {:>5.1} ns/result ({} results)",
            c / 1e6,
            h / 1e6,
            handed.0,
            handed.1,
            handed.2,
            m / 1e6,
            full.0,
            full.1,
            full.2,
            matching,
            expected.len()
        );
    }
}
