//! What the charts share: sizes, fonts, error conversion, axis number formatting and the
//! order workloads are shown in.

use crate::error::ReportError;
use crate::schema::Results;
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart size in pixels (the plot plus [`LEGEND_AREA`]); the page scales it down on narrow screens via the viewBox.
pub(crate) const SIZE: (u32, u32) = (1100, 420);

/// The only font family used: without plotters' font features, text is emitted as
/// `<text font-family="sans-serif">` and the browser picks the face.
pub(crate) const FONT: &str = "sans-serif";

/// Width kept free right of every plot for its legend: a legend inside the plot covers
/// the lines and bars it explains, wherever it is put.
pub(crate) const LEGEND_AREA: u32 = 240;

/// Gap between the plot's right edge and its legend box, in pixels.
const LEGEND_GAP: i32 = 12;

/// One legend row: its text and the mark drawn before it.
pub(crate) struct LegendEntry {
    /// Text of the row.
    pub label: String,
    /// Colour of the mark.
    pub colour: RGBAColor,
    /// A filled square (bars) rather than a line (lines).
    pub block: bool,
    /// A dashed line (its series is drawn dashed).
    pub dashed: bool,
}

impl LegendEntry {
    /// A row marked with a line of `colour`.
    pub(crate) fn line(label: &str, colour: impl Color) -> Self {
        LegendEntry {
            label: label.to_owned(),
            colour: colour.to_rgba(),
            block: false,
            dashed: false,
        }
    }
}

/// Draws `entries` in the report's one legend style (a white box, thin border) in the
/// [`LEGEND_AREA`] right of `chart`'s plot, top-aligned with it; `area` is the area the
/// chart was built on, with `margin_right(LEGEND_AREA)`. Drawn on `area` because plotters
/// clips its own legend to the plot, which would put it back over the data.
pub(crate) fn legend<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, CT>,
    entries: &[LegendEntry],
    font_size: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.is_empty() {
        return Ok(());
    }
    let plot = chart.plotting_area();
    let (base_x, base_y) = area.get_base_pixel();
    let (plot_x, plot_y) = plot.get_base_pixel();
    let left = plot_x - base_x + plot.dim_in_pixel().0 as i32 + LEGEND_GAP;
    let top = plot_y - base_y;
    let row = font_size as i32 + 8;
    let width = LEGEND_AREA as i32 - 2 * LEGEND_GAP;
    let bottom = top + 8 + row * entries.len() as i32;
    area.draw(&Rectangle::new(
        [(left, top), (left + width, bottom)],
        WHITE.filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, top), (left + width, bottom)],
        BLACK.mix(0.3),
    ))?;
    let style = TextStyle::from((FONT, font_size).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center))
        .color(&BLACK);
    for (i, entry) in entries.iter().enumerate() {
        let y = top + 4 + row * i as i32 + row / 2;
        let x = left + 8;
        if entry.block {
            area.draw(&Rectangle::new(
                [(x + 4, y - 6), (x + 16, y + 6)],
                entry.colour.filled(),
            ))?;
        } else if entry.dashed {
            for dash in [(x, x + 6), (x + 10, x + 16)] {
                area.draw(&PathElement::new(
                    vec![(dash.0, y), (dash.1, y)],
                    entry.colour.stroke_width(2),
                ))?;
            }
        } else {
            area.draw(&PathElement::new(
                vec![(x, y), (x + 20, y)],
                entry.colour.stroke_width(2),
            ))?;
        }
        area.draw(&Text::new(entry.label.clone(), (x + 28, y), style.clone()))?;
    }
    Ok(())
}

/// Turns a plotters error into a [`ReportError`] naming the chart.
pub(crate) fn chart_error(chart: &str, e: impl std::fmt::Display) -> ReportError {
    ReportError::Chart {
        file: "report.html".to_owned(),
        chart: chart.to_owned(),
        message: e.to_string(),
    }
}

/// Workloads in the order they first appear in the results, which is the order the suite
/// lists them in.
pub fn workloads(results: &Results) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for run in &results.runs {
        if !seen.contains(&run.key.workload.as_str()) {
            seen.push(&run.key.workload);
        }
    }
    seen
}

/// Tick labels for log axes: `0.001`, `0.5`, `20`, `1000`, with float noise removed.
pub(crate) fn axis_number(v: f64) -> String {
    if v >= 1.0 {
        return format!("{}", (v * 1000.0).round() / 1000.0);
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_numbers() {
        assert_eq!(axis_number(0.001), "0.001");
        assert_eq!(axis_number(0.0020000000000000005), "0.002");
        assert_eq!(axis_number(1.0), "1");
        assert_eq!(axis_number(20.000000000004), "20");
        assert_eq!(axis_number(1000.0), "1000");
    }

    #[test]
    fn legends_stand_right_of_the_plot() {
        use crate::testing::{sample_results, svg::legend_overlaps};
        let results = sample_results();
        let page = crate::render_html(&results).unwrap();
        // Every chart with a legend has it in the legend area, clear of the data.
        let boxes = page.matches("opacity=\"0.3\" fill=\"none\"").count();
        assert!(boxes >= 4, "{boxes} legends");
        assert_eq!(legend_overlaps(&page), Vec::<String>::new());
        // The check does find a legend drawn over data.
        let over = "<svg>\n<rect x=\"10\" y=\"10\" width=\"50\" height=\"20\" opacity=\"0.3\" fill=\"none\" stroke=\"#000000\"/>\n<polyline fill=\"none\" points=\"0,15 30,15 \"/>\n</svg>";
        assert_eq!(legend_overlaps(over).len(), 1);
    }
}
