//! Bad input is one line naming the culprit (the flag, the file) and exit code 2.

use super::common::{rejects, streambench, tempdir};
use super::fs::read_only;

#[test]
fn negative_values_name_their_flag() {
    for (args, flag) in [
        (&["run", "--keys", "-3"][..], "--keys"),
        (&["run", "--workers", "-1"], "--workers"),
        (&["run", "--processes", "-2"], "--processes"),
        (
            &["dump", "--workload", "stateless", "--events", "-1"],
            "--events",
        ),
        (
            &["member", "--coordinator", "127.0.0.1:1", "--process", "-1"],
            "--process",
        ),
        (
            &[
                "sustain",
                "--engine",
                "event-driven",
                "--workload",
                "stateless",
                "--min-rate",
                "-1",
            ],
            "--min-rate",
        ),
    ] {
        let err = rejects(args);
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

#[test]
fn missing_required_arguments_are_named() {
    let err = rejects(&["sustain"]);
    assert!(
        err.contains("--engine") && err.contains("--workload"),
        "{err}"
    );
    let err = rejects(&["member", "--process", "0"]);
    assert!(err.contains("--coordinator"), "{err}");
    let err = rejects(&[
        "sustain",
        "--engine",
        "dataflow",
        "--workload",
        "stateless",
        "--max-probes",
        "0",
    ]);
    assert!(err.contains("--max-probes"), "{err}");
}

#[test]
fn too_many_processes_are_refused_before_running() {
    let err = rejects(&["run", "--engines", "timely", "--processes", "1000"]);
    assert!(err.contains("--processes 1000"), "{err}");
}

/// A results folder with one small finished run, for `report` and `compare`.
fn results(name: &str) -> std::path::PathBuf {
    let dir = tempdir("faults", name);
    let out = dir.join("out");
    streambench()
        .args([
            "run",
            "-q",
            "--engines",
            "event-driven",
            "--workloads",
            "stateless",
        ])
        .args([
            "--rate",
            "2000",
            "--duration",
            "0.5",
            "--warmup",
            "0.1",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn unwritable_report_and_compare_targets_name_the_place_and_the_reason() {
    let out = results("unwritable");
    // A file where the report wants its histograms folder: refused whoever runs the test.
    std::fs::remove_dir_all(out.join("histograms")).unwrap();
    std::fs::write(out.join("histograms"), "in the way").unwrap();
    let err = rejects(&["report", out.to_str().unwrap()]);
    assert!(
        err.contains(out.to_str().unwrap()) && err.contains("cannot write"),
        "{err}"
    );
    assert!(
        err.contains("exists") || err.contains("directory"),
        "no reason: {err}"
    );
    std::fs::remove_file(out.join("histograms")).unwrap();

    // compare --out pointing into a missing folder: the flag and the reason.
    let bad_out = out.join("missing").join("c.html");
    let r = out.join("results.json");
    let err = rejects(&[
        "compare",
        r.to_str().unwrap(),
        r.to_str().unwrap(),
        "--out",
        bad_out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("--out") && err.contains("No such file"),
        "{err}"
    );

    // A read-only NEW folder, no --out: NEW is to blame.
    let Some(_guard) = read_only(&out) else {
        return;
    };
    let err = rejects(&["compare", r.to_str().unwrap(), out.to_str().unwrap()]);
    assert!(err.contains("NEW") && !err.contains("--out"), "{err}");
    assert!(
        err.contains("Read-only") || err.contains("Permission denied"),
        "{err}"
    );
    let err = rejects(&["report", out.to_str().unwrap()]);
    assert!(
        err.contains("Read-only") || err.contains("Permission denied"),
        "{err}"
    );
}
