//! streambench's engines: the [`Engine`] trait every processing model implements, the shared
//! operator state they are built from, and the [`registry`] that finds them by name.
#![warn(missing_docs)]

pub mod batched;
pub mod capabilities;
pub mod codec;
pub mod conformance;
pub mod dataflow;
mod engine;
pub mod event_driven;
pub mod exchange;
pub mod external;
pub mod feed;
pub mod flink;
pub mod graph;
mod payload_codec;
pub mod pool;
pub mod registry;
#[cfg(feature = "renoir")]
pub mod renoir;
pub mod timely;

pub use capabilities::Capabilities;
pub use engine::{
    panic_message, Cluster, Engine, EngineError, EngineOptions, EngineStats, NamedWorkload,
    Recovered, Sink,
};
pub use registry::{EngineInfo, ENGINES};
