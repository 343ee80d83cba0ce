//! Nothing outlives its run: an in-process engine that hangs (asleep or spinning on a core)
//! is ended with its worker process, so the threads, memory and processes of streambench
//! after hung runs are those before; a worker that crashes or is killed fails only its
//! run; a worker cannot outlive a streambench killed with SIGKILL.

use super::common::tempdir;
use reports::Results;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What /proc says about a process: (threads, resident kB, CPU ticks), `None` when gone.
fn status(pid: u32) -> Option<(u64, u64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    let rest: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = rest.get(11)?.parse::<u64>().ok()? + rest.get(12)?.parse::<u64>().ok()?;
    Some((field("Threads:")?, field("VmRSS:")?, ticks))
}

/// The live (not zombie) children of `pid`.
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let f: Vec<&str> = rest.split_whitespace().collect();
        if f.get(1) == Some(&pid.to_string().as_str()) && f.first() != Some(&"Z") {
            out.push(child);
        }
    }
    out
}

/// Whether `pid` is gone (or a zombie, which holds no thread, memory or core).
fn gone(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| {
        s.rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
    })
}

/// Starts a suite and hands its progress lines (one per run, stderr is not a terminal) to
/// the returned channel.
fn start(dir: &Path, suite: &str) -> (std::process::Child, mpsc::Receiver<String>) {
    let path = dir.join("suite.toml");
    std::fs::write(&path, suite).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "--suite"])
        .arg(&path)
        .arg("--out")
        .arg(dir.join("out"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

/// Waits for the progress line of run `k` and lets the run get going.
fn at_run(rx: &mpsc::Receiver<String>, k: usize, seen: &mut Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no run {k}: {seen:?}"));
        let started = line.starts_with(&format!("[{k}/"));
        seen.push(line);
        if started {
            std::thread::sleep(Duration::from_millis(400));
            return;
        }
    }
}

#[test]
fn hung_and_spinning_runs_leave_no_thread_memory_process_or_core_behind() {
    let dir = tempdir("faults", "contain");
    // Per key count: event-driven, then a sleeping and a spinning hang; the event-driven
    // runs before and after the first four hung runs are compared.
    let (mut sb, rx) = start(
        &dir,
        "name = \"contain\"\nengines = [\"event-driven\", \"mock-hang\", \"mock-spin\"]\n\
         workloads = [\"stateless\"]\nrates = [20000]\nkeys = [100, 200, 300]\n\
         duration_s = 0.8\nwarmup_s = 0.1\ntimeout_s = 1\nsnapshot_cost = false\n",
    );
    let pid = sb.id();
    let mut seen = Vec::new();
    let mut sample = |k: usize| {
        at_run(&rx, k, &mut seen);
        let (threads, rss, _) = status(pid).expect("streambench is running");
        (threads, rss, children(pid))
    };
    let before = sample(1);
    assert_eq!(before.2.len(), 1, "one worker process: {before:?}");
    let mut hung = Vec::new();
    for k in [2, 3, 5, 6] {
        let (_, _, mut workers) = sample(k);
        // A loaded machine may wake this thread late, between a kill and the next worker.
        let until = Instant::now() + Duration::from_secs(1);
        while workers.is_empty() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
            workers = children(pid);
        }
        assert_eq!(workers.len(), 1, "run {k}: one worker process: {workers:?}");
        hung.push((k, workers[0]));
    }
    // The spinning engine does spin (the case is not vacuous): its worker burns CPU.
    let spinner = hung[1].1;
    let t0 = status(spinner).map(|s| s.2);
    std::thread::sleep(Duration::from_millis(200));
    let t1 = status(spinner).map(|s| s.2);
    let after = sample(7);
    assert!(
        t0.is_none() || t1.is_none() || t1 > t0,
        "the spinning worker did not spin: {t0:?} {t1:?}"
    );
    // After four hung runs: the same threads, one worker, and not one of the hung ones.
    assert_eq!(
        after.0, before.0,
        "threads: before {before:?}, after {after:?}"
    );
    assert_eq!(after.2.len(), 1, "one worker process: {after:?}");
    for (k, w) in &hung {
        assert!(
            gone(*w),
            "the worker of hung run {k} (pid {w}) is still there"
        );
    }
    // The leak measured before containment was 2.3 MB per hung run.
    assert!(
        after.1 <= before.1 + 1024,
        "resident memory grew: {} kB before, {} kB after",
        before.1,
        after.1
    );
    let status = sb.wait().unwrap();
    assert!(status.success(), "{seen:?}");
    for w in after.2 {
        assert!(gone(w), "the last worker (pid {w}) outlived streambench");
    }
    let r = Results::load(dir.join("out/results.json")).unwrap();
    let outcomes: Vec<&str> = r.runs.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["ok", "timeout", "timeout", "ok", "timeout", "timeout", "ok", "timeout", "timeout"]
    );
    let reason = r.runs[2].outcome.reason().unwrap_or_default();
    assert!(
        reason.contains("time limit") && reason.contains("killed"),
        "{reason}"
    );
}

#[test]
fn a_crashing_worker_fails_only_its_run_with_its_last_words() {
    let dir = tempdir("faults", "abort");
    let (mut sb, rx) = start(
        &dir,
        "name = \"abort\"\nengines = [\"event-driven\", \"mock-abort\", \"dataflow\"]\n\
         workloads = [\"stateless\"]\nrates = [20000]\nduration_s = 0.3\nwarmup_s = 0.1\n\
         snapshot_cost = false\n",
    );
    assert!(
        sb.wait().unwrap().success(),
        "{:?}",
        rx.try_iter().collect::<Vec<_>>()
    );
    let r = Results::load(dir.join("out/results.json")).unwrap();
    let outcome = |e: &str| &r.runs.iter().find(|r| r.key.engine == e).unwrap().outcome;
    assert_eq!(outcome("event-driven").as_str(), "ok");
    assert_eq!(outcome("dataflow").as_str(), "ok");
    let crashed = outcome("mock-abort");
    assert_eq!(crashed.as_str(), "failed");
    let reason = crashed.reason().unwrap_or_default();
    assert!(
        reason.contains("SIGABRT") && reason.contains("mock-abort: deliberate abort"),
        "{reason}"
    );
}

#[test]
fn a_worker_does_not_outlive_a_killed_streambench() {
    let dir = tempdir("faults", "orphan");
    let (mut sb, rx) = start(
        &dir,
        "name = \"orphan\"\nengines = [\"mock-spin\"]\nworkloads = [\"stateless\"]\n\
         rates = [20000]\nduration_s = 0.3\nwarmup_s = 0.1\ntimeout_s = 600\n",
    );
    at_run(&rx, 1, &mut Vec::new());
    let workers = children(sb.id());
    assert_eq!(workers.len(), 1, "{workers:?}");
    sb.kill().unwrap();
    sb.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !gone(workers[0]) {
        assert!(Instant::now() < deadline, "the worker outlived streambench");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_worker_killed_from_outside_fails_only_its_run() {
    let dir = tempdir("faults", "killed-worker");
    let (mut sb, rx) = start(
        &dir,
        "name = \"killed\"\nengines = [\"mock-hang\", \"event-driven\"]\n\
         workloads = [\"stateless\"]\nrates = [20000]\nduration_s = 0.3\nwarmup_s = 0.1\n\
         timeout_s = 600\nsnapshot_cost = false\n",
    );
    at_run(&rx, 1, &mut Vec::new());
    let workers = children(sb.id());
    assert_eq!(workers.len(), 1, "{workers:?}");
    let killed = Command::new("kill")
        .args(["-KILL", &workers[0].to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(sb.wait().unwrap().success());
    let r = Results::load(dir.join("out/results.json")).unwrap();
    let reason = r.runs[0].outcome.reason().unwrap_or_default();
    assert_eq!(r.runs[0].outcome.as_str(), "failed", "{reason}");
    assert!(
        reason.contains("died") && reason.contains("SIGKILL"),
        "{reason}"
    );
    assert_eq!(r.runs[1].outcome.as_str(), "ok");
}
