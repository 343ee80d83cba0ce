//! The plan's operators by kind, without their arguments, and sets of them: what a plan
//! uses ([`Plan::operators`]) and what an engine declares it runs.

use super::Plan;
use std::fmt;

/// The kind of a plan node other than [`Plan::Source`] (which every engine reads, so it is
/// not an operator one may lack). One per variant of [`Plan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operator {
    /// [`Plan::Filter`].
    Filter,
    /// [`Plan::Map`].
    Map,
    /// [`Plan::KeyBy`].
    KeyBy,
    /// [`Plan::Window`] (tumbling, sliding or session).
    Window,
    /// [`Plan::Join`].
    Join,
    /// [`Plan::Top`].
    Top,
    /// [`Plan::LastN`].
    LastN,
    /// [`Plan::Closing`].
    Closing,
    /// [`Plan::StreamJoin`].
    StreamJoin,
}

impl Operator {
    /// Every operator, in declaration order (the order sets iterate in).
    pub const ALL: [Operator; 9] = [
        Operator::Filter,
        Operator::Map,
        Operator::KeyBy,
        Operator::Window,
        Operator::Join,
        Operator::Top,
        Operator::LastN,
        Operator::Closing,
        Operator::StreamJoin,
    ];

    /// The name used in plan descriptions and messages, e.g. `stream_join`.
    pub const fn name(self) -> &'static str {
        match self {
            Operator::Filter => "filter",
            Operator::Map => "map",
            Operator::KeyBy => "key_by",
            Operator::Window => "window",
            Operator::Join => "join",
            Operator::Top => "top",
            Operator::LastN => "last_n",
            Operator::Closing => "closing",
            Operator::StreamJoin => "stream_join",
        }
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`Operator`]s, usable in `const` items (an engine's declaration is one).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Operators(u16);

impl Operators {
    /// No operator.
    pub const NONE: Operators = Operators(0);
    /// Every operator.
    pub const ALL: Operators = Operators::NONE
        .with(Operator::Filter)
        .with(Operator::Map)
        .with(Operator::KeyBy)
        .with(Operator::Window)
        .with(Operator::Join)
        .with(Operator::Top)
        .with(Operator::LastN)
        .with(Operator::Closing)
        .with(Operator::StreamJoin);

    /// The set with `op` added.
    pub const fn with(self, op: Operator) -> Operators {
        Operators(self.0 | op.bit())
    }

    /// The set with `op` removed.
    pub const fn without(self, op: Operator) -> Operators {
        Operators(self.0 & !op.bit())
    }

    /// Whether `op` is in the set.
    pub const fn contains(self, op: Operator) -> bool {
        self.0 & op.bit() != 0
    }

    /// Whether every operator of `other` is in the set.
    pub const fn contains_all(self, other: Operators) -> bool {
        other.0 & !self.0 == 0
    }

    /// The operators of `self` that are not in `other`.
    pub const fn difference(self, other: Operators) -> Operators {
        Operators(self.0 & !other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The operators in the set, in [`Operator::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Operator> {
        Operator::ALL
            .into_iter()
            .filter(move |op| self.contains(*op))
    }
}

impl FromIterator<Operator> for Operators {
    fn from_iter<I: IntoIterator<Item = Operator>>(iter: I) -> Self {
        iter.into_iter().fold(Operators::NONE, Operators::with)
    }
}

/// `{filter, window}`.
impl fmt::Debug for Operators {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Operator::name))
            .finish()
    }
}

impl Plan {
    /// This node's operator; `None` for [`Plan::Source`].
    pub fn operator(&self) -> Option<Operator> {
        Some(match self {
            Plan::Source => return None,
            Plan::Filter { .. } => Operator::Filter,
            Plan::Map { .. } => Operator::Map,
            Plan::KeyBy { .. } => Operator::KeyBy,
            Plan::Window { .. } => Operator::Window,
            Plan::Join { .. } => Operator::Join,
            Plan::Top { .. } => Operator::Top,
            Plan::LastN { .. } => Operator::LastN,
            Plan::Closing { .. } => Operator::Closing,
            Plan::StreamJoin { .. } => Operator::StreamJoin,
        })
    }

    /// Every operator the plan uses anywhere (an engine must support all of them to run it).
    pub fn operators(&self) -> Operators {
        self.nodes().filter_map(Plan::operator).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Aggregate, Window};

    #[test]
    fn a_plan_uses_its_nodes_operators() {
        let plan = Plan::source()
            .filter(|_| true)
            .stream_join(Plan::source(), |l, _| l.clone())
            .window(Window::tumbling(5), Aggregate::Sum);
        let ops = plan.operators();
        assert_eq!(format!("{ops:?}"), r#"{"filter", "window", "stream_join"}"#);
        assert!(Plan::source().operators().is_empty());
        assert!(Operators::ALL.contains_all(ops));
        let no_join = Operators::ALL.without(Operator::StreamJoin);
        assert!(!no_join.contains_all(ops));
        assert_eq!(
            ops.difference(no_join).iter().collect::<Vec<_>>(),
            [Operator::StreamJoin]
        );
        assert_eq!(Operators::ALL.iter().count(), Operator::ALL.len());
        assert_eq!(Operator::LastN.to_string(), "last_n");
    }
}
