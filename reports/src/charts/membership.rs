//! Around a membership change, per workload: the simulated runs that lost or added a node,
//! p99 latency and input rate per interval over the run, each loss a red line (labelled
//! `crash`, as a measured crash is) and each addition a tick. Modulo placement is dashed
//! beside consistent hashing in the engine's colour, so what moving most keys costs shows
//! against moving ~1/N of them.

use super::lines::{Series, VMark};
use super::palette::Palette;
use super::timeseries::{p99_series_where, series_where, time_panel};
use crate::error::ReportError;
use crate::query::ok_runs;
use crate::schema::{Figures, Results};
use crate::units::{format_duration_ns, format_si};

fn changed(f: &Figures) -> bool {
    f.simulation
        .as_ref()
        .is_some_and(|s| !s.membership.is_empty())
}

fn dash_modulo(mut lines: Vec<Series>) -> Vec<Series> {
    for l in &mut lines {
        l.dashed = l.label.contains("modulo");
    }
    lines
}

/// The chart of `workload`, or `None` when no simulated run of it changed membership.
pub fn membership_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let p99 = dash_modulo(p99_series_where(results, workload, changed));
    if p99.is_empty() {
        return Ok(None);
    }
    let mut marks = Vec::new();
    for (r, f) in ok_runs(results).filter(|(r, f)| r.key.workload == workload && changed(f)) {
        for m in f.simulation.iter().flat_map(|s| &s.membership) {
            marks.push(VMark {
                x: m.at_s,
                crash: m.kind == "fail",
                engine: r.engine_label(),
            });
        }
    }
    let mut latency = time_panel(
        "p99 latency per interval (intervals with at least 100 results)",
        "p99 latency (log scale)",
        true,
        format_duration_ns,
        true,
        p99,
    );
    latency.v_marks = marks;
    let input = time_panel(
        "Input rate",
        "events/s",
        false,
        format_si,
        false,
        dash_modulo(series_where(results, workload, changed, |s| s.input_eps)),
    );
    let caption = format!("Membership changes (simulated) — {workload}");
    super::lines::draw_panels("membership", &caption, &[latency, input], palette).map(Some)
}
