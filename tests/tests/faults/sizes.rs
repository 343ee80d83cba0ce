//! Sizes that cannot fit in memory are refused before anything is generated (exit code 2,
//! with the estimate), never an allocation abort; in a suite, only the run that cannot fit
//! fails and the report is still written.

use super::common::{rejects, streambench, tempdir};
use reports::Results;

#[test]
fn runs_that_cannot_fit_are_refused_with_the_estimate() {
    for (args, flag) in [
        (
            &["run", "--rate", "1e9", "--duration", "1"][..],
            "--rate/--duration",
        ),
        (
            &["run", "--rate", "1", "--duration", "1e9", "--warmup", "0"],
            "--rate/--duration",
        ),
        (
            &["run", "--engines", "event-driven", "--rate", "1e9"],
            "--rate",
        ),
        (
            &[
                "sustain",
                "--engine",
                "event-driven",
                "--workload",
                "stateless",
                "--min-rate",
                "1e9",
                "--max-rate",
                "2e9",
            ],
            "--min-rate",
        ),
    ] {
        let err = rejects(args);
        assert!(
            err.contains(flag) && err.contains("need about"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_suite_with_one_impossible_rate_fails_only_that_run_and_writes_its_report() {
    let dir = tempdir("faults", "sizes");
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        "name = \"t\"\nengines = [\"event-driven\"]\nworkloads = [\"stateless\"]\n\
         rates = [2000, 1.9e9]\nduration_s = 1.0\nwarmup_s = 0.1\nsnapshot_cost = false\n",
    )
    .unwrap();
    let out = dir.join("out");
    streambench()
        .args(["run", "-q", "--suite"])
        .arg(&suite)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let r = Results::load(out.join("results.json")).unwrap();
    assert_eq!(r.runs.len(), 2);
    assert_eq!(r.runs[0].outcome.as_str(), "ok");
    assert_eq!(r.runs[1].outcome.as_str(), "failed");
    let reason = r.runs[1].outcome.reason().unwrap();
    assert!(reason.contains("need about"), "{reason}");
    assert!(out.join("report.html").exists());
    // A resume has nothing left to do: it does not abort on the impossible run either.
    streambench()
        .args(["run", "-q", "--suite"])
        .arg(&suite)
        .arg("--resume")
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn an_oversized_stream_blames_the_flag_that_made_it() {
    let err = rejects(&["run", "--duration", "1e9"]);
    assert!(err.starts_with("error: --duration:"), "{err}");
    let err = rejects(&["run", "--shape", "burst:height=1e300"]);
    assert!(err.starts_with("error: --shape:"), "{err}");
}
