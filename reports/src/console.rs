//! The terminal summary: one aligned plain-text row per run, printed at the end of a suite
//! so the headline figures are visible without opening the HTML report.

use crate::schema::{Figures, Percentile, Results, Run};
use crate::units::{format_bytes, format_percentile, format_si};

/// Column headers, and whether the column holds numbers (right-aligned) or text.
const COLUMNS: [(&str, bool); 14] = [
    ("engine", false),
    ("workload", false),
    ("workers", true),
    ("offered/s", true),
    ("input ev/s", true),
    ("output ev/s", true),
    ("n", true),
    ("p50", true),
    ("p99", true),
    ("p99.9", true),
    ("max", true),
    ("peak state", true),
    ("verdict", false),
    ("status", false),
];

/// Renders the summary table: a header line, then one line per run in results order (probe
/// runs of searches left out, as in the HTML report), then the verdict of each workload.
/// Figures of runs that did not finish are shown as `-`, since they are not valid; `n` is
/// the number of latency samples, and a percentile that needs more is shown as `–`.
pub fn summary_table(results: &Results) -> String {
    let rows: Vec<[String; 14]> = results
        .runs
        .iter()
        .filter(|r| r.key.probe_of.is_none())
        .map(row)
        .collect();
    let mut widths = COLUMNS.map(|(name, _)| name.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = COLUMNS.map(|(name, _)| name.to_owned());
    for cells in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            // `{:>w$}` pads by chars, which is right for "µs" (one column, two bytes).
            let w = widths[i];
            if COLUMNS[i].1 {
                line.push_str(&format!("{cell:>w$}"));
            } else {
                line.push_str(&format!("{cell:<w$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let verdicts = crate::verdict::verdicts(results);
    if !verdicts.is_empty() {
        out.push_str("\nverdict\n");
    }
    for v in verdicts {
        out.push_str(&clean(&format!("  {}: {}", v.workload, v.sentence())));
        out.push('\n');
    }
    out
}

fn row(run: &Run) -> [String; 14] {
    let figure = |get: fn(&Figures) -> String| run.figures().map_or("-".to_owned(), get);
    [
        clean(&run.engine_label()),
        clean(&run.key.workload),
        run.key.workers.to_string(),
        format_si(run.key.offered_rate),
        figure(|f| format_si(f.throughput.input_eps)),
        figure(|f| format_si(f.throughput.output_eps)),
        figure(|f| format_si(f.latency_ns.count as f64)),
        figure(|f| format_percentile(&f.latency_ns, Percentile::P50)),
        figure(|f| format_percentile(&f.latency_ns, Percentile::P99)),
        figure(|f| format_percentile(&f.latency_ns, Percentile::P999)),
        figure(|f| format_percentile(&f.latency_ns, Percentile::Max)),
        figure(|f| format_bytes(f.state.logical_bytes_peak)),
        figure(|f| f.correctness.verdict.as_str().to_owned()),
        status_text(run),
    ]
}

/// `ok`, or `failed: <first line of the reason>` (likewise `timeout` and `skipped`).
pub fn status_text(run: &Run) -> String {
    match run.outcome.reason() {
        None => run.outcome.as_str().to_owned(),
        Some(reason) => {
            let first = reason.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            clean(&format!("{}: {}", run.outcome.as_str(), first.trim()))
        }
    }
}

/// Control characters in a name or message would move the cursor or recolour the
/// terminal, and break the alignment; show them as `?`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn one_line_per_run_plus_header() {
        let results = sample_results();
        let table = summary_table(&results);
        let lines: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), results.runs.len() + 1, "{table}");
        assert!(lines[0].starts_with("engine"));
        for (line, run) in lines[1..].iter().zip(&results.runs) {
            assert!(line.starts_with(&run.key.engine), "{line}");
        }
    }

    #[test]
    fn columns_line_up() {
        let table = summary_table(&sample_results());
        let lines: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
        // "p99.9" is right-aligned: its last character sits at the same column in every
        // row as the end of the latency figure.
        let col = lines[0].find("p99.9").unwrap() + "p99.9".len();
        for line in &lines[1..] {
            let prefix: String = line.chars().take(col).collect();
            let last = prefix.chars().last().unwrap();
            assert!(last == 's' || last == '-', "{line}");
        }
    }

    #[test]
    fn failed_run_shows_first_error_line_and_dashes() {
        let table = summary_table(&sample_results());
        let failed = table.lines().find(|l| l.contains("failed")).unwrap();
        assert!(failed.ends_with("failed: engine panicked: index <out> of bounds & \"more\""));
        assert!(!failed.contains("backtrace"));
        assert!(failed.contains(" - "));
    }

    #[test]
    fn percentiles_without_enough_samples_are_dashes_beside_n() {
        let mut results = sample_results();
        results.runs[0].figures_mut().unwrap().latency_ns.count = 37;
        let table = summary_table(&results);
        let words = |i: usize| {
            table
                .lines()
                .nth(i)
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        // n = 37: the median (needs 2) stands, p99, p99.9 (100, 1000) are dashes, max stays.
        assert!(words(1).contains(" 37 50.0 µs – – 9.00 ms "), "{table}");
        assert!(
            words(2).contains(" 900k 85.0 µs 680 µs 2.55 ms "),
            "{table}"
        );
    }

    #[test]
    fn human_units_appear() {
        let table = summary_table(&sample_results());
        assert!(table.contains("50.0 µs"), "{table}");
        assert!(table.contains("100k"), "{table}");
        assert!(table.contains("2.86 MiB"), "{table}");
        // The failed run has no verdict: it was not checked, and shows "-".
        assert!(table.contains("pass") && table.contains("fail") && !table.contains("skipped"));
    }
}
