//! The summary table: one row per run, grouped by workload, with the best figure of each
//! numeric column within a workload marked, so the winner is visible at a glance.

use super::search_rows::{best_sustainable, search_row, searches_without_runs};
use crate::charts::{workloads, Palette};
use crate::console::status_text;
use crate::escape::html_escape;
use crate::query::sustainable_rate;
use crate::schema::{Figures, Percentile, Results, Run, Verdict};
use crate::units::{format_bytes, format_duration_ns, format_si};

/// Which way a column improves.
#[derive(Clone, Copy)]
enum Better {
    Higher,
    Lower,
    /// Not a figure of merit (the sample count): never starred.
    Neither,
}

/// A column that takes part in "best of workload": header, tooltip, direction, value,
/// and how to print it.
struct Metric {
    header: &'static str,
    title: &'static str,
    better: Better,
    /// `None` when the suite did not measure it (shown as "–").
    value: fn(&Results, &Run) -> Option<f64>,
    format: fn(f64) -> String,
    /// For a latency percentile: which, so a "–" can say how many samples it needs.
    percentile: Option<Percentile>,
}

const N: usize = 10;

/// A figure of a run that has figures.
fn fig(run: &Run, get: fn(&Figures) -> f64) -> Option<f64> {
    run.figures().map(get)
}

/// A latency percentile of a run, when it has enough samples for it.
fn pct(run: &Run, p: Percentile) -> Option<f64> {
    run.figures()?.latency_ns.get(p).map(|ns| ns as f64)
}

const METRICS: [Metric; N] = [
    Metric {
        header: "sustainable ev/s",
        title:
            "highest probed rate with p99 under the objective and no backlog; – when not searched",
        better: Better::Higher,
        value: |results, r| sustainable_rate(results, r),
        format: format_si,
        percentile: None,
    },
    Metric {
        header: "input ev/s",
        title: "events injected per second of injection time",
        better: Better::Higher,
        value: |_, r| fig(r, |f| f.throughput.input_eps),
        format: format_si,
        percentile: None,
    },
    Metric {
        header: "output ev/s",
        title: "results delivered per second",
        better: Better::Higher,
        value: |_, r| fig(r, |f| f.throughput.output_eps),
        format: format_si,
        percentile: None,
    },
    Metric {
        header: "n",
        title: "latency samples (results after warm-up); a percentile needing more is shown as –",
        better: Better::Neither,
        value: |_, r| fig(r, |f| f.latency_ns.count as f64),
        format: format_si,
        percentile: None,
    },
    Metric {
        header: "p50",
        title: "median latency from scheduled input time to output",
        better: Better::Lower,
        value: |_, r| pct(r, Percentile::P50),
        format: format_duration_ns,
        percentile: Some(Percentile::P50),
    },
    Metric {
        header: "p99",
        title: "99th percentile latency",
        better: Better::Lower,
        value: |_, r| pct(r, Percentile::P99),
        format: format_duration_ns,
        percentile: Some(Percentile::P99),
    },
    Metric {
        header: "p99.9",
        title: "99.9th percentile latency",
        better: Better::Lower,
        value: |_, r| pct(r, Percentile::P999),
        format: format_duration_ns,
        percentile: Some(Percentile::P999),
    },
    Metric {
        header: "max",
        title: "largest latency",
        better: Better::Lower,
        value: |_, r| pct(r, Percentile::Max),
        format: format_duration_ns,
        percentile: Some(Percentile::Max),
    },
    Metric {
        header: "CPU s/M ev",
        title: "user + system CPU seconds of the whole process per million input events",
        better: Better::Lower,
        value: |_, r| fig(r, |f| f.cost.cpu_s_per_million),
        format: |v| format!("{v:.2}"),
        percentile: None,
    },
    Metric {
        header: "peak state",
        title: "largest logical state size the engine reported",
        better: Better::Lower,
        value: |_, r| fig(r, |f| f.state.logical_bytes_peak as f64),
        format: |v| format_bytes(v as u64),
        percentile: None,
    },
];

/// The "Summary" section.
pub(super) fn summary_section(results: &Results, palette: &Palette) -> String {
    let mut html = String::from("<section>\n<h2>Summary</h2>\n");
    if results.runs.is_empty() {
        html.push_str("<p class=\"note\">No runs recorded.</p>\n</section>\n");
        return html;
    }
    html.push_str(
        "<p class=\"note\">One table per workload. ★ marks the best figure of each column \
         within a workload, among successful runs, where one run alone has it (no star for a \
         tie).</p>\n",
    );
    // A table per workload: without a workload column each fits the page's width.
    for workload in workloads(results) {
        html.push_str(&format!(
            "<h3>{}</h3>\n<div class=\"scroll\"><table class=\"summary\">\n{}<tbody>\n",
            html_escape(workload),
            header_row()
        ));
        let runs: Vec<&Run> = results
            .runs
            .iter()
            .filter(|r| r.key.workload == workload && r.key.probe_of.is_none())
            .collect();
        let mut best = best_values(results, &runs);
        // Searches count for the best sustainable rate whether or not a plain run exists.
        best[0] = best_sustainable(results, workload);
        for run in runs {
            html.push_str(&row(results, run, &best, palette));
        }
        for search in searches_without_runs(results, workload) {
            html.push_str(&search_row(search, N, best[0], palette));
        }
        html.push_str("</tbody>\n</table></div>\n");
    }
    let probes = results
        .runs
        .iter()
        .filter(|r| r.key.probe_of.is_some())
        .count();
    if probes > 0 {
        html.push_str(&format!(
            "<p class=\"note\">{probes} probe runs of sustainable-throughput searches are \
             not listed; they are drawn in the offered-rate charts and listed in runs.csv.</p>\n"
        ));
    }
    html.push_str(&cluster_note(results));
    html.push_str("</section>\n");
    html
}

/// The columns' headings, each with its explanation as a tooltip.
fn header_row() -> String {
    let mut html = String::from(
        "<thead><tr><th>engine</th><th class=\"num\" title=\"worker threads per process\">w</th>\
         <th class=\"num\" title=\"events per second the driver was scheduled to inject\">\
         offered ev/s</th>",
    );
    for m in &METRICS {
        html.push_str(&format!(
            "<th class=\"num\" title=\"{}\">{}</th>",
            m.title, m.header
        ));
    }
    html.push_str("<th>verdict</th><th>status</th></tr></thead>\n");
    html
}

/// How to read runs of engines that ran as several processes, and how well their clocks
/// agreed; empty when there are none.
fn cluster_note(results: &Results) -> String {
    let runs: Vec<&Run> = results
        .runs
        .iter()
        .filter(|r| r.key.processes > 1)
        .collect();
    if runs.is_empty() {
        return String::new();
    }
    let clock = match runs
        .iter()
        .filter_map(|r| r.figures()?.clock_error_ns)
        .max()
    {
        None => "All processes ran on this host and read one clock.".to_owned(),
        Some(e) => format!(
            "The processes ran on several hosts: each one's start was aligned to the \
             coordinator's clock to within {} (half a ping's round trip), assuming clocks \
             that do not drift apart during a run.",
            crate::units::format_duration_ns(e as f64)
        ),
    };
    format!(
        "<p class=\"note\">Engines marked (Np) ran as N cooperating processes; each process \
         injected its share of the events, and their measurements are merged into one run. \
         {clock}</p>\n"
    )
}

/// The best value of each metric among the successful runs, or `None` when it is not
/// one run's alone: fewer than two runs, or a best shared by several runs as the table
/// shows it (a tie, and so every column where all runs ran at the offered rate, is not a
/// finding and a star there would send the reader looking for a difference that is not
/// there).
fn best_values(results: &Results, runs: &[&Run]) -> [Option<f64>; N] {
    let ok: Vec<&&Run> = runs.iter().filter(|r| r.is_ok()).collect();
    METRICS.each_ref().map(|m| {
        if matches!(m.better, Better::Neither) {
            return None;
        }
        let values: Vec<f64> = ok.iter().filter_map(|r| (m.value)(results, r)).collect();
        unique_best(&values, matches!(m.better, Better::Higher), m.format)
    })
}

/// The best of `values` (the highest when `higher`), when exactly one value shows as it
/// under `format`; `None` for fewer than two values.
pub(super) fn unique_best(values: &[f64], higher: bool, format: fn(f64) -> String) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let best = if higher {
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    } else {
        values.iter().copied().fold(f64::INFINITY, f64::min)
    };
    let shown = format(best);
    let ties = values.iter().filter(|&&v| format(v) == shown).count();
    (ties == 1).then_some(best)
}

fn row(results: &Results, run: &Run, best: &[Option<f64>; N], palette: &Palette) -> String {
    let ok = run.is_ok();
    let mut html = format!(
        "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td>",
        palette.hex(&run.engine_label()),
        html_escape(&run.engine_label()),
        run.key.workers,
        format_si(run.key.offered_rate),
    );
    for (m, best) in METRICS.iter().zip(best) {
        let value = match (m.value)(results, run) {
            Some(v) if ok => v,
            _ => {
                html.push_str(&na_cell(run, m.percentile));
                continue;
            }
        };
        if best.is_some_and(|b| b == value) {
            html.push_str(&format!(
                "<td class=\"num best\">{}<span class=\"star\" title=\"best in workload\"> ★</span></td>",
                (m.format)(value)
            ));
        } else {
            html.push_str(&format!("<td class=\"num\">{}</td>", (m.format)(value)));
        }
    }
    html.push_str(&format!(
        "<td>{}</td><td>{}</td></tr>\n",
        verdict_badge(run),
        status_cell(run)
    ));
    html
}

/// A figure that is missing: a percentile of a finished run with too few samples says
/// how many it has and needs.
fn na_cell(run: &Run, percentile: Option<Percentile>) -> String {
    match (run.figures(), percentile) {
        (Some(f), Some(p)) => format!(
            "<td class=\"num na\" title=\"{} needs at least {} samples\">– (n={})</td>",
            p.name(),
            p.min_samples(),
            f.latency_ns.count
        ),
        _ => "<td class=\"num na\">–</td>".to_owned(),
    }
}

/// The correctness badge; a run without figures was not checked.
fn verdict_badge(run: &Run) -> String {
    let Some(c) = run.figures().map(|f| &f.correctness) else {
        let why = run.outcome.reason().unwrap_or("not checked");
        return format!(
            "<span class=\"badge skipped\" title=\"not checked: {}\">skipped</span>",
            html_escape(why)
        );
    };
    let title = match c.verdict {
        Verdict::Pass => format!("{} results matched the reference", c.expected_outputs),
        Verdict::Fail => format!(
            "{} mismatches; expected {} results, got {}",
            c.mismatches, c.expected_outputs, c.actual_outputs
        ),
        Verdict::Skipped => c.note.clone().unwrap_or_else(|| "not checked".to_owned()),
    };
    format!(
        "<span class=\"badge {v}\" title=\"{}\">{v}</span>",
        html_escape(&title),
        v = c.verdict.as_str()
    )
}

/// `ok`, or the first error line with the whole error folded underneath.
fn status_cell(run: &Run) -> String {
    let summary = html_escape(&status_text(run));
    match run.outcome.reason() {
        Some(reason) => format!(
            "<details class=\"error\"><summary>{summary}</summary><pre>{}</pre></details>",
            html_escape(reason)
        ),
        None => summary,
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
