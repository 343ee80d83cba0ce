//! Line charts in stacked panels sharing one x axis meaning: the building block of the
//! hockey-stick, time-series, state and scaling charts. A log-scale y axis is drawn by
//! plotting log10(y) on a linear axis with ticks at whole decades, which keeps one chart
//! type for both scales.

use super::common::{chart_error, legend, LegendEntry, FONT, LEGEND_AREA};
use super::palette::Palette;
use crate::error::ReportError;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One line.
pub(crate) struct Series {
    /// Legend text.
    pub label: String,
    /// Engine whose colour the line takes.
    pub engine: String,
    /// Points, in x order. A NaN y (and, on a log panel, a y of zero or less) is a gap:
    /// the line breaks there instead of diving to the axis, because an interval without
    /// data is not an interval whose value was zero.
    pub points: Vec<(f64, f64)>,
    /// Points to highlight with a large ringed marker (the sustainable rate).
    pub marks: Vec<(f64, f64)>,
    /// Drawn dashed: the second line of one engine's colour (a prediction beside its
    /// measurement, Zipf keys beside uniform ones).
    pub dashed: bool,
}

/// An instant marked on a panel's x axis.
pub(crate) struct VMark {
    /// Where, in x units.
    pub x: f64,
    /// A crash (a red line across the panel) or a checkpoint (a short tick at the bottom).
    pub crash: bool,
    /// Engine whose colour a checkpoint's tick takes.
    pub engine: String,
}

/// One panel: axes and lines.
pub(crate) struct Panel {
    /// Panel title, drawn above it.
    pub title: String,
    /// x axis description, with unit.
    pub x_desc: String,
    /// y axis description, with unit.
    pub y_desc: String,
    /// Whether y is drawn on a log scale.
    pub y_log: bool,
    /// Whether x is drawn on a log scale: offered rates double from probe to probe, and
    /// on a linear axis the low rates crowd into the first few pixels.
    pub x_log: bool,
    /// x tick labels.
    pub x_format: fn(f64) -> String,
    /// y tick labels (of the real value, not its logarithm).
    pub y_format: fn(f64) -> String,
    /// A dashed horizontal reference line (an objective) and its label.
    pub h_line: Option<(f64, String)>,
    /// Draw the y = x diagonal (offered = achieved).
    pub diagonal: bool,
    /// Whether this panel carries the legend.
    pub legend: bool,
    /// Instants marked with vertical lines (crashes, checkpoints).
    pub v_marks: Vec<VMark>,
    /// The lines.
    pub series: Vec<Series>,
}

/// Width of every line chart; each panel is `PANEL_HEIGHT` tall.
const WIDTH: u32 = 1100;
const PANEL_HEIGHT: u32 = 300;

/// Draws `panels` stacked under `caption`; `name` identifies the chart in errors.
pub(crate) fn draw_panels(
    name: &str,
    caption: &str,
    panels: &[Panel],
    palette: &Palette,
) -> Result<String, ReportError> {
    let mut svg = String::new();
    let height = 50 + PANEL_HEIGHT * panels.len() as u32;
    draw(&mut svg, (WIDTH, height), caption, panels, palette).map_err(|e| chart_error(name, e))?;
    Ok(svg)
}

fn draw(
    svg: &mut String,
    size: (u32, u32),
    caption: &str,
    panels: &[Panel],
    palette: &Palette,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(caption, (FONT, 24).into_font())?;
    for (area, panel) in root.split_evenly((panels.len(), 1)).iter().zip(panels) {
        draw_panel(area, panel, palette)?;
    }
    root.present()?;
    Ok(())
}

/// Lower and upper bounds with a little room, never empty.
fn padded(values: impl Iterator<Item = f64> + Clone, from_zero: bool) -> (f64, f64) {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let lo = if from_zero { lo.min(0.0) } else { lo };
    if hi <= lo {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = (hi - lo) * 0.06;
    (if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad)
}

/// Whether a point is drawn at all on `panel`, rather than left as a gap.
fn is_value(panel: &Panel, (x, y): (f64, f64)) -> bool {
    y.is_finite() && (!panel.y_log || y > 0.0) && x.is_finite() && (!panel.x_log || x > 0.0)
}

/// Where `x` goes on `panel`'s x axis: a log x axis is drawn as log10(x) on a linear one,
/// its tick labels turned back into rates by [`Panel::x_format`] of 10^tick.
fn tx(panel: &Panel, x: f64) -> f64 {
    if panel.x_log {
        x.log10()
    } else {
        x
    }
}

/// The runs of consecutive drawable points of `points`, split at gaps.
fn segments(panel: &Panel, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    points
        .split(|&p| !is_value(panel, p))
        .filter(|run| !run.is_empty())
        .map(<[_]>::to_vec)
        .collect()
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    panel: &Panel,
    palette: &Palette,
) -> Result<(), Box<dyn std::error::Error>> {
    // Log panels transform only to find their range; plotters' log axis does the rest.
    let ty = |y: f64| if panel.y_log { y.log10() } else { y };
    let drawn = || {
        panel
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .filter(|&p| is_value(panel, p))
    };
    let xs = drawn().map(|p| tx(panel, p.0));
    let mut ys: Vec<f64> = drawn().map(|p| ty(p.1)).collect();
    if let Some((y, _)) = &panel.h_line {
        ys.push(ty(*y));
    }
    let (x_lo, x_hi) = padded(xs, !panel.x_log);
    let (mut y_lo, mut y_hi) = padded(ys.iter().copied(), !panel.y_log);
    if panel.diagonal {
        // The diagonal's top in the y axis's own units (a decade on a log axis).
        // The diagonal's top in the y axis's own units (a decade on a log axis).
        y_hi = y_hi.max(ty(if panel.x_log { 10f64.powf(x_hi) } else { x_hi }));
    }
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(&panel.title, (FONT, 17).into_font())
        .margin(10)
        .margin_right(LEGEND_AREA)
        .x_label_area_size(42)
        .y_label_area_size(76);
    let y_fmt = |v: &f64| (panel.y_format)(*v);
    let x_fmt = |v: &f64| (panel.x_format)(if panel.x_log { 10f64.powf(*v) } else { *v });
    if panel.y_log {
        y_lo = y_lo.floor();
        y_hi = y_hi.ceil().max(y_lo + 1.0);
        let ticks: Vec<f64> = (y_lo as i32..=y_hi as i32).map(|d| 10f64.powi(d)).collect();
        let mut chart = builder.build_cartesian_2d(
            x_lo..x_hi,
            (10f64.powf(y_lo)..10f64.powf(y_hi))
                .log_scale()
                .with_key_points(ticks),
        )?;
        chart
            .configure_mesh()
            .x_desc(panel.x_desc.as_str())
            .y_desc(panel.y_desc.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style((FONT, 13).into_font())
            .axis_desc_style((FONT, 14).into_font())
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        draw_lines(area, &mut chart, panel, palette)?;
    } else {
        let mut chart = builder.build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        chart
            .configure_mesh()
            .x_desc(panel.x_desc.as_str())
            .y_desc(panel.y_desc.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(8)
            .y_labels(6)
            .label_style((FONT, 13).into_font())
            .axis_desc_style((FONT, 14).into_font())
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        draw_lines(area, &mut chart, panel, palette)?;
    }
    Ok(())
}

type Chart<'a, 'b, X, Y> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<X, Y>>;

fn draw_lines<'a, 'b: 'a, X, Y>(
    area: &DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    chart: &mut Chart<'a, 'b, X, Y>,
    panel: &Panel,
    palette: &Palette,
) -> Result<(), Box<dyn std::error::Error>>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (x_lo, x_hi) = {
        let r = chart.x_range();
        (r.start, r.end)
    };
    let mut entries = Vec::new();
    if panel.diagonal {
        let grey = BLACK.mix(0.35);
        // On a log x axis y = x is a curve: drawn through many points.
        let diagonal: Vec<(f64, f64)> = if panel.x_log {
            (0..=64)
                .map(|i| x_lo + (x_hi - x_lo) * f64::from(i) / 64.0)
                .map(|u| (u, 10f64.powf(u)))
                .collect()
        } else {
            vec![(x_lo.max(0.0), x_lo.max(0.0)), (x_hi, x_hi)]
        };
        chart.draw_series(DashedLineSeries::new(diagonal, 6, 4, grey.stroke_width(1)))?;
        entries.push(LegendEntry::line("offered = achieved", grey));
    }
    if let Some((y, label)) = &panel.h_line {
        let red = RGBColor(0xcf, 0x22, 0x2e);
        chart.draw_series(DashedLineSeries::new(
            [(x_lo, *y), (x_hi, *y)],
            6,
            4,
            red.stroke_width(1),
        ))?;
        // Labelled in place rather than in a legend, so it reads in panels without one.
        let style = TextStyle::from((FONT, 13).into_font())
            .pos(Pos::new(HPos::Right, VPos::Bottom))
            .color(&red);
        chart.draw_series([Text::new(label.clone(), (x_hi, *y), style)])?;
    }
    let (y_lo, y_hi) = {
        let r = chart.y_range();
        (r.start, r.end)
    };
    let red = RGBColor(0xcf, 0x22, 0x2e);
    for m in &panel.v_marks {
        let (top, style) = match m.crash {
            true => (y_hi, red.stroke_width(2)),
            // A tenth of the height (in axis units: on a log axis, of its decades).
            false => {
                let tick = match panel.y_log {
                    true => y_lo * (y_hi / y_lo).powf(0.1),
                    false => y_lo + (y_hi - y_lo) * 0.1,
                };
                (tick, palette.colour(&m.engine).stroke_width(1))
            }
        };
        chart.draw_series([PathElement::new(vec![(m.x, y_lo), (m.x, top)], style)])?;
        if m.crash {
            let text = TextStyle::from((FONT, 12).into_font())
                .pos(Pos::new(HPos::Left, VPos::Top))
                .color(&red);
            chart.draw_series([Text::new("crash", (m.x, y_hi), text)])?;
        }
    }
    for s in &panel.series {
        let colour = palette.colour(&s.engine);
        // Clamped into the axis range, so an outlier still reads as "off the chart".
        let (y_lo, y_hi) = {
            let r = chart.y_range();
            (r.start, r.end)
        };
        let clamp = |run: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
            run.into_iter()
                .map(|(x, y)| (tx(panel, x), y.clamp(y_lo, y_hi)))
                .collect()
        };
        let runs: Vec<Vec<(f64, f64)>> =
            segments(panel, &s.points).into_iter().map(clamp).collect();
        let pts: Vec<(f64, f64)> = runs.iter().flatten().copied().collect();
        // One legend entry per line, however many pieces the gaps cut it into.
        for run in &runs {
            match s.dashed {
                true => chart.draw_series(DashedLineSeries::new(
                    run.iter().copied(),
                    8,
                    5,
                    colour.stroke_width(2),
                ))?,
                false => chart
                    .draw_series(LineSeries::new(run.iter().copied(), colour.stroke_width(2)))?,
            };
        }
        let mut entry = LegendEntry::line(&s.label, colour);
        entry.dashed = s.dashed;
        entries.push(entry);
        // Markers on short lines; on long ones only where a point between two gaps has
        // no line of its own to show it.
        let markers: Vec<(f64, f64)> = if pts.len() <= 40 {
            pts
        } else {
            runs.iter()
                .filter(|r| r.len() == 1)
                .flatten()
                .copied()
                .collect()
        };
        chart.draw_series(markers.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
        for &(x, y) in &s.marks {
            let p = (tx(panel, x), y);
            chart.draw_series([
                Circle::new(p, 8, BLACK.stroke_width(2)),
                Circle::new(p, 5, colour.filled()),
            ])?;
        }
    }
    if panel.legend {
        legend(area, chart, &entries, 13)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
