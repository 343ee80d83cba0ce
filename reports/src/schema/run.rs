//! One run: what identifies it, the parameters it ran with, and how it ended.

use super::figures::Figures;
use super::key::RunKey;
use serde::{Deserialize, Serialize};

/// Result of one run: one engine on one workload with one set of parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// What tells this run apart from every other run of a results file.
    pub key: RunKey,
    /// The parameters it ran with, beyond its key.
    pub params: RunParams,
    /// How it ended; only a run that finished has figures.
    pub outcome: Outcome,
}

/// A run's parameters that are not part of its key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunParams {
    /// The plan, described.
    pub plan: String,
    /// Seconds of scheduled input.
    pub duration_s: f64,
    /// Seconds at the start excluded from latency figures.
    pub warmup_s: f64,
    /// Generator seed.
    pub seed: u64,
    /// Present when the run was simulated from a cost profile rather than measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulated: Option<Box<super::Simulated>>,
}

/// How a run ended. Only `ok` carries figures: a run that did not finish has a reason and
/// nothing that could be read as a measurement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase", deny_unknown_fields)]
pub enum Outcome {
    /// Finished; its figures are valid.
    Ok {
        /// What it measured.
        figures: Box<Figures>,
    },
    /// The engine failed (an error or a panic).
    Failed {
        /// The error, as the engine or the harness gave it.
        reason: String,
    },
    /// The engine exceeded its time limit.
    Timeout {
        /// The limit that was exceeded.
        reason: String,
    },
    /// Not run, on purpose (for example: the engine declares it does not support the plan).
    Skipped {
        /// Why.
        reason: String,
    },
}

impl Outcome {
    /// Lower-case name: `ok`, `failed`, `timeout` or `skipped`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::Failed { .. } => "failed",
            Outcome::Timeout { .. } => "timeout",
            Outcome::Skipped { .. } => "skipped",
        }
    }

    /// Why the run has no figures, when it has none.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Ok { .. } => None,
            Outcome::Failed { reason }
            | Outcome::Timeout { reason }
            | Outcome::Skipped { reason } => Some(reason),
        }
    }
}

impl Run {
    /// The run's id, made by its key (the one place ids are made); a simulated run's
    /// carries `/sim` and its non-default distribution and placement, so a prediction can
    /// sit beside the measured run of the same key in one results file.
    pub fn id(&self) -> String {
        match &self.params.simulated {
            None => self.key.id(),
            Some(s) => {
                let parts = s.label_parts().join("-").replace(':', "");
                format!("{}/{parts}", self.key.id())
            }
        }
    }

    /// Whether the run was simulated rather than measured.
    pub fn is_simulated(&self) -> bool {
        self.params.simulated.is_some()
    }

    /// The figures, when the run finished.
    pub fn figures(&self) -> Option<&Figures> {
        match &self.outcome {
            Outcome::Ok { figures } => Some(figures),
            _ => None,
        }
    }

    /// The figures, mutably, when the run finished.
    pub fn figures_mut(&mut self) -> Option<&mut Figures> {
        match &mut self.outcome {
            Outcome::Ok { figures } => Some(figures),
            _ => None,
        }
    }

    /// Whether the run finished with figures.
    pub fn is_ok(&self) -> bool {
        self.figures().is_some()
    }

    /// The engine as reports name it: see [`RunKey::engine_label`]; a simulated run adds
    /// `sim` and what else tells it apart (`timely (2p, sim)`, `timely (sim, zipf:1.1)`).
    pub fn engine_label(&self) -> String {
        let Some(s) = &self.params.simulated else {
            return self.key.engine_label();
        };
        let mut parts = Vec::new();
        if self.key.processes > 1 {
            parts.push(format!("{}p", self.key.processes));
        }
        parts.extend(s.label_parts());
        format!("{} ({})", self.key.engine, parts.join(", "))
    }
}
