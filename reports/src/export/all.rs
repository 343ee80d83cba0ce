//! Writing every export into one directory.

use super::{
    CsvExporter, Exporter, HgrmExporter, HtmlExporter, JsonExporter, MarkdownExporter,
    RecoveryCsvExporter,
};
use crate::error::ReportError;
use crate::io::write_atomic;
use crate::schema::Results;
use std::path::{Path, PathBuf};

/// Every exporter, in the order their files are written.
pub fn exporters() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(JsonExporter),
        Box::new(HtmlExporter),
        Box::new(MarkdownExporter),
        Box::new(crate::prediction::PredictionExporter),
        Box::new(CsvExporter),
        Box::new(RecoveryCsvExporter),
        Box::new(HgrmExporter),
    ]
}

/// Renders every export and writes each atomically into `dir` (created if missing).
/// Returns the paths written. All files are rendered before any is written, so a
/// rendering error leaves the directory untouched.
pub fn export_all(results: &Results, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, ReportError> {
    write_exports(results, dir.as_ref(), &exporters())
}

/// Like [`export_all`] with a chosen set of exporters (`streambench report` re-renders
/// everything but the `results.json` it reads).
pub fn write_exports(
    results: &Results,
    dir: &Path,
    exporters: &[Box<dyn Exporter>],
) -> Result<Vec<PathBuf>, ReportError> {
    let mut rendered = Vec::new();
    for exporter in exporters {
        for (name, contents) in exporter.files(results)? {
            rendered.push((dir.join(name), contents));
        }
    }
    rendered
        .into_iter()
        .map(|(path, contents)| {
            let parent = path.parent().unwrap_or(dir);
            std::fs::create_dir_all(parent).map_err(|source| ReportError::Write {
                path: parent.to_owned(),
                source,
            })?;
            write_atomic(&path, contents.as_bytes())?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn writes_every_export() {
        let dir =
            std::env::temp_dir().join(format!("streambench-reports-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let results = sample_results();
        let paths = export_all(&results, dir.join("nested")).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(dir.join("nested"))
                    .unwrap()
                    .to_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            names[..6],
            [
                "results.json",
                "report.html",
                "summary.md",
                "runs.csv",
                "histograms/README.txt",
                "histograms/dataflow_tumbling-count_w2_r100000_k10000_rep0.hgrm"
            ]
        );
        assert!(paths.iter().all(|p| p.is_file()));
        assert_eq!(Results::load(&paths[0]).unwrap(), results);
        let html = std::fs::read_to_string(&paths[1]).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
