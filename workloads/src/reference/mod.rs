//! The reference evaluator: the oracle every engine is checked against.
//!
//! It evaluates a plan over a whole finite [`Stream`] the simplest way we know: each operator
//! turns the complete sequence of items (events and watermarks, in arrival order) it receives
//! into the sequence it sends on, keeping every contributing event until its window fires.
//! Nothing here is optimised; it favours being obviously right.
//!
//! Semantics it defines for all engines:
//! * an event with `time <` the latest watermark injected before it is late: it is dropped at
//!   the source and counted;
//! * end of stream acts as a final watermark of `Time::MAX`, caused at `stream.end`;
//! * a window `[start, end)` (or a session `[first, last + gap)`) fires when the operator's
//!   watermark reaches `end`; its result has event time `end - 1`, the window's key, and
//!   `cause` = the scheduled time of that watermark;
//! * a join's watermark is the minimum of its two inputs' watermarks;
//! * `Top`, `LastN` and `Closing` fire on the watermark like windows (cause = the
//!   watermark's scheduled time); `StreamJoin` emits a pair when its second record arrives
//!   (cause = the later of the two records' causes).

mod ops;
mod pairs;
mod select;

use crate::event::Time;
use crate::output::Output;
use crate::plan::Plan;
use crate::stream::{Step, Stream};

/// The exact result of a plan over a stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Every result, in the order the reference produced them.
    pub outputs: Vec<Output>,
    /// Events dropped at the source for arriving behind the watermark.
    pub late_events: u64,
}

/// One element of an operator's input or output sequence.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    /// Position of the source step (event or watermark) that produced this item; merging two
    /// sequences by `seq` restores the order in which a join sees them.
    pub seq: usize,
    /// Scheduled time of that source step.
    pub cause: Time,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Event(Output),
    Watermark(Time),
}

/// Computes the exact output of `plan` over `stream`.
pub fn evaluate(plan: &Plan, stream: &Stream) -> Evaluation {
    let (source, late_events) = source_items(stream);
    let outputs = ops::eval(plan, &source)
        .into_iter()
        .filter_map(|i| match i.kind {
            Kind::Event(o) => Some(o),
            Kind::Watermark(_) => None,
        })
        .collect();
    Evaluation {
        outputs,
        late_events,
    }
}

/// The source's sequence: events that are not late, every watermark, and the final one.
fn source_items(stream: &Stream) -> (Vec<Item>, u64) {
    let mut items = Vec::new();
    let mut late = 0;
    let mut watermark: Option<Time> = None;
    let mut seq = 0;
    for step in stream.steps() {
        match step {
            Step::Events(events) => {
                for input in events {
                    if watermark.is_some_and(|w| input.event.time < w) {
                        late += 1;
                    } else {
                        items.push(Item {
                            seq,
                            cause: input.scheduled,
                            kind: Kind::Event(Output {
                                event: input.event.clone(),
                                cause: input.scheduled,
                                latest: input.event.time,
                            }),
                        });
                    }
                    seq += 1;
                }
            }
            Step::Watermark(w) => {
                watermark = Some(w.watermark);
                items.push(Item {
                    seq,
                    cause: w.scheduled,
                    kind: Kind::Watermark(w.watermark),
                });
                seq += 1;
            }
        }
    }
    items.push(Item {
        seq,
        cause: stream.end,
        kind: Kind::Watermark(Time::MAX),
    });
    (items, late)
}

#[cfg(test)]
mod tests;
