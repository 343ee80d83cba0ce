//! The watermark-driven stateful operator: one of the shared operator states (windows, top,
//! last-n, joins) as a custom renoir operator, fired when renoir's watermark passes.

use crate::feed::Epochs;
use crate::graph::Stateful;
use renoir::block::structure::{BlockStructure, OperatorStructure};
use renoir::operator::{Operator, StreamElement};
use renoir::ExecutionMetadata;
use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use workloads::{Output, Plan, Time};

/// A record on its way into a stateful operator, with the input it arrives on.
pub trait Port: Send + 'static {
    /// 0 for the left (or only) input, 1 for the right.
    fn port(&self) -> usize;
    /// The record.
    fn record(&self) -> &Output;
}

impl Port for Output {
    fn port(&self) -> usize {
        0
    }
    fn record(&self) -> &Output {
        self
    }
}

impl Port for (u8, Output) {
    fn port(&self) -> usize {
        self.0 as usize
    }
    fn record(&self) -> &Output {
        &self.1
    }
}

/// Each replica's logical state size, for the engine's stats.
pub type Gauges = Arc<Mutex<Vec<Arc<AtomicU64>>>>;

/// One replica of a stateful plan node.
pub struct StatefulOp<Prev> {
    prev: Prev,
    /// The plan node; each replica builds its own state from it in `setup`.
    node: Arc<Plan>,
    state: Option<Stateful>,
    epochs: Arc<Epochs>,
    /// Watermarks (epochs) fired so far.
    fired: usize,
    /// Elements to return before pulling more input.
    pending: VecDeque<StreamElement<Output>>,
    out: Vec<Output>,
    gauges: Gauges,
    gauge: Arc<AtomicU64>,
    done: bool,
}

impl<Prev: Clone> Clone for StatefulOp<Prev> {
    fn clone(&self) -> Self {
        StatefulOp {
            prev: self.prev.clone(),
            node: self.node.clone(),
            state: None,
            epochs: self.epochs.clone(),
            fired: 0,
            pending: VecDeque::new(),
            out: Vec::new(),
            gauges: self.gauges.clone(),
            gauge: Arc::new(AtomicU64::new(0)),
            done: false,
        }
    }
}

impl<Prev> StatefulOp<Prev> {
    /// The operator for `node` (a stateful plan node) after `prev`.
    pub fn new(prev: Prev, node: &Plan, epochs: Arc<Epochs>, gauges: Gauges) -> Self {
        StatefulOp {
            prev,
            node: Arc::new(node.clone()),
            state: None,
            epochs,
            fired: 0,
            pending: VecDeque::new(),
            out: Vec::new(),
            gauges,
            gauge: Arc::new(AtomicU64::new(0)),
            done: false,
        }
    }

    fn state(&mut self) -> &mut Stateful {
        self.state
            .as_mut()
            .expect("stateful operator used before setup")
    }

    /// Fires every watermark up to epoch `to` not fired yet, queueing the results.
    fn fire_to(&mut self, to: usize) {
        while self.fired < to {
            let Some((watermark, cause)) = self.epochs.get(self.fired) else {
                break;
            };
            self.fire(watermark, cause);
            self.fired += 1;
        }
    }

    fn fire(&mut self, watermark: Time, cause: Time) {
        let mut out = std::mem::take(&mut self.out);
        self.state().fire(watermark, cause, &mut out);
        self.pending.extend(out.drain(..).map(StreamElement::Item));
        self.out = out;
    }

    fn measure(&mut self) {
        let bytes = self.state().state_bytes();
        self.gauge.store(bytes, Ordering::Relaxed);
    }
}

impl<Prev> fmt::Display for StatefulOp<Prev>
where
    Prev: Operator,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> Stateful", self.prev)
    }
}

impl<Prev> Operator for StatefulOp<Prev>
where
    Prev: Operator,
    Prev::Out: Port,
{
    type Out = Output;

    fn setup(&mut self, metadata: &mut ExecutionMetadata) {
        self.prev.setup(metadata);
        self.state = Stateful::for_plan(&self.node);
        assert!(self.state.is_some(), "not a stateful plan node");
        self.gauges
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.gauge.clone());
    }

    fn next(&mut self) -> StreamElement<Output> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return e;
            }
            match self.prev.next() {
                StreamElement::Item(r) | StreamElement::Timestamped(r, _) => {
                    let mut out = std::mem::take(&mut self.out);
                    self.state().insert(r.port(), r.record(), &mut out);
                    self.pending.extend(out.drain(..).map(StreamElement::Item));
                    self.out = out;
                }
                StreamElement::Watermark(k) => {
                    // renoir forwards the frontier, which may skip epochs: fire each in turn.
                    self.fire_to(k.max(0) as usize);
                    self.measure();
                    self.pending.push_back(StreamElement::Watermark(k));
                    // renoir flushes a batch only on request: send the results on at once.
                    self.pending.push_back(StreamElement::FlushBatch);
                }
                StreamElement::FlushAndRestart => {
                    if !self.done {
                        // End of input: every watermark not fired yet, then `finish`'s.
                        self.done = true;
                        self.fire_to(usize::MAX);
                        let cause = self.epochs.end();
                        self.fire(Time::MAX, cause);
                        self.measure();
                    }
                    self.pending.push_back(StreamElement::FlushAndRestart);
                }
                StreamElement::FlushBatch => return StreamElement::FlushBatch,
                StreamElement::Terminate => return StreamElement::Terminate,
            }
        }
    }

    fn structure(&self) -> BlockStructure {
        self.prev
            .structure()
            .add_operator(OperatorStructure::new::<Output, _>("Stateful"))
    }
}

/// Requests a flush right after each watermark, for blocks without a stateful operator (the
/// merge of a join's inputs): renoir would otherwise hold the watermark until its batch
/// timeout.
#[derive(Clone)]
pub struct FlushWatermarks<Prev> {
    prev: Prev,
    flush: bool,
}

impl<Prev> FlushWatermarks<Prev> {
    /// Wraps `prev`.
    pub fn new(prev: Prev) -> Self {
        FlushWatermarks { prev, flush: false }
    }
}

impl<Prev: Operator> fmt::Display for FlushWatermarks<Prev> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> FlushWatermarks", self.prev)
    }
}

impl<Prev: Operator> Operator for FlushWatermarks<Prev> {
    type Out = Prev::Out;

    fn setup(&mut self, metadata: &mut ExecutionMetadata) {
        self.prev.setup(metadata);
    }

    #[inline]
    fn next(&mut self) -> StreamElement<Prev::Out> {
        if std::mem::take(&mut self.flush) {
            return StreamElement::FlushBatch;
        }
        let e = self.prev.next();
        self.flush = matches!(e, StreamElement::Watermark(_));
        e
    }

    fn structure(&self) -> BlockStructure {
        self.prev
            .structure()
            .add_operator(OperatorStructure::new::<Prev::Out, _>("FlushWatermarks"))
    }
}
