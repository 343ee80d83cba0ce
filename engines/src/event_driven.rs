//! The event-driven engine: each event runs through the whole plan as it arrives, on the
//! caller's thread, one callback per operator (the model of Storm-style processors).

use crate::codec::{Decoder, Encoder};
use crate::graph::Graph;
use crate::registry::EngineInfo;
use crate::Capabilities;
use crate::{Engine, EngineError, EngineOptions, EngineStats, Sink};
use std::sync::Arc;
use workloads::{Input, Output, Plan, Time};

/// Registry entry.
pub const INFO: EngineInfo = EngineInfo {
    name: "event-driven",
    description: "one thread; every event runs through the whole plan when it arrives",
    build,
    external: None,
    // One thread whatever `workers` says.
    capabilities: Capabilities::ALL_OPERATORS.with_snapshots(),
};

/// Results are handed to the sink in batches of at most this many.
const EMIT_BATCH: usize = 1024;

/// Per-event processing on the driver's thread.
pub struct EventDriven {
    graph: Graph,
    sink: Arc<dyn Sink>,
    out: Vec<Output>,
}

fn build(
    plan: &Plan,
    options: &EngineOptions,
    sink: Arc<dyn Sink>,
) -> Result<Box<dyn Engine>, EngineError> {
    Ok(Box::new(EventDriven::new(plan, options, sink)?))
}

impl EventDriven {
    /// An engine for `plan`. It always runs on one thread; `options.workers` is ignored.
    pub fn new(
        plan: &Plan,
        _options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Self, EngineError> {
        Ok(EventDriven {
            graph: Graph::compile(plan)?,
            sink,
            out: Vec::with_capacity(EMIT_BATCH),
        })
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            self.sink.emit(0, &mut self.out);
        }
    }
}

impl Engine for EventDriven {
    fn on_events(&mut self, events: &[Input]) -> Result<(), EngineError> {
        for chunk in events.chunks(EMIT_BATCH) {
            for input in chunk {
                self.graph.ingest(input, &mut self.out);
            }
            // Results leave per chunk so a long run of input cannot hold them back.
            if self.out.len() >= EMIT_BATCH / 2 {
                self.flush();
            }
        }
        self.flush();
        Ok(())
    }

    fn on_watermark(&mut self, watermark: Time, scheduled: Time) -> Result<(), EngineError> {
        self.graph.advance(watermark, scheduled, &mut self.out);
        self.flush();
        Ok(())
    }

    fn finish(&mut self, scheduled: Time) -> Result<(), EngineError> {
        self.on_watermark(Time::MAX, scheduled)
    }

    fn stats(&self) -> EngineStats {
        EngineStats {
            state_bytes: self.graph.state_bytes(),
            late_events: self.graph.late_events(),
        }
    }

    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
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
