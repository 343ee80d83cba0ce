//! Grouped bar charts: one group per workload, one bar per engine, coloured by engine,
//! each bar labelled with its value. The building block of the throughput, CPU-cost and
//! state-per-key charts.

use super::common::{chart_error, legend, LegendEntry, FONT, LEGEND_AREA, SIZE};
use super::palette::Palette;
use crate::error::ReportError;
use crate::query::mean;
use crate::schema::{Figures, Results};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of one workload's slot on the x axis.
const SLOT: i32 = 1000;

/// About how wide one character of a 13 px label is, in pixels.
const LABEL_CHAR_PX: f64 = 7.5;

/// One workload's bars: `(engine, value)`, in palette order.
pub(crate) type Group = (String, Vec<(String, f64)>);

/// Per workload, per engine, the mean of `value` over successful non-probe runs for which
/// it is `Some`; workloads without any value are left out.
pub(crate) fn groups(
    results: &Results,
    palette: &Palette,
    value: impl Fn(&Figures) -> Option<f64>,
) -> Vec<Group> {
    super::workloads(results)
        .into_iter()
        .map(|w| {
            let bars = palette
                .engines()
                .iter()
                .filter_map(|e| {
                    let values = crate::query::ok_runs(results)
                        .filter(|(r, _)| {
                            r.key.workload == w
                                && &r.engine_label() == e
                                && r.key.probe_of.is_none()
                        })
                        .filter_map(|(_, f)| value(f));
                    mean(values).map(|m| (e.clone(), m))
                })
                .collect();
            (w.to_owned(), bars)
        })
        .filter(|(_, bars): &Group| !bars.is_empty())
        .collect()
}

/// One workload's bars with their value labels: `(engine, value, label)`.
pub(crate) type Labelled = (String, Vec<(String, f64, String)>);

/// Draws the groups, each bar labelled with `format(value)`; `None` when there are none.
pub(crate) fn bar_chart(
    name: &str,
    caption: &str,
    y_desc: &str,
    groups: &[Group],
    palette: &Palette,
    format: fn(f64) -> String,
) -> Result<Option<String>, ReportError> {
    let labelled: Vec<Labelled> = groups
        .iter()
        .map(|(w, bars)| {
            (
                w.clone(),
                bars.iter()
                    .map(|(e, v)| (e.clone(), *v, format(*v)))
                    .collect(),
            )
        })
        .collect();
    labelled_chart(name, caption, y_desc, &labelled, palette, format)
}

/// Draws groups whose bars carry their own labels; `format` labels the y axis. `None` when
/// there are no groups.
pub(crate) fn labelled_chart(
    name: &str,
    caption: &str,
    y_desc: &str,
    groups: &[Labelled],
    palette: &Palette,
    format: fn(f64) -> String,
) -> Result<Option<String>, ReportError> {
    if groups.is_empty() {
        return Ok(None);
    }
    let mut svg = String::new();
    draw(&mut svg, caption, y_desc, groups, palette, format).map_err(|e| chart_error(name, e))?;
    Ok(Some(svg))
}

fn draw(
    svg: &mut String,
    caption: &str,
    y_desc: &str,
    groups: &[Labelled],
    palette: &Palette,
    format: fn(f64) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = groups.len() as i32 * SLOT;
    let max = groups
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|b| b.1))
        .fold(0.0, f64::max);
    let y_max = if max > 0.0 { max * 1.3 } else { 1.0 };
    let centres: Vec<i32> = (0..groups.len() as i32)
        .map(|i| i * SLOT + SLOT / 2)
        .collect();
    let names: Vec<&str> = groups.iter().map(|(w, _)| w.as_str()).collect();
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FONT, 24).into_font())
        .margin(16)
        .margin_right(LEGEND_AREA)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d((0..n).with_key_points(centres), 0f64..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("workload")
        .y_desc(y_desc)
        .x_label_formatter(&|x| {
            names
                .get((*x / SLOT).max(0) as usize)
                .map_or_else(String::new, |s| (*s).to_owned())
        })
        .y_label_formatter(&|y| format(*y))
        .label_style((FONT, 15).into_font())
        .axis_desc_style((FONT, 16).into_font())
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .draw()?;
    let label_colour = BLACK.mix(0.75);
    // A label wider than its bar would run into its neighbours' ("200k200k200k"): then
    // every label stands upright above its bar instead.
    let xs = chart.plotting_area().get_pixel_range().0;
    let (px0, px1) = (xs.start, xs.end);
    let px_per_bar = {
        let most = groups
            .iter()
            .map(|(_, b)| b.len())
            .max()
            .unwrap_or(1)
            .max(1);
        f64::from(px1 - px0) / groups.len().max(1) as f64 * 0.8 / most as f64 * 0.84
    };
    let widest = groups
        .iter()
        .flat_map(|(_, b)| b.iter().map(|l| l.2.chars().count()))
        .max()
        .unwrap_or(0);
    let upright = widest as f64 * LABEL_CHAR_PX > px_per_bar;
    let label_style = match upright {
        false => TextStyle::from((FONT, 13).into_font())
            .pos(Pos::new(HPos::Center, VPos::Bottom))
            .color(&label_colour),
        true => TextStyle::from((FONT, 12).into_font().transform(FontTransform::Rotate270))
            .pos(Pos::new(HPos::Left, VPos::Center))
            .color(&label_colour),
    };
    let mut rects: Vec<(&str, i32, i32, f64)> = Vec::new();
    let mut labels = Vec::new();
    for (i, (_, bars)) in groups.iter().enumerate() {
        let width = f64::from(SLOT) * 0.8 / bars.len() as f64;
        for (j, (engine, value, label)) in bars.iter().enumerate() {
            let left = f64::from(i as i32 * SLOT) + f64::from(SLOT) * 0.1 + j as f64 * width;
            let (x0, x1) = (
                (left + width * 0.08).round() as i32,
                (left + width * 0.92).round() as i32,
            );
            rects.push((engine, x0, x1, *value));
            labels.push(Text::new(
                label.clone(),
                ((x0 + x1) / 2, *value),
                label_style.clone(),
            ));
        }
    }
    let mut entries = Vec::new();
    for engine in palette.engines() {
        let colour = palette.colour(engine);
        let mine: Vec<_> = rects
            .iter()
            .filter(|(e, ..)| e == engine)
            .map(|&(_, x0, x1, h)| Rectangle::new([(x0, 0.0), (x1, h)], colour.filled()))
            .collect();
        if mine.is_empty() {
            continue;
        }
        chart.draw_series(mine)?;
        entries.push(LegendEntry {
            label: engine.clone(),
            colour: colour.to_rgba(),
            block: true,
            dashed: false,
        });
    }
    chart.draw_series(labels)?;
    legend(&root, &chart, &entries, 15)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;
    use crate::units::format_si;

    fn groups(workloads: usize, engines: &[&str]) -> Vec<Group> {
        (0..workloads)
            .map(|w| {
                let bars = engines.iter().map(|e| (e.to_string(), 2.6e6)).collect();
                (format!("w{w}"), bars)
            })
            .collect()
    }

    #[test]
    fn labels_stand_upright_when_they_would_overlap() {
        let palette = Palette::for_results(&sample_results());
        let draw = |g: &[Group]| {
            bar_chart("t", "c", "y", g, &palette, format_si)
                .unwrap()
                .unwrap()
        };
        let few = draw(&groups(2, &["dataflow", "naive"]));
        // The y axis's description is the one upright text of a chart whose labels fit.
        assert!(few.contains("2.60M"));
        assert_eq!(few.matches("rotate(").count(), 1, "{few}");
        let many = draw(&groups(7, &["dataflow", "naive", "a", "b", "c"]));
        assert_eq!(many.matches("rotate(").count(), 1 + 35);
    }
}
