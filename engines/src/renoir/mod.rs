//! renoir 0.6 behind the `Engine` trait: the plan compiled into a renoir job — filter, map
//! and key_by as renoir's own operators, every window and join as a custom renoir operator
//! holding the shared operator state, partitioned by key across renoir's replicas and fired
//! by renoir's watermarks.
//!
//! renoir watermarks carry the watermark epoch, not the time: the k-th watermark the harness
//! sends becomes renoir `Watermark(k)`, and the shared [`Epochs`] table maps k back to the
//! watermark's time and scheduled time. Epochs fit renoir's `i64` timestamps whatever the
//! event times (`Time::MAX` would not), and a stateful operator that sees renoir's frontier
//! jump from k to k + 2 still fires both watermarks in turn, so results carry the same cause
//! as in every other engine. The end of input is renoir's `FlushAndRestart`, which fires
//! every remaining watermark and then `Time::MAX` with `finish`'s scheduled time.
//!
//! [`Renoir::new_cluster`] runs one process of a multi-process job over TCP (see `cluster`).
//! Snapshots are not supported: renoir has no state snapshot mechanism to build on.
//! renoir is LGPL-3.0-or-later, hence the `renoir` Cargo feature.

mod cluster;
mod engine;
mod erased;
mod plan;
mod sink;
mod source;
mod stateful;

pub use crate::feed::Epochs;
pub use cluster::cluster_config;
pub use engine::{Renoir, INFO};
