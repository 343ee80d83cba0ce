//! A stopped suite keeps what finished: SIGKILL loses only the run in progress, SIGINT and
//! SIGTERM stop after keeping every finished run and render the report; a full disk is one
//! line naming the file, and the results written before it stay readable.

use super::common::tempdir;
use super::fs::tiny_disk;
use reports::Results;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A suite of `runs` short runs of one engine on one workload.
fn suite(dir: &Path, runs: u32) -> PathBuf {
    let path = dir.join("suite.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"faults\"\nengines = [\"event-driven\"]\nworkloads = [\"stateless\"]\n\
             rates = [2000]\nduration_s = 0.4\nwarmup_s = 0.1\nrepetitions = {runs}\n\
             snapshot_cost = false\n"
        ),
    )
    .unwrap();
    path
}

fn start(args: &[&str], suite: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(args)
        .arg("--suite")
        .arg(suite)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (generously) until `out` holds a results.json with at least one run.
fn until_a_run_is_kept(out: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Results::load(out.join("results.json")).map_or(true, |r| r.runs.is_empty()) {
        assert!(Instant::now() < deadline, "no run finished in 60 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

fn stderr(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn sigint_and_sigterm_keep_finished_runs_and_render_the_report() {
    for (sig, code, says) in [("-INT", 130, "interrupted"), ("-TERM", 143, "SIGTERM")] {
        let dir = tempdir("faults", &format!("signal{sig}"));
        let out = dir.join("out");
        let child = start(&["run"], &suite(&dir, 40), &out);
        until_a_run_is_kept(&out);
        signal(&child, sig);
        let (status, err) = stderr(child);
        assert_eq!(status, Some(code), "{sig}: {err}");
        let last = err.trim_end().lines().last().unwrap_or_default();
        assert!(
            last.starts_with(says) && last.contains("--resume"),
            "{sig}: {err}"
        );
        let kept = Results::load(out.join("results.json")).unwrap();
        assert!(!kept.runs.is_empty() && kept.runs.len() < 40, "{sig}");
        assert!(out.join("report.html").exists(), "{sig}: no report");
    }
}

#[test]
fn sigkill_mid_suite_then_resume_finishes_only_what_is_missing() {
    let dir = tempdir("faults", "sigkill");
    let out = dir.join("out");
    let suite = suite(&dir, 6);
    let mut child = start(&["run", "-q"], &suite, &out);
    until_a_run_is_kept(&out);
    child.kill().unwrap();
    child.wait().unwrap();
    let before = Results::load(out.join("results.json")).unwrap().runs.len();
    assert!(before < 6);
    let status = Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "-q", "--suite"])
        .arg(&suite)
        .arg("--resume")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let after = Results::load(out.join("results.json")).unwrap();
    assert_eq!(after.runs.len(), 6);
    let mut ids: Vec<String> = after.runs.iter().map(|r| r.id()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 6, "a run was repeated");
}

#[test]
fn a_full_disk_is_one_line_naming_the_file_and_keeps_what_was_written() {
    let dir = tempdir("faults", "full-disk");
    let disk = dir.join("disk");
    let Some(_mount) = tiny_disk(&disk, 96 * 1024) else {
        return;
    };
    let out = disk.join("out");
    let child = start(&["run", "-q"], &suite(&dir, 40), &out);
    let (status, err) = stderr(child);
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains(out.to_str().unwrap()), "{err}");
    // Whatever was saved before the disk filled is intact (each save is write-then-rename).
    if let Ok(kept) = Results::load(out.join("results.json")) {
        assert!(kept.runs.len() < 40);
    }
}
