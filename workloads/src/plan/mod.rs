//! The plan algebra: a query is a tree of operators whose structure is data and whose user
//! logic is ordinary Rust closures. Every engine interprets the same [`Plan`],
//! walking it through [`Plan::fold`] and [`Plan::nodes`].

mod aggregate;
mod build;
mod describe;
mod node;
mod operator;
mod visit;
mod window;

pub use aggregate::{mean, Accumulator, Aggregate};
pub use node::{
    JoinFn, KeyFn, MapFn, OrderFn, PairPredicate, Plan, PlanError, Predicate, Ties, TimeFn,
};
pub use operator::{Operator, Operators};
pub use visit::{Inputs, Nodes};
pub use window::Window;
