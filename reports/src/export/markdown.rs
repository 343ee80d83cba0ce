//! `summary.md`: one Markdown table row per configuration (engine × workload × workers ×
//! offered rate × keys, repetitions averaged), ready to paste into an issue or a pull
//! request. The best figure of each column within a workload is bold.

use super::Exporter;
use crate::error::ReportError;
use crate::group::{groups, Group};
use crate::query::{mean, sustain_for};
use crate::schema::{Figures, Percentile, Results};
use crate::units::{format_bytes, format_duration_ns, format_si};

/// Writes `summary.md`.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkdownExporter;

/// A figure column: header, whether higher is better (`None`: not ranked), value of a
/// group, format.
struct Column {
    header: &'static str,
    higher_is_better: Option<bool>,
    value: fn(&Results, &Group) -> Option<f64>,
    format: fn(f64) -> String,
}

fn run_mean(g: &Group, f: fn(&Figures) -> f64) -> Option<f64> {
    mean(g.values(f))
}

/// The mean of a latency percentile over the group's finished runs, or `None` when any of
/// them has fewer samples than the percentile needs.
fn percentile_mean(g: &Group, p: Percentile) -> Option<f64> {
    let values: Option<Vec<f64>> = g
        .ok()
        .map(|f| f.latency_ns.get(p).map(|v| v as f64))
        .collect();
    mean(values?)
}

const COLUMNS: [Column; 9] = [
    Column {
        header: "sustainable ev/s",
        higher_is_better: Some(true),
        value: |res, g| {
            sustain_for(res, &g.key.engine, &g.key.workload, g.key.workers)
                .and_then(|s| s.sustainable_rate)
        },
        format: format_si,
    },
    Column {
        header: "input ev/s",
        higher_is_better: Some(true),
        value: |_, g| run_mean(g, |r| r.throughput.input_eps),
        format: format_si,
    },
    Column {
        header: "n",
        higher_is_better: None,
        value: |_, g| g.ok().map(|f| f.latency_ns.count as f64).reduce(f64::min),
        format: format_si,
    },
    Column {
        header: "p50",
        higher_is_better: Some(false),
        value: |_, g| percentile_mean(g, Percentile::P50),
        format: format_duration_ns,
    },
    Column {
        header: "p99",
        higher_is_better: Some(false),
        value: |_, g| percentile_mean(g, Percentile::P99),
        format: format_duration_ns,
    },
    Column {
        header: "p99.9",
        higher_is_better: Some(false),
        value: |_, g| percentile_mean(g, Percentile::P999),
        format: format_duration_ns,
    },
    Column {
        header: "CPU s/M ev",
        higher_is_better: Some(false),
        value: |_, g| run_mean(g, |r| r.cost.cpu_s_per_million),
        format: |v| format!("{v:.2}"),
    },
    Column {
        header: "peak state",
        higher_is_better: Some(false),
        value: |_, g| run_mean(g, |r| r.state.logical_bytes_peak as f64),
        format: |v| format_bytes(v as u64),
    },
    Column {
        header: "state B/key",
        higher_is_better: Some(false),
        value: |_, g| run_mean(g, |r| r.cost.state_bytes_per_key),
        format: |v| format!("{v:.1}"),
    },
];

impl Exporter for MarkdownExporter {
    fn file_name(&self) -> &'static str {
        "summary.md"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        let mut md = format!("## streambench: {}\n\n", md_escape(&results.suite.name));
        let description = results.suite.description.trim();
        if !description.is_empty() {
            md.push_str(&format!("{}\n\n", md_escape(description)));
        }
        for v in crate::verdict::verdicts(results) {
            md.push_str(&format!(
                "* **{}**: {}\n",
                md_escape(&v.workload),
                md_escape(&v.sentence())
            ));
        }
        md.push('\n');
        let groups = groups(results);
        if groups.is_empty() {
            md.push_str("No runs recorded.\n");
            return Ok(md);
        }
        md.push_str("| engine | workload | workers | offered ev/s | runs ok |");
        for c in &COLUMNS {
            md.push_str(&format!(" {} |", c.header));
        }
        md.push_str(" verdict |\n|---|---|--:|--:|--:|");
        md.push_str(&"--:|".repeat(COLUMNS.len()));
        md.push_str("---|\n");
        for g in &groups {
            let peers: Vec<&Group> = groups
                .iter()
                .filter(|p| p.key.workload == g.key.workload)
                .collect();
            md.push_str(&format!(
                "| {} | {} | {} | {} | {}/{} |",
                md_escape(&g.key.engine),
                md_escape(&g.key.workload),
                g.key.workers,
                format_si(g.key.offered_rate),
                g.ok().count(),
                g.runs.len()
            ));
            for c in &COLUMNS {
                let cell = match (c.value)(results, g) {
                    None => "–".to_owned(),
                    Some(v) if is_best(c, results, &peers, v) => format!("**{}**", (c.format)(v)),
                    Some(v) => (c.format)(v),
                };
                md.push_str(&format!(" {cell} |"));
            }
            md.push_str(&format!(" {} |\n", g.verdict().as_str()));
        }
        // Searches with no plain run of their configuration: their sustainable rate only.
        for s in &results.sustain {
            if groups.iter().any(|g| {
                g.key.engine == s.engine
                    && g.key.workload == s.workload
                    && g.key.workers == s.workers
            }) {
                continue;
            }
            let rate = s
                .sustainable_rate
                .map_or_else(|| "none".to_owned(), format_si);
            md.push_str(&format!(
                "| {} | {} | {} | – | search | {rate} |{} – |\n",
                md_escape(&s.engine),
                md_escape(&s.workload),
                s.workers,
                " – |".repeat(COLUMNS.len() - 1)
            ));
        }
        md.push_str(
            "\nLatency is from each input's scheduled time to the output's arrival \
             (queueing included); figures are means over successful repetitions; \
             **bold** is the best of its column within a workload. n is the number of latency \
             samples (the smallest among repetitions); a percentile needing more (p50 2, p99 \
             100, p99.9 1000) is –.\n",
        );
        md.push_str(&super::markdown_recovery::recovery_table(results));
        Ok(md)
    }
}

/// Best among at least two groups of the workload that have the figure.
fn is_best(c: &Column, results: &Results, peers: &[&Group], v: f64) -> bool {
    let Some(higher_is_better) = c.higher_is_better else {
        return false;
    };
    let values: Vec<f64> = peers.iter().filter_map(|p| (c.value)(results, p)).collect();
    if values.len() < 2 {
        return false;
    }
    let best = if higher_is_better {
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    } else {
        values.iter().copied().fold(f64::INFINITY, f64::min)
    };
    v == best
}

/// Escapes what Markdown tables would interpret: the cell separator, emphasis and code
/// markers, and HTML (GitHub renders inline HTML).
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if crate::escape::unprintable(c) => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn the_suite_description_follows_the_heading() {
        let mut results = sample_results();
        results.suite.description = "Compare *engines*".into();
        let md = MarkdownExporter.render(&results).unwrap();
        assert!(md.contains("## streambench: "), "{md}");
        assert!(md.contains("\n\nCompare \\*engines\\*\n\n"), "{md}");
    }

    #[test]
    fn nul_and_direction_overrides_do_not_reach_the_table() {
        assert_eq!(
            md_escape("a|b\0c\u{202e}d\u{2067}"),
            "a\\|b\u{fffd}c\u{fffd}d\u{fffd}"
        );
    }
}
