//! A plan compiled into a renoir job.

use super::erased::{Erased, Failure};
use super::sink::SinkOp;
use super::source::FeedSource;
use super::stateful::{FlushWatermarks, Gauges, StatefulOp};
use crate::feed::Epochs;
use crate::Sink;
use renoir::operator::Operator;
use renoir::{BatchMode, Replication, Stream, StreamContext};
use std::sync::Arc;
use workloads::{Output, Plan};

/// A compiled plan node: a stream of its results.
type Records = Stream<Erased<Output>>;

/// What every operator of the job shares.
#[derive(Clone)]
pub struct Ctx {
    /// Watermarks by epoch.
    pub epochs: Arc<Epochs>,
    /// Each stateful replica's logical state size.
    pub gauges: Gauges,
    /// The first panic in a renoir thread.
    pub failure: Arc<Failure>,
}

impl Ctx {
    fn erase<Op: Operator<Out = Output> + 'static>(&self, s: Stream<Op>) -> Records {
        let failure = self.failure.clone();
        s.add_operator(move |prev| Erased::new(prev, failure))
    }
}

/// How many times the plan reads the input (every `Plan::Source` leaf does).
fn leaves(plan: &Plan) -> usize {
    match plan {
        Plan::Source => 1,
        Plan::Filter { input, .. }
        | Plan::Map { input, .. }
        | Plan::KeyBy { input, .. }
        | Plan::Window { input, .. }
        | Plan::Top { input, .. }
        | Plan::LastN { input, .. } => leaves(input),
        Plan::Join { left, right, .. }
        | Plan::Closing { left, right, .. }
        | Plan::StreamJoin { left, right, .. } => leaves(left) + leaves(right),
    }
}

/// Builds the whole job in `env`: the source, the plan, and the sink.
pub fn build(
    env: &StreamContext,
    plan: &Plan,
    source: FeedSource,
    batch: BatchMode,
    sink: Arc<dyn Sink>,
    workers: usize,
    ctx: &Ctx,
) {
    let input = env.stream(source).batch_mode(batch);
    // Every leaf reads all of the input: renoir's split copies the stream to each.
    let mut inputs: Vec<Records> = match leaves(plan) {
        1 => vec![ctx.erase(input)],
        n => input
            .split(n)
            .into_iter()
            .map(|s| ctx.erase(s.add_operator(FlushWatermarks::new)))
            .collect(),
    };
    inputs.reverse();
    compile(plan, &mut inputs, ctx)
        .add_operator(|prev| SinkOp::new(prev, sink, workers))
        .for_each(|()| {});
}

/// The stream of `plan`'s results; takes the streams of its leaves from the end of `inputs`.
fn compile(plan: &Plan, inputs: &mut Vec<Records>, ctx: &Ctx) -> Records {
    match plan {
        Plan::Source => inputs.pop().expect("one input stream per leaf"),
        Plan::Filter { input, predicate } => {
            let p = predicate.clone();
            ctx.erase(compile(input, inputs, ctx).filter(move |o: &Output| p(&o.event)))
        }
        Plan::Map { input, f } => {
            let f = f.clone();
            ctx.erase(compile(input, inputs, ctx).map(move |mut o: Output| {
                let time = o.event.time;
                o.event = f(&o.event);
                o.event.time = time;
                o
            }))
        }
        Plan::KeyBy { input, key } => {
            let k = key.clone();
            ctx.erase(compile(input, inputs, ctx).map(move |mut o: Output| {
                o.event.key = k(&o.event);
                o
            }))
        }
        Plan::Window { input, .. } | Plan::Top { input, .. } | Plan::LastN { input, .. } => {
            let (epochs, gauges) = (ctx.epochs.clone(), ctx.gauges.clone());
            let keyed = compile(input, inputs, ctx)
                .repartition_by(Replication::Unlimited, |o: &Output| o.event.key);
            ctx.erase(keyed.add_operator(|prev| StatefulOp::new(prev, plan, epochs, gauges)))
        }
        Plan::Join { left, right, .. }
        | Plan::Closing { left, right, .. }
        | Plan::StreamJoin { left, right, .. } => {
            let (epochs, gauges) = (ctx.epochs.clone(), ctx.gauges.clone());
            let l = compile(left, inputs, ctx).map(|o: Output| (0u8, o));
            let r = compile(right, inputs, ctx).map(|o: Output| (1u8, o));
            let keyed = l
                .merge(r)
                .add_operator(FlushWatermarks::new)
                .repartition_by(Replication::Unlimited, |t: &(u8, Output)| t.1.event.key);
            ctx.erase(keyed.add_operator(|prev| StatefulOp::new(prev, plan, epochs, gauges)))
        }
    }
}
