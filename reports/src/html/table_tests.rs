//! Tests of `table.rs`.

use super::*;
use crate::testing::sample_results;

/// The table of one workload.
fn table_of<'a>(html: &'a str, workload: &str) -> &'a str {
    let start = html.find(&format!("<h3>{workload}</h3>")).unwrap();
    let end = start + html[start..].find("</table>").unwrap();
    &html[start..end]
}

#[test]
fn marks_best_per_workload() {
    let results = sample_results();
    let html = summary_section(&results, &Palette::for_results(&results));
    // tumbling-count: 8 ok runs, 9 metrics (3 with a sustainable rate); session-sum:
    // 2 ok runs, 8 metrics (no search ran there).
    assert_eq!(html.matches("class=\"num best\"").count(), 17, "{html}");
    assert_eq!(html.matches("<table class=\"summary\">").count(), 2);
    let row = |workers: &str| {
        let needle = format!("dataflow</td><td class=\"num\">{workers}<");
        let table = table_of(&html, "tumbling-count");
        table.lines().find(|l| l.contains(&needle)).unwrap()
    };
    // 4 workers: fastest and smallest on every run metric; 2 workers: the only one
    // with the best sustainable rate (400k).
    assert_eq!(row("4").matches("★").count(), 8);
    assert_eq!(row("2").matches("★").count(), 1);
    assert!(row("2").contains("400k<span"));
}

#[test]
fn probe_runs_are_counted_not_listed() {
    let mut results = sample_results();
    let rows = |html: &str| html.matches("<tr><td><span class=\"swatch\"").count();
    let before = rows(&summary_section(&results, &Palette::for_results(&results)));
    let mut probe = results.runs[0].clone();
    probe.key.probe_of = Some("dataflow/tumbling-count/w2".into());
    results.runs.push(probe.clone());
    results.runs.push(probe);
    let html = summary_section(&results, &Palette::for_results(&results));
    assert_eq!(rows(&html), before);
    assert!(html.contains("2 probe runs of sustainable-throughput searches"));
    // A search without a plain run of its configuration gets a row of its own (naive:
    // probes at 25k, 50k, 100k sustained, 200k not).
    results.sustain[1].workers = 8;
    let html = summary_section(&results, &Palette::for_results(&results));
    assert_eq!(rows(&html), before + 1);
    let row = html.lines().find(|l| l.contains("search only")).unwrap();
    assert!(table_of(&html, "tumbling-count").contains(row));
    assert!(row.contains("naive</td><td class=\"num\">8<"));
    assert!(
        row.contains("<td class=\"num\">100k</td>") && row.contains("(4 probes)"),
        "{row}"
    );
    assert_eq!(row.matches("<td").count(), 3 + N + 2);
}

#[test]
fn percentiles_from_too_few_samples_are_dashes_with_n() {
    let mut results = sample_results();
    results.runs[0].figures_mut().unwrap().latency_ns.count = 37;
    let html = summary_section(&results, &Palette::for_results(&results));
    let row = table_of(&html, "tumbling-count")
        .lines()
        .find(|l| l.contains("</td><td class=\"num\">2<") && l.contains(">37<"))
        .unwrap();
    assert_eq!(row.matches("– (n=37)").count(), 2, "{row}");
    assert!(
        row.contains("title=\"p99 needs at least 100 samples\""),
        "{row}"
    );
    assert!(
        row.contains("title=\"p99.9 needs at least 1000 samples\""),
        "{row}"
    );
    assert!(
        row.contains(">50.0 µs<") && row.contains(">9.00 ms<"),
        "{row}"
    );
    // Every other finished run shows its n.
    assert_eq!(
        html.matches("<td class=\"num\">900k</td>").count(),
        9,
        "{html}"
    );
}

#[test]
fn failed_run_has_dashes_and_error_details() {
    let results = sample_results();
    let html = summary_section(&results, &Palette::for_results(&results));
    // The failed row spans lines (its error is shown whole in a <pre>).
    let start = html.find("<details").unwrap();
    let start = html[..start].rfind("<tr>").unwrap();
    let end = start + html[start..].find("</tr>").unwrap();
    let failed = &html[start..end];
    assert_eq!(failed.matches("na\">–").count(), N);
    assert!(failed.contains("<summary>failed: engine panicked: index &lt;out&gt;"));
    assert!(failed.contains("stack backtrace"));
    assert!(failed.contains("badge skipped"));
}

#[test]
fn no_star_for_a_tie() {
    assert_eq!(unique_best(&[1.0, 3.0, 2.0], true, format_si), Some(3.0));
    assert_eq!(unique_best(&[1.0, 3.0, 2.0], false, format_si), Some(1.0));
    // Equal as shown ("2.60M" twice) is a tie, and a lone value is best of nothing.
    assert_eq!(
        unique_best(&[2.6e6, 2_600_100.0, 1.0], true, format_si),
        None
    );
    assert_eq!(unique_best(&[5.0], true, format_si), None);
    // Every run of a workload at the offered rate: no star in the input column.
    let mut results = sample_results();
    for f in results.runs.iter_mut().filter_map(|r| r.figures_mut()) {
        f.throughput.input_eps = 100_000.0;
    }
    let runs: Vec<&Run> = results.runs.iter().collect();
    let input = METRICS
        .iter()
        .position(|m| m.header.starts_with("input"))
        .unwrap();
    assert_eq!(best_values(&results, &runs)[input], None);
}
