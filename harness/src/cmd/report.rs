//! `streambench report DIR`: re-renders `report.html` and every other export from
//! `DIR/results.json` alone, without running anything — after a reports upgrade, or on
//! results copied from another machine.

use crate::error::{bad, chain};
use crate::output::load;
use reports::export::{exporters, write_exports};
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
    let written = write_exports(&results, dir, &others)
        .map_err(|e| bad(format!("report {}: {}", dir.display(), chain(&e))))?;
    println!("wrote {} files into {}", written.len(), dir.display());
    println!("report: {}", dir.join("report.html").display());
    Ok(())
}
