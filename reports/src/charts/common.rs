//! What the charts share: sizes, fonts, error conversion, axis number formatting and the
//! order workloads are shown in.

use crate::error::ReportError;
use crate::schema::Results;
use plotters::coord::CoordTranslate;
use plotters::prelude::*;

/// Chart size in pixels; the page scales it down on narrow screens via the viewBox.
pub(crate) const SIZE: (u32, u32) = (900, 420);

/// The only font family used: without plotters' font features, text is emitted as
/// `<text font-family="sans-serif">` and the browser picks the face.
pub(crate) const FONT: &str = "sans-serif";

/// Draws a chart's legend in the report's one style (a translucent white box, thin border).
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    font_size: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, font_size).into_font())
        .draw()
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
}
