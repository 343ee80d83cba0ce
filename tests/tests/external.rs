//! Engines in other languages through the wire protocol, as a user meets them: the Java
//! example passes `streambench conform` (the Python one passes the kit in
//! engines/tests/external.rs) and runs in a suite beside `dataflow`; broken engines (a
//! crash, another protocol version) fail their own runs with the reason and the suite goes
//! on.

mod common;
use common::{rejects, streambench, tempdir};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Java example compiled into a fresh folder (then one JVM per run).
fn java_example(name: &str) -> PathBuf {
    let classes = tempdir("external-java", name);
    let source = root().join("examples/external/java/Engine.java");
    let javac = std::process::Command::new("javac")
        .arg("-d")
        .arg(&classes)
        .arg(&source)
        .status()
        .expect("javac (Java 17) is installed here and in CI");
    assert!(javac.success());
    classes
}

#[test]
fn the_examples_pass_conform_and_a_broken_engine_does_not() {
    let classes = java_example("conform");
    let java = format!("java=java -cp {} Engine", classes.display());
    let out = streambench()
        .args(["conform", "--external", &java])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("engine `java`: 24 passed, 0 failed, 0 skipped: conforms"));

    // An engine giving up mid-run fails every case, with its stderr, and the exit code is 1.
    let script = root().join("engines/tests/external/misbehave.py");
    let crash = format!("crash=python3 {} crash", script.display());
    let out = streambench()
        .args(["conform", "--external", &crash])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAILED   stateless/seed-1/w1: engine error: external engine `crash`"));
    assert!(text.contains("giving up on purpose"), "{text}");
    assert!(rejects(&["conform", "--external", "no-command="]).contains("--external"));
    // One that speaks another version is not run at all.
    let version = format!("version=python3 {} version", script.display());
    let out = streambench()
        .args(["conform", "--external", &version])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAILED   hello: external engine `version`"),
        "{text}"
    );
    assert!(
        text.contains("speaks protocol version 9; streambench speaks 1"),
        "{text}"
    );
}

#[test]
fn a_suite_runs_external_engines_beside_dataflow_and_keeps_going_past_broken_ones() {
    let dir = tempdir("external", "suite");
    let misbehave = root().join("engines/tests/external/misbehave.py");
    let suite = dir.join("suite.toml");
    let script = root().join("examples/external/python/engine.py");
    std::fs::write(
        &suite,
        format!(
            r#"name = "external"
engines = ["py", "java", "crash", "version", "dataflow"]
workloads = ["stateless", "window-count", "nexmark-q7"]
rates = [10000]
duration_s = 0.6
warmup_s = 0.1
windows = 30                  # 20 ms windows: the examples must read `window`

[[external]]
name = "py"
command = ["python3", "{py}"]

[[external]]
name = "java"
command = ["java", "-cp", "{classes}", "Engine"]

[[external]]
name = "crash"
command = ["python3", "{bad}", "crash"]
reply_timeout_s = 5

[[external]]
name = "version"
command = ["python3", "{bad}", "version"]
"#,
            py = script.display(),
            bad = misbehave.display(),
            classes = java_example("suite").display(),
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let run = streambench()
        .args(["run", "--quiet", "--suite"])
        .arg(&suite)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert_eq!(results.runs.len(), 5 * 3);
    for r in &results.runs {
        let (id, reason) = (r.id(), r.outcome.reason().unwrap_or_default());
        match (r.key.engine.as_str(), r.key.workload.as_str()) {
            ("py" | "java" | "dataflow", _) => {
                let f = r.figures().unwrap_or_else(|| panic!("{id}: {reason}"));
                assert_eq!(f.correctness.verdict, reports::Verdict::Pass, "{id}");
                assert!(f.latency_ns.p50 > 0, "{id}");
            }
            ("crash", "window-count" | "nexmark-q7") => {
                // It declares only `stateless`.
                assert_eq!(
                    reason,
                    "crash does not declare workload `window-count`"
                        .replace("window-count", &r.key.workload)
                );
            }
            ("crash", _) => {
                assert_eq!(r.outcome.as_str(), "failed", "{id}");
                assert!(reason.contains("giving up on purpose"), "{id}: {reason}");
            }
            ("version", _) => {
                assert_eq!(r.outcome.as_str(), "failed", "{id}");
                assert!(
                    reason.contains("speaks protocol version 9; streambench speaks 1"),
                    "{id}: {reason}"
                );
            }
            _ => unreachable!("{id}"),
        }
    }
}
