//! Lowering a [`Plan`] into the graph's nodes: one node per operator, inputs after the node
//! they feed, each stateful operator with its empty state.

use super::compile::{Node, Op};
use super::{
    Closing, Dest, FixedWindows, Graph, LastN, NodeId, Sessions, Stateful, StreamJoin, WindowJoin,
    WindowTop,
};
use workloads::plan::{Aggregate, Plan, Window};

impl Graph {
    fn node(&mut self, op: Op, next: Dest) -> NodeId {
        self.nodes.push(Node { op, next });
        self.nodes.len() - 1
    }

    pub(super) fn add(&mut self, plan: &Plan, next: Dest) {
        let (op, inputs): (Op, Vec<&Plan>) = match plan {
            Plan::Source => {
                self.sources.push(next);
                return;
            }
            Plan::Filter { input, predicate } => (Op::Filter(predicate.clone()), vec![input]),
            Plan::Map { input, f } => (Op::Map(f.clone()), vec![input]),
            Plan::KeyBy { input, key } => (Op::KeyBy(key.clone()), vec![input]),
            Plan::Window {
                input,
                window,
                aggregate,
            } => {
                let state = match *window {
                    Window::Session { gap } => Stateful::Session(Sessions::new(gap, *aggregate)),
                    w if *aggregate == Aggregate::Avg => {
                        Stateful::FixedAvg(FixedWindows::new(w, *aggregate))
                    }
                    w => Stateful::Fixed(FixedWindows::new(w, *aggregate)),
                };
                (Op::State(state), vec![input])
            }
            Plan::Join {
                left,
                right,
                window,
                combine,
            } => (
                Op::State(Stateful::Join(WindowJoin::new(*window, combine.clone()))),
                vec![left, right],
            ),
            Plan::Top {
                input,
                window,
                ties,
            } => (
                Op::State(Stateful::Top(WindowTop::new(*window, *ties))),
                vec![input],
            ),
            Plan::LastN {
                input,
                n,
                aggregate,
                rank,
            } => (
                Op::State(Stateful::LastN(LastN::new(*n, *aggregate, rank.clone()))),
                vec![input],
            ),
            Plan::Closing {
                left,
                right,
                end,
                accept,
                combine,
            } => (
                Op::State(Stateful::Closing(Closing::new(
                    end.clone(),
                    accept.clone(),
                    combine.clone(),
                ))),
                vec![left, right],
            ),
            Plan::StreamJoin {
                left,
                right,
                combine,
            } => (
                Op::State(Stateful::StreamJoin(StreamJoin::new(combine.clone()))),
                vec![left, right],
            ),
        };
        let id = self.node(op, next);
        for (port, input) in inputs.into_iter().enumerate() {
            self.add(input, Dest::Node(id, port));
        }
    }
}
