//! The batched engine: input is collected into micro-batches (closed by a trigger interval or
//! a size bound), and each batch is processed in parallel with rayon, partitioned by key —
//! the model of Spark Structured Streaming. Latency sits near the trigger interval by design.

mod batch;
mod batcher;
mod engine;

pub use engine::{Batched, INFO};
