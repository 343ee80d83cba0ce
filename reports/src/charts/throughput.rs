//! Achieved input throughput as grouped bars: one group per workload, one bar per engine
//! (and worker count), coloured by engine. Offered load is the same for every engine in a
//! suite, so a bar short of the others is an engine that could not keep up.

use super::bars::{labelled_chart, Labelled};
use super::common::workloads;
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::Results;
use crate::units::format_si;

/// One bar: engine, workers, mean input throughput over repetitions.
struct Bar {
    engine: String,
    workers: usize,
    eps: f64,
}

/// The throughput chart as an SVG string, or `None` when no run succeeded.
pub fn throughput_chart(
    results: &Results,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let groups: Vec<(&str, Vec<Bar>)> = workloads(results)
        .into_iter()
        .map(|w| (w, bars(results, w)))
        .filter(|(_, bars)| !bars.is_empty())
        .collect();
    let labelled: Vec<Labelled> = groups
        .iter()
        .map(|(w, bars)| {
            let labelled = bars
                .iter()
                .map(|bar| {
                    // Several worker counts of one engine: say which bar is which.
                    let several = bars.iter().filter(|b| b.engine == bar.engine).count() > 1;
                    let label = if several {
                        format!("w{} {}", bar.workers, format_si(bar.eps))
                    } else {
                        format_si(bar.eps)
                    };
                    (bar.engine.clone(), bar.eps, label)
                })
                .collect();
            (w.to_string(), labelled)
        })
        .collect();
    labelled_chart(
        "throughput",
        "Achieved input throughput",
        "input throughput (events/s)",
        &labelled,
        palette,
        format_si,
    )
}

/// The bars of one workload, sorted by engine then workers; repetitions are averaged.
fn bars(results: &Results, workload: &str) -> Vec<Bar> {
    let mut sums: Vec<(String, usize, f64, u32)> = Vec::new();
    for (run, f) in crate::query::ok_runs(results)
        .filter(|(r, _)| r.key.workload == workload && r.key.probe_of.is_none())
    {
        let eps = f.throughput.input_eps;
        match sums
            .iter_mut()
            .find(|(e, w, _, _)| *e == run.engine_label() && *w == run.key.workers)
        {
            Some(entry) => {
                entry.2 += eps;
                entry.3 += 1;
            }
            None => sums.push((run.engine_label(), run.key.workers, eps, 1)),
        }
    }
    sums.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    sums.into_iter()
        .map(|(engine, workers, sum, n)| Bar {
            engine,
            workers,
            eps: sum / f64::from(n),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn draws_bars_per_engine_and_workload() {
        let results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = throughput_chart(&results, &palette).unwrap().unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Achieved input throughput"));
        assert!(svg.contains("input throughput (events/s)"));
        assert!(svg.contains(">\ntumbling-count\n<") || svg.contains("tumbling-count"));
        assert!(svg.contains("session-sum"));
        // 6 successful runs → 6 bars, plus legend swatches, all in palette colours.
        assert!(svg.matches("<rect").count() >= 6);
        assert!(svg.contains(&palette.hex("dataflow").to_uppercase()));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn none_without_ok_runs() {
        let mut results = sample_results();
        results
            .runs
            .iter_mut()
            .for_each(|r| crate::testing::fail(r, "timeout"));
        let palette = Palette::for_results(&results);
        assert!(throughput_chart(&results, &palette).unwrap().is_none());
    }

    #[test]
    fn repetitions_are_averaged() {
        let mut results = sample_results();
        let mut rep = results.runs[0].clone();
        rep.key.repetition = 1;
        rep.figures_mut().unwrap().throughput.input_eps = 0.0;
        results.runs.push(rep);
        let b = bars(&results, "tumbling-count");
        let first = b
            .iter()
            .find(|b| b.engine == "dataflow" && b.workers == 2)
            .unwrap();
        assert_eq!(
            first.eps,
            results.runs[0].figures().unwrap().throughput.input_eps / 2.0
        );
    }
}
