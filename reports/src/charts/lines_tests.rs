//! Tests of `lines.rs`.

use super::*;
use crate::testing::sample_results;

#[test]
fn zeros_on_a_log_axis_stay_finite() {
    let palette = Palette::for_results(&sample_results());
    let panel = Panel {
        title: "t".into(),
        x_desc: "x".into(),
        y_desc: "y".into(),
        y_log: true,
        x_log: false,
        x_format: |v| format!("{v}"),
        y_format: |v| format!("{v} ns"),
        h_line: None,
        diagonal: false,
        legend: true,
        v_marks: Vec::new(),
        series: vec![Series {
            label: "dataflow".into(),
            engine: "dataflow".into(),
            points: vec![(0.0, 0.0), (1.0, 100.0), (2.0, 1000.0)],
            marks: vec![(2.0, 1000.0)],
            dashed: false,
        }],
    };
    let svg = draw_panels("t", "caption", &[panel], &palette).unwrap();
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    // The zero is a gap: no "0 ns" floor tick, and the line starts at the first value.
    assert!(
        !svg.contains("\n0 ns\n") && !svg.contains("\n1 ns\n"),
        "{svg}"
    );
    // Ticks at the decades around the data, not down to 1e-12.
    assert!(
        svg.contains("\n100 ns\n") && svg.contains("\n1000 ns\n"),
        "{svg}"
    );
    assert!(
        !svg.contains("\n0.1 ns\n") && !svg.contains("\n0.01 ns\n"),
        "{svg}"
    );
}

fn panel_with(y_log: bool, points: Vec<(f64, f64)>) -> Panel {
    Panel {
        title: "t".into(),
        x_desc: "x".into(),
        y_desc: "y".into(),
        y_log,
        x_log: false,
        x_format: |v| format!("{v}"),
        y_format: |v| format!("{v}"),
        h_line: None,
        diagonal: false,
        legend: false,
        v_marks: Vec::new(),
        series: vec![Series {
            label: "dataflow".into(),
            engine: "dataflow".into(),
            points,
            marks: Vec::new(),
            dashed: false,
        }],
    }
}

#[test]
fn gaps_break_the_line() {
    let palette = Palette::for_results(&sample_results());
    let polylines = |panel: Panel| {
        draw_panels("t", "c", &[panel], &palette)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"2\""))
            .count()
    };
    let whole: Vec<(f64, f64)> = (0..6).map(|i| (i as f64, 10.0 + i as f64)).collect();
    assert_eq!(polylines(panel_with(false, whole.clone())), 1);
    let mut gapped = whole;
    gapped[2].1 = f64::NAN;
    assert_eq!(polylines(panel_with(false, gapped.clone())), 2);
    // On a log axis a zero is a gap too; on a linear one it is a value.
    gapped[2].1 = 0.0;
    assert_eq!(polylines(panel_with(true, gapped.clone())), 2);
    assert_eq!(polylines(panel_with(false, gapped)), 1);
}

#[test]
fn doubling_rates_are_evenly_spaced_on_a_log_x_axis() {
    let palette = Palette::for_results(&sample_results());
    let points: Vec<(f64, f64)> = (0..8).map(|i| (1e4 * 2f64.powi(i), 5.0)).collect();
    let mut panel = panel_with(false, points);
    panel.x_log = true;
    let svg = draw_panels("t", "c", &[panel], &palette).unwrap();
    let line = svg
        .lines()
        .find(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"2\""))
        .unwrap();
    let xs: Vec<f64> = line
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .filter_map(|p| p.split(',').next()?.parse().ok())
        .collect();
    assert_eq!(xs.len(), 8, "{line}");
    let steps: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        steps.iter().all(|s| (s - steps[0]).abs() <= 1.0),
        "{steps:?}"
    );
}

#[test]
fn a_log_log_diagonal_spans_decades_not_millions_of_ticks() {
    let palette = Palette::for_results(&sample_results());
    let points: Vec<(f64, f64)> = (0..8)
        .map(|i| (1e4 * 2f64.powi(i), 1e4 * 2f64.powi(i)))
        .collect();
    let mut panel = panel_with(true, points);
    panel.x_log = true;
    panel.diagonal = true;
    let svg = draw_panels("t", "c", &[panel], &palette).unwrap();
    // 10 k .. 1.28 M is three decades: a handful of grid lines, a small chart.
    assert!(svg.len() < 200_000, "{} bytes", svg.len());
    assert!(svg.matches("<line").count() < 200);
}
