//! The default suite and Flink: it names `flink?`, so it runs Flink beside the linked engines
//! where Flink is installed, and where it is not, runs the others and says what it left out.

mod common;
use common::{flink_installed, streambench, tempdir};

/// The default suite at a fixed rate on two workloads (no capacity search), into `out`.
fn default_suite(out: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = streambench();
    cmd.args([
        "run",
        "--rate",
        "20000",
        "--duration",
        "0.4",
        "--warmup",
        "0.1",
        "--workloads",
        "stateless,ysb",
        "--out",
    ])
    .arg(out);
    cmd
}

#[test]
fn the_default_suite_runs_flink_where_it_is_installed() {
    if !flink_installed() {
        return;
    }
    let dir = tempdir("flink-default", "installed");
    let out = dir.join("out");
    let run = default_suite(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("left out"), "{stderr}");
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert_eq!(results.runs.len(), 2 * (engines::ENGINES.len() + 1));
    let flink: Vec<_> = results
        .runs
        .iter()
        .filter(|r| r.key.engine == "flink")
        .collect();
    assert_eq!(flink.len(), 2);
    for r in flink {
        match r.key.workload.as_str() {
            "ysb" => assert_eq!(
                r.outcome.reason(),
                Some("flink does not declare workload `ysb`")
            ),
            _ => {
                let f = r.figures().unwrap_or_else(|| panic!("{:?}", r.outcome));
                assert_eq!(f.correctness.verdict, reports::Verdict::Pass);
                assert_eq!(f.events.input, 8000);
            }
        }
    }
}

#[test]
fn without_flink_the_default_suite_runs_the_others_and_says_what_it_left_out() {
    let dir = tempdir("flink-default", "absent");
    let out = dir.join("out");
    let run = default_suite(&out)
        .env("STREAMBENCH_FLINK_HOME", dir.join("no-flink"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("left out (optional): engine `flink` is not installed"),
        "{stderr}"
    );
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert_eq!(results.runs.len(), 2 * engines::ENGINES.len());
    assert!(results.runs.iter().all(|r| r.key.engine != "flink"));
    // The report says so too: the suite's settings name what was left out and why.
    let settings = serde_json::to_string(&results.suite).unwrap();
    assert!(
        settings.contains("engines left out") && settings.contains("install-flink.sh"),
        "{settings}"
    );
}

#[test]
fn an_optional_engine_must_still_be_a_known_one() {
    let err = common::rejects(&["run", "--engines", "flinc?", "--workloads", "stateless"]);
    assert!(err.contains("unknown engine `flinc`"), "{err}");
}
