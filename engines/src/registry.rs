//! Engines by name, each with its declared [`Capabilities`]. Adding an engine is one file
//! plus one line in [`ENGINES`]; the conformance test runs the kit on every entry.

use crate::{Capabilities, Engine, EngineError, EngineOptions, Sink};
use std::sync::{Arc, OnceLock};
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

/// Engines found by name but never listed nor part of `all`: what a test binary adds (its
/// engines that misbehave on purpose), so that no build of `streambench` itself has them.
static UNLISTED: OnceLock<&'static [EngineInfo]> = OnceLock::new();

/// Adds `engines` to those [`find`] knows, unlisted; once per process (later calls are
/// ignored). Call it before anything looks an engine up.
pub fn register_unlisted(engines: &'static [EngineInfo]) {
    let _ = UNLISTED.set(engines);
}

/// Finds an engine by name (the unlisted ones too).
pub fn find(name: &str) -> Option<&'static EngineInfo> {
    let unlisted = UNLISTED.get().copied().unwrap_or(&[]);
    ENGINES.iter().chain(unlisted).find(|e| e.name == name)
}

/// Every engine name, in registry order.
pub fn names() -> Vec<&'static str> {
    ENGINES.iter().map(|e| e.name).collect()
}
