//! The charts sections, in reading order: throughput, latency percentiles, the hockey
//! stick, the runs over time, state, scaling and CPU cost. Every figure has an `id`
//! (`chart-<kind>` or `chart-<kind>-<workload index>`); a chart whose data the suite did
//! not produce is replaced by a sentence saying so.

use crate::charts::{
    cpu_chart, hockey_chart, latency_chart, membership_chart, prediction_chart, scaling_chart,
    sim_scaling_chart, state_chart, state_per_key_chart, throughput_chart, timeseries_chart,
    workloads, Palette,
};
use crate::error::ReportError;
use crate::escape::html_escape;
use crate::schema::Results;

const NO_DATA: &str = "<p class=\"note\">No successful runs to chart.</p>\n";
const SEARCH_ONLY: &str = "<p class=\"note\">Sustainable-throughput searches only: their \
    probes are charted against offered rate below, and listed in runs.csv.</p>\n";

type PerWorkload = fn(&Results, &str, &Palette) -> Result<Option<String>, ReportError>;
type Whole = fn(&Results, &Palette) -> Result<Option<String>, ReportError>;

/// The "Charts" sections.
pub(super) fn charts_section(results: &Results, palette: &Palette) -> Result<String, ReportError> {
    let mut html = String::from("<section>\n<h2>Throughput</h2>\n");
    // A search has no plain runs for these two charts; "no successful runs" would read as
    // though its probes had failed.
    let no_data = if crate::query::is_search_only(results) {
        SEARCH_ONLY
    } else {
        NO_DATA
    };
    match throughput_chart(results, palette)? {
        Some(svg) => html.push_str(&figure("chart-throughput", &svg)),
        None => html.push_str(no_data),
    }
    html.push_str("<h2>Latency by percentile</h2>\n");
    let charts = workloads(results)
        .into_iter()
        .map(|w| Ok((w, latency_chart(results, w, palette)?)))
        .collect::<Result<Vec<_>, ReportError>>()?;
    if charts.iter().all(|(_, svg)| svg.is_none()) {
        html.push_str(no_data);
    } else {
        for (i, (workload, svg)) in charts.into_iter().enumerate() {
            match svg {
                Some(svg) => html.push_str(&figure(&format!("chart-latency-{i}"), &svg)),
                None => html.push_str(&format!(
                    "<p class=\"note\">No successful runs of {} to chart.</p>\n",
                    html_escape(workload)
                )),
            }
        }
    }
    html.push_str("</section>\n");
    per_workload(
        &mut html,
        results,
        palette,
        "Throughput and latency against offered rate",
        "hockey",
        hockey_chart,
        "was not run at several rates (no sustainable-throughput search and no rate sweep)",
    )?;
    per_workload(
        &mut html,
        results,
        palette,
        "During the runs",
        "timeseries",
        timeseries_chart,
        "has no per-interval samples",
    )?;
    per_workload(
        &mut html,
        results,
        palette,
        "State over time",
        "state",
        state_chart,
        "has no state samples (stateless, or not measured)",
    )?;
    whole(
        &mut html,
        results,
        palette,
        "State bytes per key",
        "chart-state-per-key",
        state_per_key_chart,
        "No successful run reported state per key, so there is no bytes-per-key chart.",
    )?;
    whole(
        &mut html,
        results,
        palette,
        "Scaling",
        "chart-scaling",
        scaling_chart,
        "No engine ran a workload at two or more worker counts, so there is no scaling chart.",
    )?;
    simulation_sections(&mut html, results, palette)?;
    whole(
        &mut html,
        results,
        palette,
        "CPU cost",
        "chart-cpu",
        cpu_chart,
        "No successful run measured CPU time, so there is no CPU-cost chart.",
    )?;
    Ok(html)
}

/// The simulation's sections, only in a report holding simulated runs: predictions beside
/// measurements, scaling sweeps and membership changes.
fn simulation_sections(
    html: &mut String,
    results: &Results,
    palette: &Palette,
) -> Result<(), ReportError> {
    if !results.runs.iter().any(|r| r.is_simulated()) {
        return Ok(());
    }
    for (heading, kind, chart, missing) in [
        (
            "Predicted against measured",
            "prediction",
            prediction_chart as PerWorkload,
            "has no prediction beside a measured run of the same key (`simulate --check`)",
        ),
        (
            "Simulated scaling",
            "sim-scaling",
            sim_scaling_chart,
            "was not simulated at two or more node counts",
        ),
        (
            "Membership changes (simulated)",
            "membership",
            membership_chart,
            "had no simulated node loss or addition",
        ),
    ] {
        per_workload(html, results, palette, heading, kind, chart, missing)?;
    }
    Ok(())
}

/// A section with one chart per workload, or one sentence when no workload has data.
fn per_workload(
    html: &mut String,
    results: &Results,
    palette: &Palette,
    heading: &str,
    kind: &str,
    chart: PerWorkload,
    missing: &str,
) -> Result<(), ReportError> {
    html.push_str(&format!("<section>\n<h2>{heading}</h2>\n"));
    let mut without = Vec::new();
    for (i, workload) in workloads(results).into_iter().enumerate() {
        match chart(results, workload, palette)? {
            Some(svg) => html.push_str(&figure(&format!("chart-{kind}-{i}"), &svg)),
            None => without.push(html_escape(workload)),
        }
    }
    if !without.is_empty() {
        html.push_str(&format!(
            "<p class=\"note\" id=\"chart-{kind}-missing\">Not drawn: {} {missing}.</p>\n",
            without.join(", ")
        ));
    }
    html.push_str("</section>\n");
    Ok(())
}

/// A section with one chart for the whole suite, or one sentence.
fn whole(
    html: &mut String,
    results: &Results,
    palette: &Palette,
    heading: &str,
    id: &str,
    chart: Whole,
    missing: &str,
) -> Result<(), ReportError> {
    html.push_str(&format!("<section>\n<h2>{heading}</h2>\n"));
    match chart(results, palette)? {
        Some(svg) => html.push_str(&figure(id, &svg)),
        None => html.push_str(&format!(
            "<p class=\"note\" id=\"{id}-missing\">{missing}</p>\n"
        )),
    }
    html.push_str("</section>\n");
    Ok(())
}

/// plotters escapes the text it writes, so its SVG can be inlined as it is.
fn figure(id: &str, svg: &str) -> String {
    format!("<figure class=\"chart\" id=\"{id}\">\n{svg}</figure>\n")
}
