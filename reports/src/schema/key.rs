//! What identifies a run, and the one place its id is made.

use serde::{Deserialize, Serialize};

/// Engine, workload and every parameter that tells runs of one results file apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunKey {
    /// Engine name.
    pub engine: String,
    /// Workload name.
    pub workload: String,
    /// Worker threads given to the engine (per process).
    pub workers: usize,
    /// Processes the engine ran as (1 unless it ran as a cluster).
    #[serde(default = "one")]
    pub processes: usize,
    /// Events per second the driver was scheduled to inject.
    pub offered_rate: f64,
    /// Distinct keys in the workload.
    pub keys: u64,
    /// Repetition index (0-based) among identical runs.
    pub repetition: u32,
    /// Present when the run is one probe of a sustainable-throughput search: the search's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_of: Option<String>,
}

impl RunKey {
    /// The stable id, unique within a results file:
    /// `engine/workload/w{workers}/r{rate}/k{keys}/rep{n}` (plus `/p{processes}` for a run
    /// of several processes), or `{search}/probe-r{rate}` for a probe. `--resume` matches
    /// runs by it, so it is made here and nowhere else.
    pub fn id(&self) -> String {
        if let Some(search) = &self.probe_of {
            return format!("{search}/probe-r{}", self.offered_rate);
        }
        let mut id = format!(
            "{}/{}/w{}/r{}/k{}/rep{}",
            self.engine, self.workload, self.workers, self.offered_rate, self.keys, self.repetition
        );
        if self.processes > 1 {
            id.push_str(&format!("/p{}", self.processes));
        }
        id
    }

    /// The engine as reports name it: its name, plus the process count when it ran as
    /// several processes (`timely (2p)`), so such runs are told apart from one-process runs.
    pub fn engine_label(&self) -> String {
        if self.processes > 1 {
            format!("{} ({}p)", self.engine, self.processes)
        } else {
            self.engine.clone()
        }
    }
}

fn one() -> usize {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> RunKey {
        RunKey {
            engine: "timely".into(),
            workload: "q5".into(),
            workers: 2,
            processes: 1,
            offered_rate: 200000.0,
            keys: 1000,
            repetition: 1,
            probe_of: None,
        }
    }

    #[test]
    fn ids_name_every_parameter_that_tells_runs_apart() {
        let mut k = key();
        assert_eq!(k.id(), "timely/q5/w2/r200000/k1000/rep1");
        k.processes = 2;
        assert_eq!(k.id(), "timely/q5/w2/r200000/k1000/rep1/p2");
        assert_eq!(k.engine_label(), "timely (2p)");
        k.probe_of = Some("sustain/timely/q5/w2".into());
        assert_eq!(k.id(), "sustain/timely/q5/w2/probe-r200000");
    }
}
