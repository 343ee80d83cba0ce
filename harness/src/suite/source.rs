//! Where a suite comes from: the file `--suite` names or the embedded default, with the
//! flags that override it. Member processes are given the same three to read the same suite.

use super::{Overrides, Suite, DEFAULT_SUITE};
use crate::cli::RunArgs;
use crate::error::bad;
use std::fs;

/// A suite's text, its origin and the command line's overrides of it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SuiteSource {
    /// The TOML text.
    pub text: String,
    /// A file path, or `embedded default suite`.
    pub origin: String,
    /// The flags that override it.
    pub overrides: Overrides,
}

impl SuiteSource {
    /// The suite the arguments name (or the embedded one), and their overrides.
    pub fn of(args: &RunArgs) -> anyhow::Result<Self> {
        let (text, origin) = match &args.suite {
            Some(p) => (
                fs::read_to_string(p)
                    .map_err(|e| bad(format!("--suite {}: cannot read: {e}", p.display())))?,
                p.display().to_string(),
            ),
            None => (
                DEFAULT_SUITE.to_string(),
                "embedded default suite".to_string(),
            ),
        };
        let overrides = Overrides {
            engines: args.engines.clone(),
            workloads: args.workloads.clone(),
            rate: args.rate,
            workers: args.workers,
            duration: args.duration,
            warmup: args.warmup,
            keys: args.keys,
            repetitions: args.repetitions,
            shape: args.shape.clone(),
            arrivals: args.arrivals.clone(),
            external: args.external.clone(),
            crash_at: args.crash_at.clone(),
            checkpoint_interval_ms: args.checkpoint_interval_ms,
            sink: args.sink.clone(),
        };
        Ok(SuiteSource {
            text,
            origin,
            overrides,
        })
    }

    /// The suite, validated; a bad one is bad input.
    pub fn suite(&self) -> Result<Suite, super::SuiteError> {
        Suite::parse(&self.text, &self.origin, &self.overrides)
    }
}
