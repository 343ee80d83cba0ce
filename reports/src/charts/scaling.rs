//! Scaling: achieved input throughput against worker threads, one line per engine, one
//! panel per workload that ran at two or more worker counts. Runs at the highest offered
//! rate of each engine × workload are used, so a rate sweep does not blur the lines.

use super::lines::{draw_panels, Panel, Series};
use super::palette::Palette;
use crate::error::ReportError;
use crate::query::{mean, ok_runs};
use crate::schema::Results;
use crate::units::format_si;

/// `(workers, mean input eps)` of `engine` on `workload`, by worker count.
fn points(results: &Results, engine: &str, workload: &str) -> Vec<(f64, f64)> {
    let runs: Vec<_> = ok_runs(results)
        .filter(|(r, _)| {
            r.key.engine == engine && r.key.workload == workload && r.key.probe_of.is_none()
        })
        .collect();
    let top = runs
        .iter()
        .map(|(r, _)| r.key.offered_rate)
        .fold(f64::NEG_INFINITY, f64::max);
    let runs: Vec<_> = runs
        .into_iter()
        .filter(|(r, _)| r.key.offered_rate == top)
        .collect();
    let mut workers: Vec<usize> = runs.iter().map(|(r, _)| r.key.workers).collect();
    workers.sort_unstable();
    workers.dedup();
    workers
        .into_iter()
        .filter_map(|w| {
            let eps = mean(
                runs.iter()
                    .filter(|(r, _)| r.key.workers == w)
                    .map(|(_, f)| f.throughput.input_eps),
            )?;
            Some((w as f64, eps))
        })
        .collect()
}

/// The scaling chart, or `None` when no engine ran a workload at two worker counts.
pub fn scaling_chart(results: &Results, palette: &Palette) -> Result<Option<String>, ReportError> {
    let mut panels = Vec::new();
    for workload in super::workloads(results) {
        let series: Vec<Series> = palette
            .engines()
            .iter()
            .map(|e| Series {
                label: e.clone(),
                engine: e.clone(),
                points: points(results, e, workload),
                marks: Vec::new(),
                dashed: false,
            })
            .filter(|s| s.points.len() >= 2)
            .collect();
        if series.is_empty() {
            continue;
        }
        panels.push(Panel {
            title: workload.to_owned(),
            x_desc: "worker threads".into(),
            y_desc: "input throughput (events/s)".into(),
            y_log: false,
            x_log: false,
            x_format: |v| {
                if v.fract() == 0.0 {
                    format!("{v}")
                } else {
                    String::new()
                }
            },
            y_format: format_si,
            h_line: None,
            diagonal: false,
            v_marks: Vec::new(),
            legend: true,
            series,
        });
    }
    if panels.is_empty() {
        return Ok(None);
    }
    draw_panels("scaling", "Throughput against workers", &panels, palette).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn lines_for_engines_with_several_worker_counts() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let p = points(&results, "dataflow", "tumbling-count");
        let xs: Vec<f64> = p.iter().map(|p| p.0).collect();
        assert_eq!(xs, [1.0, 2.0, 4.0]);
        // 100k / √0.6 at 4 workers.
        assert!((p[2].1 - 129_099.444).abs() < 0.01, "{p:?}");
        let svg = scaling_chart(&results, &palette).unwrap().unwrap();
        assert!(svg.contains("Throughput against workers") && svg.contains("worker threads"));
        results.runs.retain(|r| r.key.workers == 2);
        assert!(scaling_chart(&results, &palette).unwrap().is_none());
    }
}
