//! `simulate --check`: predicts measured multi-process runs from the one-process runs of
//! the same suite and puts each prediction beside its measurement. Each one-process run is
//! a calibration (its profile derived exactly as `calibrate` derives one); the model then
//! runs the multi-process run's key — nodes = processes, slots = workers, same rate,
//! duration, warm-up, keys, distribution and disorder — and the pairs become the
//! prediction table (`reports::prediction`).

use crate::error::bad;
use crate::output::{finish, output_dir};
use crate::simulated::Model;
use crate::suite::{Suite, SuiteSource};
use reports::{Results, Run, RunKey};
use simulator::CostProfile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod calibrate;
mod crossings;

pub use calibrate::config_for;
use calibrate::Profiles;

/// Measured runs of the folders given, each with the suite that produced it.
pub struct Measured {
    /// Every measured run (simulated ones left out), once each by id.
    pub runs: Vec<Run>,
    /// Per run id, the suite of its folder.
    pub suites: HashMap<String, Suite>,
    /// The first folder's results, for the machine and tool.
    pub first: Results,
}

/// Loads the folders (`--check DIR,DIR`): their measured runs and suites.
pub fn load(dirs: &[PathBuf]) -> anyhow::Result<Measured> {
    let mut runs: Vec<Run> = Vec::new();
    let mut suites = HashMap::new();
    let mut first = None;
    for dir in dirs {
        let flag = format!("--check {}", dir.display());
        let path = if dir.is_dir() {
            dir.join("results.json")
        } else {
            dir.clone()
        };
        let results = Results::load(&path).map_err(|e| bad(format!("{flag}: {e}")))?;
        let suite = stored_suite(&results, &flag)?;
        for run in results.runs.iter().filter(|r| !r.is_simulated()) {
            if runs.iter().all(|r| r.id() != run.id()) {
                suites.insert(run.id(), suite.clone());
                runs.push(run.clone());
            }
        }
        first.get_or_insert(results);
    }
    let first = first.ok_or_else(|| bad("--check: name at least one results folder"))?;
    if !runs.iter().any(|r| r.key.processes > 1) {
        return Err(bad(format!(
            "--check {}: no measured run of several processes to predict (run the suite again with --processes 2)",
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(",")
        )));
    }
    Ok(Measured {
        runs,
        suites,
        first,
    })
}

fn stored_suite(results: &Results, flag: &str) -> anyhow::Result<Suite> {
    let stored = results.suite.source.clone().ok_or_else(|| {
        bad(format!(
            "{flag}: results.json does not store its suite (written by an older streambench): run the suite again"
        ))
    })?;
    let source: SuiteSource = serde_json::from_value(stored).map_err(|e| {
        bad(format!(
            "{flag}: results.json: the stored suite is unreadable: {e}"
        ))
    })?;
    source.suite().map_err(|e| bad(format!("{flag}: {}", e.0)))
}

/// A prediction and what it came from.
pub struct Predicted {
    /// The simulated run (its key the measured run's).
    pub run: Run,
    /// The profile it was simulated from, and the file name it is kept under.
    pub profile: (CostProfile, String),
}

/// Whether `a` and `b` ran the same setup: engine, workload, workers per process and keys
/// (rate, processes and repetition may differ). The one predicate every pairing of runs
/// here starts from.
pub(crate) fn same_setup(a: &RunKey, b: &RunKey) -> bool {
    a.engine == b.engine && a.workload == b.workload && a.workers == b.workers && a.keys == b.keys
}

/// The one-process run a multi-process run is predicted from: same setup, rate and
/// repetition.
fn calibration_of<'a>(runs: &'a [Run], target: &Run) -> Option<&'a Run> {
    runs.iter().find(|c| {
        let (a, b) = (&c.key, &target.key);
        a.processes == 1
            && a.probe_of.is_none()
            && same_setup(a, b)
            && a.offered_rate == b.offered_rate
            && a.repetition == b.repetition
    })
}

/// Predicts every measured run that has a finished one-process run of its key, the
/// one-process runs too (their throughput is what calibration fitted, their latency is not:
/// a check of the latency model alone); the others are returned as sentences saying why not.
pub fn predict(
    m: &Measured,
    delayed: &crossings::Delayed,
    profiles_dir: &Path,
) -> anyhow::Result<(Vec<Predicted>, Vec<String>)> {
    let (mut out, mut missing) = (Vec::new(), Vec::new());
    let mut cache = Profiles::new(m);
    let targets = m.runs.iter().filter(|r| r.key.probe_of.is_none());
    for target in targets {
        let Some(calibration) = calibration_of(&m.runs, target).filter(|c| c.is_ok()) else {
            missing.push(format!(
                "{}: no finished 1-process run of its key to calibrate from",
                target.id()
            ));
            continue;
        };
        let suite = &m.suites[&calibration.id()];
        let cores = m.first.machine.cores.max(1) as f64;
        let mut prof = cache.profile(calibration, target, cores)?;
        if target.key.processes > 1 {
            if let Some((n, note)) = crossings::crossings(delayed, target) {
                prof.exchange.crossings = n;
                crate::floor::append(&mut prof, &note);
            }
        }
        let config = config_for(suite, target, target.key.processes, cores);
        let file = format!(
            "{}-{}p.json",
            calibration.id().replace(['/', ':'], "_"),
            target.key.processes
        );
        let model = Model::of(prof.clone(), profiles_dir.join(&file).display().to_string())?;
        config
            .validate()
            .map_err(|e| bad(format!("{}: {e}", target.id())))?;
        let mut run = model.run(&config, target.key.offered_rate)?;
        run.key.repetition = target.key.repetition;
        out.push(Predicted {
            run,
            profile: (prof, file),
        });
    }
    Ok((out, missing))
}

/// The whole check: loads `dirs` (and `delayed`), predicts, writes the results (measured and predicted
/// runs, the profiles under `profiles/`), the report with `prediction.md`, and prints the
/// table.
/// `delayed` (`--crossings-from DIR@MS`): multi-process runs through a delayed link, which
/// the N-process profiles' network crossings are measured on.
pub fn check(
    dirs: &[PathBuf],
    delayed: &[String],
    out: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let measured = load(dirs)?;
    let delayed = crossings::load(delayed)?;
    let out = output_dir(out, force)?;
    let profiles = out.join("profiles");
    std::fs::create_dir_all(&profiles)
        .map_err(|e| bad(format!("--out {}: {e}", profiles.display())))?;
    let (predicted, missing) = predict(&measured, &delayed, &profiles)?;
    let mut results = measured.first.clone();
    results.suite.name = format!("{} (simulation check)", results.suite.name);
    results.suite.description = format!(
        "measured runs of {} beside the model's predictions of the multi-process ones, calibrated on the 1-process ones",
        dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    results.runs = measured.runs;
    results.sustain.clear();
    for p in predicted {
        let (profile, file) = &p.profile;
        profile
            .save(&profiles.join(file))
            .map_err(|e| bad(e.to_string()))?;
        results.runs.push(p.run);
    }
    results
        .save(out.join("results.json"))
        .map_err(|e| anyhow::anyhow!("writing results: {e}"))?;
    finish(&results, &out)?;
    for m in &missing {
        println!("not predicted: {m}");
    }
    if let Some(table) = reports::prediction::console_table(&results) {
        println!("\n{table}");
        println!("prediction: {}", out.join("prediction.md").display());
    }
    Ok(())
}
