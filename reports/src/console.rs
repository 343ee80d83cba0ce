//! The terminal summary: one aligned plain-text row per run, printed at the end of a suite
//! so the headline figures are visible without opening the HTML report.
//!
//! comfy-table lays the table out (display widths, padding, alignment, hidden columns,
//! cutting a cell to one line with `…`); what is ours is the policy a generic table cannot
//! know: which columns give way first when the terminal is narrow, in a fixed order and
//! named under the table; that figures are never cut; and that the status is cut before
//! the names. (Its dynamic arrangement shares the width out evenly instead: at 60 columns
//! it cut the engine and workload names to `…`.)

use crate::schema::{Figures, Percentile, Results, Run};
use crate::units::{format_bytes, format_percentile, format_si};
use comfy_table::presets::NOTHING;
use comfy_table::{Cell, CellAlignment, ColumnConstraint, Row, Table, Width};

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

/// Columns left out, in this order, while the table is wider than the terminal: the
/// figures the verdict and the other percentiles already cover go first; engine, workload,
/// input rate, n, p99, max, the verdict and the status always stay.
const DROP_ORDER: [usize; 5] = [9, 5, 11, 3, 7];

/// Width used off a terminal (a pipe, a CI log) or when the terminal's is unknown.
pub const DEFAULT_WIDTH: usize = 100;

/// The width to fit: `$COLUMNS` when stdout is a terminal and the shell exports it,
/// otherwise [`DEFAULT_WIDTH`].
pub fn output_width() -> usize {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    match columns {
        Some(c) if std::io::stdout().is_terminal() && c >= 40 => c,
        _ => DEFAULT_WIDTH,
    }
}

/// [`summary_table_width`] at [`output_width`].
pub fn summary_table(results: &Results) -> String {
    summary_table_width(results, output_width())
}

/// Renders the summary table within `width` columns: a header line, then one line per run
/// in results order (probe runs of searches left out, as in the HTML report), then the
/// verdict of each workload, wrapped. Figures of runs that did not finish are shown as `-`,
/// since they are not valid; `n` is the number of latency samples, and a percentile that
/// needs more is shown as `–`. Columns are left out in [`DROP_ORDER`] until the table fits
/// (a line under the table names them); what is still too wide, the status first and long
/// engine or workload names, is cut to one line ending in `…`.
pub fn summary_table_width(results: &Results, width: usize) -> String {
    let mut table = Table::new();
    table.load_style(NOTHING);
    let one_line = |cells: [String; 14]| {
        let mut row = Row::from(cells.map(Cell::new));
        row.max_height(1);
        row
    };
    table.set_header(one_line(COLUMNS.map(|(name, _)| name.to_owned())));
    for run in results.runs.iter().filter(|r| r.key.probe_of.is_none()) {
        table.add_row(one_line(row(run)));
    }
    let dropped = fit_columns(&mut table, width);
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if !dropped.is_empty() {
        let note = format!(
            "({} left out to fit {width} columns; report.html and summary.md have them)",
            dropped.join(", ")
        );
        out.push_str(&wrap(&note, width, ""));
    }
    let verdicts = crate::verdict::verdicts(results);
    if !verdicts.is_empty() {
        out.push_str("\nverdict\n");
    }
    for v in verdicts {
        let text = clean(&format!("{}: {}", v.workload, v.sentence()));
        out.push_str(&wrap(&format!("  {text}"), width, "    "));
    }
    out
}

/// Lays the columns out: two spaces between them, figures right-aligned and never cut;
/// hides columns in [`DROP_ORDER`] while the widest lines would exceed `width` and returns
/// the names of those hidden; then gives the status what is left of the width (at least 6)
/// and cuts long engine and workload names, to no less than 10, until the table fits.
fn fit_columns(table: &mut Table, width: usize) -> Vec<&'static str> {
    let mut widths: Vec<usize> = table
        .column_max_content_widths()
        .into_iter()
        .map(usize::from)
        .collect();
    let status = COLUMNS.len() - 1;
    let mut shown: Vec<usize> = (0..COLUMNS.len()).collect();
    let total =
        |widths: &[usize], shown: &[usize]| shown.iter().map(|&i| widths[i] + 2).sum::<usize>() - 2;
    let mut dropped = Vec::new();
    for i in DROP_ORDER {
        if total(&widths, &shown) <= width {
            break;
        }
        shown.retain(|&c| c != i);
        dropped.push(i);
    }
    let content = widths.clone();
    let before = total(&widths, &shown) - widths[status];
    widths[status] = widths[status].min(width.saturating_sub(before).max(6));
    for i in [0, 1] {
        let excess = total(&widths, &shown).saturating_sub(width);
        widths[i] -= excess.min(widths[i].saturating_sub(10));
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        // The status ends the line: no padding after it to count against the width.
        let padding = if i == status { 0 } else { 2 };
        column.set_padding((0, padding));
        if COLUMNS[i].1 {
            column.set_cell_alignment(CellAlignment::Right);
        }
        if dropped.contains(&i) {
            column.set_constraint(ColumnConstraint::Hidden);
        } else if widths[i] < content[i] {
            // Cut to one line ending in `…` (the rows' `max_height`).
            let fixed = Width::Fixed((widths[i] + padding as usize) as u16);
            column.set_constraint(ColumnConstraint::Absolute(fixed));
        }
    }
    dropped.into_iter().map(|i| COLUMNS[i].0).collect()
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word stands
/// alone), continuation lines starting with `indent`; each line ends with a newline.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let lead = text.len() - text.trim_start().len();
    line.push_str(&text[..lead]);
    for word in text.split_whitespace() {
        let used = line.chars().count();
        let fresh = line.trim().is_empty();
        if !fresh && used + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_owned();
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
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
        let table = summary_table_width(&results, 1000);
        let lines: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), results.runs.len() + 1, "{table}");
        assert!(lines[0].starts_with("engine"));
        for (line, run) in lines[1..].iter().zip(&results.runs) {
            assert!(line.starts_with(&run.key.engine), "{line}");
        }
    }

    #[test]
    fn columns_line_up() {
        let table = summary_table_width(&sample_results(), 1000);
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
        let table = summary_table_width(&sample_results(), 1000);
        let failed = table.lines().find(|l| l.contains("failed")).unwrap();
        assert!(failed.ends_with("failed: engine panicked: index <out> of bounds & \"more\""));
        assert!(!failed.contains("backtrace"));
        assert!(failed.contains(" - "));
    }

    #[test]
    fn percentiles_without_enough_samples_are_dashes_beside_n() {
        let mut results = sample_results();
        results.runs[0].figures_mut().unwrap().latency_ns.count = 37;
        let table = summary_table_width(&results, 1000);
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
        let table = summary_table_width(&sample_results(), 1000);
        assert!(table.contains("50.0 µs"), "{table}");
        assert!(table.contains("100k"), "{table}");
        assert!(table.contains("2.86 MiB"), "{table}");
        // The failed run has no verdict: it was not checked, and shows "-".
        assert!(table.contains("pass") && table.contains("fail") && !table.contains("skipped"));
    }

    #[test]
    fn fits_the_width() {
        let mut results = sample_results();
        let long = "x".repeat(200);
        crate::testing::fail(&mut results.runs[0], &long);
        for width in [100, 90] {
            let table = summary_table_width(&results, width);
            for line in table.lines() {
                assert!(line.chars().count() <= width, "{width}: {line}");
            }
            // n and p99 stay; the status is cut, not dropped.
            assert!(table.lines().next().unwrap().contains(" n "), "{table}");
            assert!(table.contains("p99 ") && table.contains('…'), "{table}");
        }
        // Wide enough for everything: nothing left out, nothing cut.
        let wide = summary_table_width(&results, 1000);
        assert!(wide.contains("p99.9") && !wide.contains("left out") && wide.contains(&long));
        let narrow = summary_table_width(&results, 90);
        assert!(narrow.contains("left out to fit 90 columns"), "{narrow}");
    }

    /// The layout before comfy-table, kept: the status cut first (to 6), then the names
    /// (to 10), figures whole and right-aligned, the hidden columns named.
    #[test]
    fn narrow_layout_is_pinned() {
        let mut results = sample_results();
        crate::testing::fail(&mut results.runs[0], &"x ".repeat(100));
        results.runs[1].key.engine = "a-very-long-engine-name-indeed".into();
        let table = summary_table_width(&results, 60);
        let want = "\
engine      workload    workers  input ev/s     n      p99      max  verdict  status
dataflow    tumbling-…        2           -     -        -        -  -        faile…
a-very-lo…  tumbling-…        2       76.7k  900k   680 µs  15.3 ms  pass     ok
actor       tumbling-…        2       64.5k  900k   960 µs  21.6 ms  pass     ok
";
        assert!(table.starts_with(want), "{table}");
        assert!(
            table.contains("\n(p99.9, output ev/s, peak state, offered/s, p50 left out to\n"),
            "{table}"
        );
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("  aa bb cc", 8, "    "), "  aa bb\n    cc\n");
        assert_eq!(wrap("abcdefghij k", 5, ""), "abcdefghij\nk\n");
    }
}
