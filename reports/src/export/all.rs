//! Writing every export into one directory.

use super::{Exporter, HtmlExporter, JsonExporter};
use crate::error::ReportError;
use crate::io::write_atomic;
use crate::schema::Results;
use std::path::{Path, PathBuf};

/// Every exporter, in the order their files are written.
pub fn exporters() -> Vec<Box<dyn Exporter>> {
    vec![Box::new(JsonExporter), Box::new(HtmlExporter)]
}

/// Renders every export and writes each atomically into `dir` (created if missing).
/// Returns the paths written. All files are rendered before any is written, so a
/// rendering error leaves the directory untouched.
pub fn export_all(results: &Results, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, ReportError> {
    let dir = dir.as_ref();
    let rendered = exporters()
        .iter()
        .map(|e| Ok((dir.join(e.file_name()), e.render(results)?)))
        .collect::<Result<Vec<_>, ReportError>>()?;
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write {
        path: dir.to_owned(),
        source,
    })?;
    rendered
        .into_iter()
        .map(|(path, contents)| {
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
    fn writes_json_and_html() {
        let dir =
            std::env::temp_dir().join(format!("streambench-reports-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let results = sample_results();
        let paths = export_all(&results, dir.join("nested")).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["results.json", "report.html"]);
        assert_eq!(Results::load(&paths[0]).unwrap(), results);
        let html = std::fs::read_to_string(&paths[1]).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
