//! The plan algebra: a query is a tree of operators whose structure is data and whose user
//! logic is ordinary Rust closures. Every engine interprets the same [`Plan`].

mod aggregate;
mod node;
mod window;

pub use aggregate::{Accumulator, Aggregate};
pub use node::{JoinFn, KeyFn, MapFn, Plan, PlanError, Predicate};
pub use window::Window;
