//! External engines over the wire protocol: the Python example passes the kit, and engines
//! that crash, hang, send malformed frames or speak another version fail with the reason.

use engines::conformance::{run_kit, run_kit_as_cluster, CollectSink};
use engines::external::{register, ExternalSpec};
use engines::{EngineError, EngineOptions, NamedWorkload};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use workloads::catalog::{find, Params};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python(name: &str, script: PathBuf, args: &[&str]) -> ExternalSpec {
    let mut command = vec!["python3".to_string(), script.display().to_string()];
    command.extend(args.iter().map(|a| a.to_string()));
    let mut spec = ExternalSpec::new(name, command);
    spec.connect_timeout = Duration::from_secs(5);
    spec.reply_timeout = Duration::from_secs(2);
    spec
}

#[test]
fn the_python_example_passes_the_kit_through_the_protocol() {
    let script = root().join("examples/external/python/engine.py");
    let info = register(python("python-example", script, &[])).expect("registered");
    let caps = info.capabilities;
    assert!(!caps.causes && caps.snapshots && !caps.honours_workers);
    assert_eq!(
        caps.workloads.expect("declared"),
        ["stateless", "window-count", "nexmark-q1", "nexmark-q7"]
    );
    let report = run_kit(info);
    println!("{report}");
    report.check().expect("the Python example conforms");
    assert_eq!(report.passed.len(), 4 * 3 * 2, "{report}");
}

/// Runs `stateless` through a misbehaving engine; the error it ends with.
fn misbehave(mode: &str) -> String {
    let script = root().join("engines/tests/external/misbehave.py");
    let info = register(python(&format!("misbehave-{mode}"), script, &[mode])).expect("registered");
    let w = find("stateless").unwrap().build(&Params {
        rate: 1000.0,
        duration: 0.2,
        ..Params::default()
    });
    let options = EngineOptions {
        workload: Some(NamedWorkload::of(&w)),
        ..EngineOptions::default()
    };
    let stream = w.source.generate();
    let run = || -> Result<(), EngineError> {
        let mut e = info.build(&w.plan, &options, Arc::new(CollectSink::default()))?;
        for _ in 0..20 {
            // A crash shows once the engine's end has been read; keep feeding until then.
            engines::conformance::feed(e.as_mut(), &stream)?;
            std::thread::sleep(Duration::from_millis(20));
        }
        e.finish(stream.end)
    };
    match run() {
        Ok(()) => panic!("{mode}: the run succeeded"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn broken_engines_fail_with_the_reason() {
    let crash = misbehave("crash");
    // Seen as a closed or a reset connection, whichever the driver meets first.
    assert!(
        crash.contains("external engine `misbehave-crash`"),
        "{crash}"
    );
    assert!(crash.contains("exit status: 3"), "{crash}");
    assert!(
        crash.contains("giving up on purpose"),
        "stderr tail: {crash}"
    );
    let malformed = misbehave("malformed");
    assert!(
        malformed.contains("malformed frame: length 4294967295"),
        "{malformed}"
    );
    let version = misbehave("version");
    assert!(
        version.contains("speaks protocol version 9; streambench speaks 1"),
        "{version}"
    );
    let error = misbehave("error");
    assert!(error.contains("error: cannot count today"), "{error}");
    let hang = misbehave("hang");
    assert!(hang.contains("did not answer finish within 2 s"), "{hang}");
}

#[test]
fn an_engine_declaring_multi_process_runs_as_a_cluster_of_processes() {
    let script = root().join("engines/tests/external/stateless_cluster.py");
    let info = register(python("stateless-cluster", script, &[])).expect("registered");
    assert!(info.capabilities.multi_process);
    // Each process is told its index and its two peers (it refuses otherwise), receives
    // its share of the events, and the merged results match the reference.
    let report = run_kit_as_cluster(info, 2);
    report.check().expect("conforms as two processes");
    assert_eq!(report.passed.len(), 3, "{report}");
    // Alone, it is refused by the engine itself, with its message.
    let alone = run_kit(info);
    let err = alone.check().unwrap_err();
    assert!(
        err.contains("process 0 of 0 peers is not a cluster"),
        "{err}"
    );
}

#[test]
fn a_reusable_engine_serves_run_after_run_in_one_process_until_released() {
    let script = root().join("engines/tests/external/reusable.py");
    let info = register(python("reusable", script, &[])).expect("registered");
    let w = find("stateless").unwrap().build(&Params {
        rate: 1000.0,
        duration: 0.1,
        ..Params::default()
    });
    let stream = w.source.generate();
    let shared = EngineOptions {
        workload: Some(NamedWorkload::of(&w)),
        ..EngineOptions::default()
    };
    let mut own = shared.clone();
    own.settings.insert("anything".into(), "1".into());
    // One run: the runs its process has started, and its pid.
    let run = |options: &EngineOptions, crash: bool| {
        let mut e = info
            .build(&w.plan, options, Arc::new(CollectSink::default()))
            .unwrap();
        engines::conformance::feed(e.as_mut(), &stream).unwrap();
        e.finish(stream.end).unwrap();
        let s = e.stats();
        if crash {
            e.kill();
        }
        (s.state_bytes, s.late_events)
    };
    let (first, pid) = run(&shared, false);
    assert_eq!(
        run(&shared, false),
        (first + 1, pid),
        "the second run is kept's"
    );
    // A run with settings of its own gets a process of its own; the kept one waits.
    assert_eq!(run(&own, false).0, 1);
    assert_eq!(run(&shared, true), (first + 2, pid));
    // Killed (an injected crash): never given back, so the next run starts a new process.
    let (again, new_pid) = run(&shared, false);
    assert_eq!(again, 1);
    assert_ne!(new_pid, pid);
    // Released, the kept process exits on its own.
    engines::external::release_kept();
    let alive = || std::path::Path::new(&format!("/proc/{new_pid}")).exists();
    assert!(!alive(), "process {new_pid} outlived its release");
}
