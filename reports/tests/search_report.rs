//! The report of `streambench sustain`: results holding searches and their probe runs
//! only, under the suite they were derived from. The page must describe the search, not
//! the suite's name and fixed rates, and must not call passed probes "no successful runs".

use reports::render_html;
use reports::testing::sample_results;

#[test]
fn a_search_only_report_describes_the_search() {
    let mut results = sample_results();
    results.suite.name = "default".into();
    results
        .suite
        .settings
        .insert("rates (events/s)".into(), "200000".into());
    results
        .suite
        .settings
        .insert("latency objective (ms)".into(), "1000".into());
    let plain = render_html(&results).unwrap();
    assert!(plain.contains("<h1>default</h1>") && plain.contains(">rates (events/s)<"));

    results.runs.retain(|r| r.key.workload == "tumbling-count");
    for run in &mut results.runs {
        run.key.probe_of = Some("search".into());
    }
    let html = render_html(&results).unwrap();
    assert!(
        html.contains("<h1>Sustainable throughput — tumbling-count</h1>"),
        "{html}"
    );
    assert!(!html.contains(">rates (events/s)<") && !html.contains(">latency objective (ms)<"));
    assert!(html.contains(">probed rates (events/s)<") && html.contains(">p99 objective<"));
    assert!(html.contains("<td>10.0 ms</td>"), "the searches' objective");
    assert!(!html.contains("No successful runs to chart"));
    assert!(html.contains("Sustainable-throughput searches only"));
}
