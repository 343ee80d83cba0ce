//! The cost profile: what calibration measured on a real run, and all the simulator knows
//! of an engine. Versioned JSON; a profile is for one workload's plan and refuses any other.

use crate::delay::{check_load, check_spread, LoadDelay, Spread};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// The profile format this version reads and writes.
pub const PROFILE_VERSION: u32 = 1;

/// Measured costs of one engine running one plan on one machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostProfile {
    /// Always [`PROFILE_VERSION`] when written by this version.
    pub version: u32,
    /// CPU model and cores of the machine it was measured on.
    pub machine: String,
    /// UTC date of the measurement, `YYYY-MM-DD`.
    pub date: String,
    /// The engine measured.
    pub engine: String,
    /// The catalog workload it ran.
    pub workload: String,
    /// The workload's plan, described (`source | window(...)`): a profile fits this plan only.
    pub plan: String,
    /// Per operator, top-down as the plan lists them.
    pub operators: Vec<OperatorCost>,
    /// What one record costs to cross an exchange between processes.
    pub exchange: ExchangeCost,
    /// State (and checkpoint) bytes per key.
    pub checkpoint_bytes_per_key: f64,
    /// CPU seconds a process's source (the harness's driver) spends generating one event of
    /// the stream, apart from the plan's cost: the driver's measured generating time over
    /// the events it generated (0 in older profiles: sources free).
    #[serde(default)]
    pub generate_seconds_per_event: f64,
    /// A fixed delay every result carries at low load beyond what the model explains, s:
    /// the measured p50 of the engine's lowest-rate run less the model's p50 of the same
    /// run without it (driver batches, progress tracking, result delivery; 0 in older
    /// profiles).
    #[serde(default)]
    pub latency_floor_s: f64,
    /// How results' delay beyond the model's p50 and the latency floor spreads and grows
    /// with load: a measured spread per utilisation, rising (see [`crate::delay`]; empty in
    /// older profiles: every result carries just the floor).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delay_by_load: Vec<LoadDelay>,
    /// The window size the suite gave the workload, ns (`null`: the catalog's own).
    #[serde(default)]
    pub window_ns: Option<u64>,
    /// The run it was derived from, when calibrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibrated_from: Option<String>,
}

/// One operator's measured cost (DS2's definitions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorCost {
    /// Operator name, as plans describe it (`filter`, `window`, …).
    pub operator: String,
    /// Records it processes per second of useful (not waiting) time, on one slot; `null`
    /// when its cost was not measured apart from the operator after it, which carries it
    /// (a run measures the plan's useful CPU time as a whole; see `calibrate`).
    pub true_rate_eps: Option<f64>,
    /// Records out per record in.
    pub output_ratio: f64,
}

/// The cost of sending one record across an exchange to another process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeCost {
    /// Bytes on the wire per record (framing included).
    pub bytes_per_record: f64,
    /// CPU seconds per record to serialise, send and deserialise it.
    pub seconds_per_record: f64,
    /// A fixed delay results carry when the plan runs on several processes, on top of the
    /// profile's latency floor and the network's latency, s: what a multi-process run's p50
    /// at low load adds that the model does not explain (progress messages and the
    /// exchange's buffering; 0 in older profiles).
    #[serde(default)]
    pub latency_s: f64,
    /// The spread of that delay around `latency_s`, s, at [`crate::delay::DELAY_QUANTILES`]
    /// (empty in older profiles: a constant).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spread_s: Spread,
    /// One-way network latencies a window's results wait for once its records are sent:
    /// the records' own crossing and any after it (timely's progress updates, which must
    /// make a round trip before a frontier passes). Measured from runs at two delays; 1 in
    /// older profiles.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub crossings: f64,
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// A profile that cannot be used; every message is one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read or written.
    #[error("profile {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not a profile.
    #[error("profile {path}: not a cost profile: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// Written by another version of the format.
    #[error("profile {path}: unknown profile version {found} (this streambench reads version {PROFILE_VERSION}); calibrate again")]
    Version {
        /// The file.
        path: String,
        /// The version it declares.
        found: u32,
    },
    /// A value out of range.
    #[error("profile {path}: key `{key}`: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// Measured on another plan than the one it is used for.
    #[error(
        "profile {path}: measured on plan `{profile}` of workload {workload}, not on `{wanted}`"
    )]
    OtherPlan {
        /// The file.
        path: String,
        /// The profile's workload.
        workload: String,
        /// The profile's plan.
        profile: String,
        /// The plan it was used for.
        wanted: String,
    },
}

impl CostProfile {
    /// Reads and validates a profile.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: name.clone(),
            source,
        })?;
        Self::parse(&text, &name)
    }

    /// Parses and validates profile text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, ProfileError> {
        let parse = |e: serde_json::Error| ProfileError::Parse {
            path: path.into(),
            message: e.to_string().replace('\n', " "),
        };
        // The version first, so a future format is named as such rather than misparsed.
        let value: serde_json::Value = serde_json::from_str(text).map_err(parse)?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(PROFILE_VERSION) => {}
            Some(v) => {
                return Err(ProfileError::Version {
                    path: path.into(),
                    found: u32::try_from(v).unwrap_or(u32::MAX),
                })
            }
            None => {
                return Err(ProfileError::Invalid {
                    path: path.into(),
                    key: "version".into(),
                    message: "missing or not a whole number".into(),
                })
            }
        }
        let profile: CostProfile = serde_json::from_value(value).map_err(parse)?;
        profile.validate(path)?;
        Ok(profile)
    }

    /// Writes the profile as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), ProfileError> {
        let io = |source| ProfileError::Io {
            path: path.display().to_string(),
            source,
        };
        let text = serde_json::to_string_pretty(self)
            .map_err(std::io::Error::other)
            .map_err(io)?;
        std::fs::write(path, text + "\n").map_err(io)
    }

    /// Checks every value is usable: positive rates, non-negative ratios and costs.
    pub fn validate(&self, path: &str) -> Result<(), ProfileError> {
        let bad = |key: String, message: &str| ProfileError::Invalid {
            path: path.into(),
            key,
            message: message.into(),
        };
        if self.operators.is_empty() {
            return Err(bad("operators".into(), "no operator: nothing to simulate"));
        }
        if self.operators.iter().all(|o| o.true_rate_eps.is_none()) {
            return Err(bad(
                "operators".into(),
                "no operator has a measured true_rate_eps",
            ));
        }
        for (i, op) in self.operators.iter().enumerate() {
            if op
                .true_rate_eps
                .is_some_and(|r| !(r.is_finite() && r > 0.0))
            {
                let key = format!("operators[{i}].true_rate_eps");
                return Err(bad(key, "must be a positive number of records per second"));
            }
            if !(op.output_ratio.is_finite() && op.output_ratio >= 0.0) {
                let key = format!("operators[{i}].output_ratio");
                return Err(bad(key, "must be a number at least 0"));
            }
        }
        let non_negative = [
            ("exchange.bytes_per_record", self.exchange.bytes_per_record),
            (
                "exchange.seconds_per_record",
                self.exchange.seconds_per_record,
            ),
            ("checkpoint_bytes_per_key", self.checkpoint_bytes_per_key),
            (
                "generate_seconds_per_event",
                self.generate_seconds_per_event,
            ),
            ("latency_floor_s", self.latency_floor_s),
            ("exchange.latency_s", self.exchange.latency_s),
        ];
        for (key, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(bad(key.into(), "must be a number at least 0"));
            }
        }
        if !(self.exchange.crossings.is_finite() && self.exchange.crossings >= 1.0) {
            return Err(bad(
                "exchange.crossings".into(),
                "must be a number at least 1",
            ));
        }
        if !self.exchange.spread_s.is_empty() {
            check_spread(&self.exchange.spread_s)
                .map_err(|m| bad("exchange.spread_s".into(), &m))?;
        }
        check_load(&self.delay_by_load).map_err(|(i, m)| bad(format!("delay_by_load[{i}]"), &m))?;
        Ok(())
    }

    /// Refuses a profile measured on another plan than `plan` (described).
    pub fn check_plan(&self, plan: &str, path: &str) -> Result<(), ProfileError> {
        if self.plan == plan {
            return Ok(());
        }
        Err(ProfileError::OtherPlan {
            path: path.into(),
            workload: self.workload.clone(),
            profile: self.plan.clone(),
            wanted: plan.into(),
        })
    }
}

impl fmt::Display for CostProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} ({}, {})",
            self.engine, self.workload, self.machine, self.date
        )
    }
}

#[cfg(test)]
pub(crate) mod tests;
