//! The one walk over plans. Every interpreter of a [`Plan`] (the describer, the checks, the
//! reference evaluator, each engine's compiler) says what each operator means; how to reach
//! a node's inputs, and in which order, is said here only.
//!
//! Three ways in, narrowest first:
//! * [`Plan::inputs`]: a node's children, in port order;
//! * [`Plan::nodes`]: every node, top-down (pre-order), left input before right;
//! * [`Plan::fold`]: bottom-up (post-order); a function called once per node with the
//!   results it already returned for that node's inputs.

use super::Plan;

/// One value per input of a plan node, in port order (port 0 = the only or left input,
/// port 1 = the right one). Its shape always matches the node's variant: `None` for
/// [`Plan::Source`], `One` for the single-input operators, `Two` for `Join`, `Closing` and
/// `StreamJoin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs<T> {
    /// A leaf.
    None,
    /// A single-input operator's input.
    One(T),
    /// A two-input operator's left and right inputs.
    Two(T, T),
}

impl<T> Inputs<T> {
    /// How many inputs: 0, 1 or 2.
    pub fn len(&self) -> usize {
        match self {
            Inputs::None => 0,
            Inputs::One(_) => 1,
            Inputs::Two(..) => 2,
        }
    }

    /// Whether there are none (the node is a leaf).
    pub fn is_empty(&self) -> bool {
        matches!(self, Inputs::None)
    }

    /// The same shape with `f` applied to each value, left before right.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Inputs<U> {
        match self {
            Inputs::None => Inputs::None,
            Inputs::One(a) => Inputs::One(f(a)),
            Inputs::Two(a, b) => {
                let a = f(a);
                Inputs::Two(a, f(b))
            }
        }
    }

    /// The only input of a single-input node.
    ///
    /// # Panics
    /// On another shape. The shape follows from the node's variant, so a caller matching on
    /// a single-input variant never sees it; a panic means the caller mixed up its arms.
    pub fn one(self) -> T {
        match self {
            Inputs::One(a) => a,
            other => panic!("a single-input operator has {} inputs", other.len()),
        }
    }

    /// The left and right inputs of a two-input node.
    ///
    /// # Panics
    /// On another shape, as [`Inputs::one`].
    pub fn two(self) -> (T, T) {
        match self {
            Inputs::Two(a, b) => (a, b),
            other => panic!("a two-input operator has {} inputs", other.len()),
        }
    }
}

impl<T> IntoIterator for Inputs<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::array::IntoIter<Option<T>, 2>>;

    /// The values in port order.
    fn into_iter(self) -> Self::IntoIter {
        match self {
            Inputs::None => [None, None],
            Inputs::One(a) => [Some(a), None],
            Inputs::Two(a, b) => [Some(a), Some(b)],
        }
        .into_iter()
        .flatten()
    }
}

impl Plan {
    /// The node's inputs (its children), in port order.
    pub fn inputs(&self) -> Inputs<&Plan> {
        match self {
            Plan::Source => Inputs::None,
            Plan::Filter { input, .. }
            | Plan::Map { input, .. }
            | Plan::KeyBy { input, .. }
            | Plan::Window { input, .. }
            | Plan::Top { input, .. }
            | Plan::LastN { input, .. } => Inputs::One(input),
            Plan::Join { left, right, .. }
            | Plan::Closing { left, right, .. }
            | Plan::StreamJoin { left, right, .. } => Inputs::Two(left, right),
        }
    }

    /// Folds the plan bottom-up into one value.
    ///
    /// The contract: `f` is called exactly once per node, with the node and [`Inputs`] of
    /// the values `f` returned for that node's inputs (so of the same shape as
    /// [`Plan::inputs`]); the fold returns `f`'s value for the root. Calls happen in
    /// post-order: the whole left input before the whole right input, then the node. So
    /// [`Plan::Source`] leaves are met left to right, and side effects in `f` (building
    /// operators, taking input streams) happen in that order.
    pub fn fold<'p, R>(&'p self, mut f: impl FnMut(&'p Plan, Inputs<R>) -> R) -> R {
        self.fold_with(&mut f)
    }

    fn fold_with<'p, R, F: FnMut(&'p Plan, Inputs<R>) -> R>(&'p self, f: &mut F) -> R {
        let inputs = self.inputs().map(|input| input.fold_with(f));
        f(self, inputs)
    }

    /// Every node of the plan, top-down: a node, then all of its left input, then all of its
    /// right input (pre-order), starting with `self`.
    pub fn nodes(&self) -> Nodes<'_> {
        Nodes { stack: vec![self] }
    }
}

/// The iterator of [`Plan::nodes`].
#[derive(Clone, Debug)]
pub struct Nodes<'p> {
    /// Nodes still to visit, the next on top.
    stack: Vec<&'p Plan>,
}

impl<'p> Iterator for Nodes<'p> {
    type Item = &'p Plan;

    fn next(&mut self) -> Option<&'p Plan> {
        let node = self.stack.pop()?;
        match node.inputs() {
            Inputs::None => {}
            Inputs::One(a) => self.stack.push(a),
            // Right below left, so the whole left input comes first.
            Inputs::Two(a, b) => self.stack.extend([b, a]),
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Aggregate, Window};

    fn two_sided() -> Plan {
        let left = Plan::source().filter(|_| true);
        let right = Plan::source().key_by(|e| e.key);
        left.join(right, Window::tumbling(10), |l, _| l.clone())
            .window(Window::tumbling(10), Aggregate::Count)
    }

    fn name(p: &Plan) -> &'static str {
        match p {
            Plan::Source => "source",
            Plan::Filter { .. } => "filter",
            Plan::KeyBy { .. } => "key_by",
            Plan::Join { .. } => "join",
            Plan::Window { .. } => "window",
            _ => "other",
        }
    }

    #[test]
    fn nodes_are_pre_order_left_first() {
        let names: Vec<_> = two_sided().nodes().map(name).collect();
        assert_eq!(
            names,
            ["window", "join", "filter", "source", "key_by", "source"]
        );
    }

    #[test]
    fn fold_is_post_order_left_first_with_input_results() {
        let plan = two_sided();
        let mut order = Vec::new();
        let size = plan.fold(|node, inputs: Inputs<usize>| {
            assert_eq!(inputs.len(), node.inputs().len());
            order.push(name(node));
            1 + inputs.into_iter().sum::<usize>()
        });
        assert_eq!(size, 6);
        assert_eq!(
            order,
            ["source", "filter", "source", "key_by", "join", "window"]
        );
    }

    #[test]
    fn inputs_shapes() {
        let plan = two_sided();
        assert!(Plan::source().inputs().is_empty());
        assert_eq!(plan.inputs().len(), 1);
        let (l, r) = plan.inputs().one().inputs().two();
        assert_eq!((name(l), name(r)), ("filter", "key_by"));
        let v: Vec<u8> = Inputs::Two(1, 2).map(|x| x * 10).into_iter().collect();
        assert_eq!(v, [10, 20]);
    }
}
