//! One timely worker: its input handle, fed from the engine handle's channel, and the loop
//! that steps the dataflow.

use super::plan::{compile, Ctx};
use crate::feed::{Feed, Inlet};
use crate::Sink;
use crossbeam_channel::TryRecvError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::Operator;
use timely::dataflow::InputHandleVec;
use timely::worker::Worker;
use workloads::{Output, Plan, Time};

/// Longest a worker sleeps without being woken.
const IDLE: Duration = Duration::from_micros(100);

/// Builds the dataflow and runs it until the end of input; `index` is the worker's index
/// within this process (what the sink is told).
pub fn run(
    worker: &mut Worker,
    index: usize,
    plan: &Plan,
    inlet: Inlet,
    ctx: Ctx,
    sink: Arc<dyn Sink>,
    late: Arc<AtomicU64>,
) {
    let Inlet { rx, recycler } = inlet;
    let mut input = InputHandleVec::<u64, Output>::new();
    worker.dataflow::<u64, _, _>(|scope| {
        let source = input.to_stream(scope);
        // The sink takes each batch as it is (emit swaps it out): no copy of the results.
        compile(plan, &source, &ctx).sink(Pipeline, "Sink", move |(input, _)| {
            input.for_each(|_, batch| sink.emit(index, batch));
        });
    });
    let mut watermark: Option<Time> = None;
    let mut handle = |m: Feed, input: &mut InputHandleVec<u64, Output>| -> bool {
        match m {
            Feed::Events(mut events) => {
                let written = events.len();
                for i in events.drain(..) {
                    if watermark.is_some_and(|w| i.event.time < w) {
                        late.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let latest = i.event.time;
                    input.send(Output {
                        event: i.event,
                        cause: i.scheduled,
                        latest,
                    });
                }
                // The handle would hold records until a buffer fills or time advances: a
                // latency of thousands of events at a low rate.
                input.flush();
                recycler.give_back(events, written);
                true
            }
            Feed::Watermark(w) => {
                watermark = Some(w);
                let next = *input.time() + 1;
                input.advance_to(next);
                true
            }
            Feed::Finish => false,
        }
    };
    'feed: loop {
        loop {
            match rx.try_recv() {
                Ok(m) => {
                    if !handle(m, &mut input) {
                        break 'feed;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => break 'feed,
            }
        }
        // Parks only when the dataflow has nothing to do; peers' data and the engine
        // handle (which unparks this thread after each message) wake it. The timeout is a
        // safety net for a message sent before the handle knew this thread.
        worker.step_or_park(Some(IDLE));
    }
    input.close();
    while worker.step() {}
}
