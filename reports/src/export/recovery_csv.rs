//! `recovery.csv`: one row per checkpoint and one per crash of every run that had any, in
//! raw units (s, ms, bytes, events), each with its run's key, sink guarantee and what the
//! reference check found (lost, duplicated). Written only when some run had one.

use super::csv::row;
use super::Exporter;
use crate::error::ReportError;
use crate::schema::Results;

/// Writes `recovery.csv`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecoveryCsvExporter;

const HEAD: &[&str] = &[
    "id",
    "engine",
    "workload",
    "workers",
    "offered_rate",
    "repetition",
    "sink",
    "verdict",
    "lost",
    "duplicated",
    "kind",
    "at_s",
    "offset",
    "bytes",
    "take_ms",
    "persist_ms",
    "stall_ms",
    "in_flight_max_ms",
    "restored_from_s",
    "restore_ms",
    "restored_bytes",
    "catch_up_ms",
    "slo_recovered_ms",
    "replayed",
    "downtime_ms",
];

fn opt(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl Exporter for RecoveryCsvExporter {
    fn file_name(&self) -> &'static str {
        "recovery.csv"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        let mut csv = row(HEAD.iter().map(|h| h.to_string()));
        for run in &results.runs {
            let Some(f) = run.figures() else { continue };
            let Some(rec) = &f.recovery else { continue };
            let key = &run.key;
            let common = [
                run.id(),
                key.engine.clone(),
                key.workload.clone(),
                key.workers.to_string(),
                key.offered_rate.to_string(),
                key.repetition.to_string(),
                rec.sink.as_str().to_string(),
                f.correctness.verdict.as_str().to_string(),
                rec.lost.to_string(),
                rec.duplicated.to_string(),
            ];
            let empty = |n: usize| std::iter::repeat_n(String::new(), n);
            for c in &rec.checkpoints {
                let cells = [
                    "checkpoint".to_string(),
                    c.at_s.to_string(),
                    c.offset.to_string(),
                    c.bytes.to_string(),
                    c.take_ms.to_string(),
                    c.persist_ms.to_string(),
                    c.stall_ms.to_string(),
                    opt(c.in_flight_max_ms),
                ];
                csv.push_str(&row(common.iter().cloned().chain(cells).chain(empty(7))));
            }
            for c in &rec.crashes {
                let cells = [
                    opt(c.restored_from_s),
                    c.restore_ms.to_string(),
                    c.restored_bytes.to_string(),
                    c.catch_up_ms.to_string(),
                    opt(c.slo_recovered_ms),
                    c.replayed.to_string(),
                    c.downtime_ms.to_string(),
                ];
                let head = ["crash".to_string(), c.at_s.to_string()];
                csv.push_str(&row(common
                    .iter()
                    .cloned()
                    .chain(head)
                    .chain(empty(6))
                    .chain(cells)));
            }
        }
        Ok(csv)
    }

    fn files(&self, results: &Results) -> Result<Vec<(String, String)>, ReportError> {
        let any = results
            .runs
            .iter()
            .any(|r| r.figures().is_some_and(|f| f.recovery.is_some()));
        match any {
            true => Ok(vec![(self.file_name().into(), self.render(results)?)]),
            false => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CheckpointFigures, CrashFigures, Recovery};
    use crate::testing::sample_results;

    #[test]
    fn one_row_per_checkpoint_and_crash_with_every_column_and_none_without() {
        let mut results = sample_results();
        assert!(RecoveryCsvExporter.files(&results).unwrap().is_empty());
        results.runs[3].figures_mut().unwrap().recovery = Some(Recovery {
            checkpoints: vec![CheckpointFigures {
                at_s: 1.0,
                bytes: 2048,
                ..CheckpointFigures::default()
            }],
            crashes: vec![CrashFigures {
                at_s: 1.5,
                replayed: 77,
                ..CrashFigures::default()
            }],
            ..Recovery::default()
        });
        let files = RecoveryCsvExporter.files(&results).unwrap();
        let csv = &files[0].1;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3, "{csv}");
        assert!(
            lines.iter().all(|l| l.split(',').count() == HEAD.len()),
            "{csv}"
        );
        assert!(lines[1].contains(",checkpoint,1,0,2048,"), "{csv}");
        assert!(
            lines[2].contains(",crash,1.5,") && lines[2].contains(",77,"),
            "{csv}"
        );
    }
}
