//! The charts section: the throughput bars, then one latency chart per workload, each
//! replaced by a short note when there is nothing to draw.

use crate::charts::{latency_chart, throughput_chart, workloads, Palette};
use crate::error::ReportError;
use crate::escape::html_escape;
use crate::schema::Results;

const NO_DATA: &str = "<p class=\"note\">No successful runs to chart.</p>\n";

/// The "Charts" section.
pub(super) fn charts_section(results: &Results, palette: &Palette) -> Result<String, ReportError> {
    let mut html = String::from("<section>\n<h2>Throughput</h2>\n");
    match throughput_chart(results, palette)? {
        Some(svg) => html.push_str(&figure(&svg)),
        None => html.push_str(NO_DATA),
    }
    html.push_str("<h2>Latency by percentile</h2>\n");
    let charts = workloads(results)
        .into_iter()
        .map(|w| Ok((w, latency_chart(results, w, palette)?)))
        .collect::<Result<Vec<_>, ReportError>>()?;
    if charts.iter().all(|(_, svg)| svg.is_none()) {
        html.push_str(NO_DATA);
    } else {
        for (workload, svg) in charts {
            match svg {
                Some(svg) => html.push_str(&figure(&svg)),
                None => html.push_str(&format!(
                    "<p class=\"note\">No successful runs of {} to chart.</p>\n",
                    html_escape(workload)
                )),
            }
        }
    }
    html.push_str("</section>\n");
    Ok(html)
}

/// plotters escapes the text it writes, so its SVG can be inlined as it is.
fn figure(svg: &str) -> String {
    format!("<figure class=\"chart\">\n{svg}</figure>\n")
}
