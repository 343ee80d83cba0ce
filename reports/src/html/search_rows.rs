//! Summary-table rows for sustainable-throughput searches that have no plain run of the
//! same engine, workload and workers: without them a suite that only searched would show
//! its headline figure nowhere in the table.

use crate::charts::Palette;
use crate::escape::html_escape;
use crate::schema::{Results, Sustain};
use crate::units::format_si;

/// Searches of `workload` with no plain (non-probe) run of their configuration.
pub(super) fn searches_without_runs<'a>(results: &'a Results, workload: &str) -> Vec<&'a Sustain> {
    results
        .sustain
        .iter()
        .filter(|s| s.workload == workload)
        .filter(|s| {
            !results.runs.iter().any(|r| {
                r.key.probe_of.is_none()
                    && r.key.engine == s.engine
                    && r.key.workload == s.workload
                    && r.key.workers == s.workers
            })
        })
        .collect()
}

/// The best sustainable rate among the searches of `workload`, when one search alone has
/// it (see `unique_best`).
pub(super) fn best_sustainable(results: &Results, workload: &str) -> Option<f64> {
    let rates: Vec<f64> = results
        .sustain
        .iter()
        .filter(|s| s.workload == workload)
        .filter_map(|s| s.sustainable_rate)
        .collect();
    super::table::unique_best(&rates, true, format_si)
}

/// One row: the sustainable rate in the first metric column, dashes elsewhere.
pub(super) fn search_row(
    s: &Sustain,
    metrics: usize,
    best: Option<f64>,
    palette: &Palette,
) -> String {
    let rate = match s.sustainable_rate {
        Some(r) if best == Some(r) => format!(
            "<td class=\"num best\">{}<span class=\"star\" title=\"best in workload\"> ★</span></td>",
            format_si(r)
        ),
        Some(r) => format!("<td class=\"num\">{}</td>", format_si(r)),
        None => "<td class=\"num na\" title=\"even the lowest probed rate failed\">none</td>".into(),
    };
    format!(
        "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>\
         <td class=\"num\">{}</td><td class=\"num na\">–</td>{rate}{}<td>–</td>\
         <td>search only ({} probes)</td></tr>\n",
        palette.hex(&s.engine),
        html_escape(&s.engine),
        s.workers,
        "<td class=\"num na\">–</td>".repeat(metrics - 1),
        s.probes.len()
    )
}
