//! Engine state over time: logical state bytes at the end of each interval, one line per
//! run of a workload. Steady growth means state that is never evicted.

use super::lines::{draw_panels, Panel};
use super::palette::Palette;
use super::timeseries::series;
use crate::error::ReportError;
use crate::schema::Results;
use crate::units::format_bytes;

/// The state-over-time chart of `workload`, or `None` when no run recorded state samples.
pub fn state_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let lines = series(results, workload, |s| s.state_bytes as f64);
    if lines.iter().all(|l| l.points.iter().all(|p| p.1 == 0.0)) {
        return Ok(None);
    }
    let panels = [Panel {
        title: "Logical state at the end of each interval".into(),
        x_desc: "time since start of run (s)".into(),
        y_desc: "state (bytes)".into(),
        y_log: false,
        x_log: false,
        x_format: |v| format!("{}", (v * 10.0).round() / 10.0),
        y_format: |v| format_bytes(v.max(0.0) as u64),
        h_line: None,
        diagonal: false,
        v_marks: Vec::new(),
        legend: true,
        series: lines,
    }];
    let caption = format!("State over time — {workload}");
    draw_panels("state over time", &caption, &panels, palette).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn lines_or_none() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = state_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .unwrap();
        assert!(svg.contains("State over time — tumbling-count"));
        assert!(svg.contains("state (bytes)"));
        results
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .flat_map(|r| &mut r.timeseries)
            .for_each(|s| s.state_bytes = 0);
        assert!(state_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .is_none());
    }
}
