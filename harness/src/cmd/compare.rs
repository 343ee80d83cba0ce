//! `streambench compare BASE NEW`: judges NEW's metrics against BASE's (see
//! [`reports::compare`]), prints the table, writes `compare.html`, and with
//! `--fail-on-regression PCT` exits 1 when any metric regressed by more than PCT percent.
//! Two results with no configuration in common are bad input (exit 2): there is nothing to
//! judge, and a clean exit would read as "no regression".

use crate::cli::CompareArgs;
use crate::error::{bad, chain};
use crate::output::load;
use reports::compare::{compare as judge, compare_html, compare_table, Ignore, Side};
use reports::write_atomic;
use std::path::{Path, PathBuf};

/// Runs the comparison. Bad input (missing files, bad numbers) is exit code 2; a
/// regression over the limit is an ordinary error, exit code 1.
pub fn compare(args: &CompareArgs) -> anyhow::Result<()> {
    if !(args.noise.is_finite() && args.noise >= 0.0) {
        return Err(bad(format!(
            "--noise must be a percentage ≥ 0, got {}",
            args.noise
        )));
    }
    if let Some(pct) = args.fail_on_regression {
        if !(pct.is_finite() && pct >= 0.0) {
            return Err(bad(format!(
                "--fail-on-regression must be a percentage ≥ 0, got {pct}"
            )));
        }
    }
    let ignore = Ignore::parse(&args.ignore).map_err(bad)?;
    let base_path = results_file(&args.base, "BASE")?;
    let new_path = results_file(&args.new, "NEW")?;
    let out = match &args.out {
        Some(out) => checked_out(out, &[&base_path, &new_path])?,
        None => new_path
            .parent()
            .map_or_else(|| PathBuf::from("compare.html"), |d| d.join("compare.html")),
    };
    let base = load(&base_path)?;
    let new = load(&new_path)?;
    let comparison = judge(&base, &new, args.noise, ignore).map_err(|e| bad(e.to_string()))?;
    if comparison.matched == 0 {
        let hint = match ignore.names().as_str() {
            "" => " (--ignore workers,rate,keys,processes matches across those)".to_owned(),
            dims => format!(", even ignoring {dims}"),
        };
        return Err(bad(format!(
            "BASE and NEW have no configuration (engine × workload × workers × rate × keys) \
             with a successful run in common{hint}"
        )));
    }
    print!("{}", compare_table(&comparison));
    let (base_label, new_label) = (
        base_path.display().to_string(),
        new_path.display().to_string(),
    );
    let html = compare_html(
        &comparison,
        Side {
            path: &base_label,
            results: &base,
        },
        Side {
            path: &new_label,
            results: &new,
        },
    );
    write_atomic(&out, html.as_bytes()).map_err(|e| {
        // Blame what chose the place: the --out flag, or NEW's folder.
        let culprit = match &args.out {
            Some(o) => format!("--out {}", o.display()),
            None => format!("NEW {}", args.new.display()),
        };
        bad(format!("{culprit}: {}", chain(&e)))
    })?;
    println!("compare: {}", out.display());
    if let Some(pct) = args.fail_on_regression {
        let over = comparison.regressions_over(pct);
        let worst = over
            .iter()
            .max_by(|a, b| a.regression_pct().total_cmp(&b.regression_pct()));
        if let Some(worst) = worst {
            anyhow::bail!(
                "{} metric(s) regressed by more than {pct}% (worst: {} {} {:+.1}%)",
                over.len(),
                worst.label(),
                worst.metric.name,
                worst.change_pct
            );
        }
    }
    Ok(())
}

/// `--out` as given, unless writing there would destroy results: a `results.json` (by name,
/// or either input) or a folder.
fn checked_out(out: &Path, inputs: &[&Path]) -> anyhow::Result<PathBuf> {
    let same = |p: &Path| match (out.canonicalize(), p.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if out.file_name().is_some_and(|n| n == "results.json") || inputs.iter().any(|p| same(p)) {
        return Err(bad(format!(
            "--out {}: refusing to overwrite a results.json; name an .html file",
            out.display()
        )));
    }
    if out.is_dir() {
        return Err(bad(format!(
            "--out {}: is a folder; name the .html file to write",
            out.display()
        )));
    }
    Ok(out.to_owned())
}

/// A folder containing results.json, or the file itself.
fn results_file(path: &Path, which: &str) -> anyhow::Result<PathBuf> {
    if path.is_dir() {
        let file = path.join("results.json");
        if !file.is_file() {
            return Err(bad(format!(
                "{which}: {} has no results.json",
                path.display()
            )));
        }
        Ok(file)
    } else if path.is_file() {
        Ok(path.to_owned())
    } else {
        Err(bad(format!(
            "{which}: {} is neither a results folder nor a results.json",
            path.display()
        )))
    }
}
