//! Checkpoints and injected crashes during a timed run, in this process.
//!
//! The driver asks [`Faults`] before every input whether a checkpoint or a crash is due.
//! A checkpoint is the engine's snapshot (a consistent cut between two inputs) written
//! durably with the source offset and watermark, then, for an exactly-once sink, the commit
//! of the results held back since the last one. A crash kills the engine (`SIGKILL` of an
//! out-of-process engine's process, see [`engines::Engine::kill`]) and drops it (its results in
//! flight never reach the sink, its held results are discarded), builds a new one, restores
//! it from the latest complete checkpoint read back from disk (or from nothing: the
//! beginning of the stream), and rewinds the source to that checkpoint's offset; the driver
//! then replays as fast as the engine takes events until it has caught up with the
//! schedule, as Flink recovers from a replayable source.
//!
//! In a member process of a multi-process run ([`Faults::in_cluster`]) the coordinator
//! kills one member with `SIGKILL` at each crash and starts a new one; every other member
//! drops its engine at the same planned instant, and all of them build a new cluster on
//! fresh addresses (which completes once the new member has joined) and replay from the
//! beginning of the stream.

mod faults;
mod gate;

pub use faults::{Build, FaultPlan, Faults, Position, RecoveryError};
