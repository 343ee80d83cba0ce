//! `streambench simulate` and `calibrate` as a user meets them: a simulated run written as
//! the results.json of a real run, and bad input answered with one line and exit code 2.

mod common;
use common::{rejects, streambench, tempdir};
use std::path::{Path, PathBuf};

/// A profile of window-count (the catalog's 1 s windows) at 1 M records/s per slot.
fn profile(dir: &Path, version: u32, plan: &str) -> PathBuf {
    let path = dir.join(format!("profile-{version}.json"));
    let text = format!(
        r#"{{"version": {version}, "machine": "test", "date": "2026-12-05", "engine": "timely",
        "workload": "window-count", "plan": "{plan}",
        "operators": [{{"operator": "window", "true_rate_eps": 1000000.0, "output_ratio": 0.01}}],
        "exchange": {{"bytes_per_record": 40.0, "seconds_per_record": 1e-7}},
        "checkpoint_bytes_per_key": 64.0}}"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

const PLAN: &str = "source | tumbling(1s) count";

fn results(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("results.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_simulated_run_is_a_run_that_reports_read() {
    let dir = tempdir("simulate", "run");
    let p = profile(&dir, 1, PLAN);
    let out = dir.join("out");
    let status = streambench()
        .args([
            "simulate",
            "--profile",
            p.to_str().unwrap(),
            "--nodes",
            "4,8",
            "--slots",
            "2",
        ])
        .args([
            "--rate",
            "200000",
            "--duration",
            "3",
            "--fail",
            "1@1.5",
            "--add",
            "@2",
        ])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let r = results(&out);
    let run = &r["runs"][0];
    assert_eq!(run["key"]["processes"], 4);
    assert_eq!(run["key"]["workers"], 2);
    assert_eq!(run["params"]["simulated"]["partitioning"], "consistent");
    assert_eq!(run["outcome"]["status"], "ok");
    let sim = &run["outcome"]["figures"]["simulation"];
    assert_eq!(sim["nodes"].as_array().unwrap().len(), 5);
    let changes = sim["membership"].as_array().unwrap();
    assert_eq!(
        (changes[0]["kind"].as_str(), changes[1]["kind"].as_str()),
        (Some("fail"), Some("add"))
    );
    assert!(changes[0]["keys_moved"].as_u64().unwrap() > 0);
    assert_eq!(r["runs"][1]["key"]["processes"], 8);
    assert!(
        run["outcome"]["figures"]["latency_ns"]["count"]
            .as_u64()
            .unwrap()
            > 0
    );
    // Re-rendered by `report`, exported to CSV, like any results folder.
    let report = streambench()
        .args(["report", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert!(csv.contains("timely"), "{csv}");
}

#[test]
fn bad_deployments_are_refused_in_one_line() {
    let dir = tempdir("simulate", "bad");
    let p = profile(&dir, 1, PLAN);
    let p = p.to_str().unwrap();
    let with = |extra: &[&str]| {
        let mut args = vec!["simulate", "--profile", p, "--nodes", "4"];
        args.extend_from_slice(extra);
        rejects(&args)
    };
    for (extra, flag) in [
        (&["--nodes", "0"][..], "--nodes"),
        (&["--nodes", "-3"], "--nodes"),
        (&["--slots", "0"], "--slots"),
        (&["--rate", "0"], "--rate"),
        (&["--rate", "-5"], "--rate"),
        (&["--bandwidth-mbps", "0"], "--bandwidth-mbps"),
        (&["--interval", "0"], "--interval"),
        (&["--fail", "1@99"], "outside the run"),
        (&["--fail", "one"], "--fail"),
        (&["--replication", "5"], "--replication"),
        (&["--partitioning", "random"], "--partitioning"),
    ] {
        let err = with(extra);
        assert!(err.contains(flag), "{extra:?}: {err}");
    }
}

#[test]
fn profiles_of_another_version_or_plan_are_refused() {
    let dir = tempdir("simulate", "profiles");
    let run = |p: &Path| rejects(&["simulate", "--profile", p.to_str().unwrap(), "--nodes", "2"]);
    assert!(run(&profile(&dir, 9, PLAN)).contains("unknown profile version 9"));
    let other = run(&profile(&dir, 1, "source | filter"));
    assert!(
        other.contains("measured on plan `source | filter`"),
        "{other}"
    );
    assert!(run(&dir.join("missing.json")).contains("missing.json"));
}

#[test]
fn calibrate_writes_a_profile_simulate_reads() {
    let dir = tempdir("simulate", "calibrate");
    let p = dir.join("p.json");
    let out = streambench()
        .args([
            "calibrate",
            "--engine",
            "event-driven",
            "--workload",
            "window-count",
        ])
        .args([
            "--rate",
            "20000",
            "--duration",
            "1",
            "--in-process",
            "--quiet",
        ])
        .args(["--out", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(profile["engine"], "event-driven");
    assert!(profile["operators"][0]["true_rate_eps"].as_f64().unwrap() > 0.0);
    let sim = dir.join("sim");
    let out = streambench()
        .args(["simulate", "--profile", p.to_str().unwrap(), "--nodes", "2"])
        .args(["--duration", "2", "--out", sim.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(results(&sim)["runs"][0]["params"]["simulated"]["nodes"], 2);
    let err = rejects(&[
        "calibrate",
        "--engine",
        "nope",
        "--workload",
        "window-count",
    ]);
    assert!(err.contains("nope"), "{err}");
}

/// The check as the README gives it, tiny: timely on window-count at 20 k events/s for
/// 1 s as 1 and as 2 processes, then `simulate --check` of both folders.
#[test]
fn check_puts_each_prediction_beside_its_measurement() {
    let dir = tempdir("simulate", "check");
    let (one, two, out) = (dir.join("1p"), dir.join("2p"), dir.join("check"));
    for (folder, processes) in [(&one, "1"), (&two, "2")] {
        let status = streambench()
            .args([
                "run",
                "-q",
                "--engines",
                "timely",
                "--workloads",
                "window-count",
            ])
            .args([
                "--rate",
                "20000",
                "--duration",
                "1",
                "--processes",
                processes,
            ])
            .arg("--out")
            .arg(folder)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    let both = format!("{},{}", one.display(), two.display());
    let check = streambench()
        .args(["simulate", "--check", &both, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(stdout.contains("predicted against measured"), "{stdout}");
    let r = results(&out);
    let runs = r["runs"].as_array().unwrap();
    // The measured 1- and 2-process runs and the predictions of both.
    assert_eq!(runs.len(), 4, "{runs:?}");
    let sims: Vec<_> = runs
        .iter()
        .filter(|r| r["params"]["simulated"].is_object())
        .map(|r| r["key"]["processes"].as_u64())
        .collect();
    assert_eq!(sims, [Some(1), Some(2)]);
    let md = std::fs::read_to_string(out.join("prediction.md")).unwrap();
    assert!(
        md.contains("| timely (2p) | window-count | 20.0k |"),
        "{md}"
    );
    assert!(
        md.contains("input ev/s") || md.contains("within 25 %"),
        "{md}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Predicted against measured — window-count"));
    assert!(html.contains("timely (2p) predicted") && html.contains("timely (2p) measured"));
    let profiles: Vec<_> = std::fs::read_dir(out.join("profiles")).unwrap().collect();
    // One for the 1-process prediction, one with the exchange's costs for the 2-process one.
    assert_eq!(profiles.len(), 2);
    // Bad input: a missing folder, and folders with nothing to predict.
    let err = rejects(&["simulate", "--check", "/nonexistent/folder"]);
    assert!(err.contains("--check /nonexistent/folder"), "{err}");
    let err = rejects(&["simulate", "--check", one.to_str().unwrap()]);
    assert!(
        err.contains("no measured run of several processes"),
        "{err}"
    );
    // Crossings from runs at two delays (here the same runs named at 0 and 5 ms: their p50
    // does not grow, so the records' own crossing is all, and the profile says so).
    let delays = format!("{}@0,{}@5", two.display(), two.display());
    let crossed = dir.join("crossed");
    let check = streambench()
        .args([
            "simulate",
            "--check",
            &both,
            "--crossings-from",
            &delays,
            "--out",
        ])
        .arg(&crossed)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let notes: String = std::fs::read_dir(crossed.join("profiles"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(notes.contains("network crossings per result"), "{notes}");
    for bad in [two.display().to_string(), format!("{}@-1", two.display())] {
        let err = rejects(&["simulate", "--check", &both, "--crossings-from", &bad]);
        assert!(err.contains("--crossings-from"), "{err}");
    }
}

/// `calibrate --processes 2` measures the bytes timely's exchange sends per record crossing
/// between the two processes, instead of assuming 40.
#[test]
fn calibrate_measures_the_exchange_on_two_processes() {
    let dir = tempdir("simulate", "exchange");
    let p = dir.join("p.json");
    let out = streambench()
        .args([
            "calibrate",
            "--engine",
            "timely",
            "--workload",
            "window-count",
        ])
        .args([
            "--rate",
            "20000",
            "--duration",
            "1",
            "--processes",
            "2",
            "--quiet",
        ])
        .args(["--out", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let bytes = profile["exchange"]["bytes_per_record"].as_f64().unwrap();
    // Key, time, value, cause and framing: more than 24 bytes, far less than a kilobyte.
    assert!(bytes > 24.0 && bytes < 1000.0 && bytes != 40.0, "{bytes}");
    let from = profile["calibrated_from"].as_str().unwrap();
    assert!(from.contains("measured on 2 processes"), "{from}");
    let err = rejects(&[
        "calibrate",
        "--engine",
        "event-driven",
        "--workload",
        "window-count",
        "--processes",
        "2",
    ]);
    assert!(err.contains("--processes 2"), "{err}");
}
