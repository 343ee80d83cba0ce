//! What the command-line tests share: the binary, bad-input checks and scratch folders.
// Each test file uses a part of this.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The real command line.
pub fn streambench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
}

/// Runs with bad input and returns stderr, checking exit code 2 and a one-line message.
pub fn rejects(args: &[&str]) -> String {
    let out = streambench().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "args {args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A fresh, empty folder `<group>-<name>-<pid>` under the target's scratch folder.
pub fn tempdir(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{group}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether the `flink` engine is installed; if not, says why the test is skipped.
pub fn flink_installed() -> bool {
    match engines::flink::installation() {
        Ok(_) => true,
        Err(why) => {
            eprintln!("skipped: flink is {why}");
            false
        }
    }
}

/// Runs `streambench run --quiet` with `args` into `out` (Flink on every workload its adapter
/// has, whatever the environment says), checks that it succeeded, and reads its results.
pub fn run_flink(args: &[&str], out: &Path) -> reports::Results {
    let run = streambench()
        .args(["run", "--quiet"])
        .args(args)
        .arg("--out")
        .arg(out)
        .env("STREAMBENCH_FLINK_WORKLOADS", "")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    reports::Results::load(out.join("results.json")).unwrap()
}
