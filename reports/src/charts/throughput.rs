//! Achieved input throughput as grouped bars: one group per workload, one bar per engine
//! (and worker count), coloured by engine. Offered load is the same for every engine in a
//! suite, so a bar short of the others is an engine that could not keep up.

use super::common::{chart_error, workloads, FONT, SIZE};
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::{Results, Status};
use crate::units::format_si;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of one workload's slot on the x axis.
const SLOT: i32 = 1000;

/// One bar: engine, workers, mean input throughput over repetitions.
struct Bar {
    engine: String,
    workers: usize,
    eps: f64,
}

/// The throughput chart as an SVG string, or `None` when no run succeeded.
pub fn throughput_chart(
    results: &Results,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let groups: Vec<(&str, Vec<Bar>)> = workloads(results)
        .into_iter()
        .map(|w| (w, bars(results, w)))
        .filter(|(_, bars)| !bars.is_empty())
        .collect();
    if groups.is_empty() {
        return Ok(None);
    }
    let mut svg = String::new();
    draw(&mut svg, &groups, palette).map_err(|e| chart_error("throughput", e))?;
    Ok(Some(svg))
}

/// The bars of one workload, sorted by engine then workers; repetitions are averaged.
fn bars(results: &Results, workload: &str) -> Vec<Bar> {
    let mut sums: Vec<(String, usize, f64, u32)> = Vec::new();
    for run in results
        .runs
        .iter()
        .filter(|r| r.workload == workload && r.status == Status::Ok && r.probe_of.is_none())
    {
        match sums
            .iter_mut()
            .find(|(e, w, _, _)| *e == run.engine && *w == run.workers)
        {
            Some(entry) => {
                entry.2 += run.throughput.input_eps;
                entry.3 += 1;
            }
            None => sums.push((run.engine.clone(), run.workers, run.throughput.input_eps, 1)),
        }
    }
    sums.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    sums.into_iter()
        .map(|(engine, workers, sum, n)| Bar {
            engine,
            workers,
            eps: sum / f64::from(n),
        })
        .collect()
}

fn draw(
    svg: &mut String,
    groups: &[(&str, Vec<Bar>)],
    palette: &Palette,
) -> Result<(), Box<dyn std::error::Error>> {
    // Integer x coordinates in thousandths of a workload slot: plotters only lets integer
    // axes take custom tick positions with a custom label formatter.
    let n = groups.len() as i32 * SLOT;
    let max = groups
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|b| b.eps))
        .fold(0.0, f64::max);
    // Headroom for the value labels and the legend.
    let y_max = if max > 0.0 { max * 1.3 } else { 1.0 };
    let centres: Vec<i32> = (0..groups.len() as i32)
        .map(|i| i * SLOT + SLOT / 2)
        .collect();
    let names: Vec<&str> = groups.iter().map(|(w, _)| *w).collect();

    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption("Achieved input throughput", (FONT, 24).into_font())
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d((0..n).with_key_points(centres), 0f64..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("workload")
        .y_desc("input throughput (events/s)")
        .x_label_formatter(&|x| {
            names
                .get((*x / SLOT).max(0) as usize)
                .map_or_else(String::new, |s| (*s).to_owned())
        })
        .y_label_formatter(&|y| format_si(*y))
        .label_style((FONT, 15).into_font())
        .axis_desc_style((FONT, 16).into_font())
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .draw()?;

    // Each group spans 80% of its slot; bars split it evenly with a small gap.
    // (engine, left, right, height) of every bar; Rectangle is not Clone, so the
    // rectangles are built per engine below.
    let mut rects: Vec<(&str, i32, i32, f64)> = Vec::new();
    let mut labels = Vec::new();
    let label_colour = BLACK.mix(0.75);
    let label_style = TextStyle::from((FONT, 13).into_font())
        .pos(Pos::new(HPos::Center, VPos::Bottom))
        .color(&label_colour);
    for (i, (_, bars)) in groups.iter().enumerate() {
        let width = f64::from(SLOT) * 0.8 / bars.len() as f64;
        for (j, bar) in bars.iter().enumerate() {
            let left = f64::from(i as i32 * SLOT) + f64::from(SLOT) * 0.1 + j as f64 * width;
            let (x0, x1) = (
                (left + width * 0.08).round() as i32,
                (left + width * 0.92).round() as i32,
            );
            rects.push((&bar.engine, x0, x1, bar.eps));
            let several = bars.iter().filter(|b| b.engine == bar.engine).count() > 1;
            let text = if several {
                format!("w{} {}", bar.workers, format_si(bar.eps))
            } else {
                format_si(bar.eps)
            };
            labels.push(Text::new(
                text,
                ((x0 + x1) / 2, bar.eps),
                label_style.clone(),
            ));
        }
    }
    // One series per engine, so the legend has one entry per engine.
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
        chart
            .draw_series(mine)?
            .label(engine.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled()));
    }
    chart.draw_series(labels)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 15).into_font())
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn draws_bars_per_engine_and_workload() {
        let results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = throughput_chart(&results, &palette).unwrap().unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Achieved input throughput"));
        assert!(svg.contains("input throughput (events/s)"));
        assert!(svg.contains(">\ntumbling-count\n<") || svg.contains("tumbling-count"));
        assert!(svg.contains("session-sum"));
        // 6 successful runs → 6 bars, plus legend swatches, all in palette colours.
        assert!(svg.matches("<rect").count() >= 6);
        assert!(svg.contains(&palette.hex("dataflow").to_uppercase()));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn none_without_ok_runs() {
        let mut results = sample_results();
        results
            .runs
            .iter_mut()
            .for_each(|r| r.status = Status::Timeout);
        let palette = Palette::for_results(&results);
        assert!(throughput_chart(&results, &palette).unwrap().is_none());
    }

    #[test]
    fn repetitions_are_averaged() {
        let mut results = sample_results();
        let mut rep = results.runs[0].clone();
        rep.repetition = 1;
        rep.throughput.input_eps = 0.0;
        results.runs.push(rep);
        let b = bars(&results, "tumbling-count");
        let first = b
            .iter()
            .find(|b| b.engine == "dataflow" && b.workers == 2)
            .unwrap();
        assert_eq!(first.eps, results.runs[0].throughput.input_eps / 2.0);
    }
}
