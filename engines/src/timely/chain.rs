//! Consecutive stateless nodes (filter, map, key-by) as one timely operator that rewrites
//! each batch in place and passes the batch on, as Flink chains operators.
//!
//! Why: every timely operator boundary copies each record into the next operator's
//! container; with 56-byte records (event, cause, latest) a filter then a map copied each
//! surviving record twice more than the work needs. One pass over the batch, records kept
//! or dropped in place, and the same container handed on costs no copy at all.

use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::Operator;
use timely::dataflow::Stream;
use workloads::plan::{KeyFn, MapFn, Predicate};
use workloads::Output;

type Records<'s> = Stream<'s, u64, Vec<Output>>;

/// One stateless step of a chain.
#[derive(Clone)]
pub enum Step {
    /// Keeps the records whose event the predicate accepts.
    Filter(Predicate),
    /// Transforms the event, keeping its event time.
    Map(MapFn),
    /// Re-keys the event.
    KeyBy(KeyFn),
}

/// Applies `steps` to `o` in place; whether the record survives them.
fn apply(steps: &[Step], o: &mut Output) -> bool {
    for step in steps {
        match step {
            Step::Filter(p) => {
                if !p(&o.event) {
                    return false;
                }
            }
            Step::Map(f) => {
                let time = o.event.time;
                o.event = f(&o.event);
                o.event.time = time;
            }
            Step::KeyBy(k) => o.event.key = k(&o.event),
        }
    }
    true
}

/// A stream with stateless steps still to apply: built up node by node, turned into one
/// operator when something needs the records.
pub struct Chained<'s> {
    stream: Records<'s>,
    steps: Vec<Step>,
}

impl<'s> Chained<'s> {
    /// `stream` with nothing to apply yet.
    pub fn new(stream: Records<'s>) -> Self {
        Chained {
            stream,
            steps: Vec::new(),
        }
    }

    /// The same stream with `step` applied after the others.
    pub fn then(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    /// The records with every step applied: the stream itself when there is none, else one
    /// operator that filters and rewrites each batch in place.
    pub fn stream(self) -> Records<'s> {
        if self.steps.is_empty() {
            return self.stream;
        }
        let steps = self.steps;
        self.stream.unary(Pipeline, "Stateless", move |_, _| {
            move |input, output| {
                input.for_each_stamp(|cap, data| {
                    let mut session = output.session(&cap);
                    for batch in data {
                        batch.retain_mut(|o| apply(&steps, o));
                        session.give_container(batch);
                    }
                });
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use workloads::Event;

    fn out(time: u64, key: u64, value: i64) -> Output {
        Output {
            event: Event::new(time, key, value),
            cause: 7,
            latest: time,
        }
    }

    #[test]
    fn steps_apply_in_order_and_keep_the_event_time() {
        let steps = [
            Step::Filter(Arc::new(|e: &Event| e.value % 2 == 0)),
            Step::Map(Arc::new(|e: &Event| Event::new(0, e.key, e.value * 3 + 1))),
            Step::KeyBy(Arc::new(|e: &Event| e.value as u64)),
            Step::Filter(Arc::new(|e: &Event| e.value > 10)),
        ];
        let mut batch = vec![out(1, 1, 2), out(2, 1, 3), out(3, 1, 4), out(4, 1, 6)];
        batch.retain_mut(|o| apply(&steps, o));
        // 2 → 7 (dropped by the second filter), 3 dropped, 4 → 13, 6 → 19.
        assert_eq!(batch, vec![out(3, 13, 13), out(4, 19, 19)]);
        assert!(batch.iter().all(|o| o.cause == 7));
    }
}
