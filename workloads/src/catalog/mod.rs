//! Ready-made workloads, found by name: a source configuration plus a plan.

mod entries;
mod params;
mod source;

pub use entries::{find, names, Entry, Workload, ENTRIES, NEXMARK_DURATION_SHARE};
pub use params::Params;
pub use source::Source;
