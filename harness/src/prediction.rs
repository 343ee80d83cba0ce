//! `simulate --check`: predicts measured multi-process runs from the one-process runs of
//! the same suite and puts each prediction beside its measurement. Each one-process run is
//! a calibration (its profile derived exactly as `calibrate` derives one); the model then
//! runs the multi-process run's key — nodes = processes, slots = workers, same rate,
//! duration, warm-up, keys, distribution and disorder — and the pairs become the
//! prediction table (`reports::prediction`).

use crate::calibration::{profile, Provenance};
use crate::error::bad;
use crate::output::{finish, output_dir};
use crate::simulated::Model;
use crate::suite::{params, Suite, SuiteSource};
use reports::{Results, Run};
use simulator::{CostProfile, SimConfig};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Measured runs of the folders given, each with the suite that produced it.
pub struct Measured {
    /// Every measured run (simulated ones left out), once each by id.
    pub runs: Vec<Run>,
    /// Per run id, the suite of its folder.
    suites: HashMap<String, Suite>,
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

/// The one-process run a multi-process run is predicted from: same engine, workload,
/// workers, rate, keys and repetition.
fn calibration_of<'a>(runs: &'a [Run], target: &Run) -> Option<&'a Run> {
    runs.iter().find(|c| {
        let (a, b) = (&c.key, &target.key);
        a.processes == 1
            && a.probe_of.is_none()
            && a.engine == b.engine
            && a.workload == b.workload
            && a.workers == b.workers
            && a.offered_rate == b.offered_rate
            && a.keys == b.keys
            && a.repetition == b.repetition
    })
}

/// `YYYY-MM-DD` of a Unix time.
fn date(unix: u64) -> String {
    let (y, mo, d) = reports::date::civil_from_days((unix / 86_400) as i64);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// A run fell behind its schedule: the rate it achieved is what it could process.
fn saturated(r: &Run) -> Option<f64> {
    let f = r.figures()?;
    (f.throughput.input_eps < 0.95 * r.key.offered_rate).then_some(f.throughput.input_eps)
}

/// Replaces the profile's CPU-derived true rate by one from what the 1-process runs of the
/// same engine, workload, workers and keys achieved. Why: the engine's CPU time is the
/// process's less the harness's threads, and when a run falls behind the driver's
/// generating and waiting take most of the process (on 2 cores the engine's share came out
/// 0 for q5), so records ÷ engine CPU says nothing; below capacity a spinning worker's CPU
/// makes it too low. The rate a run achieved while falling behind *is* the processing rate
/// of one process on this machine (the highest, if several fell behind); when none did,
/// the highest rate sustained is a floor under the CPU-derived one.
fn capacity_rate(prof: &mut simulator::CostProfile, calibration: &Run, runs: &[Run]) {
    let Some(f) = calibration.figures() else {
        return;
    };
    let cpu = f.cost.cpu_user_s + f.cost.cpu_system_s;
    let events = f.events.input as f64;
    let siblings = runs.iter().filter(|r| {
        let (a, b) = (&r.key, &calibration.key);
        a.processes == 1
            && a.probe_of.is_none()
            && a.engine == b.engine
            && a.workload == b.workload
            && a.workers == b.workers
            && a.keys == b.keys
    });
    let (mut capacity, mut sustained) = (None::<f64>, 0.0f64);
    for r in siblings {
        match saturated(r) {
            Some(eps) => capacity = Some(capacity.map_or(eps, |c| c.max(eps))),
            None => {
                if let Some(f) = r.figures() {
                    sustained = sustained.max(f.throughput.input_eps);
                }
            }
        }
    }
    for op in prof.operators.iter_mut() {
        let Some(rate) = op.true_rate_eps else {
            continue;
        };
        // rate = records-per-event × events ÷ cpu: keep the records per event.
        let per_event = if events > 0.0 {
            rate * cpu / events
        } else {
            0.0
        };
        let new = match capacity {
            Some(c) => per_event * c,
            None => rate.max(per_event * sustained),
        };
        if new.is_finite() && new > 0.0 {
            op.true_rate_eps = Some(new);
        }
    }
    let how = match capacity {
        Some(c) => format!("the highest rate a 1-process run achieved while falling behind, {c:.0} events/s"),
        None => format!("engine CPU, at least the highest rate a 1-process run sustained ({sustained:.0} events/s)"),
    };
    if let Some(from) = &mut prof.calibrated_from {
        from.push_str(&format!("; true rate from {how}"));
    }
}

/// Predicts every measured run that has a finished one-process run of its key, the
/// one-process runs too (their throughput is what calibration fitted, their latency is not:
/// a check of the latency model alone); the others are returned as sentences saying why not.
pub fn predict(m: &Measured, profiles_dir: &Path) -> anyhow::Result<(Vec<Predicted>, Vec<String>)> {
    let (mut out, mut missing) = (Vec::new(), Vec::new());
    let mut profiles: HashMap<String, simulator::CostProfile> = HashMap::new();
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
        let p = params(suite, calibration.key.offered_rate, calibration.key.keys);
        let entry = workloads::catalog::find(&calibration.key.workload)
            .ok_or_else(|| bad(format!("{}: unknown workload", calibration.id())))?;
        let workload = entry.build(&p);
        // A 1-process run calibrates its own prediction and the multi-process one's: the
        // stream is generated (and the reference evaluated) once.
        let prof = match profiles.get(&calibration.id()) {
            Some(prof) => prof,
            None => {
                let stream = workload.source.generate();
                let provenance = Provenance {
                    machine: m.first.machine.cpu.clone(),
                    date: date(m.first.suite.started_unix),
                    window: p.window,
                };
                let mut prof = profile(calibration, &workload, &stream, provenance).map_err(bad)?;
                capacity_rate(&mut prof, calibration, &m.runs);
                profiles.entry(calibration.id()).or_insert(prof)
            }
        }
        .clone();
        let file = format!("{}.json", calibration.id().replace(['/', ':'], "_"));
        let model = Model::of(prof.clone(), profiles_dir.join(&file).display().to_string())?;
        let marks = workload.source.watermark_policy();
        let config = SimConfig {
            nodes: target.key.processes,
            slots: target.key.workers,
            shape: suite.shape.scaled(target.key.offered_rate),
            duration_s: target.params.duration_s,
            warmup_s: target.params.warmup_s,
            keys: target.key.keys,
            distribution: suite.distribution,
            max_delay_s: marks.bound as f64 / 1e9,
            watermark_interval_s: marks.interval.max(1) as f64 / 1e9,
            interval_s: suite.interval_s,
            seed: suite.seed,
            ..SimConfig::default()
        };
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

/// The whole check: loads `dirs`, predicts, writes the results (measured and predicted
/// runs, the profiles under `profiles/`), the report with `prediction.md`, and prints the
/// table.
pub fn check(dirs: &[PathBuf], out: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let measured = load(dirs)?;
    let out = output_dir(out, force)?;
    let profiles = out.join("profiles");
    std::fs::create_dir_all(&profiles)
        .map_err(|e| bad(format!("--out {}: {e}", profiles.display())))?;
    let (predicted, missing) = predict(&measured, &profiles)?;
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
