//! Lowering a [`Plan`] into the graph's nodes: one node per operator, inputs after the node
//! they feed, each stateful operator with its empty state.

use super::compile::{Node, Op};
use super::{Dest, Graph, NodeId, Stateful};
use workloads::plan::Plan;

fn state_of(plan: &Plan) -> Stateful {
    Stateful::for_plan(plan).expect("every operator but source, filter, map and key-by holds state")
}

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
            Plan::Window { input, .. } | Plan::Top { input, .. } | Plan::LastN { input, .. } => {
                (Op::State(state_of(plan)), vec![input])
            }
            Plan::Join { left, right, .. }
            | Plan::Closing { left, right, .. }
            | Plan::StreamJoin { left, right, .. } => {
                (Op::State(state_of(plan)), vec![left, right])
            }
        };
        let id = self.node(op, next);
        for (port, input) in inputs.into_iter().enumerate() {
            self.add(input, Dest::Node(id, port));
        }
    }
}
