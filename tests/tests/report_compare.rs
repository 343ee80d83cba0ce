//! `streambench report DIR` and `streambench compare BASE NEW` on result folders written
//! from `reports::testing` data: outputs, files, exit codes.

mod common;
use common::streambench;

use reports::testing::{sample_results, with_repetitions};
use reports::Results;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("streambench-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &PathBuf, results: &Results) {
    std::fs::create_dir_all(dir).unwrap();
    results.save(dir.join("results.json")).unwrap();
}

/// Exit code and (stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = streambench().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn report_reads_a_schema_v2_results_file() {
    let dir = scratch("report-v2");
    std::fs::create_dir_all(&dir).unwrap();
    let v2 = include_str!("../../reports/tests/data/v2-results.json");
    std::fs::write(dir.join("results.json"), v2).unwrap();
    let (code, _, err) = run(&["report", dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let csv = std::fs::read_to_string(dir.join("runs.csv")).unwrap();
    // The failed v2 run's zeros are not figures: its figure columns are empty.
    let failed = &csv[csv.find("actor/").unwrap()..];
    let failed = &failed[..failed.find(",1,,,,,,\n").unwrap()];
    assert!(failed.contains(",failed,"), "{failed}");
    assert!(
        failed.ends_with(&format!("...\"{}", ",".repeat(27))),
        "{failed}"
    );
    // The file itself is left as it was.
    assert_eq!(
        std::fs::read_to_string(dir.join("results.json")).unwrap(),
        v2
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_rerenders_every_export_from_results_json() {
    let dir = scratch("report");
    write(&dir, &sample_results());
    let json_before = std::fs::read(dir.join("results.json")).unwrap();
    let (code, out, err) = run(&["report", dir.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("report.html"), "{out}");
    for file in [
        "report.html",
        "summary.md",
        "runs.csv",
        "histograms/README.txt",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let hgrm = std::fs::read_to_string(
        dir.join("histograms/dataflow_tumbling-count_w2_r100000_k10000_rep0.hgrm"),
    )
    .unwrap();
    assert!(hgrm.contains("#[Max     =        9.003, Total count    =         1000]"));
    assert_eq!(
        std::fs::read(dir.join("results.json")).unwrap(),
        json_before
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_bad_input_is_one_line_and_exit_2() {
    let dir = scratch("report-bad");
    let missing = dir.join("nope");
    let (code, _, err) = run(&["report", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("nope"), "{err}");
    // A folder without results.json, then one with an invalid one.
    let (code, _, err) = run(&["report", dir.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("results.json"), "{err}");
    std::fs::write(dir.join("results.json"), "{\n\"schema_version\": 2,\n oops").unwrap();
    let (code, _, err) = run(&["report", dir.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("line 3"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_identical_is_no_change_and_writes_html() {
    let dir = scratch("compare-same");
    let results = with_repetitions(&sample_results(), 3);
    write(&dir.join("base"), &results);
    write(&dir.join("new"), &results);
    let (code, out, err) = run(&[
        "compare",
        dir.join("base").to_str().unwrap(),
        dir.join("new/results.json").to_str().unwrap(),
        "--fail-on-regression",
        "0",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    // 60 run metrics judged; the 3 sustainable rates are one search per side.
    assert!(
        out.starts_with("0 regressed, 0 improved, 60 no change, 3 inconclusive (1 run), of 63"),
        "{out}"
    );
    let html = std::fs::read_to_string(dir.join("new/compare.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_planted_drop_regresses_and_fails_the_gate() {
    let dir = scratch("compare-drop");
    let base = with_repetitions(&sample_results(), 3);
    let mut new = base.clone();
    for run in new
        .runs
        .iter_mut()
        .filter(|r| r.key.engine == "dataflow" && r.key.workers == 4)
        .filter_map(|r| r.figures_mut())
    {
        run.throughput.input_eps *= 0.7;
    }
    write(&dir.join("base"), &base);
    write(&dir.join("new"), &new);
    let (b, n) = (dir.join("base"), dir.join("new"));
    let out_html = dir.join("elsewhere.html");
    let args = [
        "compare",
        b.to_str().unwrap(),
        n.to_str().unwrap(),
        "--out",
        out_html.to_str().unwrap(),
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    let line = out.lines().find(|l| l.contains("regressed")).unwrap();
    assert!(
        line.contains("dataflow / tumbling-count / w4") && line.contains("-30.0%"),
        "{out}"
    );
    assert!(out_html.is_file());
    let gate = [&args[..], &["--fail-on-regression", "10"]].concat();
    let (code, _, err) = run(&gate);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("regressed by more than 10%"), "{err}");
    let (code, _, err) = run(&[&args[..], &["--fail-on-regression", "40"]].concat());
    assert_eq!(code, Some(0), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_bad_input_exits_2() {
    let dir = scratch("compare-bad");
    write(&dir.join("base"), &sample_results());
    let b = dir.join("base");
    let (code, _, err) = run(&[
        "compare",
        b.to_str().unwrap(),
        dir.join("x").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("NEW"), "{err}");
    let (code, _, err) = run(&[
        "compare",
        b.to_str().unwrap(),
        b.to_str().unwrap(),
        "--fail-on-regression",
        "-3",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--fail-on-regression"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_without_a_run_in_common_exits_2_unless_a_dimension_is_ignored() {
    let dir = scratch("compare-ignore");
    let all = with_repetitions(&sample_results(), 3);
    let only = |w: usize| {
        let mut r = all.clone();
        r.runs.retain(|run| run.key.workers == w);
        r.sustain.clear();
        r
    };
    write(&dir.join("w1"), &only(1));
    write(&dir.join("w4"), &only(4));
    let (w1, w4) = (dir.join("w1"), dir.join("w4"));
    let args = ["compare", w1.to_str().unwrap(), w4.to_str().unwrap()];
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(2), "{out}{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("no configuration") && err.contains("--ignore"),
        "{err}"
    );
    // Ignoring workers pairs dataflow w1 with dataflow w4 (and naive likewise): 4× faster.
    let (code, out, err) = run(&[&args[..], &["--ignore", "workers"]].concat());
    assert_eq!(code, Some(0), "{err}");
    let line = out.lines().find(|l| l.contains("input ev/s")).unwrap();
    assert!(
        line.contains("w1") && line.contains("vs dataflow / tumbling-count / w4"),
        "{out}"
    );
    assert!(line.contains("improved"), "{line}");
    assert!(out.contains("matched ignoring: workers"), "{out}");
    // An unknown dimension is bad input.
    let (code, _, err) = run(&[&args[..], &["--ignore", "colour"]].concat());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`colour`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_of_single_runs_is_inconclusive_and_never_fails_the_gate() {
    let dir = scratch("compare-one");
    let base = sample_results();
    let mut new = base.clone();
    new.runs
        .iter_mut()
        .filter_map(|r| r.figures_mut())
        .for_each(|f| f.throughput.input_eps *= 0.5);
    write(&dir.join("base"), &base);
    write(&dir.join("new"), &new);
    let (b, n) = (dir.join("base"), dir.join("new"));
    let (code, out, err) = run(&[
        "compare",
        b.to_str().unwrap(),
        n.to_str().unwrap(),
        "--fail-on-regression",
        "10",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("0 regressed, 0 improved, 0 no change, 63 inconclusive (1 run), of 63"),
        "{out}"
    );
    assert!(out.contains("--repetitions 5"), "{out}");
    let html = std::fs::read_to_string(n.join("compare.html")).unwrap();
    assert_eq!(html.matches("inconclusive (1 run)</td>").count(), 63);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_refuses_to_write_over_results() {
    let dir = scratch("compare-out");
    write(&dir.join("base"), &sample_results());
    let b = dir.join("base");
    let file = b.join("results.json");
    let before = std::fs::read(&file).unwrap();
    for out in [file.clone(), dir.join("other/results.json"), b.clone()] {
        let (code, _, err) = run(&[
            "compare",
            b.to_str().unwrap(),
            b.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("--out"), "{err}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}
