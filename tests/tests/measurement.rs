//! The harness under failure and interruption: results are never lost, a misbehaving engine
//! only spoils its own run, and declared capabilities decide what runs.

mod common;
use common::{streambench, tempdir};

use reports::{Results, Verdict};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn suite(dir: &Path, engines: &str, extra: &str) -> PathBuf {
    let path = dir.join("suite.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"t\"\nengines = [{engines}]\nworkloads = [\"stateless\"]\nrates = [20000]\nduration_s = 0.5\nwarmup_s = 0.1\n{extra}"
        ),
    )
    .unwrap();
    path
}

/// Runs `suite` into `out` (quietly, with `extra` flags) and reads its results.
fn run_suite(suite: &Path, out: &Path, extra: &[&str]) -> Results {
    streambench()
        .args(["run", "-q"])
        .args(extra)
        .arg("--suite")
        .arg(suite)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    Results::load(out.join("results.json")).unwrap()
}

#[test]
fn a_panicking_and_a_hanging_engine_spoil_only_their_own_runs() {
    let dir = tempdir("measure", "faults");
    let s = suite(
        &dir,
        "\"mock-panic\", \"mock-hang\", \"event-driven\"",
        "timeout_s = 2\n",
    );
    let out = dir.join("out");
    let r = run_suite(&s, &out, &[]);
    let run = |e: &str| r.runs.iter().find(|x| x.key.engine == e).unwrap();
    let status = |e: &str| {
        let x = run(e);
        (
            x.outcome.as_str(),
            x.outcome.reason().unwrap_or("").to_owned(),
        )
    };
    let (st, err) = status("mock-panic");
    assert_eq!(st, "failed");
    assert!(err.contains("deliberate panic"));
    let (st, err) = status("mock-hang");
    assert_eq!(st, "timeout");
    assert!(err.contains("time limit"));
    let ok = run("event-driven").figures().expect("figures");
    assert_eq!(ok.correctness.verdict, Verdict::Pass);
    assert!(out.join("report.html").exists());
    // Runs that did not finish have no figures anywhere: not in results.json...
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    for failed in json["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"]["status"] != "ok")
    {
        assert!(failed["outcome"].get("figures").is_none(), "{failed}");
        assert!(!failed.to_string().contains("latency"), "{failed}");
    }
    // ... nor in runs.csv (every figure column empty) ...
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let p99 = header.iter().position(|h| *h == "latency_p99_ns").unwrap();
    let eps = header.iter().position(|h| *h == "input_eps").unwrap();
    for line in csv.lines().filter(|l| l.starts_with("mock-")) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!((cells[p99], cells[eps]), ("", ""), "{line}");
    }
    // ... nor in the report's summary row.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let row = html
        .lines()
        .find(|l| l.contains("mock-panic</td>"))
        .unwrap();
    // Every figure column, n included, is a dash.
    assert_eq!(row.matches("na\">–").count(), 10, "{row}");
}

#[test]
fn sigint_keeps_finished_runs_and_resume_completes_the_rest() {
    let dir = tempdir("measure", "sigint");
    let s = suite(
        &dir,
        "\"event-driven\", \"dataflow\", \"batched\"",
        "repetitions = 2\nsnapshot_cost = false\n",
    );
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "-q", "--suite"])
        .arg(&s)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let results = out.join("results.json");
    let start = Instant::now();
    while !results.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(results.exists(), "no run finished in time");
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let kept = Results::load(&results).unwrap();
    assert!(
        !kept.runs.is_empty() && kept.runs.len() < 6,
        "{} runs",
        kept.runs.len()
    );
    assert_eq!(status.code(), Some(130), "interrupted suites exit 130");
    assert!(out.join("report.html").exists());
    streambench()
        .args(["run", "-q", "--suite"])
        .arg(&s)
        .arg("--resume")
        .arg(&out)
        .assert()
        .success();
    let all = Results::load(&results).unwrap();
    assert_eq!(all.runs.len(), 6);
    let mut ids: Vec<String> = all.runs.iter().map(|r| r.id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "a resumed suite must not repeat runs");
    assert_eq!(
        &all.runs[..kept.runs.len()],
        &kept.runs[..],
        "finished runs are kept as they were"
    );
}

#[test]
fn measurement_fields_are_filled() {
    let dir = tempdir("measure", "fields");
    let s = suite(&dir, "\"event-driven\"", "workloads = [\"window-count\"]\n");
    let s_text = std::fs::read_to_string(&s)
        .unwrap()
        .replace("workloads = [\"stateless\"]\n", "");
    std::fs::write(&s, s_text).unwrap();
    let out = dir.join("out");
    let r = run_suite(&s, &out, &["--duration", "1.2"]);
    let run = r.runs[0].figures().expect("figures");
    assert!(run.timeseries.len() >= 2, "{:?}", run.timeseries);
    assert!(run
        .timeseries
        .iter()
        .all(|t| t.input_eps > 0.0 && t.heap_bytes > 0));
    assert!(
        run.processing_latency_ns.count > 0
            && run.processing_latency_ns.p50 <= run.latency_ns.p50.max(1) * 2
    );
    assert!(run.injection_lag_ns.count > 0);
    // A window result's window-end latency is at most its event-time latency.
    assert!(run.window_end_latency_ns.count > 0);
    assert!(run.window_end_latency_ns.p50 <= run.event_time_latency_ns.p50);
    assert!(run
        .latency_histogram
        .as_deref()
        .is_some_and(|h| h.len() > 8));
    assert!(run.cost.cpu_s_per_million > 0.0 && run.cost.heap_bytes_peak > 0);
    assert!(run.cost.state_bytes_per_key > 0.0);
    let snap = run.cost.snapshot.as_ref().expect("snapshot cost");
    assert!(snap.bytes > 1000);
}

#[test]
fn declared_capabilities_decide_what_runs() {
    let dir = tempdir("measure", "capabilities");
    let s = suite(
        &dir,
        "\"mock-stateless\", \"event-driven\", \"dataflow\"",
        "workers = [1, 2]\n",
    );
    let text = std::fs::read_to_string(&s)
        .unwrap()
        .replace("[\"stateless\"]", "[\"stateless\", \"window-count\"]");
    std::fs::write(&s, text).unwrap();
    let out = dir.join("out");
    let r = run_suite(&s, &out, &[]);
    let runs = |e: &str, w: &str| {
        r.runs
            .iter()
            .filter(|x| x.key.engine == e && x.key.workload == w)
            .collect::<Vec<_>>()
    };
    // A plan with an undeclared operator is skipped, with the reason, and has no figures.
    let skipped = runs("mock-stateless", "window-count");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].outcome.as_str(), "skipped");
    assert_eq!(
        skipped[0].outcome.reason(),
        Some("mock-stateless does not support operator `window`")
    );
    assert!(skipped[0].figures().is_none());
    // Engines that ignore `workers` run once, with 1, whatever the suite asks.
    for e in ["mock-stateless", "event-driven"] {
        let ran = runs(e, "stateless");
        assert_eq!(ran.len(), 1, "{e}");
        assert_eq!(ran[0].key.workers, 1);
        assert!(ran[0].is_ok(), "{:?}", ran[0].outcome);
    }
    // One that honours it runs at every count.
    let workers: Vec<usize> = runs("dataflow", "window-count")
        .iter()
        .map(|x| x.key.workers)
        .collect();
    assert_eq!(workers, [1, 2]);
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert!(csv.contains(",skipped,mock-stateless does not support operator `window`,"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("skipped: mock-stateless does not support operator"));
}

#[test]
fn a_non_empty_out_folder_is_refused_unless_forced() {
    let dir = tempdir("measure", "force");
    let s = suite(&dir, "\"event-driven\"", "");
    let out = dir.join("out");
    run_suite(&s, &out, &[]);
    let stale = out.join("histograms").join("stale.hgrm");
    std::fs::write(&stale, "old").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let again = streambench()
        .args(["run", "-q", "--suite"])
        .arg(&s)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("not empty") && err.contains("--resume") && err.contains("--force"));
    assert!(stale.exists(), "a refused run touches nothing");
    let r = run_suite(&s, &out, &["--force"]);
    assert_eq!(r.runs.len(), 1);
    assert!(!stale.exists(), "--force removes the earlier run's files");
    assert!(out.join("notes.txt").exists(), "and only those");
}

/// The harness times results from the reference's causes, never from the engine's: an
/// engine stamping later causes (which would read as near-zero latency) or no latest event
/// time fails its run, naming what differs, and is still timed honestly.
#[test]
fn misattributed_results_fail_and_are_timed_from_the_reference() {
    let dir = tempdir("measure", "attribution");
    let s = suite(
        &dir,
        "\"mock-late-causes\", \"mock-no-latest\", \"event-driven\"",
        "",
    );
    let r = run_suite(&s, &dir.join("out"), &[]);
    let figures = |e: &str| {
        r.runs
            .iter()
            .find(|x| x.key.engine == e)
            .and_then(|x| x.figures())
            .unwrap_or_else(|| panic!("{e} has no figures"))
            .clone()
    };
    assert_eq!(figures("event-driven").correctness.verdict, Verdict::Pass);
    for (engine, shown) in [
        ("mock-late-causes", "with cause"),
        ("mock-no-latest", "latest 0 (the reference"),
    ] {
        let f = figures(engine);
        let c = &f.correctness;
        assert_eq!(c.verdict, Verdict::Fail, "{engine}");
        // Every result but one whose latest time really is 0 (the event at time 0).
        assert!(c.mismatches + 1 >= c.expected_outputs, "{engine}: {c:?}");
        let note = c.note.as_deref().unwrap_or("");
        assert!(
            note.contains("0 unexpected, 0 missing") && note.contains(shown),
            "{engine}: {note}"
        );
        // Timed from the reference's causes: a cause 1 ms late would have read as 1 ns.
        assert!(f.latency_ns.p50 > 100, "{engine}: {:?}", f.latency_ns);
    }
}
