//! A plan compiled into timely operators.

use super::chain::{Chained, Step};
use super::operator::FrontierState;
use crate::feed::Epochs;
use crate::graph::Stateful;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::Operator;
use timely::dataflow::Stream;
use workloads::plan::Inputs;
use workloads::{Output, Plan};

type Records<'s> = Stream<'s, u64, Vec<Output>>;

/// What every operator of one worker shares.
#[derive(Clone)]
pub struct Ctx {
    /// Watermarks by epoch.
    pub epochs: Arc<Epochs>,
    /// Each stateful operator's logical state size, for the engine's stats.
    pub state_bytes: Arc<Mutex<Vec<Arc<AtomicU64>>>>,
}

impl Ctx {
    fn gauge(&self) -> Arc<AtomicU64> {
        let g = Arc::new(AtomicU64::new(0));
        self.state_bytes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(g.clone());
        g
    }
}

/// The earliest time either frontier may still see; `None` once both are complete.
fn meet(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Builds the operators of `plan` over the source stream: consecutive stateless nodes as one
/// operator ([`Chained`]), windows and joins as frontier-driven ones.
pub fn compile<'s>(plan: &Plan, source: &Records<'s>, ctx: &Ctx) -> Records<'s> {
    let chained = plan.fold(|node, inputs: Inputs<Chained<'s>>| match node {
        Plan::Source => Chained::new(source.clone()),
        Plan::Filter { predicate, .. } => inputs.one().then(Step::Filter(predicate.clone())),
        Plan::Map { f, .. } => inputs.one().then(Step::Map(f.clone())),
        Plan::KeyBy { key, .. } => inputs.one().then(Step::KeyBy(key.clone())),
        Plan::Window { .. } | Plan::Top { .. } | Plan::LastN { .. } => {
            Chained::new(unary(node, inputs.one().stream(), ctx))
        }
        Plan::Join { .. } | Plan::Closing { .. } | Plan::StreamJoin { .. } => {
            let (left, right) = inputs.two();
            Chained::new(binary(node, left.stream(), right.stream(), ctx))
        }
    });
    chained.stream()
}

/// A one-input stateful operator: records exchanged by key, fired by the input's frontier.
fn unary<'s>(node: &Plan, input: Records<'s>, ctx: &Ctx) -> Records<'s> {
    let state = Stateful::for_plan(node).expect("a stateful operator");
    let (epochs, gauge) = (ctx.epochs.clone(), ctx.gauge());
    input
        .unary_frontier(
            Exchange::new(|o: &Output| o.event.key),
            "Stateful",
            move |cap, _| {
                let mut st = FrontierState::new(state, epochs, cap, gauge);
                let mut now = Vec::new();
                move |(input, frontier), output| {
                    input.for_each_stamp(|cap, data| {
                        data.for_each(|batch| batch.iter().for_each(|o| st.insert(0, o, &mut now)));
                        if !now.is_empty() {
                            output.session(&cap).give_iterator(now.drain(..));
                        }
                    });
                    st.advance(frontier.frontier().first().copied(), |cap, out| {
                        output.session(cap).give_iterator(out.drain(..));
                    });
                }
            },
        )
        .container::<Vec<Output>>()
}

/// A two-input stateful operator: both sides exchanged by key, fired by the meet of both
/// frontiers.
fn binary<'s>(node: &Plan, l: Records<'s>, r: Records<'s>, ctx: &Ctx) -> Records<'s> {
    let state = Stateful::for_plan(node).expect("a two-input operator");
    let (epochs, gauge) = (ctx.epochs.clone(), ctx.gauge());
    l.binary_frontier(
        r,
        Exchange::new(|o: &Output| o.event.key),
        Exchange::new(|o: &Output| o.event.key),
        "Stateful2",
        move |cap, _| {
            let mut st = FrontierState::new(state, epochs, cap, gauge);
            let mut now = Vec::new();
            move |(in1, f1), (in2, f2), output| {
                in1.for_each_stamp(|cap, data| {
                    data.for_each(|b| b.iter().for_each(|o| st.insert(0, o, &mut now)));
                    if !now.is_empty() {
                        output.session(&cap).give_iterator(now.drain(..));
                    }
                });
                in2.for_each_stamp(|cap, data| {
                    data.for_each(|b| b.iter().for_each(|o| st.insert(1, o, &mut now)));
                    if !now.is_empty() {
                        output.session(&cap).give_iterator(now.drain(..));
                    }
                });
                let f = meet(
                    f1.frontier().first().copied(),
                    f2.frontier().first().copied(),
                );
                st.advance(f, |cap, out| {
                    output.session(cap).give_iterator(out.drain(..));
                });
            }
        },
    )
    .container::<Vec<Output>>()
}
