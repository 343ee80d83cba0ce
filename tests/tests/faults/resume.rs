//! `--resume` continues the folder's own suite, stored in its results.json with every flag
//! override; a flag that contradicts it is bad input.

use super::common::{rejects, streambench, tempdir};
use reports::Results;

#[test]
fn resume_runs_the_folders_suite_and_refuses_contradicting_flags() {
    let dir = tempdir("faults", "resume");
    let out = dir.join("out");
    let flags = [
        "--engines",
        "event-driven,dataflow",
        "--workloads",
        "stateless",
        "--rate",
        "2000",
        "--duration",
        "0.4",
        "--warmup",
        "0.1",
    ];
    streambench()
        .args(["run", "-q"])
        .args(flags)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // Lose the last run, as a SIGKILL during it would.
    let mut r = Results::load(out.join("results.json")).unwrap();
    assert_eq!(r.runs.len(), 2);
    assert!(r.suite.source.is_some());
    r.runs.pop();
    r.save(out.join("results.json")).unwrap();
    let o = out.to_str().unwrap();
    // A contradicting flag names itself; the folder is untouched.
    let err = rejects(&["run", "--resume", o, "--rate", "3000"]);
    assert!(err.contains("--rate 3000"), "{err}");
    let err = rejects(&["run", "--resume", o, "--engines", "batched"]);
    assert!(err.contains("--engines batched"), "{err}");
    assert_eq!(
        Results::load(out.join("results.json")).unwrap().runs.len(),
        1
    );
    // The same flags are no contradiction; no flags at all continue the stored suite (not
    // the 35-run default one).
    streambench()
        .args(["run", "-q", "--rate", "2000", "--resume", o])
        .assert()
        .success();
    let done = Results::load(out.join("results.json")).unwrap();
    assert_eq!(
        done.runs.len(),
        2,
        "{:?}",
        done.runs.iter().map(|r| r.id()).collect::<Vec<_>>()
    );
    r.runs.truncate(1);
    r.save(out.join("results.json")).unwrap();
    streambench()
        .args(["run", "-q", "--resume", o])
        .assert()
        .success();
    let done = Results::load(out.join("results.json")).unwrap();
    assert_eq!(done.runs.len(), 2);
    assert_eq!(done.suite.settings, r.suite.settings);
}
