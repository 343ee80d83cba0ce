//! Lowering a [`Plan`] into the graph's nodes: one node per operator, inputs after the node
//! they feed, each stateful operator with its empty state.

use super::compile::{Node, Op};
use super::{Dest, Graph, NodeId, Stateful};
use workloads::plan::{Inputs, Plan};

/// A lowered sub-plan not placed yet: given where its results go, it adds its own node, then
/// its inputs' (so every node's inputs get larger ids, as [`NodeId`] promises), and its
/// sources. The fold builds these bottom-up; placing them runs top-down.
type Place<'p> = Box<dyn FnOnce(&mut Graph, Dest) + 'p>;

fn state_of(plan: &Plan) -> Stateful {
    Stateful::for_plan(plan).expect("every operator but source, filter, map and key-by holds state")
}

impl Graph {
    fn node(&mut self, op: Op, next: Dest) -> NodeId {
        self.nodes.push(Node { op, next });
        self.nodes.len() - 1
    }

    pub(super) fn add(&mut self, plan: &Plan, next: Dest) {
        let place = plan.fold(|node, inputs: Inputs<Place>| -> Place {
            let op = match node {
                Plan::Source => return Box::new(|g: &mut Graph, next| g.sources.push(next)),
                Plan::Filter { predicate, .. } => Op::Filter(predicate.clone()),
                Plan::Map { f, .. } => Op::Map(f.clone()),
                Plan::KeyBy { key, .. } => Op::KeyBy(key.clone()),
                Plan::Window { .. }
                | Plan::Top { .. }
                | Plan::LastN { .. }
                | Plan::Join { .. }
                | Plan::Closing { .. }
                | Plan::StreamJoin { .. } => Op::State(state_of(node)),
            };
            Box::new(move |g: &mut Graph, next| {
                let id = g.node(op, next);
                for (port, input) in inputs.into_iter().enumerate() {
                    input(g, Dest::Node(id, port));
                }
            })
        });
        place(self, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workloads::plan::{Aggregate, Window};

    /// The numbering snapshots and exchanges rely on: the root is 0, then the whole left
    /// input top-down, then the right; sources in leaf order, left first.
    #[test]
    fn nodes_are_numbered_top_down_left_first() {
        let left = Plan::source().filter(|_| true);
        let right = Plan::source().key_by(|e| e.key).map(|e| e.clone());
        let plan = left
            .join(right, Window::tumbling(10), |l, _| l.clone())
            .window(Window::tumbling(10), Aggregate::Count);
        let g = Graph::compile(&plan).unwrap();
        let kinds: Vec<(&str, Dest)> = g
            .nodes
            .iter()
            .map(|n| {
                let kind = match n.op {
                    Op::Filter(_) => "filter",
                    Op::Map(_) => "map",
                    Op::KeyBy(_) => "key_by",
                    Op::State(_) => "state",
                };
                (kind, n.next)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("state", Dest::Out),
                ("state", Dest::Node(0, 0)),
                ("filter", Dest::Node(1, 0)),
                ("map", Dest::Node(1, 1)),
                ("key_by", Dest::Node(3, 0)),
            ]
        );
        assert_eq!(g.sources, [Dest::Node(2, 0), Dest::Node(4, 0)]);
    }
}
