//! The `flink` engine's crashes and recoveries as a user meets them: a crash recovered from
//! Flink's own savepoint with nothing lost or duplicated, a TaskManager of a standalone
//! cluster killed and Flink's own restart from its checkpoint with nothing lost or
//! duplicated (both with heap state and with RocksDB), and a damaged savepoint refused with
//! the reason. The Flink cases need `scripts/install-flink.sh` (CI runs it); without it
//! they skip, saying why.

mod common;
use common::{flink_installed as installed, run_flink, tempdir};

#[test]
fn flink_recovers_a_crash_from_its_own_savepoint_with_nothing_lost_or_duplicated() {
    if !installed() {
        return;
    }
    // Heap state, then Flink's embedded RocksDB (`flink-rocksdb`), one after the other: two
    // JVMs at once are more than a 2-core CI machine runs on time beside the other tests.
    for engine in engines::flink::NAMES {
        recovers_from_its_savepoint(engine);
    }
}

fn recovers_from_its_savepoint(engine: &str) {
    // Checkpoints (Flink savepoints) every 500 ms, a SIGKILL of the JVM at 1.5 s: the new
    // process restores the savepoint of 1 s and replays from its offset. About 25 s here.
    let dir = tempdir("flink", &format!("crash-{engine}"));
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        format!("name = \"flink-crash\"\nengines = [\"{engine}\"]\n")
            + r#"workloads = ["window-count"]
rates = [10000]
keys = 1000
duration_s = 3.0
warmup_s = 0.2
snapshot_cost = false
checkpoint_interval_ms = 500
crash_at_s = [1.5]
sink = "exactly-once"
"#,
    )
    .unwrap();
    let out = dir.join("out");
    let results = run_flink(&["--suite", suite.to_str().unwrap()], &out);
    let r = &results.runs[0];
    assert_eq!(r.key.engine, engine);
    let reason = r.outcome.reason().unwrap_or_default();
    let f = r
        .figures()
        .unwrap_or_else(|| panic!("{}: {reason}", r.id()));
    assert_eq!(f.correctness.verdict, reports::Verdict::Pass);
    let rec = f.recovery.as_ref().unwrap();
    assert_eq!((rec.lost, rec.duplicated), (0, 0));
    assert!(rec.note.is_none(), "{:?}", rec.note);
    assert!(rec.checkpoints.len() >= 2, "{:?}", rec.checkpoints);
    assert!(rec.checkpoints.iter().all(|c| c.bytes > 0));
    let crash = &rec.crashes[0];
    // Restored from a savepoint, not from the beginning of the stream: only the events
    // after its cut are replayed.
    let from = crash.restored_from_s.expect("restored from a checkpoint");
    assert!((0.4..1.5).contains(&from), "{from}");
    assert!(crash.restored_bytes > 0 && crash.restore_ms > 0.0);
    assert!(crash.replayed < 15_000, "{}", crash.replayed);
}

#[test]
fn a_damaged_savepoint_is_refused_with_the_reason() {
    if !installed() {
        return;
    }
    let info = engines::flink::register().unwrap();
    assert!(info.capabilities.snapshots);
    let w = workloads::catalog::find("window-count")
        .unwrap()
        .build(&workloads::catalog::Params::default());
    let options = engines::EngineOptions {
        workload: Some(engines::NamedWorkload::of(&w)),
        ..engines::EngineOptions::default()
    };
    let sink = std::sync::Arc::new(engines::conformance::CollectSink::default());
    let mut e = info.build(&w.plan, &options, sink).unwrap();
    // A packed savepoint whose only file claims more bytes than follow.
    let mut state = b"SBFLINK1".to_vec();
    for part in [
        &1u64.to_le_bytes()[..],
        &9u64.to_le_bytes(),
        b"_metadata",
        &50u64.to_le_bytes(),
        b"abcde",
    ] {
        state.extend_from_slice(part);
    }
    let why = e.restore(&state).unwrap_err().to_string();
    assert!(
        why.contains("damaged savepoint state: `_metadata` is 50 bytes, 5 left"),
        "{why}"
    );
    assert!(!why.contains("\n"), "{why}");
}

#[test]
fn a_killed_task_manager_is_recovered_by_flink_with_nothing_lost_or_duplicated() {
    if !installed() {
        return;
    }
    // Heap state, then RocksDB's (whose checkpoints are its own files), one after the other.
    for engine in engines::flink::NAMES {
        recovers_a_killed_task_manager(engine);
    }
}

fn recovers_a_killed_task_manager(engine: &str) {
    // A JobManager and two TaskManagers; Flink's checkpoints every 500 ms; at 4 s (late
    // enough for a first checkpoint on a loaded 2-core CI machine: at 2.5 s one CI run had
    // none yet) one TaskManager is killed with SIGKILL and Flink restarts the job from its latest
    // checkpoint on a replacement. About 40 s here.
    let dir = tempdir("flink", &format!("tm-crash-{engine}"));
    let suite = dir.join("suite.toml");
    std::fs::write(
        &suite,
        format!("name = \"flink-tm-crash\"\nengines = [\"{engine}\"]\n")
            + r#"workloads = ["window-count"]
rates = [10000]
keys = 1000
duration_s = 5.0
warmup_s = 0.2
snapshot_cost = false
checkpoint_interval_ms = 500
crash_at_s = [4.0]
sink = "exactly-once"
"#,
    )
    .unwrap();
    let out = dir.join("out");
    let results = run_flink(
        &["--processes", "2", "--suite", suite.to_str().unwrap()],
        &out,
    );
    let r = &results.runs[0];
    assert_eq!((r.key.engine.as_str(), r.key.processes), (engine, 2));
    let reason = r.outcome.reason().unwrap_or_default();
    let f = r
        .figures()
        .unwrap_or_else(|| panic!("{}: {reason}", r.id()));
    assert_eq!(f.correctness.verdict, reports::Verdict::Pass);
    let rec = f.recovery.as_ref().unwrap();
    assert_eq!((rec.lost, rec.duplicated), (0, 0));
    assert!(rec.note.is_none(), "{:?}", rec.note);
    // The checkpoints are Flink's, not streambench's snapshots.
    assert!(rec.checkpoints.is_empty(), "{:?}", rec.checkpoints);
    let crash = &rec.crashes[0];
    // Restored from Flink's latest checkpoint (taken at most a few intervals before the
    // kill), its files on disk: only the events after its cut were replayed.
    let from = crash.restored_from_s.expect("restored from a checkpoint");
    assert!((0.5..4.0).contains(&from), "{from}");
    assert!(
        crash.restored_bytes > 0 && crash.restore_ms > 0.0,
        "{crash:?}"
    );
    assert!(
        crash.replayed > 0 && crash.replayed < 20_000,
        "{}",
        crash.replayed
    );
}

#[test]
fn a_crash_of_flinks_cluster_without_checkpoints_is_skipped_with_the_reason() {
    if !installed() {
        return;
    }
    // Flink recovers a TaskManager's kill from its own checkpoints: without an interval there
    // are none, and the run is not started.
    let out = tempdir("flink", "tm-no-checkpoints").join("out");
    let results = run_flink(
        &[
            "--engines",
            "flink",
            "--processes",
            "2",
            "--workloads",
            "window-count",
            "--rate",
            "10000",
            "--duration",
            "2",
            "--crash-at",
            "1",
        ],
        &out,
    );
    let r = &results.runs[0];
    assert_eq!(r.outcome.as_str(), "skipped");
    assert_eq!(
        r.outcome.reason(),
        Some(
            "flink runs as 2 processes: a crash of its own cluster needs a checkpoint interval \
             (it recovers from its own checkpoints)"
        )
    );
}
