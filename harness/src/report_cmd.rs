//! `streambench report DIR`: re-renders `report.html` and every other export from
//! `DIR/results.json` alone, without running anything — after a reports upgrade, or on
//! results copied from another machine.

use crate::error::bad;
use reports::export::{exporters, write_exports};
use reports::{ReportError, Results};
use std::path::Path;

/// Reads `dir/results.json` and rewrites every export beside it (the JSON itself is left
/// as it is). A missing folder or an unreadable, invalid or other-version results file is
/// bad input.
pub fn report(dir: &Path) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Err(bad(format!(
            "report: {} is not a folder with a results.json",
            dir.display()
        )));
    }
    let results = load(&dir.join("results.json"))?;
    let others: Vec<_> = exporters()
        .into_iter()
        .filter(|e| e.file_name() != "results.json")
        .collect();
    let written = write_exports(&results, dir, &others)?;
    println!("wrote {} files into {}", written.len(), dir.display());
    println!("report: {}", dir.join("report.html").display());
    Ok(())
}

/// Loads a results file, turning any failure into a one-line bad-input error.
pub fn load(path: &Path) -> anyhow::Result<Results> {
    Results::load(path).map_err(|e| bad(one_line(&e)))
}

/// The error and its causes on one line.
fn one_line(e: &ReportError) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.replace('\n', " ")
}
