//! The page skeleton: document head with the inline stylesheet, the header, the order of
//! the sections, and the closing "How to read this" notes.

use super::charts::charts_section;
use super::sections::{machine_section, settings_section, verdict_section};
use super::table::summary_section;
use crate::charts::Palette;
use crate::date::format_utc;
use crate::error::ReportError;
use crate::escape::html_escape;
use crate::schema::Results;

/// Light, readable, and entirely inline: no web fonts, no external stylesheet, nothing
/// fetched when the file is opened.
const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0; background: #f6f7f9; color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.5;
}
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
header { border-bottom: 1px solid #d8dee4; margin-bottom: 8px; padding-bottom: 12px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; }
.meta { color: #57606a; margin: 0; }
.meta span + span::before { content: " · "; }
.note { color: #57606a; font-size: 14px; }
.pair { display: flex; flex-wrap: wrap; gap: 0 32px; }
.half { flex: 1 1 420px; min-width: 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; border: 1px solid #d8dee4; width: 100%; }
th, td { padding: 5px 9px; text-align: left; vertical-align: top; border-bottom: 1px solid #eaeef2; }
thead th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f8f9fb; }
table.kv th { width: 30%; font-weight: 600; color: #424a53; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.na { color: #8c959f; }
table.summary { font-size: 13px; }
table.summary th, table.summary td { padding: 4px 6px; }
table.summary thead th { white-space: normal; vertical-align: bottom; }
table.summary td { overflow-wrap: anywhere; min-width: 4em; }
table.summary td.num { white-space: nowrap; min-width: 0; }
h3 { font-size: 16px; margin: 18px 0 6px; }
td.best { font-weight: 700; }
.star { color: #bf8700; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; color: #fff; }
.badge.pass { background: #1a7f37; }
.badge.fail { background: #cf222e; }
.badge.skipped { background: #8c959f; }
.error, details.error summary { color: #cf222e; }
details.error pre { white-space: pre-wrap; font-size: 12px; max-width: 480px; color: #1f2328; }
figure.chart { margin: 0 0 20px; background: #fff; border: 1px solid #d8dee4; padding: 8px; }
figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
ul.read li { margin-bottom: 6px; }
ul.findings { margin: 0; padding-left: 0; list-style: none; }
table.verdict th { width: 16%; }
"#;

const HOW_TO_READ: &str = r#"<section>
<h2>How to read this</h2>
<ul class="read">
<li><strong>Offered</strong> is the rate the driver was scheduled to inject; <strong>input ev/s</strong> is what it managed. Input below the offered rate means the engine could not keep up.</li>
<li><strong>Latency</strong> is measured from the <em>scheduled</em> time of the input that caused each output to the output's arrival at the sink. Time an input spent waiting in the driver because the engine was behind therefore counts: coordinated omission is not hidden. The warm-up period is excluded.</li>
<li><strong>n</strong> is the number of latency samples (results after warm-up) behind a run's percentiles. A percentile needs at least 1/(1−p) samples — p50 2, p90 10, p99 100, p99.9 1000 — and with fewer it is shown as <strong>– (n=…)</strong>, not as a number; the charts leave such points out and give n in their legends.</li>
<li><strong>Event-time latency</strong> (in <code>results.json</code>) is the emission time minus the latest event time that contributed to the output; it includes the time a window waits to close.</li>
<li>The percentile charts put 1/(1−p) on a log scale, so 90%, 99%, 99.9%… are evenly spaced and the tail gets as much room as the median. Both axes are logarithmic.</li>
<li><strong>Peak state</strong> is the largest logical state size the engine reported, not process memory.</li>
<li>The <strong>verdict</strong> compares the engine's results with a reference evaluator's: <em>pass</em> means the same multiset of results and the same number of late events.</li>
<li>The <strong>offered-rate</strong> charts (hockey stick) come from sustainable-throughput searches: achieved throughput follows the dashed diagonal while the engine keeps up; the ringed point is the highest rate that kept p99 under the objective without a growing backlog.</li>
<li><strong>CPU s/M ev</strong> is user + system CPU time of the whole benchmark process (driver included) per million input events; <strong>state bytes per key</strong> is peak logical state divided by distinct keys.</li>
<li>Figures of runs that failed or timed out are not shown, since they are not valid.</li>
</ul>
</section>
"#;

/// Renders the whole report as one self-contained HTML document.
pub fn render_html(results: &Results) -> Result<String, ReportError> {
    let palette = Palette::for_results(results);
    let suite = html_escape(&results.suite.name);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>streambench — {suite}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
    );
    html.push_str(&header(results));
    html.push_str(&verdict_section(results, &palette));
    html.push_str("<div class=\"pair\">\n");
    html.push_str(&settings_section(results));
    html.push_str(&machine_section(results));
    html.push_str("</div>\n");
    html.push_str(&summary_section(results, &palette));
    html.push_str(&super::recovery::recovery_section(results, &palette)?);
    html.push_str(&charts_section(results, &palette)?);
    html.push_str(HOW_TO_READ);
    html.push_str("</main>\n</body>\n</html>\n");
    Ok(html)
}

fn header(results: &Results) -> String {
    let tool = &results.tool;
    let commit = tool
        .git_commit
        .as_deref()
        .map(|c| {
            format!(
                " (commit {})",
                html_escape(&c.chars().take(12).collect::<String>())
            )
        })
        .unwrap_or_default();
    // A search-only file carries the suite it was derived from ("default"), whose name
    // says nothing about what ran.
    let title = if crate::query::is_search_only(results) {
        format!(
            "Sustainable throughput — {}",
            crate::query::searched_workloads(results).join(", ")
        )
    } else {
        results.suite.name.clone()
    };
    // What the suite is for, in its author's words, under its name.
    let description = match results.suite.description.trim() {
        "" => String::new(),
        d => format!("<p>{}</p>\n", html_escape(d)),
    };
    format!(
        "<header>\n<h1>{}</h1>\n{description}<p class=\"meta\"><span>{}</span><span>{} {}{commit}</span>\
         <span>{}</span></p>\n</header>\n",
        html_escape(&title),
        html_escape(&results.suite.origin),
        html_escape(&tool.name),
        html_escape(&tool.version),
        format_utc(results.suite.started_unix),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_results, MALICIOUS_ENGINE};

    #[test]
    fn the_suite_description_is_shown_escaped() {
        let mut results = sample_results();
        results.suite.description = "Compare <engines> & windows".into();
        let html = render_html(&results).unwrap();
        assert!(html.contains("<p>Compare &lt;engines&gt; &amp; windows</p>"));
    }

    #[test]
    fn self_contained_and_escaped() {
        let results = sample_results();
        let html = render_html(&results).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        // Both kinds of chart are inlined.
        assert!(html.contains("Achieved input throughput"));
        assert!(html.contains("Latency by percentile — tumbling-count"));
        assert!(html.contains("Latency by percentile — session-sum"));
        // Throughput, 2 × latency, 1 hockey stick (only tumbling-count was searched),
        // 2 × time series, 2 × state, state per key, scaling, CPU.
        assert_eq!(html.matches("<svg").count(), 11);
        // No script, escaped or not, and nothing fetched from anywhere.
        assert!(!html.to_lowercase().contains("<script"));
        let without_ns = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
        assert!(!without_ns.contains("url("));
        for run in &results.runs {
            assert!(
                html.contains(&html_escape(&run.key.engine)),
                "{}",
                run.key.engine
            );
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains(MALICIOUS_ENGINE));
    }

    #[test]
    fn header_has_suite_tool_and_date() {
        let html = render_html(&sample_results()).unwrap();
        assert!(html.contains("<h1>smoke &amp; sanity</h1>"));
        assert!(html.contains("embedded default suite"));
        assert!(html.contains("streambench 0.1.0 (commit 0123456789ab)"));
        assert!(html.contains("2023-11-14 22:13 UTC"));
        for section in [
            "Settings",
            "Machine",
            "Summary",
            "Throughput",
            "How to read this",
        ] {
            assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
        }
        assert!(html.contains("coordinated omission is not hidden"));
    }

    #[test]
    fn no_successful_runs_says_so() {
        let mut results = sample_results();
        for run in &mut results.runs {
            crate::testing::fail(run, "failed");
        }
        results.sustain.clear();
        let html = render_html(&results).unwrap();
        assert!(!html.contains("<svg"));
        assert_eq!(html.matches("No successful runs to chart").count(), 2);
        for id in [
            "hockey-missing",
            "timeseries-missing",
            "state-missing",
            "state-per-key-missing",
            "scaling-missing",
            "cpu-missing",
        ] {
            assert!(html.contains(&format!("id=\"chart-{id}\"")), "{id}");
        }
    }

    #[test]
    fn empty_results_render() {
        let mut results = sample_results();
        results.runs.clear();
        results.suite.settings.clear();
        let html = render_html(&results).unwrap();
        assert!(html.contains("No runs recorded"));
        assert!(html.contains("No settings recorded"));
    }
}
