//! The command line as a user meets it: output, files written, and bad input answered with one
//! line and exit code 2.

mod common;
use common::{rejects, streambench, tempdir};

#[test]
fn list_names_engines_and_workloads() {
    let out = streambench().arg("list").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "event-driven",
        "stateless",
        "window-count",
        "join",
        "session-max",
        "sliding-avg",
        "nexmark-q0",
        "nexmark-q11",
    ] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
}

#[test]
fn unknown_names_are_rejected_with_a_suggestion() {
    let err = rejects(&["run", "--engines", "event-drivn"]);
    assert!(
        err.contains("--engines") && err.contains("did you mean `event-driven`"),
        "{err}"
    );
    let err = rejects(&["run", "--workloads", "nope"]);
    assert!(
        err.contains("--workloads") && err.contains("unknown workload `nope`"),
        "{err}"
    );
}

#[test]
fn impossible_numbers_are_rejected() {
    for rate in ["0", "-5", "NaN"] {
        let err = rejects(&["run", "--rate", rate]);
        assert!(err.contains("--rate"), "{err}");
    }
    assert!(rejects(&["run", "--workers", "0"]).contains("--workers"));
    assert!(rejects(&["run", "--duration", "0"]).contains("--duration"));
    assert!(rejects(&["run", "--duration", "0.2"]).contains("--warmup"));
    rejects(&["run", "--rate", "fast"]);
    rejects(&["run", "--no-such-flag"]);
}

#[test]
fn unwritable_out_is_rejected_before_running() {
    let dir = tempdir("cli", "unwritable");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = rejects(&["run", "--out", file.join("sub").to_str().unwrap()]);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn bad_suite_files_name_file_line_and_key() {
    let dir = tempdir("cli", "suites");
    let path = dir.join("bad.toml");
    let p = path.to_str().unwrap();
    std::fs::write(
        &path,
        "name = \"x\"\nworkloads = [\"stateless\"]\nrates = [1000]\nduration_s = 1\ncolour = 3\n",
    )
    .unwrap();
    let err = rejects(&["run", "--suite", p]);
    assert!(
        err.contains("bad.toml:5") && err.contains("colour"),
        "{err}"
    );
    std::fs::write(
        &path,
        "name = \"x\"\nworkloads = [\"stateless\"]\nrates = [1000]\nduration_s = -1\n",
    )
    .unwrap();
    let err = rejects(&["run", "--suite", p]);
    assert!(err.contains("bad.toml:4: key `duration_s`"), "{err}");
    std::fs::write(&path, "name = \"x\"\nworkloads = [\n").unwrap();
    assert!(rejects(&["run", "--suite", p]).contains("bad.toml:"));
    assert!(rejects(&["run", "--suite", "/no/such/suite.toml"]).contains("/no/such/suite.toml"));
    let base = "name = \"x\"\nworkloads = [\"stateless\"]\nrates = [1000]\nduration_s = 1\n";
    for (line, key) in [
        ("keys = 0", "keys"),
        ("keys = [10, 0]", "keys"),
        ("late_fraction = 2", "late_fraction"),
        ("timeout_s = 0", "timeout_s"),
        ("interval_s = 0", "interval_s"),
        ("slo_ms = -1", "slo_ms"),
        ("distribution = \"pareto\"", "distribution"),
        ("repetitions = 0", "repetitions"),
        ("engines = [\"datafow\"]", "engines"),
    ] {
        std::fs::write(&path, format!("{base}{line}\n")).unwrap();
        let err = rejects(&["run", "--suite", p]);
        assert!(
            err.contains(&format!("bad.toml:5: key `{key}`")),
            "{line}: {err}"
        );
    }
    assert!(rejects(&["run", "--resume", "/no/such/dir"]).contains("--resume"));
}

#[test]
fn a_short_run_writes_results_and_report() {
    let dir = tempdir("cli", "run");
    let out = dir.join("out");
    let assert = streambench()
        .args([
            "run",
            "--duration",
            "0.4",
            "--warmup",
            "0.1",
            "--rate",
            "20000",
            "--out",
        ])
        .arg(&out)
        // The linked engines only: Flink's part of the default suite is in tests/flink.rs.
        .env("STREAMBENCH_FLINK_HOME", dir.join("no-flink"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("event-driven") && stdout.contains("pass"),
        "{stdout}"
    );
    let results = reports::Results::load(out.join("results.json")).unwrap();
    // The default suite: two synthetic workloads, four Nexmark queries, which generate half
    // the duration's events (`NEXMARK_DURATION_SHARE`), and YSB.
    assert_eq!(results.runs.len(), 7 * engines::ENGINES.len());
    assert!(results.runs.iter().any(|r| r.key.workload == "ysb"));
    let mut timed = 0;
    for r in &results.runs {
        let id = r.id();
        let engine = engines::registry::find(&r.key.engine).expect("a registered engine");
        let workload = workloads::catalog::find(&r.key.workload).expect("a catalog workload");
        let plan = workload.plan();
        // An engine declaring a subset of the operators is skipped where its declaration
        // excludes the plan, with the reason; every other run must pass.
        if let Err(why) = engine.capabilities.supports(&plan) {
            let reason = format!("{} {why}", engine.name);
            assert_eq!(r.outcome.reason(), Some(reason.as_str()), "{id}");
            continue;
        }
        let f = r
            .figures()
            .unwrap_or_else(|| panic!("{id}: {:?}", r.outcome));
        assert_eq!(f.correctness.verdict, reports::Verdict::Pass, "{id}");
        let events = if r.key.workload.starts_with("nexmark-") {
            4000
        } else {
            8000
        };
        assert_eq!(f.events.input, events, "{id}");
        assert!(
            // A quarter of the offered rate: the machine may be busy with other tests.
            f.throughput.input_eps > 5_000.0,
            "{id}: {:?} {:?}",
            f.throughput,
            f.latency_ns.count
        );
        // The default suite closes 100 windows per run: in 0.2 s of Nexmark at 20 k/s
        // q8's 2 ms windows join 3 people to their auctions, none after warm-up. A run
        // without latency samples is then checked by its verdict alone.
        assert!(
            f.latency_ns.count == 0 || f.latency_ns.p50 > 0,
            "{id}: {:?}",
            f.latency_ns
        );
        timed += usize::from(f.latency_ns.count > 0);
    }
    assert!(timed >= 25, "only {timed} runs have latency samples");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("window-count"));
    assert!(stdout.contains(&out.join("report.html").display().to_string()));
}

#[test]
fn a_capacity_suite_searches_then_runs_at_half_the_slowest_capacity() {
    let dir = tempdir("cli", "capacity");
    let suite = dir.join("capacity.toml");
    std::fs::write(
        &suite,
        "name = \"capacity\"\nengines = [\"event-driven\", \"dataflow\"]\n\
         workloads = [\"window-count\"]\ncapacity = true\nload = 0.5\nprobe_s = 0.5\n\
         min_rate = 5000\nmax_rate = 20000\nrates = [1000]\nduration_s = 0.3\nwarmup_s = 0.05\n",
    )
    .unwrap();
    let out = dir.join("out");
    let assert = streambench()
        .args(["run", "--suite", suite.to_str().unwrap(), "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert_eq!(results.sustain.len(), 2, "{stdout}");
    let slowest = results
        .sustain
        .iter()
        .filter_map(|s| s.sustainable_rate)
        .fold(f64::INFINITY, f64::min);
    // On a loaded machine an engine may fail even the first probe; one must find a rate.
    assert!(slowest.is_finite(), "{stdout}");
    let plain: Vec<_> = results
        .runs
        .iter()
        .filter(|r| r.key.probe_of.is_none())
        .collect();
    assert_eq!(plain.len(), 2);
    for r in plain {
        // Half the slowest capacity, rounded down to two digits.
        assert!(
            r.key.offered_rate <= slowest / 2.0 && r.key.offered_rate > slowest / 2.0 * 0.9,
            "{} at {}",
            r.id(),
            r.key.offered_rate
        );
    }
    // The verdict names the highest capacity, from the figures.
    assert!(
        stdout.contains("window-count: ") && stdout.contains("highest capacity"),
        "{stdout}"
    );
}

#[test]
fn a_capacity_suite_skips_an_engine_on_a_workload_it_does_not_declare() {
    // `mock-named` runs any plan but declares only `stateless` by name (as `flink` declares
    // no `ysb`): it is not searched on `window-count`, and its run there is skipped.
    let dir = tempdir("cli", "capacity-undeclared");
    let suite = dir.join("capacity.toml");
    std::fs::write(
        &suite,
        "name = \"capacity\"\nengines = [\"mock-named\", \"event-driven\"]\n\
         workloads = [\"window-count\"]\ncapacity = true\nprobe_s = 0.3\n\
         min_rate = 5000\nmax_rate = 20000\nrates = [1000]\nduration_s = 0.3\nwarmup_s = 0.05\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = streambench()
        .args(["run", "--suite", suite.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("capacity: mock-named on window-count: skipped: mock-named does not declare workload `window-count`"),
        "{stderr}"
    );
    let results = reports::Results::load(out.join("results.json")).unwrap();
    assert!(results.sustain.iter().all(|s| s.engine == "event-driven"));
    let named: Vec<_> = results
        .runs
        .iter()
        .filter(|r| r.key.engine == "mock-named")
        .collect();
    assert_eq!(named.len(), 1, "no probe of it: {:?}", named.len());
    assert_eq!(named[0].outcome.as_str(), "skipped");
    assert_eq!(
        named[0].outcome.reason(),
        Some("mock-named does not declare workload `window-count`")
    );
}
