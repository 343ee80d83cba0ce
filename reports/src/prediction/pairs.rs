//! Which runs pair up, and the figures compared: achieved input throughput, p50 and p99
//! of each pair, and per engine × workload × processes the highest throughput any rate
//! achieved (at a rate past capacity, what the deployment sustains).

use crate::schema::{Percentile, Results, Run};

/// The error within which a prediction counts as a hit (issue 20: 25 %).
pub const TARGET: f64 = 0.25;

/// A simulated run and the measured run of the same key.
#[derive(Clone, Copy, Debug)]
pub struct Pair<'a> {
    /// The measured run.
    pub measured: &'a Run,
    /// The simulated run.
    pub predicted: &'a Run,
}

/// One figure of a pair: measured and predicted, each absent when that run did not finish
/// or (a percentile) has too few samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// `input ev/s`, `p50` or `p99`.
    pub name: &'static str,
    /// The measurement.
    pub measured: Option<f64>,
    /// The prediction.
    pub predicted: Option<f64>,
}

impl Figure {
    /// (predicted − measured) / measured, when both exist and the measurement is not 0.
    pub fn error(&self) -> Option<f64> {
        relative_error(self.measured?, self.predicted?)
    }
}

/// (predicted − measured) / measured; `None` for a zero measurement.
pub fn relative_error(measured: f64, predicted: f64) -> Option<f64> {
    (measured != 0.0).then(|| (predicted - measured) / measured)
}

/// Same engine, workload, workers, processes, rate, keys and repetition.
fn same_key(a: &Run, b: &Run) -> bool {
    let (a, b) = (&a.key, &b.key);
    a.engine == b.engine
        && a.workload == b.workload
        && a.workers == b.workers
        && a.processes == b.processes
        && a.offered_rate == b.offered_rate
        && a.keys == b.keys
        && a.repetition == b.repetition
        && a.probe_of.is_none()
        && b.probe_of.is_none()
}

/// Every simulated run that has a measured run of its key, in file order.
pub fn pairs(results: &Results) -> Vec<Pair<'_>> {
    results
        .runs
        .iter()
        .filter(|r| r.is_simulated() && r.key.probe_of.is_none())
        .filter_map(|predicted| {
            let measured = results
                .runs
                .iter()
                .find(|m| !m.is_simulated() && same_key(m, predicted))?;
            Some(Pair {
                measured,
                predicted,
            })
        })
        .collect()
}

fn percentile(run: &Run, p: Percentile) -> Option<f64> {
    run.figures()?.latency_ns.get(p).map(|ns| ns as f64)
}

impl Pair<'_> {
    /// Input throughput, p50 and p99 (ns), measured and predicted.
    pub fn figures(&self) -> [Figure; 3] {
        let input = |r: &Run| r.figures().map(|f| f.throughput.input_eps);
        [
            Figure {
                name: "input ev/s",
                measured: input(self.measured),
                predicted: input(self.predicted),
            },
            Figure {
                name: "p50",
                measured: percentile(self.measured, Percentile::P50),
                predicted: percentile(self.predicted, Percentile::P50),
            },
            Figure {
                name: "p99",
                measured: percentile(self.measured, Percentile::P99),
                predicted: percentile(self.predicted, Percentile::P99),
            },
        ]
    }
}

/// The highest input throughput the runs of one engine × workload × processes achieved
/// over the rates they were offered, measured and predicted.
#[derive(Clone, Debug, PartialEq)]
pub struct Capacity {
    /// The measured engine's label (`timely (2p)`).
    pub engine: String,
    /// The workload.
    pub workload: String,
    /// The highest offered rate of the pairs.
    pub top_rate: f64,
    /// The highest measured input ev/s, and the predicted.
    pub figure: Figure,
}

/// One [`Capacity`] per engine × workload × processes of `pairs`, in order of appearance.
pub fn capacities(pairs: &[Pair<'_>]) -> Vec<Capacity> {
    let mut out: Vec<Capacity> = Vec::new();
    for p in pairs {
        let engine = p.measured.engine_label();
        let [input, ..] = p.figures();
        let max = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        match out
            .iter_mut()
            .find(|c| c.engine == engine && c.workload == p.measured.key.workload)
        {
            Some(c) => {
                c.top_rate = c.top_rate.max(p.measured.key.offered_rate);
                c.figure.measured = max(c.figure.measured, input.measured);
                c.figure.predicted = max(c.figure.predicted, input.predicted);
            }
            None => out.push(Capacity {
                engine,
                workload: p.measured.key.workload.clone(),
                top_rate: p.measured.key.offered_rate,
                figure: Figure {
                    name: "highest input ev/s",
                    ..input
                },
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn a_simulated_run_pairs_with_the_measured_run_of_its_key() {
        let mut results = sample_results();
        assert!(pairs(&results).is_empty());
        let measured = results.runs[0].clone();
        let mut predicted = measured.clone();
        predicted.params.simulated = Some(Box::default());
        if let Some(f) = predicted.figures_mut() {
            f.throughput.input_eps *= 0.8;
        }
        results.runs.push(predicted);
        let p = pairs(&results);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].measured.id(), measured.id());
        assert_ne!(p[0].predicted.id(), measured.id());
        let err = p[0].figures()[0].error().unwrap();
        assert!((err + 0.2).abs() < 1e-9, "{err}");
        assert_eq!(capacities(&p).len(), 1);
    }
}
