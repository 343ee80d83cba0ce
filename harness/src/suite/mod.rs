//! Suites: which engines, workloads and parameters to run, from a TOML file or the embedded
//! default, with command-line overrides. Every bad value is reported with where it came
//! from: the file, line and key, or the flag.

use crate::names::suggest;
use std::collections::BTreeMap;
use workloads::{shape_spec, Arrivals, KeyDistribution, PayloadSize, RateShape, NANOS_PER_MILLI};

/// The suite compiled into the binary.
pub const DEFAULT_SUITE: &str = include_str!("../../../suites/default.toml");

mod external;
mod faults;
mod file;
mod lines;
pub(crate) mod load;
mod matrix;
mod nexmark;
mod source;
mod validate;

pub use faults::{crashes_within_runs, SuiteFaults};
pub use matrix::{matrix, params, spec, Combination};
pub use source::{resumed, SuiteSource};

use file::SuiteFile;
use lines::KeyLines;

/// A suite ready to run, after overrides and validation.
#[derive(Clone, Debug)]
pub struct Suite {
    /// Suite name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// A file path, or `embedded default suite`.
    pub origin: String,
    /// Engine names (resolved: `all` expanded).
    pub engines: Vec<String>,
    /// Engines named as optional (`flink?`) that are not installed here, each with why: left
    /// out of the runs, said in the suite's header and settings.
    pub unavailable: Vec<String>,
    /// Workload names.
    pub workloads: Vec<String>,
    /// Offered rates, events/s.
    pub rates: Vec<f64>,
    /// Worker counts.
    pub workers: Vec<usize>,
    /// Seconds of input per run.
    pub duration_s: f64,
    /// Seconds excluded from latency at the start of each run.
    pub warmup_s: f64,
    /// Identical runs per combination.
    pub repetitions: u32,
    /// Generator seed.
    pub seed: u64,
    /// Distinct key counts (one run per value).
    pub keys: Vec<u64>,
    /// Key distribution.
    pub distribution: KeyDistribution,
    /// Event-time disorder bound, ns.
    pub max_delay: u64,
    /// Fraction of events delayed past the bound.
    pub late_fraction: f64,
    /// Time-series interval, seconds.
    pub interval_s: f64,
    /// A run is abandoned as `timeout` after this many seconds.
    pub timeout_s: f64,
    /// Whether to measure snapshot size and time after each run.
    pub snapshot_cost: bool,
    /// The latency objective for sustainable throughput, ms (p99 from the schedule).
    pub slo_ms: f64,
    /// Load shape in multiples of each rate.
    pub shape: RateShape,
    /// Even or Poisson arrivals.
    pub arrivals: Arrivals,
    /// Payload bytes per event.
    pub payload: PayloadSize,
    /// Search each engine's capacity on each workload first (short probes), then run the
    /// latency runs at `load` × the lowest capacity found on that workload instead of `rates`.
    pub capacity: bool,
    /// The common load of a capacity suite, as a fraction of the slowest engine's capacity.
    pub load: f64,
    /// The longest capacity probe, seconds.
    pub probe_s: f64,
    /// The first rate a capacity search probes, events/s.
    pub min_rate: f64,
    /// The highest rate a capacity search probes, events/s.
    pub max_rate: f64,
    /// The `[nexmark]` table: Beam's generator and window settings for Nexmark workloads.
    pub nexmark: workloads::nexmark::NexmarkSettings,
    /// Windows every windowed workload closes in `duration_s` (its windows resized to fit
    /// that many), or `None` to keep each workload's own window sizes.
    pub windows: Option<u32>,
    /// Checkpoints, crashes and the sink's guarantee of every run (not of capacity probes).
    pub faults: faults::SuiteFaults,
}

/// Values given on the command line, each replacing the suite's.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    /// `--engines`.
    pub engines: Option<Vec<String>>,
    /// `--workloads`.
    pub workloads: Option<Vec<String>>,
    /// `--rate`.
    pub rate: Option<f64>,
    /// `--workers`.
    pub workers: Option<usize>,
    /// `--duration`.
    pub duration: Option<f64>,
    /// `--warmup`.
    pub warmup: Option<f64>,
    /// `--keys`.
    pub keys: Option<u64>,
    /// `--repetitions`.
    #[serde(default)]
    pub repetitions: Option<u32>,
    /// `--shape`.
    pub shape: Option<String>,
    /// `--arrivals`.
    pub arrivals: Option<String>,
    /// `--external NAME=COMMAND`, each an engine in another process.
    #[serde(default)]
    pub external: Vec<String>,
    /// `--crash-at`.
    #[serde(default)]
    pub crash_at: Option<Vec<f64>>,
    /// `--checkpoint-interval-ms`.
    #[serde(default)]
    pub checkpoint_interval_ms: Option<f64>,
    /// `--sink`.
    #[serde(default)]
    pub sink: Option<String>,
}

/// A suite that cannot be run: the message names the file, line and key, or the flag.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SuiteError(pub String);

/// Where a value came from, for error messages.
struct Origin<'a> {
    path: &'a str,
    lines: KeyLines,
    flags: BTreeMap<&'static str, &'static str>,
}

impl Origin<'_> {
    /// `--flag`, or `path:line: key `key`` (the line left out when the key is not written:
    /// its default is at fault). `key` is a dotted path: `nexmark.window_size_s`.
    fn at(&self, key: &str) -> String {
        if let Some(flag) = self.flags.get(key) {
            return format!("--{flag}");
        }
        self.located(self.lines.line(key), key)
    }

    /// `path:line: key `key`` for entry `index` of an array of tables (`[[external]]`), at
    /// its header's line.
    fn at_entry(&self, key: &str, index: usize) -> String {
        self.located(self.lines.line(&format!("{key}[{index}]")), key)
    }

    fn located(&self, line: Option<usize>, key: &str) -> String {
        let line = line.map_or(String::new(), |n| format!(":{n}"));
        format!("{}{line}: key `{key}`", self.path)
    }
}

impl Suite {
    /// Parses a suite from TOML text; `path` names it in errors.
    pub fn parse(text: &str, path: &str, overrides: &Overrides) -> Result<Suite, SuiteError> {
        let file: SuiteFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| format!(":{}", lines::line_of(text, s.start)))
                .unwrap_or_default();
            SuiteError(format!("{path}{line}: {}", e.message().trim()))
        })?;
        let mut flags = BTreeMap::new();
        let mut mark = |set: bool, key: &'static str, flag: &'static str| {
            if set {
                flags.insert(key, flag);
            }
        };
        mark(overrides.engines.is_some(), "engines", "engines");
        mark(overrides.workloads.is_some(), "workloads", "workloads");
        mark(overrides.rate.is_some(), "rates", "rate");
        mark(overrides.workers.is_some(), "workers", "workers");
        mark(overrides.duration.is_some(), "duration_s", "duration");
        mark(overrides.warmup.is_some(), "warmup_s", "warmup");
        mark(overrides.keys.is_some(), "keys", "keys");
        mark(
            overrides.repetitions.is_some(),
            "repetitions",
            "repetitions",
        );
        mark(overrides.shape.is_some(), "shape", "shape");
        mark(overrides.arrivals.is_some(), "arrivals", "arrivals");
        mark(overrides.crash_at.is_some(), "crash_at_s", "crash-at");
        mark(
            overrides.checkpoint_interval_ms.is_some(),
            "checkpoint_interval_ms",
            "checkpoint-interval-ms",
        );
        mark(overrides.sink.is_some(), "sink", "sink");
        let origin = Origin {
            path,
            lines: KeyLines::of(text),
            flags,
        };
        // Before the engines are resolved: they may name these.
        external::register_all(&file.external, &overrides.external, &origin)?;
        // Judged after the rest (a crash is placed against a valid duration).
        let duration_s = overrides.duration.unwrap_or(file.duration_s);
        let faults = faults::SuiteFaults::parse(&file, overrides, duration_s, &origin);
        let engines = overrides.engines.clone().unwrap_or(file.engines);
        let at = |key: &str, msg: String| SuiteError(format!("{}: {msg}", origin.at(key)));
        let shape_text = overrides.shape.as_deref().unwrap_or(&file.shape);
        let shape = load::shape(shape_text, duration_s).map_err(|m| at("shape", m))?;
        let arrivals_text = overrides.arrivals.as_deref().unwrap_or(&file.arrivals);
        let arrivals = load::arrivals(arrivals_text).map_err(|m| at("arrivals", m))?;
        let payload = file
            .payload_bytes
            .size()
            .map_err(|m| at("payload_bytes", m))?;
        let (engines, unavailable) = resolve_engines(&engines, &origin)?;
        let suite = Suite {
            name: file.name,
            description: file.description,
            origin: path.to_string(),
            engines,
            unavailable,
            workloads: overrides.workloads.clone().unwrap_or(file.workloads),
            rates: overrides.rate.map_or(file.rates, |r| vec![r]),
            workers: overrides.workers.map_or(file.workers, |w| vec![w]),
            duration_s,
            warmup_s: overrides.warmup.unwrap_or(file.warmup_s),
            repetitions: overrides.repetitions.unwrap_or(file.repetitions),
            seed: file.seed,
            keys: overrides.keys.map_or(file.keys.list(), |k| vec![k]),
            distribution: load::distribution(
                &file.distribution,
                file.zipf_exponent,
                file.hot_keys,
                file.hot_fraction,
            )
            .map_err(|(key, m)| at(key, m))?,
            max_delay: (file.max_delay_ms * NANOS_PER_MILLI as f64) as u64,
            late_fraction: file.late_fraction,
            shape,
            arrivals,
            payload,
            nexmark: nexmark::settings(&file.nexmark, &origin).map_err(SuiteError)?,
            interval_s: file.interval_s,
            timeout_s: file.timeout_s.unwrap_or(0.0),
            snapshot_cost: file.snapshot_cost,
            slo_ms: file.slo_ms,
            // An explicit --rate runs at that rate instead of searching.
            capacity: file.capacity && overrides.rate.is_none(),
            min_rate: file.min_rate,
            max_rate: file.max_rate,
            load: file.load,
            probe_s: file.probe_s,
            windows: file.windows,
            faults: faults::SuiteFaults::default(),
        };
        let mut suite = suite;
        if file.timeout_s.is_none() {
            // Generous by default: three times the run plus time to build and flush.
            suite.timeout_s = 3.0 * suite.duration_s + 30.0;
        }
        suite.validate(&origin, &file.zipf_exponent, file.max_delay_ms)?;
        suite.faults = faults?;
        Ok(suite)
    }

    /// The settings as the report shows them.
    pub fn settings(&self) -> BTreeMap<String, String> {
        let list = |v: Vec<String>| v.join(", ");
        let mut s = BTreeMap::new();
        s.insert("engines".into(), list(self.engines.clone()));
        if !self.unavailable.is_empty() {
            s.insert("engines left out".into(), self.unavailable.join("; "));
        }
        s.insert("workloads".into(), list(self.workloads.clone()));
        s.insert(
            "rates (events/s)".into(),
            list(self.rates.iter().map(|r| r.to_string()).collect()),
        );
        s.insert(
            "workers".into(),
            list(self.workers.iter().map(|r| r.to_string()).collect()),
        );
        s.insert("duration (s)".into(), self.duration_s.to_string());
        s.insert("warm-up (s)".into(), self.warmup_s.to_string());
        s.insert("repetitions".into(), self.repetitions.to_string());
        s.insert("seed".into(), self.seed.to_string());
        s.insert(
            "keys".into(),
            list(self.keys.iter().map(|k| k.to_string()).collect()),
        );
        s.insert("interval (s)".into(), self.interval_s.to_string());
        s.insert("time limit (s)".into(), self.timeout_s.to_string());
        s.insert("latency objective (ms)".into(), self.slo_ms.to_string());
        s.insert("distribution".into(), self.distribution.describe());
        s.insert("shape (× rate)".into(), shape_spec(&self.shape));
        s.insert("arrivals".into(), load::arrivals_name(self.arrivals).into());
        s.insert("payload (bytes)".into(), self.payload.describe());
        s.insert(
            "max delay (ms)".into(),
            (self.max_delay as f64 / NANOS_PER_MILLI as f64).to_string(),
        );
        s.insert("late fraction".into(), self.late_fraction.to_string());
        if self.capacity {
            s.remove("rates (events/s)");
            s.insert(
                "capacity".into(),
                format!(
                    "searched per engine and workload: probes of up to {} s, ×4 from {} events/s, then bisected; p99 under {} ms",
                    self.probe_s, self.min_rate, self.slo_ms
                ),
            );
            s.insert(
                "load".into(),
                format!(
                    "{} % of the slowest engine's capacity on each workload",
                    self.load * 100.0
                ),
            );
        }
        if let Some(n) = self.windows {
            let w = workloads::catalog::Params::window_for(n, self.duration_s);
            s.insert(
                "windows".into(),
                format!(
                    "{n} per run: windows of {} ms (Nexmark, generating half the duration: half)",
                    w / NANOS_PER_MILLI
                ),
            );
        }
        nexmark::describe(&self.nexmark, &mut s);
        self.faults.describe(&mut s);
        s
    }
}

fn unknown(what: &str, name: &str, valid: &[&str]) -> String {
    let hint = suggest(name, valid).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
    format!("unknown {what} `{name}`{hint}; known: {}", valid.join(", "))
}

/// The suite's engines, `all` expanded, and the optional ones (`name?`) that are not
/// installed here, each with why. An optional name must still be a known engine: a typo is an
/// error, not an absent engine.
fn resolve_engines(names: &[String], o: &Origin) -> Result<(Vec<String>, Vec<String>), SuiteError> {
    let known = engines::registry::names();
    if names.is_empty() {
        return Err(SuiteError(format!("{}: no engine given", o.at("engines"))));
    }
    let (mut out, mut unavailable) = (Vec::new(), Vec::new());
    for named in names {
        let (n, optional) = match named.strip_suffix('?') {
            Some(n) => (n, true),
            None => (named.as_str(), false),
        };
        if n == "all" {
            out.extend(known.iter().map(|s| s.to_string()));
        } else if engines::registry::find(n).is_some() {
            out.push(n.to_string());
        } else if engines::flink::NAMES.contains(&n) {
            // Registered only when named: it starts a JVM and a cluster (README, Apache Flink).
            match engines::flink::register_named(n) {
                Ok(_) => out.push(n.to_string()),
                Err(why) if optional => unavailable.push(why),
                Err(why) => return Err(SuiteError(format!("{}: {why}", o.at("engines")))),
            }
        } else {
            return Err(SuiteError(format!(
                "{}: {}",
                o.at("engines"),
                unknown("engine", n, &known)
            )));
        }
    }
    out.dedup();
    Ok((out, unavailable))
}

#[cfg(test)]
mod tests;
