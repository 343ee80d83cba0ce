//! The operator graph all of streambench's own engines execute: a plan compiled into nodes,
//! with the keyed state of windows and joins. Engines differ in how they schedule it (per
//! event, per worker with exchanges, per micro-batch), not in what an operator computes.

mod acc;
mod closing;
mod compile;
mod fixed;
mod join;
mod last_n;
mod lower;
mod session;
mod stateful;
mod stream_join;
mod table;
mod top;

pub use acc::{Acc, Pair, Word};
pub use closing::Closing;
pub use compile::{Dest, Graph, NodeId, Port, Route};
pub use fixed::FixedWindows;
pub use join::WindowJoin;
pub use last_n::LastN;
pub use session::Sessions;
pub use stateful::Stateful;
pub use stream_join::StreamJoin;
pub use top::WindowTop;

/// The partition (worker) owning `key` among `n`; the same function in every engine, so
/// key ranges are split alike.
#[inline]
pub fn partition(key: u64, n: usize) -> usize {
    (((key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) * n as u64) >> 32) as usize
}
