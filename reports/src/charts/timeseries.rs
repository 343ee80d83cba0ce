//! What happened during each run of a workload: input rate, output rate and p99 latency
//! per interval, one line per run, in three stacked panels sharing the time axis. A run
//! that falls behind shows its input rate sagging under the others and its p99 climbing.

use super::lines::{draw_panels, Panel, Series};
use super::palette::Palette;
use crate::error::ReportError;
use crate::query::ok_runs;
use crate::schema::{min_samples, Figures, Results, Run, Sample};
use crate::units::{format_duration_ns, format_si};

/// `engine (wN)`, plus the repetition and rate when they tell runs apart.
pub(crate) fn run_label(run: &Run) -> String {
    let mut label = format!("{} (w{}", run.engine_label(), run.key.workers);
    if run.key.repetition > 0 {
        label.push_str(&format!(", rep {}", run.key.repetition));
    }
    label.push(')');
    label
}

/// One line per successful run of `workload` with a time series, of `value`.
pub(crate) fn series(results: &Results, workload: &str, value: fn(&Sample) -> f64) -> Vec<Series> {
    series_where(results, workload, |_| true, value)
}

/// The successful runs of `workload` with a time series whose figures pass `keep`.
fn charted<'a>(
    results: &'a Results,
    workload: &'a str,
    keep: fn(&Figures) -> bool,
) -> impl Iterator<Item = (&'a Run, &'a Figures)> + 'a {
    ok_runs(results).filter(move |(r, f)| {
        r.key.workload == workload
            && r.key.probe_of.is_none()
            && !f.timeseries.is_empty()
            && keep(f)
    })
}

/// [`series`] of the runs whose figures pass `keep`.
pub(crate) fn series_where(
    results: &Results,
    workload: &str,
    keep: fn(&Figures) -> bool,
    value: fn(&Sample) -> f64,
) -> Vec<Series> {
    charted(results, workload, keep)
        .map(|(r, f)| Series {
            label: run_label(r),
            engine: r.key.engine.clone(),
            points: f.timeseries.iter().map(|s| (s.t_s, value(s))).collect(),
            marks: Vec::new(),
            dashed: false,
        })
        .collect()
}

/// The p99 of each interval of each run that delivered enough results for one
/// ([`crate::schema::min_samples`]): an interval's sample count is its result count, its
/// output rate times its length (the time series records no count of its own). Other
/// intervals are gaps (NaN), not zeros: an interval without results has no latency, and a
/// zero drawn on the log axis would read as "1 ns".
fn p99_series(results: &Results, workload: &str) -> Vec<Series> {
    p99_series_where(results, workload, |_| true)
}

/// [`p99_series`] of the runs whose figures pass `keep`.
pub(crate) fn p99_series_where(
    results: &Results,
    workload: &str,
    keep: fn(&Figures) -> bool,
) -> Vec<Series> {
    let mut lines = series_where(results, workload, keep, |s| s.p99_ns.max(1) as f64);
    for (line, (_, f)) in lines.iter_mut().zip(charted(results, workload, keep)) {
        let mut from = 0.0;
        line.points = f
            .timeseries
            .iter()
            .map(|s| {
                let n = (s.output_eps * (s.t_s - from)).round();
                from = s.t_s;
                let enough = n >= min_samples(0.99) as f64 && s.p99_ns > 0;
                (s.t_s, if enough { s.p99_ns as f64 } else { f64::NAN })
            })
            .collect();
    }
    lines
}

fn seconds(v: f64) -> String {
    format!("{}", (v * 10.0).round() / 10.0)
}

/// A panel over the time since the start of each run: the run-course and recovery charts'
/// building block.
pub(crate) fn time_panel(
    title: &str,
    y_desc: &str,
    y_log: bool,
    y_format: fn(f64) -> String,
    legend: bool,
    series: Vec<Series>,
) -> Panel {
    Panel {
        title: title.into(),
        x_desc: "time since start of run (s)".into(),
        y_desc: y_desc.into(),
        y_log,
        x_log: false,
        x_format: seconds,
        y_format,
        h_line: None,
        diagonal: false,
        v_marks: Vec::new(),
        legend,
        series,
    }
}

/// The time-series chart of `workload`, or `None` when no run recorded one.
pub fn timeseries_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let input = series(results, workload, |s| s.input_eps);
    if input.is_empty() {
        return Ok(None);
    }
    let panel = time_panel;
    let panels = [
        panel("Input rate", "events/s", false, format_si, true, input),
        panel(
            "Output rate",
            "results/s",
            false,
            format_si,
            false,
            series(results, workload, |s| s.output_eps),
        ),
        panel(
            "p99 latency per interval (intervals with at least 100 results)",
            "p99 latency (log scale)",
            true,
            format_duration_ns,
            false,
            p99_series(results, workload),
        ),
    ];
    let caption = format!("During the runs — {workload}");
    draw_panels("time series", &caption, &panels, palette).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn three_panels_or_none() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = timeseries_chart(&results, "session-sum", &palette)
            .unwrap()
            .unwrap();
        for text in [
            "During the runs — session-sum",
            "Input rate",
            "Output rate",
            "p99 latency per interval",
            "time since start of run (s)",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        results
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .for_each(|r| r.timeseries.clear());
        assert!(timeseries_chart(&results, "session-sum", &palette)
            .unwrap()
            .is_none());
    }

    #[test]
    fn p99_only_from_intervals_with_a_hundred_results() {
        let mut results = sample_results();
        // 2,000 results/s over 1 s intervals: every interval counts, until the first
        // interval delivers 99 and the second 100.
        let before = p99_series(&results, "session-sum");
        assert!(before.iter().all(|l| l.points.len() == 10));
        let ts = &mut results.runs[3].figures_mut().unwrap().timeseries;
        ts[0].output_eps = 99.0;
        ts[1].output_eps = 100.0;
        let after = p99_series(&results, "session-sum");
        // The first interval is a gap, not a point and not a zero.
        assert_eq!(after[0].points.len(), 10);
        assert!(after[0].points[0].1.is_nan());
        assert_eq!(after[0].points[1].0, 2.0);
        assert!(after[0].points[1].1 > 0.0);
    }
}
