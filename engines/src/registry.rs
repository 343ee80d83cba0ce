//! Engines by name, each with its declared [`Capabilities`]. Adding an engine is one file
//! plus one line in [`ENGINES`]; the conformance test runs the kit on every entry.

use crate::{Capabilities, Engine, EngineError, EngineOptions, Sink};
use std::sync::Arc;
use workloads::Plan;

/// Builds an engine for a plan; called once per run.
pub type BuildFn = fn(&Plan, &EngineOptions, Arc<dyn Sink>) -> Result<Box<dyn Engine>, EngineError>;

/// A registered engine.
#[derive(Clone, Copy)]
pub struct EngineInfo {
    /// Name used in suites and on the command line.
    pub name: &'static str,
    /// One-line description of the processing model.
    pub description: &'static str,
    /// Constructor.
    pub build: BuildFn,
    /// What the engine declares it can do: operators, snapshots, multi-process runs,
    /// honouring `workers`. The conformance kit holds it to exactly this.
    pub capabilities: Capabilities,
}

/// Every engine streambench can run.
pub const ENGINES: &[EngineInfo] = &[
    crate::event_driven::INFO,
    crate::dataflow::INFO,
    crate::batched::INFO,
    crate::timely::INFO,
    #[cfg(feature = "renoir")]
    crate::renoir::INFO,
];

/// Finds an engine by name (with the `mock` feature, the mock engines too).
pub fn find(name: &str) -> Option<&'static EngineInfo> {
    ENGINES.iter().chain(mocks()).find(|e| e.name == name)
}

#[cfg(feature = "mock")]
fn mocks() -> &'static [EngineInfo] {
    crate::mock::MOCKS
}

#[cfg(not(feature = "mock"))]
fn mocks() -> &'static [EngineInfo] {
    &[]
}

/// Every engine name, in registry order.
pub fn names() -> Vec<&'static str> {
    ENGINES.iter().map(|e| e.name).collect()
}
