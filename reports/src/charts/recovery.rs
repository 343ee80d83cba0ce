//! The recovery chart of a workload: input rate, output rate and p99 latency over time of
//! every run with checkpoints or crashes, one line per run, with each crash drawn as a red
//! line across the panels and each checkpoint as a short tick in its engine's colour — the
//! picture of a recovery users know from Flink's: the stall, the replay's surge of input,
//! the latency spike and its return.

use super::lines::{draw_panels, Panel, Series, VMark};
use super::palette::Palette;
use super::timeseries::{p99_series_where, series_where, time_panel};
use crate::error::ReportError;
use crate::query::ok_runs;
use crate::schema::{Figures, Results};
use crate::units::{format_duration_ns, format_si};

fn recovering(f: &Figures) -> bool {
    f.recovery
        .as_ref()
        .is_some_and(|r| !r.crashes.is_empty() || !r.checkpoints.is_empty())
}

/// Every run's crashes (one line per distinct instant, to 10 ms) and checkpoints.
fn marks(results: &Results, workload: &str) -> Vec<VMark> {
    let mut crashes: Vec<f64> = Vec::new();
    let mut marks = Vec::new();
    for (r, f) in ok_runs(results).filter(|(r, f)| r.key.workload == workload && recovering(f)) {
        let Some(rec) = &f.recovery else { continue };
        for c in &rec.crashes {
            if !crashes.iter().any(|&x| (x - c.at_s).abs() < 0.05) {
                crashes.push(c.at_s);
            }
        }
        marks.extend(rec.checkpoints.iter().map(|c| VMark {
            x: c.at_s,
            crash: false,
            engine: r.key.engine.clone(),
        }));
    }
    marks.extend(crashes.into_iter().map(|x| VMark {
        x,
        crash: true,
        engine: String::new(),
    }));
    marks
}

/// Leaves out the last point when its interval is a sliver (the end of input after the last
/// whole interval): a rate over a few ms, such as an exactly-once sink's final commit,
/// would otherwise dwarf the whole run.
fn whole_intervals(mut lines: Vec<Series>) -> Vec<Series> {
    for line in &mut lines {
        let p = &line.points;
        if p.len() >= 3 {
            let (whole, last) = (p[1].0 - p[0].0, p[p.len() - 1].0 - p[p.len() - 2].0);
            if last < whole / 2.0 {
                line.points.pop();
            }
        }
    }
    lines
}

/// The p99 per interval with at least 100 results; when no interval has that many (a
/// workload with few results, such as Nexmark q5), the largest latency of every interval
/// that delivered any, titled as such.
fn latency_panel(
    results: &Results,
    workload: &str,
    panel: impl Fn(&str, &str, bool, fn(f64) -> String, bool, Vec<Series>) -> Panel,
) -> Panel {
    let p99 = p99_series_where(results, workload, recovering);
    if p99.iter().any(|l| !l.points.is_empty()) {
        return panel(
            "p99 latency per interval (intervals with at least 100 results)",
            "p99 latency (log scale)",
            true,
            format_duration_ns,
            false,
            p99,
        );
    }
    let mut lines = series_where(results, workload, recovering, |s| s.p99_ns as f64);
    lines
        .iter_mut()
        .for_each(|l| l.points.retain(|&(_, y)| y > 0.0));
    panel(
        "Largest latency per interval (no interval has the 100 results a p99 needs)",
        "latency (log scale)",
        true,
        format_duration_ns,
        false,
        lines,
    )
}

/// The recovery chart of `workload`, or `None` when no run of it had checkpoints or crashes.
pub fn recovery_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let input = whole_intervals(series_where(results, workload, recovering, |s| s.input_eps));
    if input.is_empty() {
        return Ok(None);
    }
    let panel =
        |title: &str, y_desc: &str, y_log, y_format: fn(f64) -> String, legend, series| Panel {
            v_marks: marks(results, workload),
            ..time_panel(title, y_desc, y_log, y_format, legend, series)
        };
    let panels = [
        panel(
            "Input rate (a replay injects faster than the schedule)",
            "events/s",
            false,
            format_si,
            true,
            input,
        ),
        panel(
            "Output rate (results delivered; an exactly-once sink delivers at each checkpoint)",
            "results/s",
            false,
            format_si,
            false,
            whole_intervals(series_where(results, workload, recovering, |s| {
                s.output_eps
            })),
        ),
        latency_panel(results, workload, panel),
    ];
    let caption = format!("Checkpoints and crashes — {workload}");
    draw_panels("recovery", &caption, &panels, palette).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CheckpointFigures, CrashFigures, Recovery};
    use crate::testing::sample_results;

    #[test]
    fn drawn_only_for_runs_with_checkpoints_or_crashes_with_their_marks() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        assert!(recovery_chart(&results, "session-sum", &palette)
            .unwrap()
            .is_none());
        let f = results.runs[3].figures_mut().unwrap();
        f.recovery = Some(Recovery {
            checkpoints: vec![CheckpointFigures {
                at_s: 2.0,
                ..CheckpointFigures::default()
            }],
            crashes: vec![CrashFigures {
                at_s: 3.0,
                ..CrashFigures::default()
            }],
            ..Recovery::default()
        });
        let svg = recovery_chart(&results, "session-sum", &palette)
            .unwrap()
            .unwrap();
        for text in [
            "Checkpoints and crashes — session-sum",
            "crash",
            "Input rate",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert_eq!(marks(&results, "session-sum").len(), 2);
    }
}
