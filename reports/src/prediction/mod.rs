//! Predictions beside measurements: every simulated run of a results file paired with the
//! measured run of the same key, their throughput and latency side by side with the
//! relative error (`streambench simulate --check` writes such files), as a table for the
//! console and `prediction.md`.

mod pairs;
mod table;

pub use pairs::{capacities, pairs, relative_error, Capacity, Figure, Pair, TARGET};
pub use table::{console_table, markdown, PredictionExporter};

#[cfg(test)]
mod tests;
