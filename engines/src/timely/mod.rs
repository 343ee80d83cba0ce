//! timely-dataflow behind the `Engine` trait: the plan compiled into timely operators —
//! consecutive filters, maps and key-bys as one operator rewriting batches in place, windows and joins as frontier-driven operators that
//! exchange records by key and hold a capability while windows are open.
//!
//! Time in the dataflow is the watermark epoch: records injected after the k-th watermark
//! carry time k, and the input advances to k + 1 at the next watermark, so a frontier of f
//! says every watermark up to the f-th has passed. A stateful operator then fires for each
//! passed watermark in turn (so results carry the same cause as in every other engine) and
//! emits at time f - 1, which lets the next stateful operator fire for the same watermark.
//! Snapshots are not supported: timely has no state snapshot mechanism to build on.

mod chain;
mod connect;
mod engine;
mod operator;
mod plan;
mod worker;

pub use engine::{Timely, INFO};
