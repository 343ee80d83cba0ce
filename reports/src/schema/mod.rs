//! The versioned results format: `results.json` is the interface between a suite run and
//! every report, export and comparison, which are pure functions of it.

mod figures;
mod key;
mod measure;
mod recovery;
mod run;
mod simulation;
mod sustain;
pub(crate) mod v2;

pub use figures::{Correctness, Counts, Figures, State, Throughput, Verdict};
pub use key::RunKey;
pub use measure::{min_samples, Cost, Latency, Percentile, Sample, SnapshotCost};
pub use recovery::{CheckpointFigures, CrashFigures, Guarantee, Recovery};
pub use run::{Outcome, Run, RunParams};
pub use simulation::{MembershipChange, NodeFigures, Simulated, SimulationFigures};
pub use sustain::{Probe, ProbeFigures, Sustain};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped on any change a reader of an older version would misread. Version 2 files are
/// still read (migrated on load, see `v2`).
pub const SCHEMA_VERSION: u32 = 3;

/// A whole `results.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// Always [`SCHEMA_VERSION`] when written by this version.
    pub schema_version: u32,
    /// What produced the file.
    pub tool: Tool,
    /// The suite that was run.
    pub suite: SuiteInfo,
    /// Where it ran.
    pub machine: Machine,
    /// One entry per run (finished, failed or skipped), in the order they ended.
    pub runs: Vec<Run>,
    /// Sustainable-throughput searches, each with every rate it probed.
    #[serde(default)]
    pub sustain: Vec<Sustain>,
}

/// The program that wrote the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// `streambench`.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Git commit of the streambench checkout, when known.
    pub git_commit: Option<String>,
}

/// The suite's name and settings, for the report's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteInfo {
    /// Suite name.
    pub name: String,
    /// Where it came from (`embedded default suite` or a file path).
    pub origin: String,
    /// Seconds since the Unix epoch when the suite started.
    pub started_unix: u64,
    /// Settings as written in the suite, after command-line overrides.
    pub settings: BTreeMap<String, String>,
    /// What the suite is for, as its file says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the producing tool needs to run the same suite again (for streambench: the
    /// suite's text, origin and command-line overrides), so that `--resume` continues this
    /// suite and no other. Opaque to the reports; absent in files written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<serde_json::Value>,
}

/// The machine the suite ran on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// Logical cores available.
    pub cores: usize,
    /// Total memory in bytes.
    pub memory_bytes: u64,
    /// Operating system and kernel.
    pub os: String,
}
