//! Checkpoints and injected crashes: a damaged checkpoint fails its run with the reason
//! (never a panic, never a silent restart from zero), a crash before the first checkpoint
//! restarts from the beginning and says so, both guarantees are checked against the
//! reference, and bad fault settings are bad input. Out-of-process engines and member
//! processes of a multi-process run are crashed with a real `SIGKILL`.

use super::common::{streambench, tempdir};
use reports::{Guarantee, Results, Run};
use std::path::Path;

/// Runs a suite of `keys` after a base on `workload` and returns its runs.
fn run(dir: &Path, engines: &str, workload: &str, keys: &str) -> Vec<Run> {
    run_with(dir, engines, workload, keys, &[])
}

/// The same with more flags.
fn run_with(dir: &Path, engines: &str, workload: &str, keys: &str, flags: &[&str]) -> Vec<Run> {
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        format!(
            "name = \"recovery\"\nengines = [{engines}]\nworkloads = [\"{workload}\"]\n\
             rates = [20000]\nduration_s = 1.2\nwarmup_s = 0.1\ninterval_s = 0.1\n\
             snapshot_cost = false\n{keys}"
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = streambench()
        .args(["run", "--quiet", "--force", "--suite"])
        .arg(&suite)
        .arg("--out")
        .arg(&out)
        .args(flags)
        .env("STREAMBENCH_MOCK_TRUNCATE", dir.join("checkpoints"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    Results::load(out.join("results.json")).unwrap().runs
}

#[test]
fn a_truncated_checkpoint_fails_its_run_with_the_file_and_the_reason() {
    let dir = tempdir("faults", "truncated");
    let keys = format!(
        "checkpoint_interval_ms = 200\ncrash_at_s = [0.7]\nsink = \"exactly-once\"\n\
         checkpoint_dir = \"{}\"\n",
        dir.join("checkpoints").display()
    );
    let runs = run(
        &dir,
        "\"mock-truncate\", \"event-driven\"",
        "window-count",
        &keys,
    );
    assert_eq!(runs.len(), 2);
    let reason = runs[0].outcome.reason().unwrap_or_default();
    assert_eq!(runs[0].outcome.as_str(), "failed", "{reason}");
    assert!(
        reason.contains("cannot recover: checkpoint")
            && reason.contains(".ckpt is damaged: truncated"),
        "{reason}"
    );
    // The same settings with an engine whose files stay whole recover, exactly.
    let f = runs[1].figures().expect("event-driven recovered");
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    let r = f.recovery.as_ref().unwrap();
    assert_eq!((r.lost, r.duplicated, r.crashes.len()), (0, 0, 1));
    assert!(r.crashes[0].restored_from_s.is_some());
    // Only the last two checkpoints stay on disk.
    let kept = std::fs::read_dir(dir.join("checkpoints"))
        .unwrap()
        .flatten()
        .filter(|d| d.file_name().to_string_lossy().starts_with("event-driven"))
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
        .count();
    assert_eq!(kept, 2);
}

#[test]
fn a_crash_before_the_first_checkpoint_restarts_from_the_beginning_and_says_so() {
    let dir = tempdir("faults", "before-first");
    let keys = "checkpoint_interval_ms = 800\ncrash_at_s = [0.3, 1.0]\nsink = \"exactly-once\"\n";
    let runs = run(&dir, "\"event-driven\"", "window-count", keys);
    let f = runs[0].figures().expect("recovered");
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    let r = f.recovery.as_ref().unwrap();
    assert_eq!(r.sink, Guarantee::ExactlyOnce);
    assert_eq!((r.lost, r.duplicated), (0, 0));
    assert_eq!(r.crashes[0].restored_from_s, None);
    assert_eq!(r.crashes[0].restored_bytes, 0);
    assert!(r.crashes[0].replayed > 0);
    // The second restores the latest checkpoint completed before it (on a loaded machine
    // the driver may reach both at once: then the crash comes first).
    let latest = r
        .checkpoints
        .iter()
        .rev()
        .find(|c| c.at_s < r.crashes[1].at_s)
        .map(|c| c.at_s);
    assert_eq!(r.crashes[1].restored_from_s, latest, "{r:?}");
    let note = r.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("the crash at 0.3") && note.contains("before the first checkpoint"),
        "{note}"
    );
    // Checkpoints went to the results folder by default.
    assert!(dir.join("out/checkpoints").is_dir());
}

#[test]
fn at_least_once_counts_the_replayed_duplicates_and_exactly_once_has_none() {
    let dir = tempdir("faults", "guarantees");
    let keys = |sink: &str| {
        format!("checkpoint_interval_ms = 200\ncrash_at_s = [0.5]\nsink = \"{sink}\"\n")
    };
    // Stateless: every event is a result at once, so results follow the last checkpoint.
    let at_least = run(
        &dir,
        "\"event-driven\"",
        "stateless",
        &keys("at-least-once"),
    );
    let f = at_least[0].figures().unwrap();
    let r = f.recovery.as_ref().unwrap();
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    assert_eq!(r.lost, 0);
    // Half the replayed events pass the filter, and their results had been delivered.
    assert!(r.duplicated <= r.crashes[0].replayed, "{r:?}");
    if r.crashes[0].replayed > 20 {
        assert!(r.duplicated > 0, "{r:?}");
    }
    let exactly = run(&dir, "\"event-driven\"", "stateless", &keys("exactly-once"));
    let f = exactly[0].figures().unwrap();
    let r = f.recovery.as_ref().unwrap();
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    assert_eq!((r.lost, r.duplicated), (0, 0));
    assert!(r
        .checkpoints
        .iter()
        .all(|c| c.bytes > 0 && c.stall_ms > 0.0));
}

#[test]
fn an_engine_that_loses_its_state_at_a_restore_fails_with_the_first_mismatches() {
    let dir = tempdir("faults", "forgetful");
    let keys = "checkpoint_interval_ms = 300\ncrash_at_s = [0.8]\nsink = \"exactly-once\"\n";
    let runs = run(&dir, "\"mock-forgetful\"", "window-count", keys);
    let f = runs[0].figures().expect("the run ends");
    let c = &f.correctness;
    assert_eq!(c.verdict.as_str(), "fail", "{c:?}");
    let note = c.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("missing") && note.contains("first: "),
        "{note}"
    );
    assert!(f.recovery.as_ref().unwrap().lost > 0);
}

#[test]
fn bad_fault_settings_are_bad_input() {
    let dir = tempdir("faults", "bad-recovery");
    let suite = dir.join("suite.toml");
    let base = "name = \"x\"\nengines = [\"event-driven\"]\nworkloads = [\"nexmark-q5\"]\n\
                rates = [1000]\nduration_s = 2\n";
    let check = |keys: &str, flags: &[&str], want: &str| {
        std::fs::write(&suite, format!("{base}{keys}")).unwrap();
        let o = streambench()
            .args(["run", "--quiet", "--suite"])
            .arg(&suite)
            .arg("--out")
            .arg(dir.join("out"))
            .args(flags)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(want), "{err}");
        // Bad input writes nothing.
        assert!(!dir.join("out/results.json").exists());
    };
    // A Nexmark run lasts half the suite's duration.
    check(
        "crash_at_s = [1.5]\n",
        &[],
        "key `crash_at_s`: a crash at 1.5 s is outside the runs of nexmark-q5, which last 1 s",
    );
    check(
        "",
        &["--crash-at", "0.5,7"],
        "--crash-at: a crash at 7 s is outside the run",
    );
    check(
        "sink = \"exactly-once\"\n",
        &["--sink", "exactly-twice"],
        "--sink: unknown sink `exactly-twice`",
    );
    check(
        "",
        &["--checkpoint-interval-ms", "-5"],
        "--checkpoint-interval-ms: must be 0 (no checkpoints) or at least 1 ms, got -5",
    );
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    check(
        &format!(
            "crash_at_s = [0.5]\ncheckpoint_dir = \"{}\"\n",
            file.display()
        ),
        &[],
        "key `checkpoint_dir`: cannot write checkpoints to",
    );
}

#[test]
fn an_external_engine_is_sigkilled_and_restored_through_the_protocol() {
    let dir = tempdir("faults", "external");
    let py = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/external/python/engine.py");
    // The wrapper notes every engine process that starts and every one that exits on its own
    // (the capability probes among them); a SIGKILL of the process group takes the wrapper
    // with it, so a killed engine leaves no exit behind.
    let exits = dir.join("exits");
    let keys = format!(
        "checkpoint_interval_ms = 200\ncrash_at_s = [0.7]\nsink = \"exactly-once\"\n\
         windows = 30\n\n[[external]]\nname = \"py\"\n\
         command = [\"sh\", \"-c\", \"echo started >> {e}; python3 {} ; echo $? >> {e}\"]\n",
        py.display(),
        e = exits.display()
    );
    let runs = run(&dir, "\"py\"", "window-count", &keys);
    let f = runs[0]
        .figures()
        .unwrap_or_else(|| panic!("{:?}", runs[0].outcome.reason()));
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    let r = f.recovery.as_ref().unwrap();
    assert_eq!((r.lost, r.duplicated, r.crashes.len()), (0, 0, 1), "{r:?}");
    // Restored from a checkpoint the engine's snapshot frame gave, into a new process.
    assert!(r.crashes[0].restored_from_s.is_some(), "{r:?}");
    assert!(r.crashes[0].restored_bytes > 0, "{r:?}");
    // Exactly one process was killed (the crashed engine); every other exited on its own.
    let exits = std::fs::read_to_string(&exits).unwrap_or_default();
    let started = exits.lines().filter(|l| *l == "started").count();
    let ended = exits.lines().filter(|l| *l == "0").count();
    assert_eq!(
        (started - ended, exits.lines().count()),
        (1, 2 * started - 1),
        "{exits:?}"
    );
}

#[test]
fn a_member_process_is_sigkilled_and_the_whole_job_restarts_from_the_beginning() {
    let dir = tempdir("faults", "cluster");
    let keys = "crash_at_s = [0.6]\nsink = \"exactly-once\"\n";
    let flags = ["--processes", "2"];
    let runs = run_with(&dir, "\"timely\"", "window-count", keys, &flags);
    assert_eq!(runs[0].key.processes, 2);
    let f = runs[0]
        .figures()
        .unwrap_or_else(|| panic!("{:?}", runs[0].outcome.reason()));
    assert_eq!(
        f.correctness.verdict.as_str(),
        "pass",
        "{:?}",
        f.correctness
    );
    let r = f.recovery.as_ref().unwrap();
    assert_eq!((r.lost, r.duplicated, r.crashes.len()), (0, 0, 1), "{r:?}");
    let c = &r.crashes[0];
    // One mark for the job, however many processes restarted: from the beginning, the
    // stream up to the crash replayed (20 000 events/s for 0.6 s).
    assert_eq!((c.restored_from_s, c.restored_bytes), (None, 0), "{r:?}");
    assert!(c.replayed >= 11_000 && c.replayed <= 12_001, "{r:?}");
    assert!(c.restore_ms > 0.0 && c.catch_up_ms >= c.restore_ms, "{r:?}");
    let note = r.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("SIGKILL of one of the 2 member processes (at 0.600 s process 1)")
            && note.contains("restarted on every process from the beginning of the stream")
            && note.contains("timely has no snapshots"),
        "{note}"
    );
}
