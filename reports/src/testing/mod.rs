//! Sample results for tests, here and in other crates: three engines on two workloads,
//! one failed run, one run whose engine name is an HTML injection attempt, a scaling sweep,
//! sustainable-throughput searches with their probes, and encoded latency histograms.

mod histogram;
mod repetitions;
mod results;
mod sustain;
pub mod svg;

pub use histogram::encode_histogram;
pub use repetitions::with_repetitions;
pub use results::{fail, sample_results, sample_run, MALICIOUS_ENGINE};
pub use sustain::sample_sustain;
