//! Repetitions of one configuration, grouped: the Markdown summary shows one row per group
//! and `compare` matches groups of two result files.

use crate::schema::{Figures, Results, Run, Verdict};

/// What identifies a configuration: engine × workload × workers × offered rate × keys.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupKey {
    /// Engine name.
    pub engine: String,
    /// Workload name.
    pub workload: String,
    /// Worker threads.
    pub workers: usize,
    /// Offered rate, events/s.
    pub offered_rate: f64,
    /// Distinct keys.
    pub keys: u64,
    /// Processes the engine ran as (already part of `engine`'s label when more than one).
    pub processes: usize,
}

impl GroupKey {
    /// The key of a run.
    pub fn of(run: &Run) -> GroupKey {
        GroupKey {
            engine: run.engine_label(),
            workload: run.key.workload.clone(),
            workers: run.key.workers,
            offered_rate: run.key.offered_rate,
            keys: run.key.keys,
            processes: run.key.processes,
        }
    }

    /// `engine / workload / wN / R ev/s / K keys`, for tables.
    pub fn label(&self) -> String {
        format!(
            "{} / {} / w{} / {} ev/s / {} keys",
            self.engine,
            self.workload,
            self.workers,
            crate::units::format_si(self.offered_rate),
            self.keys
        )
    }
}

/// The runs of one configuration, in file order.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The configuration.
    pub key: GroupKey,
    /// Every run of it, failed ones included.
    pub runs: Vec<&'a Run>,
}

impl Group<'_> {
    /// The figures of the finished runs.
    pub fn ok(&self) -> impl Iterator<Item = &Figures> + '_ {
        self.runs.iter().filter_map(|r| r.figures())
    }

    /// Values of `metric` over the finished runs.
    pub fn values(&self, metric: impl Fn(&Figures) -> f64) -> Vec<f64> {
        self.ok().map(metric).collect()
    }

    /// Fail if any run failed the check, pass if every run passed, skipped otherwise (a run
    /// without figures was not checked).
    pub fn verdict(&self) -> Verdict {
        let verdicts = self.runs.iter().map(|r| {
            r.figures()
                .map_or(Verdict::Skipped, |f| f.correctness.verdict)
        });
        if verdicts.clone().any(|v| v == Verdict::Fail) {
            Verdict::Fail
        } else if !self.runs.is_empty() && verdicts.clone().all(|v| v == Verdict::Pass) {
            Verdict::Pass
        } else {
            Verdict::Skipped
        }
    }
}

/// The groups of `results`, in the order their first run appears. Probe runs of
/// sustainable-throughput searches are left out: they are summarised by the search.
pub fn groups(results: &Results) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for run in results.runs.iter().filter(|r| r.key.probe_of.is_none()) {
        let key = GroupKey::of(run);
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => g.runs.push(run),
            None => groups.push(Group {
                key,
                runs: vec![run],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn repetitions_share_a_group_and_probes_are_left_out() {
        let mut results = sample_results();
        let n = groups(&results).len();
        assert_eq!(n, results.runs.len());
        let mut rep = results.runs[0].clone();
        rep.key.repetition = 1;
        rep.figures_mut().unwrap().correctness.verdict = Verdict::Fail;
        results.runs.push(rep);
        let mut probe = results.runs[1].clone();
        probe.key.probe_of = Some("search".into());
        probe.key.offered_rate = 1.0;
        results.runs.push(probe);
        let g = groups(&results);
        assert_eq!(g.len(), n);
        assert_eq!(g[0].runs.len(), 2);
        assert_eq!(g[0].verdict(), Verdict::Fail);
        assert_eq!(g[1].verdict(), Verdict::Pass);
        assert_eq!(
            g[0].key.label(),
            "dataflow / tumbling-count / w2 / 100k ev/s / 10000 keys"
        );
    }
}
