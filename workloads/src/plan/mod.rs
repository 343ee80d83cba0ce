//! The plan algebra: a query is a tree of operators whose structure is data and whose user
//! logic is ordinary Rust closures. Every engine interprets the same [`Plan`].

mod aggregate;
mod build;
mod describe;
mod node;
mod window;

pub use aggregate::{Accumulator, Aggregate};
pub use node::{JoinFn, KeyFn, MapFn, PairPredicate, Plan, PlanError, Predicate, Ties, TimeFn};
pub use window::Window;
