//! The end of the job: each replica hands its results to the harness's sink in batches.

use crate::Sink;
use renoir::block::structure::{BlockStructure, OperatorKind, OperatorStructure};
use renoir::operator::{Operator, StreamElement};
use renoir::ExecutionMetadata;
use std::fmt;
use std::sync::Arc;
use workloads::Output;

/// Results buffered per replica before the sink gets them (also handed over whenever renoir
/// flushes, at every watermark and when the input runs dry).
const BATCH: usize = 1024;

/// One replica's hand-over to the [`Sink`].
#[derive(Clone)]
pub struct SinkOp<Prev> {
    prev: Prev,
    sink: Arc<dyn Sink>,
    workers: usize,
    worker: usize,
    batch: Vec<Output>,
}

impl<Prev> SinkOp<Prev> {
    /// Delivers `prev`'s results to `sink` as worker `local replica % workers`.
    pub fn new(prev: Prev, sink: Arc<dyn Sink>, workers: usize) -> Self {
        SinkOp {
            prev,
            sink,
            workers: workers.max(1),
            worker: 0,
            batch: Vec::new(),
        }
    }

    fn emit(&mut self) {
        if !self.batch.is_empty() {
            self.sink.emit(self.worker, &mut self.batch);
            self.batch.clear();
        }
    }
}

impl<Prev: Operator> fmt::Display for SinkOp<Prev> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> SinkOp", self.prev)
    }
}

impl<Prev> Operator for SinkOp<Prev>
where
    Prev: Operator<Out = Output>,
{
    type Out = ();

    fn setup(&mut self, metadata: &mut ExecutionMetadata) {
        self.prev.setup(metadata);
        // The replica's index in this process (`global_id` counts other processes' too).
        self.worker = metadata.coord.replica_id as usize % self.workers;
    }

    fn next(&mut self) -> StreamElement<()> {
        loop {
            match self.prev.next() {
                StreamElement::Item(o) | StreamElement::Timestamped(o, _) => {
                    self.batch.push(o);
                    if self.batch.len() >= BATCH {
                        self.emit();
                    }
                }
                e => {
                    self.emit();
                    return e.map(|_| ());
                }
            }
        }
    }

    fn structure(&self) -> BlockStructure {
        let mut op = OperatorStructure::new::<Output, _>("SinkOp");
        op.kind = OperatorKind::Sink;
        self.prev.structure().add_operator(op)
    }
}
