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
use workloads::plan::Inputs;
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
    plan.nodes()
        .filter(|node| matches!(node, Plan::Source))
        .count()
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

/// The stream of `plan`'s results; takes the streams of its leaves from the end of `inputs`
/// (the fold meets leaves left to right).
fn compile(plan: &Plan, inputs: &mut Vec<Records>, ctx: &Ctx) -> Records {
    plan.fold(|node, ins: Inputs<Records>| match node {
        Plan::Source => inputs.pop().expect("one input stream per leaf"),
        Plan::Filter { predicate, .. } => {
            let p = predicate.clone();
            ctx.erase(ins.one().filter(move |o: &Output| p(&o.event)))
        }
        Plan::Map { f, .. } => {
            let f = f.clone();
            ctx.erase(ins.one().map(move |mut o: Output| {
                let time = o.event.time;
                o.event = f(&o.event);
                o.event.time = time;
                o
            }))
        }
        Plan::KeyBy { key, .. } => {
            let k = key.clone();
            ctx.erase(ins.one().map(move |mut o: Output| {
                o.event.key = k(&o.event);
                o
            }))
        }
        Plan::Window { .. } | Plan::Top { .. } | Plan::LastN { .. } => {
            let (epochs, gauges) = (ctx.epochs.clone(), ctx.gauges.clone());
            let keyed = ins
                .one()
                .repartition_by(Replication::Unlimited, |o: &Output| o.event.key);
            ctx.erase(keyed.add_operator(|prev| StatefulOp::new(prev, node, epochs, gauges)))
        }
        Plan::Join { .. } | Plan::Closing { .. } | Plan::StreamJoin { .. } => {
            let (epochs, gauges) = (ctx.epochs.clone(), ctx.gauges.clone());
            let (left, right) = ins.two();
            let l = left.map(|o: Output| (0u8, o));
            let r = right.map(|o: Output| (1u8, o));
            let keyed = l
                .merge(r)
                .add_operator(FlushWatermarks::new)
                .repartition_by(Replication::Unlimited, |t: &(u8, Output)| t.1.event.key);
            ctx.erase(keyed.add_operator(|prev| StatefulOp::new(prev, node, epochs, gauges)))
        }
    })
}
