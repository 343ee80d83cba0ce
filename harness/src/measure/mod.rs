//! Measurement: the one record of a run's figures ([`Record`], merged field by field),
//! and its conversion into the figures results.json holds.

mod buckets;
mod figures;
mod hist;
mod process;
mod record;
mod recovery;
mod snapshot;
mod sparse;
mod tally;

pub use figures::figures;
pub use process::{close, Start};
pub use record::{count_at, CheckpointMark, CrashMark, Mark, Merge, Record};
pub use snapshot::snapshot_cost;
pub use tally::Tally;
