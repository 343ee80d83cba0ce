//! Engines by name, each with its declared [`Capabilities`]. Adding an engine is one file
//! plus one line in [`ENGINES`]; the conformance test runs the kit on every entry.

use crate::external::ExternalSpec;
use crate::{Capabilities, Engine, EngineError, EngineOptions, Sink};
use std::sync::{Arc, OnceLock, RwLock};
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
    /// Constructor of an in-process engine; call [`EngineInfo::build`], which also starts
    /// external engines.
    pub build: BuildFn,
    /// What the engine declares it can do: operators, snapshots, multi-process runs,
    /// honouring `workers`. The conformance kit holds it to exactly this.
    pub capabilities: Capabilities,
    /// Set for an engine in another process, spoken to over the wire protocol
    /// (`docs/protocol.md`); `None` for every engine built into streambench.
    pub external: Option<&'static ExternalSpec>,
}

impl EngineInfo {
    /// Builds the engine for a plan: the in-process constructor, or an external engine's
    /// process started for this run.
    pub fn build(
        &self,
        plan: &Plan,
        options: &EngineOptions,
        sink: Arc<dyn Sink>,
    ) -> Result<Box<dyn Engine>, EngineError> {
        match self.external {
            Some(spec) => crate::external::start(spec, self.capabilities, options, sink),
            None => (self.build)(plan, options, sink),
        }
    }
}

/// Engines registered at run time (external engines from a suite or the command line),
/// leaked so they are `'static` like the built-in ones: a process registers a handful.
static REGISTERED: RwLock<Vec<&'static EngineInfo>> = RwLock::new(Vec::new());

/// Adds an engine found at run time; an engine of the same name registered earlier is
/// returned instead when it is the same external command (a suite parsed twice), refused
/// otherwise, as is a built-in engine's name.
pub fn register(info: EngineInfo) -> Result<&'static EngineInfo, String> {
    let unlisted = UNLISTED.get().copied().unwrap_or(&[]);
    if ENGINES.iter().chain(unlisted).any(|e| e.name == info.name) {
        return Err(format!("`{}` is a built-in engine's name", info.name));
    }
    let mut all = REGISTERED.write().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = all.iter().find(|e| e.name == info.name) {
        return match (e.external, info.external) {
            (Some(a), Some(b)) if a == b => Ok(e),
            _ => Err(format!("engine `{}` is defined twice", info.name)),
        };
    }
    let leaked: &'static EngineInfo = Box::leak(Box::new(info));
    all.push(leaked);
    Ok(leaked)
}

fn registered() -> Vec<&'static EngineInfo> {
    REGISTERED.read().unwrap_or_else(|e| e.into_inner()).clone()
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

/// Finds an engine by name: built-in, registered at run time, or unlisted (a test binary's).
pub fn find(name: &str) -> Option<&'static EngineInfo> {
    let unlisted = UNLISTED.get().copied().unwrap_or(&[]);
    ENGINES
        .iter()
        .chain(unlisted)
        .find(|e| e.name == name)
        .or_else(|| registered().into_iter().find(|e| e.name == name))
}

/// Every engine name, in registry order, then the engines registered at run time.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|e| e.name).collect()
}

/// Every engine: the built-in ones, then those registered at run time.
pub fn all() -> Vec<&'static EngineInfo> {
    ENGINES.iter().chain(registered()).collect()
}
