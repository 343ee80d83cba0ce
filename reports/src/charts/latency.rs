//! Latency by percentile, one chart per workload, one line per run. The x axis is
//! 1/(1−q) on a log scale, so 90%, 99%, 99.9%… are evenly spaced and the tail — where
//! engines actually differ — gets as much room as the median.

use super::common::{axis_number, chart_error, legend, LegendEntry, FONT, LEGEND_AREA, SIZE};
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::{Figures, Results, Run};
use plotters::prelude::*;

/// One run's line: legend label, colour, and `(1/(1−q), latency in ms)` points.
struct Line {
    label: String,
    colour: RGBColor,
    points: Vec<(f64, f64)>,
}

/// The latency chart for `workload` as an SVG string, or `None` when no successful run of
/// that workload has latency figures.
pub fn latency_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let lines: Vec<Line> = crate::query::ok_runs(results)
        // Probes of a search are in the hockey-stick chart instead.
        .filter(|(r, _)| r.key.workload == workload && r.key.probe_of.is_none())
        .filter_map(|(r, f)| {
            let points = points(f);
            (!points.is_empty()).then(|| Line {
                label: label(r, f),
                colour: palette.colour(&r.engine_label()),
                points,
            })
        })
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let chart_name = format!("latency ({workload})");
    let mut svg = String::new();
    draw(&mut svg, workload, &lines).map_err(|e| chart_error(&chart_name, e))?;
    Ok(Some(svg))
}

/// `engine (wN, n=…)`, plus the repetition when there is more than one: n is the number
/// of latency samples behind the curve.
fn label(run: &Run, figures: &Figures) -> String {
    let n = crate::units::format_si(figures.latency_ns.count as f64);
    if run.key.repetition == 0 {
        format!("{} (w{}, n={n})", run.engine_label(), run.key.workers)
    } else {
        format!(
            "{} (w{}, rep {}, n={n})",
            run.engine_label(),
            run.key.workers,
            run.key.repetition
        )
    }
}

/// Chart points of a run. Uses the recorded distribution, or the summary percentiles for
/// results without one. q = 1 (the maximum) has no place on a 1/(1−q) axis and is left
/// out, and so is every quantile with fewer samples than it needs
/// ([`crate::schema::min_samples`]); the maximum ends the curve at x = n. Zero latencies
/// are drawn at 1 ns because a log axis has no zero.
fn points(figures: &Figures) -> Vec<(f64, f64)> {
    let lat = &figures.latency_ns;
    if lat.count == 0 && lat.distribution.is_empty() {
        return Vec::new();
    }
    let source: Vec<(f64, u64)> = if lat.distribution.is_empty() {
        vec![
            (0.5, lat.p50),
            (0.9, lat.p90),
            (0.99, lat.p99),
            (0.999, lat.p999),
        ]
    } else {
        lat.distribution.clone()
    };
    let mut points: Vec<(f64, f64)> = source
        .into_iter()
        .filter(|&(q, _)| (0.0..1.0).contains(&q) && lat.enough_for(q))
        .map(|(q, ns)| (1.0 / (1.0 - q), ns.max(1) as f64 / 1e6))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The curve ends at the maximum: the largest of n samples stands at the quantile
    // 1 − 1/n, x = n on this axis (its plotting position), past every percentile the
    // samples support.
    let n = lat.count as f64;
    if lat.count > 1 && points.last().is_none_or(|p| p.0 < n) {
        points.push((n, lat.max.max(1) as f64 / 1e6));
    }
    points
}

/// The smallest power of ten ≥ `v` (with a little slack for float error in 1/(1−q)).
fn decade_above(v: f64) -> f64 {
    10f64.powi((v.log10() - 1e-9).ceil() as i32)
}

fn decade_below(v: f64) -> f64 {
    10f64.powi((v.log10() + 1e-9).floor() as i32)
}

/// Tick label for x = 1/(1−q) at a power of ten: 1 → 0%, 10 → 90%, 1000 → 99.9%.
fn percentile_label(x: f64) -> String {
    let decades = x.log10().round() as i32;
    if decades <= 0 {
        return "0%".to_owned();
    }
    let p = 100.0 * (1.0 - 10f64.powi(-decades));
    let decimals = (decades - 2).max(0) as usize;
    format!("{p:.decimals$}%")
}

fn draw(
    svg: &mut String,
    workload: &str,
    lines: &[Line],
) -> Result<(), Box<dyn std::error::Error>> {
    let all = lines.iter().flat_map(|l| &l.points);
    let max_x = all.clone().map(|p| p.0).fold(1.0, f64::max);
    // At least up to 99% so even a short distribution gets a readable axis.
    let x_end = decade_above(max_x).clamp(100.0, 1e7);
    let y_lo = decade_below(all.clone().map(|p| p.1).fold(f64::INFINITY, f64::min));
    let mut y_hi = decade_above(all.map(|p| p.1).fold(0.0, f64::max));
    if y_hi <= y_lo {
        y_hi = y_lo * 10.0;
    }
    let decades = x_end.log10().round() as i32;
    let x_ticks: Vec<f64> = (0..=decades).map(|d| 10f64.powi(d)).collect();
    // Ticks at whole decades only: in-between ticks on a log axis read as noise.
    let y_ticks: Vec<f64> = (y_lo.log10().round() as i32..=y_hi.log10().round() as i32)
        .map(|d| 10f64.powi(d))
        .collect();

    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Latency by percentile — {workload}"),
            (FONT, 24).into_font(),
        )
        .margin(16)
        // Also room for the last x label ("99.99%"), centred on the right edge.
        .margin_right(LEGEND_AREA)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(
            (1f64..x_end).log_scale().with_key_points(x_ticks),
            (y_lo..y_hi).log_scale().with_key_points(y_ticks),
        )?;
    chart
        .configure_mesh()
        .x_desc("percentile")
        .y_desc("latency (ms, log scale)")
        .x_label_formatter(&|x| percentile_label(*x))
        .y_label_formatter(&|y| axis_number(*y))
        .label_style((FONT, 15).into_font())
        .axis_desc_style((FONT, 16).into_font())
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .draw()?;
    let mut entries = Vec::new();
    for line in lines {
        let colour = line.colour;
        chart.draw_series(LineSeries::new(
            line.points.iter().copied(),
            colour.stroke_width(2),
        ))?;
        entries.push(LegendEntry::line(&line.label, colour));
        // A run with only a handful of results has a curve too short to see: mark its points.
        if line.points.len() <= 5 {
            chart.draw_series(
                line.points
                    .iter()
                    .map(|&p| Circle::new(p, 4, colour.filled())),
            )?;
        }
    }
    legend(&root, &chart, &entries, 15)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn percentile_labels() {
        let labels: Vec<_> = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5]
            .into_iter()
            .map(percentile_label)
            .collect();
        assert_eq!(labels, ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"]);
    }

    #[test]
    fn draws_one_line_per_ok_run_with_text() {
        let results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = latency_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("font-family=\"sans-serif\""));
        assert!(svg.contains("Latency by percentile — tumbling-count"));
        assert!(svg.contains("dataflow (w2, n=900k)"));
        assert!(svg.contains("99.9%"));
        assert!(svg.contains("latency (ms, log scale)"));
        // plotters escapes text, so the hostile engine name arrives as text only.
        assert!(!svg.contains("<script"));
        // The engine's palette colour is used (plotters writes upper-case hex).
        assert!(svg.contains(&palette.hex("naive").to_uppercase()));
    }

    #[test]
    fn none_without_ok_runs() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        assert!(latency_chart(&results, "no-such-workload", &palette)
            .unwrap()
            .is_none());
        results
            .runs
            .iter_mut()
            .for_each(|r| crate::testing::fail(r, "failed"));
        assert!(latency_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .is_none());
    }

    #[test]
    fn the_maximum_ends_the_curve_at_n() {
        let run = sample_results().runs[0].figures().unwrap().clone();
        let pts = points(&run);
        // The distribution's q = 1 is not a point; the maximum is, at x = n.
        assert_eq!(pts.len(), run.latency_ns.distribution.len());
        assert_eq!(pts[0].0, 1.0);
        let last = pts.last().unwrap();
        assert_eq!(last.0, run.latency_ns.count as f64);
        assert_eq!(last.1, run.latency_ns.max as f64 / 1e6);
    }

    #[test]
    fn points_stop_where_the_samples_do() {
        let mut run = sample_results().runs[0].figures().unwrap().clone();
        // 150 samples: q = 0, 0.5, 0.9, 0.99 have enough; 0.999 and 0.9999 do not.
        run.latency_ns.count = 150;
        let xs: Vec<f64> = points(&run).iter().map(|p| p.0.round()).collect();
        assert_eq!(xs, [1.0, 2.0, 10.0, 100.0, 150.0], "then the maximum at n");
        run.latency_ns.distribution.clear();
        run.latency_ns.count = 9;
        assert_eq!(
            points(&run).len(),
            2,
            "only p50 and the maximum from 9 samples"
        );
    }
}
