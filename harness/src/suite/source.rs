//! Where a suite comes from: the file `--suite` names or the embedded default, with the
//! flags that override it, and the suite a `--resume` continues. Member processes are given
//! the same three to read the same suite.

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

/// The suite a `--resume` continues: the one stored in the folder's results.json, with its
/// overrides. A flag or suite file that says otherwise is bad input (the folder's settings
/// would no longer describe its runs); one that says the same is accepted. Results written
/// before suites were stored are continued with the command line's suite, as before.
pub fn resumed(
    given: &SuiteSource,
    results: &reports::Results,
    args: &RunArgs,
    dir: &std::path::Path,
) -> anyhow::Result<SuiteSource> {
    let Some(stored) = &results.suite.source else {
        return Ok(given.clone());
    };
    let stored: SuiteSource = serde_json::from_value(stored.clone()).map_err(|e| {
        bad(format!(
            "--resume {}: results.json: the stored suite is unreadable: {e}",
            dir.display()
        ))
    })?;
    let contradiction = |what: String| {
        bad(format!(
            "--resume {}: {what}, but the folder's suite (stored in its results.json) says \
             otherwise; resume without it, or start a new folder",
            dir.display()
        ))
    };
    if let Some(p) = &args.suite {
        if given.text != stored.text {
            return Err(contradiction(format!("--suite {}", p.display())));
        }
    }
    let as_map = |o: &crate::suite::Overrides| match serde_json::to_value(o) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (flags, kept) = (as_map(&given.overrides), as_map(&stored.overrides));
    for (name, value) in flags.iter().filter(|(_, v)| !v.is_null()) {
        if kept.get(name) != Some(value) {
            let shown = match value {
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|v| v.as_str().map_or(v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            return Err(contradiction(format!("--{name} {shown}")));
        }
    }
    Ok(stored)
}
