//! Plugging in a new engine, end to end: implement [`Engine`], describe it and declare its
//! [`Capabilities`] with an [`EngineInfo`], and prove it with the conformance kit before measuring it.
//!
//! The engine here defers work: it queues input and runs it through the shared operator
//! graph every `BATCH` events, on the caller's thread. A toy scheduling model, but a correct
//! one — the kit checks results, causes and late counts against the reference evaluator.
//!
//! `cargo run --release -p engines --example plug_in`

use engines::codec::{Decoder, Encoder};
use engines::conformance::run_kit;
use engines::graph::Graph;
use engines::registry::EngineInfo;
use engines::{Capabilities, Engine, EngineError, EngineOptions, EngineStats, Sink};
use std::sync::Arc;
use workloads::{Input, Output, Plan, Time};

const BATCH: usize = 10_000;

enum Queued {
    Events(Vec<Input>),
    Watermark(Time, Time),
}

struct Deferred {
    graph: Graph,
    queue: Vec<Queued>,
    queued_events: usize,
    sink: Arc<dyn Sink>,
    out: Vec<Output>,
}

fn build(
    plan: &Plan,
    _options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(Deferred {
        graph: Graph::compile(plan)?,
        queue: Vec::new(),
        queued_events: 0,
        sink,
        out: Vec::new(),
    }))
}

/// What `streambench` and the kit need to find and start the engine. Inside this repository
/// it would live in `engines/src/deferred.rs`, with `deferred::INFO` added to
/// `registry::ENGINES`.
const INFO: EngineInfo = EngineInfo {
    name: "deferred",
    description: "queues input and runs it every 10 k events on the caller's thread",
    build,
    external: None,
    // Every operator (it runs the shared graph) and a consistent-cut snapshot; one thread
    // whatever `workers` says, in one process.
    capabilities: Capabilities::ALL_OPERATORS.with_snapshots(),
};

impl Deferred {
    /// Runs everything queued, in order, and hands the results to the sink.
    fn drain(&mut self) {
        for q in std::mem::take(&mut self.queue) {
            match q {
                Queued::Events(events) => events
                    .iter()
                    .for_each(|i| self.graph.ingest(i, &mut self.out)),
                Queued::Watermark(w, cause) => self.graph.advance(w, cause, &mut self.out),
            }
        }
        self.queued_events = 0;
        if !self.out.is_empty() {
            self.sink.emit(0, &mut self.out);
        }
    }
}

impl Engine for Deferred {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        self.queue.push(Queued::Events(events.to_vec()));
        self.queued_events += events.len();
        if self.queued_events >= BATCH {
            self.drain();
        }
        Ok(())
    }

    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.queue.push(Queued::Watermark(watermark, scheduled));
        Ok(())
    }

    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        self.queue.push(Queued::Watermark(Time::MAX, scheduled));
        self.drain();
        Ok(())
    }

    fn stats(&self) -> EngineStats {
        EngineStats {
            state_bytes: self.graph.state_bytes(),
            late_events: self.graph.late_events(),
        }
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        // A consistent cut: everything received so far is processed and emitted first.
        self.drain();
        let mut e = Encoder::default();
        self.graph.encode(&mut e);
        Ok(e.buf)
    }

    fn restore(&mut self, snapshot: &[u8]) -> Result<(), EngineError> {
        let mut d = Decoder::new(snapshot);
        self.graph.decode(&mut d)?;
        d.finish()
    }
}

fn main() {
    // The kit holds the engine to its declaration: declared cases must pass, the others are
    // listed as skipped.
    let report = run_kit(&INFO);
    println!("{report}");
    for (case, why) in &report.failed {
        println!("  FAIL {case}: {why}");
    }
    if let Err(e) = report.check() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
