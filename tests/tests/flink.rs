//! The `flink` engine (Apache Flink 2.3 behind the protocol) as a user meets it: the kit on a
//! small case (snapshots included), a run beside `dataflow` whose every verdict passes,
//! successive runs sharing one JVM with the same results, a standalone cluster for
//! `--processes 2`, and what `list` and `--engines flink` say when it is not installed
//! (its crashes and recoveries are in `flink_recovery.rs`). The Flink cases need
//! `scripts/install-flink.sh` (CI runs it); without it they skip, saying why.

mod common;
use common::{flink_installed as installed, run_flink, streambench, tempdir};

#[test]
fn flink_passes_the_kit_on_windows_and_a_global_top() {
    if !installed() {
        return;
    }
    // Two workloads (each a JVM and a MiniCluster per case, about 6 s): keyed windows with
    // late events and a two-phase global top, with 1 and 2 workers, seeds 1 to 3.
    let out = streambench()
        .args(["conform", "--engines", "flink"])
        .env("STREAMBENCH_FLINK_WORKLOADS", "window-count,nexmark-q5")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("engine `flink`: 18 passed, 0 failed, 0 skipped: conforms"),
        "{text}"
    );
}

#[test]
fn flink_runs_beside_dataflow_with_two_workers_and_every_verdict_passes() {
    if !installed() {
        return;
    }
    let dir = tempdir("flink", "run");
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        r#"name = "flink"
engines = ["flink", "dataflow"]
workloads = ["stateless", "window-count", "nexmark-q7", "ysb"]
rates = [20000]
workers = [2]
duration_s = 1.0
warmup_s = 0.2
windows = 20                  # 50 ms windows (Nexmark 25 ms): the adapter reads `window`
"#,
    )
    .unwrap();
    let out = dir.join("out");
    let results = run_flink(&["--suite", suite.to_str().unwrap()], &out);
    assert_eq!(results.runs.len(), 8);
    for r in &results.runs {
        let (id, reason) = (r.id(), r.outcome.reason().unwrap_or_default());
        if r.key.engine == "flink" && r.key.workload == "ysb" {
            assert_eq!(reason, "flink does not declare workload `ysb`");
            continue;
        }
        let f = r.figures().unwrap_or_else(|| panic!("{id}: {reason}"));
        assert_eq!(f.correctness.verdict, reports::Verdict::Pass, "{id}");
        if r.key.engine == "flink" {
            // Its snapshot is a savepoint: its size is Flink's state's (stats say 0 bytes).
            let s = f
                .cost
                .snapshot
                .as_ref()
                .unwrap_or_else(|| panic!("{id}: {:?}", f.cost.snapshot_note));
            assert!(
                s.bytes > 0 && s.take_ms > 0.0 && s.restore_ms > 0.0,
                "{id}: {s:?}"
            );
        }
        // The job's deployment is not charged to the schedule: the first results are not
        // seconds late.
        assert!(
            f.latency_ns.p50 < 500_000_000,
            "{id}: p50 {} ns",
            f.latency_ns.p50
        );
    }
}

/// The `flink` adapters (JVMs) that are descendants of process `root`, by pid.
fn adapters_under(root: u32) -> Vec<u32> {
    let out = std::process::Command::new("ps")
        .args(["-eo", "pid=,ppid=,args="])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<(u32, u32, &str)> = text
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let pid = f.next()?.parse().ok()?;
            let ppid = f.next()?.parse().ok()?;
            Some((pid, ppid, l))
        })
        .collect();
    let parent = |pid: u32| rows.iter().find(|r| r.0 == pid).map(|r| r.1);
    let under = |mut pid: u32| {
        // The adapter's parent is streambench's worker process, whose parent is streambench.
        for _ in 0..3 {
            match parent(pid) {
                Some(p) if p == root => return true,
                Some(p) => pid = p,
                None => return false,
            }
        }
        false
    };
    rows.iter()
        .filter(|r| r.2.contains("streambench.flink.Adapter") && under(r.0))
        .map(|r| r.0)
        .collect()
}

#[test]
fn successive_flink_runs_share_one_jvm_and_give_the_same_results() {
    if !installed() {
        return;
    }
    let dir = tempdir("flink", "reuse");
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        r#"name = "flink-reuse"
engines = ["flink"]
workloads = ["window-count", "nexmark-q5"]
rates = [20000]
duration_s = 1.0
warmup_s = 0.2
repetitions = 2
snapshot_cost = false
"#,
    )
    .unwrap();
    let out = dir.join("out");
    // Spawned, not waited for: its adapters are watched while it runs.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "--quiet", "--suite"])
        .arg(&suite)
        .arg("--out")
        .arg(&out)
        .env("STREAMBENCH_FLINK_WORKLOADS", "")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Every adapter seen, with when it was first and last seen: the probes that read its
    // hello live a moment, the JVM that runs the jobs the whole suite.
    let mut seen = std::collections::HashMap::new();
    let status = loop {
        let now = std::time::Instant::now();
        for pid in adapters_under(child.id()) {
            seen.entry(pid).or_insert((now, now)).1 = now;
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}");
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert_eq!(results.runs.len(), 4);
    for pair in results.runs.chunks(2) {
        let [a, b] = pair else { unreachable!() };
        assert_eq!(a.key.workload, b.key.workload);
        let figures = |r: &reports::Run| {
            let reason = r.outcome.reason().unwrap_or_default();
            let f = r
                .figures()
                .unwrap_or_else(|| panic!("{}: {reason}", r.id()));
            assert_eq!(f.correctness.verdict, reports::Verdict::Pass, "{}", r.id());
            (f.events.output, f.events.late)
        };
        // A/A: the second job on the same JVM delivers what the first did, no more.
        assert_eq!(figures(a), figures(b), "{}", a.key.workload);
    }
    // The JVM that ran the jobs is the longest-lived; the probes that read the hello all
    // started before it (a probe may live seconds on a loaded machine, so lifetimes alone
    // do not tell them apart), and no JVM started after it: none was started for a later run.
    let (jvm, (start, end)) = seen
        .iter()
        .max_by_key(|(_, (first, last))| *last - *first)
        .map(|(p, t)| (*p, *t))
        .expect("no adapter seen");
    assert!(end - start > std::time::Duration::from_secs(2), "{seen:?}");
    let later: Vec<_> = seen
        .iter()
        .filter(|(_, (first, _))| *first > start)
        .collect();
    assert!(
        later.is_empty(),
        "one JVM for the four runs: {jvm} then {later:?}"
    );
    // It ends with streambench (a JVM's end may take a moment on a loaded machine).
    let gone = || !std::path::Path::new(&format!("/proc/{jvm}")).exists();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !gone() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(gone(), "{seen:?}");
}

/// Flink processes of a standalone cluster still alive on this host.
fn task_managers() -> usize {
    let out = std::process::Command::new("ps")
        .args(["-eo", "args"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| {
            l.contains("TaskManagerRunner") || l.contains("StandaloneSessionClusterEntrypoint")
        })
        .count()
}

#[test]
fn flink_with_two_processes_runs_a_standalone_cluster_and_leaves_no_process_behind() {
    if !installed() {
        return;
    }
    let dir = tempdir("flink", "processes");
    let out = dir.join("out");
    let results = run_flink(
        &[
            "--engines",
            "flink",
            "--processes",
            "2",
            "--workloads",
            "window-count",
            "--rate",
            "20000",
            "--duration",
            "1",
        ],
        &out,
    );
    assert_eq!(results.runs.len(), 1);
    let r = &results.runs[0];
    let reason = r.outcome.reason().unwrap_or_default();
    let f = r
        .figures()
        .unwrap_or_else(|| panic!("{}: {reason}", r.id()));
    assert_eq!(f.correctness.verdict, reports::Verdict::Pass);
    assert_eq!(r.key.processes, 2);
    // Flink has snapshots, but their cost is not measured on a cluster it would not be.
    let note = f.cost.snapshot_note.as_deref().unwrap_or_default();
    assert!(
        note.starts_with("skipped: measured in single-process runs only"),
        "{note}"
    );
    // The JobManager and both TaskManagers were killed with the run (SIGKILL is delivered at
    // once; their end may take a moment on a loaded machine).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while task_managers() > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(task_managers(), 0);
}

#[test]
fn without_an_installation_flink_says_so_and_is_refused_by_name() {
    let nowhere = tempdir("flink", "nowhere");
    let list = streambench()
        .arg("list")
        .env("STREAMBENCH_FLINK_HOME", &nowhere)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("flink "), "{text}");
    assert!(text.contains("not installed"), "{text}");
    assert!(text.contains("scripts/install-flink.sh"), "{text}");
    let run = streambench()
        .args(["run", "--engines", "flink", "--workloads", "stateless"])
        .env("STREAMBENCH_FLINK_HOME", &nowhere)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("engine `flink` is not installed"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
