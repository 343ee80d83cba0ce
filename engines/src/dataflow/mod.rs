//! The dataflow engine: the plan's operator graph executed by N worker threads, records
//! routed to the worker owning their key over bounded channels, watermarks flowing with them.

mod engine;
mod exchange;
mod messages;
mod progress;
mod worker;

pub use engine::{Dataflow, INFO};
