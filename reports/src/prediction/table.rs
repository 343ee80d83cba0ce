//! The prediction table, as Markdown (`prediction.md`, written beside every results file
//! holding a prediction and its measurement) and as plain text for the console: one row per
//! pair and one per engine × workload for the highest throughput, every error shown —
//! a miss of the target is marked, never left out.

use super::pairs::{capacities, pairs, Figure, Pair, TARGET};
use crate::error::ReportError;
use crate::export::markdown::md_escape;
use crate::export::Exporter;
use crate::schema::Results;
use crate::units::{format_duration_ns, format_si};
use comfy_table::presets::NOTHING;
use comfy_table::Table;

const HEADER: [&str; 12] = [
    "engine",
    "workload",
    "offered/s",
    "input measured",
    "predicted",
    "error",
    "p50 measured",
    "predicted",
    "error",
    "p99 measured",
    "predicted",
    "error",
];

fn value(f: &Figure, v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if f.name.contains("ev/s") => format_si(v),
        Some(ns) => format_duration_ns(ns),
    }
}

/// `+12 %`, with ` ✗` past the target; `–` when either side is missing.
fn error(f: &Figure) -> String {
    match f.error() {
        None => "–".into(),
        Some(e) => {
            let miss = if e.abs() > TARGET { " ✗" } else { "" };
            format!("{:+.0} %{miss}", e * 100.0)
        }
    }
}

fn row(p: &Pair<'_>) -> Vec<String> {
    let mut cells = vec![
        p.measured.engine_label(),
        p.measured.key.workload.clone(),
        format_si(p.measured.key.offered_rate),
    ];
    for f in p.figures() {
        cells.extend([value(&f, f.measured), value(&f, f.predicted), error(&f)]);
    }
    cells
}

/// Hits of the target out of the figures that have both sides, per process count and
/// figure: a 1-process prediction checks the latency model alone (its throughput is what
/// calibration fitted), a multi-process one the whole model.
fn tally(results: &Results) -> String {
    let all = pairs(results);
    let mut counts: Vec<usize> = all.iter().map(|p| p.measured.key.processes).collect();
    counts.sort_unstable();
    counts.dedup();
    let mut lines = Vec::new();
    for n in counts {
        let pairs: Vec<Pair<'_>> = all
            .iter()
            .copied()
            .filter(|p| p.measured.key.processes == n)
            .collect();
        let caps = capacities(&pairs);
        let figures: [Vec<Figure>; 4] = [
            caps.iter().map(|c| c.figure).collect(),
            pairs.iter().map(|p| p.figures()[0]).collect(),
            pairs.iter().map(|p| p.figures()[1]).collect(),
            pairs.iter().map(|p| p.figures()[2]).collect(),
        ];
        let names = ["highest input", "input", "p50", "p99"];
        for (name, figures) in names.iter().zip(figures) {
            let errors: Vec<f64> = figures.iter().filter_map(Figure::error).collect();
            let hits = errors.iter().filter(|e| e.abs() <= TARGET).count();
            let worst = errors.iter().map(|e| e.abs()).fold(0.0, f64::max);
            lines.push(format!(
                "{n} process{}, {name}: {hits} of {} within {:.0} % (worst {:.0} %; {} without both sides)",
                if n == 1 { "" } else { "es" },
                errors.len(),
                TARGET * 100.0,
                worst * 100.0,
                figures.len() - errors.len()
            ));
        }
    }
    lines.join("\n")
}

fn capacity_rows(results: &Results) -> Vec<[String; 6]> {
    capacities(&pairs(results))
        .iter()
        .map(|c| {
            [
                c.engine.clone(),
                c.workload.clone(),
                format!("≤ {}", format_si(c.top_rate)),
                value(&c.figure, c.figure.measured),
                value(&c.figure, c.figure.predicted),
                error(&c.figure),
            ]
        })
        .collect()
}

/// The Markdown page, or `None` when the results hold no prediction with a measurement.
pub fn markdown(results: &Results) -> Option<String> {
    let pairs = pairs(results);
    if pairs.is_empty() {
        return None;
    }
    let mut md = String::from(
        "# Predicted against measured\n\nEach simulated run beside the measured run of the same \
         key; error = (predicted − measured) / measured, ✗ past ±25 %. `–`: the run did not \
         finish, or has too few samples for the percentile.\n\n",
    );
    md.push_str(&format!("| {} |\n|", HEADER.join(" | ")));
    md.push_str("---|---|");
    md.push_str(&"--:|".repeat(HEADER.len() - 2));
    md.push('\n');
    for p in &pairs {
        let cells: Vec<String> = row(p).iter().map(|c| md_escape(c)).collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md.push_str(
        "\n## Highest input throughput over the rates\n\nAt a rate past capacity the input \
         rate achieved is what the deployment sustains.\n\n| engine | workload | rates | \
         measured | predicted | error |\n|---|---|--:|--:|--:|--:|\n",
    );
    for cells in capacity_rows(results) {
        let cells: Vec<String> = cells.iter().map(|c| md_escape(c)).collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md.push_str(&format!("\n```\n{}\n```\n", tally(results)));
    Some(md)
}

/// The same table as plain aligned text, or `None` without a pair.
pub fn console_table(results: &Results) -> Option<String> {
    let pairs = pairs(results);
    if pairs.is_empty() {
        return None;
    }
    let mut table = Table::new();
    table.load_style(NOTHING);
    table.set_header(HEADER);
    for p in &pairs {
        table.add_row(row(p));
    }
    let mut caps = Table::new();
    caps.load_style(NOTHING);
    caps.set_header([
        "engine",
        "workload",
        "rates",
        "highest input measured",
        "predicted",
        "error",
    ]);
    for cells in capacity_rows(results) {
        caps.add_row(cells);
    }
    let lines = |t: &Table| {
        t.lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect::<String>()
    };
    Some(format!(
        "predicted against measured (error = (predicted − measured) / measured, ✗ past ±25 %)\n{}\n{}\n{}\n",
        lines(&table),
        lines(&caps),
        tally(results)
    ))
}

/// Writes `prediction.md` when the results hold a prediction and its measurement.
pub struct PredictionExporter;

impl Exporter for PredictionExporter {
    fn file_name(&self) -> &'static str {
        "prediction.md"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        Ok(markdown(results).unwrap_or_default())
    }

    fn files(&self, results: &Results) -> Result<Vec<(String, String)>, ReportError> {
        Ok(markdown(results)
            .map(|md| vec![(self.file_name().to_owned(), md)])
            .unwrap_or_default())
    }
}
