//! Predicted against measured, per workload: for each engine's multi-process runs
//! (`simulate --check`), the measured input throughput, p50 and p99 against offered rate as
//! solid lines and the model's predictions of the same runs dashed in the same colour (the
//! 1-process self-check only when there is nothing else: it would share the colours). A
//! percentile with too few samples on either side is a gap, not a point.

use super::lines::{draw_panels, Panel, Series};
use super::palette::Palette;
use crate::error::ReportError;
use crate::prediction::{pairs, Pair};
use crate::schema::Results;
use crate::units::{format_duration_ns, format_si};

/// Measured and predicted series of figure `k` (0 input, 1 p50, 2 p99) of `pairs`.
fn series(pairs: &[Pair<'_>], k: usize) -> Vec<Series> {
    let mut engines: Vec<String> = pairs.iter().map(|p| p.measured.engine_label()).collect();
    engines.dedup();
    engines.sort();
    engines.dedup();
    let mut out = Vec::new();
    for engine in engines {
        let mut of: Vec<&Pair<'_>> = pairs
            .iter()
            .filter(|p| p.measured.engine_label() == engine)
            .collect();
        of.sort_by(|a, b| {
            a.measured
                .key
                .offered_rate
                .total_cmp(&b.measured.key.offered_rate)
        });
        for predicted in [false, true] {
            let points = of
                .iter()
                .map(|p| {
                    let f = p.figures()[k];
                    let v = if predicted { f.predicted } else { f.measured };
                    (p.measured.key.offered_rate, v.unwrap_or(f64::NAN))
                })
                .collect();
            let kind = if predicted { "predicted" } else { "measured" };
            out.push(Series {
                label: format!("{engine} {kind}"),
                engine: engine.clone(),
                points,
                marks: Vec::new(),
                dashed: predicted,
            });
        }
    }
    out
}

fn panel(title: &str, y_desc: &str, latency: bool, legend: bool, series: Vec<Series>) -> Panel {
    Panel {
        title: title.into(),
        x_desc: "offered rate (events/s, log scale)".into(),
        y_desc: y_desc.into(),
        y_log: true,
        x_log: true,
        x_format: format_si,
        y_format: if latency {
            format_duration_ns
        } else {
            format_si
        },
        h_line: None,
        diagonal: !latency,
        v_marks: Vec::new(),
        legend,
        series,
    }
}

/// The chart of `workload`, or `None` when it has no prediction with a measurement.
pub fn prediction_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let mut pairs: Vec<Pair<'_>> = pairs(results)
        .into_iter()
        .filter(|p| p.measured.key.workload == workload)
        .collect();
    // One engine has one colour and predictions one dash: the multi-process pairs (the
    // model's real test) are drawn, the 1-process ones only when there are no others —
    // the table has both.
    if pairs.iter().any(|p| p.measured.key.processes > 1) {
        pairs.retain(|p| p.measured.key.processes > 1);
    }
    if pairs.is_empty() {
        return Ok(None);
    }
    let panels = [
        panel(
            "Input throughput (solid: measured, dashed: predicted)",
            "input throughput (events/s, log scale)",
            false,
            true,
            series(&pairs, 0),
        ),
        panel(
            "p50 latency from the schedule",
            "p50 latency (log scale)",
            true,
            false,
            series(&pairs, 1),
        ),
        panel(
            "p99 latency from the schedule",
            "p99 latency (log scale)",
            true,
            false,
            series(&pairs, 2),
        ),
    ];
    let caption = format!("Predicted against measured — {workload}");
    draw_panels("prediction", &caption, &panels, palette).map(Some)
}
