//! Questions several reports ask of the results: the sustainable rate of an engine on a
//! workload, and the groups of repetitions of one configuration.

use crate::schema::{Figures, Results, Run, Sustain};

/// The sustainable-throughput search of `engine` on `workload` with `workers`, if the suite
/// ran one.
pub fn sustain_for<'a>(
    results: &'a Results,
    engine: &str,
    workload: &str,
    workers: usize,
) -> Option<&'a Sustain> {
    results
        .sustain
        .iter()
        .find(|s| s.engine == engine && s.workload == workload && s.workers == workers)
}

/// The sustainable rate found for the run's configuration, when a search found one.
pub fn sustainable_rate(results: &Results, run: &Run) -> Option<f64> {
    sustain_for(results, &run.key.engine, &run.key.workload, run.key.workers)
        .and_then(|s| s.sustainable_rate)
}

/// Whether the results are of sustainable-throughput searches alone (`streambench
/// sustain`): searches, and no run that is not one of their probes. Such a file carries the
/// suite it was derived from, whose name and fixed rates do not describe it.
pub fn is_search_only(results: &Results) -> bool {
    !results.sustain.is_empty() && results.runs.iter().all(|r| r.key.probe_of.is_some())
}

/// The workloads of the searches, in file order, without repeats.
pub fn searched_workloads(results: &Results) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for s in &results.sustain {
        if !seen.contains(&s.workload.as_str()) {
            seen.push(&s.workload);
        }
    }
    seen
}

/// Finished runs with their figures, in file order.
pub fn ok_runs(results: &Results) -> impl Iterator<Item = (&Run, &Figures)> {
    results
        .runs
        .iter()
        .filter_map(|r| r.figures().map(|f| (r, f)))
}

/// Engines in the order they first appear in the results.
pub fn engines(results: &Results) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for run in &results.runs {
        if !seen.contains(&run.key.engine.as_str()) {
            seen.push(&run.key.engine);
        }
    }
    seen
}

/// Mean of an iterator of values; `None` when empty.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn finds_sustainable_rates() {
        let results = sample_results();
        let dataflow = &results.runs[0];
        // Capacity 400k: probes 25k…400k sustained, 800k not.
        assert_eq!(sustainable_rate(&results, dataflow), Some(400_000.0));
        let session = results
            .runs
            .iter()
            .find(|r| r.key.workload == "session-sum")
            .unwrap();
        assert_eq!(sustainable_rate(&results, session), None);
        assert_eq!(mean([1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(mean([]), None);
    }
}
