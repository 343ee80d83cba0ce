//! The suite file as written: its keys, with serde's defaults.

use super::load::PayloadBytes;
use super::nexmark::NexmarkTable;
use serde::Deserialize;

/// A suite file as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SuiteFile {
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default = "all_engines")]
    pub(super) engines: Vec<String>,
    pub(super) workloads: Vec<String>,
    pub(super) rates: Vec<f64>,
    #[serde(default = "one_worker")]
    pub(super) workers: Vec<usize>,
    pub(super) duration_s: f64,
    #[serde(default)]
    pub(super) warmup_s: f64,
    #[serde(default = "one")]
    pub(super) repetitions: u32,
    #[serde(default = "one_u64")]
    pub(super) seed: u64,
    #[serde(default = "default_keys")]
    pub(super) keys: OneOrMany,
    #[serde(default = "uniform")]
    pub(super) distribution: String,
    #[serde(default = "zipf_default")]
    pub(super) zipf_exponent: f64,
    #[serde(default)]
    pub(super) max_delay_ms: f64,
    #[serde(default)]
    pub(super) late_fraction: f64,
    #[serde(default = "one_f64")]
    pub(super) interval_s: f64,
    pub(super) timeout_s: Option<f64>,
    #[serde(default = "yes")]
    pub(super) snapshot_cost: bool,
    #[serde(default = "default_slo")]
    pub(super) slo_ms: f64,
    #[serde(default = "constant")]
    pub(super) shape: String,
    #[serde(default = "even")]
    pub(super) arrivals: String,
    #[serde(default = "ten")]
    pub(super) hot_keys: u64,
    #[serde(default = "point_nine")]
    pub(super) hot_fraction: f64,
    #[serde(default)]
    pub(super) payload_bytes: PayloadBytes,
    #[serde(default)]
    pub(super) capacity: bool,
    #[serde(default = "half")]
    pub(super) load: f64,
    #[serde(default = "half")]
    pub(super) probe_s: f64,
    #[serde(default = "min_rate")]
    pub(super) min_rate: f64,
    #[serde(default = "max_rate")]
    pub(super) max_rate: f64,
    pub(super) windows: Option<u32>,
    #[serde(default)]
    pub(super) nexmark: NexmarkTable,
    #[serde(default)]
    pub(super) external: Vec<ExternalEntry>,
    #[serde(default)]
    pub(super) checkpoint_interval_ms: f64,
    pub(super) checkpoint_dir: Option<String>,
    #[serde(default)]
    pub(super) crash_at_s: Vec<f64>,
    #[serde(default = "at_least_once")]
    pub(super) sink: String,
}

/// An `[[external]]` table: an engine in another process, over the wire protocol.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExternalEntry {
    pub(super) name: String,
    pub(super) command: Vec<String>,
    #[serde(default)]
    pub(super) env: std::collections::BTreeMap<String, String>,
    pub(super) connect_timeout_s: Option<f64>,
    pub(super) reply_timeout_s: Option<f64>,
}

/// A key that takes one value or a list of them (a sweep).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(u64),
    Many(Vec<u64>),
}

impl OneOrMany {
    pub(super) fn list(self) -> Vec<u64> {
        match self {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(v) => v,
        }
    }
}

fn min_rate() -> f64 {
    100_000.0
}
fn max_rate() -> f64 {
    50_000_000.0
}
fn at_least_once() -> String {
    "at-least-once".into()
}
fn half() -> f64 {
    0.5
}
fn one_f64() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}
fn default_slo() -> f64 {
    1000.0
}
fn constant() -> String {
    "constant".into()
}
fn even() -> String {
    "even".into()
}
fn ten() -> u64 {
    10
}
fn point_nine() -> f64 {
    0.9
}

fn all_engines() -> Vec<String> {
    vec!["all".into()]
}
fn one_worker() -> Vec<usize> {
    vec![1]
}
fn one() -> u32 {
    1
}
fn one_u64() -> u64 {
    1
}
fn default_keys() -> OneOrMany {
    OneOrMany::One(10_000)
}
fn uniform() -> String {
    "uniform".into()
}
fn zipf_default() -> f64 {
    1.1
}
