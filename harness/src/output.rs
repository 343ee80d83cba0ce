//! The results folder of a command: where it is, the results file it starts from, and
//! the report written from it at the end. Each run is saved as soon as it exists (by the
//! command, through [`reports::Results::save`], which writes atomically).

use crate::error::bad;
use crate::machine::{machine, tool};
use crate::suite::Suite;
use anyhow::Context;
use reports::{ReportError, Results, SuiteInfo, SCHEMA_VERSION};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Fresh results for a suite.
pub fn new_results(suite: &Suite) -> Results {
    Results {
        schema_version: SCHEMA_VERSION,
        tool: tool(),
        suite: SuiteInfo {
            name: suite.name.clone(),
            origin: suite.origin.clone(),
            started_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            settings: suite.settings(),
            description: suite.description.clone(),
            source: None,
        },
        machine: machine(),
        runs: Vec::new(),
        sustain: Vec::new(),
    }
}

/// Writes the report and exports, prints the table and where everything is.
pub fn finish(results: &Results, out: &Path) -> anyhow::Result<()> {
    reports::export_all(results, out).context("writing the report")?;
    print!("{}", reports::summary_table(results));
    println!("\nresults: {}", out.join("results.json").display());
    println!("report:  {}", out.join("report.html").display());
    Ok(())
}

/// The folder to write into: `--out DIR`, or a fresh `results/<UTC time>` folder. Checked to
/// be writable before anything runs, so a long suite cannot fail at its end for that. A
/// non-empty `--out` folder is refused (its results would be overwritten) unless `force`,
/// which first removes what an earlier run wrote there.
pub fn output_dir(out: Option<&Path>, force: bool) -> anyhow::Result<PathBuf> {
    let dir = match out {
        Some(d) if is_non_empty(d) && !force => {
            return Err(bad(format!(
                "--out {0}: the folder is not empty; continue its suite with --resume {0}, or replace its results with --force",
                d.display()
            )))
        }
        Some(d) => {
            if force {
                clear_outputs(d)?;
            }
            d.to_path_buf()
        }
        None => {
            let unix = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let (y, m, d) = reports::date::civil_from_days((unix / 86_400) as i64);
            let s = unix % 86_400;
            let base = format!(
                "results/{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
                s / 3600,
                s / 60 % 60,
                s % 60
            );
            let mut dir = PathBuf::from(&base);
            let mut n = 2;
            while dir.exists() {
                dir = PathBuf::from(format!("{base}-{n}"));
                n += 1;
            }
            dir
        }
    };
    writable(&dir, if out.is_some() { "--out " } else { "" })
}

fn is_non_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// Removes what an earlier run wrote into `dir` (results.json, every export, the histograms
/// folder), so no stale file survives beside the new results; other files are kept.
fn clear_outputs(dir: &Path) -> anyhow::Result<()> {
    for exporter in reports::export::exporters() {
        let name = exporter.file_name();
        let path = dir.join(name.split_once('/').map_or(name, |(folder, _)| folder));
        let removed = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else if path.exists() {
            fs::remove_file(&path)
        } else {
            Ok(())
        };
        removed.map_err(|e| bad(format!("--force: cannot remove {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Creates `dir` and checks that it can be written; `flag` names it in errors.
pub fn writable(dir: &Path, flag: &str) -> anyhow::Result<PathBuf> {
    fs::create_dir_all(dir).map_err(|e| {
        bad(format!(
            "{flag}{}: cannot create folder: {e}",
            dir.display()
        ))
    })?;
    let probe = dir.join(".streambench-write-test");
    fs::write(&probe, b"")
        .map_err(|e| bad(format!("{flag}{}: not writable: {e}", dir.display())))?;
    let _ = fs::remove_file(probe);
    Ok(dir.to_path_buf())
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
