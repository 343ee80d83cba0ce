//! The reference evaluator: the oracle every engine is checked against.
//!
//! It evaluates a plan over a finite [`Stream`] the simplest way we know: each operator
//! turns the sequence of items (events and watermarks, in arrival order) it receives into
//! the sequence it sends on, keeping every contributing event until its window fires (a
//! fixed window only its aggregate, which is the same whatever order its values came in).
//! Nothing here is optimised; it favours being obviously right. The sequence may be given
//! whole ([`evaluate`]) or part by part as it is generated ([`Evaluator`]), with the same
//! results: what the reference holds is then its operators' open state, not the stream.
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
mod windows;

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
    let mut e = Evaluator::new(plan);
    let mut outputs = e.push(stream.steps());
    outputs.extend(e.finish(stream.end));
    Evaluation {
        outputs,
        late_events: e.late_events(),
    }
}

/// The reference over a stream given part by part, in injection order: each part's results
/// as soon as that part makes them, the same results, in the same order, as [`evaluate`]
/// over the whole stream, however the stream is cut.
pub struct Evaluator<'p> {
    plan: &'p Plan,
    /// Each node's open state, in [`Plan::fold`] order.
    states: Vec<ops::State>,
    /// The latest watermark from the source.
    watermark: Option<Time>,
    /// The source position of the next step.
    seq: usize,
    late: u64,
}

impl<'p> Evaluator<'p> {
    /// Nothing evaluated yet.
    pub fn new(plan: &'p Plan) -> Self {
        Evaluator {
            plan,
            states: ops::states(plan),
            watermark: None,
            seq: 0,
            late: 0,
        }
    }

    /// Evaluates the stream's next steps; returns the results they make.
    pub fn push<'s>(&mut self, steps: impl IntoIterator<Item = Step<'s>>) -> Vec<Output> {
        let items = self.source_items(steps);
        self.eval(items)
    }

    /// Ends the stream (a final watermark of `Time::MAX`, caused at `end`); returns the
    /// results that makes. The evaluator takes nothing more after it.
    pub fn finish(&mut self, end: Time) -> Vec<Output> {
        let last = Item {
            seq: self.seq,
            cause: end,
            kind: Kind::Watermark(Time::MAX),
        };
        self.seq += 1;
        self.eval(vec![last])
    }

    /// Events dropped at the source so far for arriving behind the watermark.
    pub fn late_events(&self) -> u64 {
        self.late
    }

    fn eval(&mut self, source: Vec<Item>) -> Vec<Output> {
        ops::eval(self.plan, source, &mut self.states)
            .into_iter()
            .filter_map(|i| match i.kind {
                Kind::Event(o) => Some(o),
                Kind::Watermark(_) => None,
            })
            .collect()
    }

    /// The source's sequence: events that are not late and every watermark.
    fn source_items<'s>(&mut self, steps: impl IntoIterator<Item = Step<'s>>) -> Vec<Item> {
        let mut items = Vec::new();
        for step in steps {
            match step {
                Step::Events(events) => {
                    for input in events {
                        if self.watermark.is_some_and(|w| input.event.time < w) {
                            self.late += 1;
                        } else {
                            items.push(Item {
                                seq: self.seq,
                                cause: input.scheduled,
                                kind: Kind::Event(Output {
                                    event: input.event.clone(),
                                    cause: input.scheduled,
                                    latest: input.event.time,
                                }),
                            });
                        }
                        self.seq += 1;
                    }
                }
                Step::Watermark(w) => {
                    self.watermark = Some(w.watermark);
                    items.push(Item {
                        seq: self.seq,
                        cause: w.scheduled,
                        kind: Kind::Watermark(w.watermark),
                    });
                    self.seq += 1;
                }
            }
        }
        items
    }
}

#[cfg(test)]
mod tests;
