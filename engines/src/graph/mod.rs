//! The operator graph all of streambench's own engines execute: a plan compiled into nodes,
//! with the keyed state of windows and joins. Engines differ in how they schedule it (per
//! event, per worker with exchanges, per micro-batch), not in what an operator computes.

mod compile;
mod fixed;
mod join;
mod session;
mod stateful;

pub use compile::{Dest, Graph, NodeId, Port, Route};
pub use fixed::FixedWindows;
pub use join::WindowJoin;
pub use session::Sessions;
pub use stateful::Stateful;
