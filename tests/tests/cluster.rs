//! Multi-process runs from the command line: timely and renoir as two processes on this host (started
//! by streambench, or by hand with `streambench member` and a hosts file, as across
//! machines), merged into runs whose results check out; failing members; bad flags.

mod common;
use common::{rejects, streambench, tempdir};

use reports::{Figures, Results, Run, Verdict};
use std::path::{Path, PathBuf};

fn assert_passing_cluster_runs(runs: &[Run], processes: usize) {
    assert!(!runs.is_empty());
    for r in runs {
        let id = r.id();
        let f = figures(r);
        assert_eq!(f.correctness.verdict, Verdict::Pass, "{id}");
        assert_eq!(r.key.processes, processes, "{id}");
        assert!(id.ends_with(&format!("/p{processes}")), "{id}");
        assert!(f.events.input > 0 && f.events.output > 0, "{id}");
        assert!(
            f.latency_ns.count > 0 && f.latency_histogram.is_some(),
            "{id}"
        );
    }
}

fn figures(r: &Run) -> &Figures {
    r.figures()
        .unwrap_or_else(|| panic!("{}: {:?}", r.id(), r.outcome))
}

#[test]
fn timely_and_renoir_as_two_local_processes_pass_and_are_recorded_as_such() {
    let dir = tempdir("cluster", "local");
    let out = dir.join("out");
    streambench()
        .args([
            "run",
            "-q",
            "--engines",
            "timely,renoir,event-driven",
            "--processes",
            "2",
        ])
        .args(["--workloads", "window-count,stateless,nexmark-q5"])
        .args(["--duration", "1", "--rate", "20000", "--out"])
        .arg(&out)
        .assert()
        .success();
    let r = Results::load(out.join("results.json")).unwrap();
    let (cluster, others): (Vec<Run>, Vec<Run>) = r
        .runs
        .into_iter()
        .partition(|r| r.key.engine == "timely" || r.key.engine == "renoir");
    assert_eq!(cluster.len(), 6);
    assert_passing_cluster_runs(&cluster, 2);
    let timely: Vec<Run> = cluster
        .into_iter()
        .filter(|r| r.key.engine == "timely")
        .collect();
    // The stream was split, not duplicated: every event injected once across processes.
    let stateless = timely
        .iter()
        .find(|r| r.key.workload == "stateless")
        .unwrap();
    let reference = others
        .iter()
        .find(|r| r.key.workload == "stateless")
        .unwrap();
    let (stateless, reference) = (figures(stateless), figures(reference));
    assert_eq!(stateless.events.input, reference.events.input);
    assert_eq!(stateless.events.output, reference.events.output);
    // The other engine ran in one process.
    assert!(others
        .iter()
        .all(|r| r.key.processes == 1 && !r.id().contains("/p")));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("timely (2p)") && html.contains("read one clock"));
}

#[test]
fn members_started_by_hand_with_a_hosts_file() {
    let dir = tempdir("cluster", "hosts");
    let ports = engines::conformance::free_addresses(3).unwrap();
    let hosts = dir.join("hosts.txt");
    std::fs::write(
        &hosts,
        format!("# process 0, then 1\n{}\n{}\n", ports[0], ports[1]),
    )
    .unwrap();
    let out = dir.join("out");
    let coordinator = std::process::Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args([
            "run",
            "-q",
            "--engines",
            "timely",
            "--workloads",
            "window-count",
        ])
        .args([
            "--duration",
            "1",
            "--rate",
            "20000",
            "--listen",
            &ports[2],
            "--hosts",
        ])
        .arg(&hosts)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut coordinator = coordinator;
    // The documented command, with the token the coordinator prints, once per process
    // (here on one machine).
    let mut said =
        std::io::BufRead::lines(std::io::BufReader::new(coordinator.stderr.take().unwrap()));
    let token = loop {
        let line = said.next().expect("the member command").unwrap();
        if let Some((_, t)) = line.split_once("--token ") {
            break t.trim_end_matches('`').to_string();
        }
    };
    let members: Vec<_> = (0..2)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
                .args([
                    "member",
                    "--coordinator",
                    &ports[2],
                    "--process",
                    &i.to_string(),
                    "--token",
                    &token,
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    let status = coordinator.wait_with_output().unwrap().status;
    assert!(status.success());
    for mut m in members {
        assert!(
            m.wait().unwrap().success(),
            "members exit when the suite ends"
        );
    }
    let r = Results::load(out.join("results.json")).unwrap();
    assert_passing_cluster_runs(&r.runs, 2);
    // Aligned by ping: the bound is recorded, and on one host it is small.
    let bound = figures(&r.runs[0])
        .clock_error_ns
        .expect("a clock bound across hosts");
    assert!(bound < 1_000_000_000, "{bound}");
}

fn suite(dir: &Path, engines: &str) -> PathBuf {
    let path = dir.join("suite.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"t\"\nengines = [{engines}]\nworkloads = [\"stateless\"]\nrates = [20000]\nduration_s = 0.5\nwarmup_s = 0.1\ntimeout_s = 3\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_failing_or_hanging_member_spoils_only_its_run() {
    let dir = tempdir("cluster", "faults");
    let out = dir.join("out");
    streambench()
        .args(["run", "-q", "--processes", "2", "--suite"])
        .arg(suite(&dir, "\"mock-panic\", \"mock-hang\", \"timely\""))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let r = Results::load(out.join("results.json")).unwrap();
    let run = |e: &str| r.runs.iter().find(|x| x.key.engine == e).unwrap();
    let panicked = run("mock-panic");
    assert_eq!(panicked.outcome.as_str(), "failed");
    assert!(
        panicked
            .outcome
            .reason()
            .unwrap()
            .contains("deliberate panic"),
        "{:?}",
        panicked.outcome
    );
    assert_eq!(run("mock-hang").outcome.as_str(), "timeout");
    assert_passing_cluster_runs(&[run("timely").clone()], 2);
}

#[test]
fn bad_cluster_flags_are_one_line_errors() {
    let dir = tempdir("cluster", "flags");
    let hosts = dir.join("hosts.txt");
    std::fs::write(&hosts, "127.0.0.1:7801\nnot-an-address\n").unwrap();
    let h = hosts.to_str().unwrap();
    assert!(rejects(&["run", "--processes", "0"]).contains("--processes 0"));
    assert!(
        rejects(&["run", "--engines", "dataflow", "--processes", "2"])
            .contains("none of the engines runs as several processes (those that do: timely")
    );
    let e = rejects(&["run", "--engines", "timely", "--hosts", h]);
    assert!(
        e.contains("hosts.txt: line 2: `not-an-address` is not host:port"),
        "{e}"
    );
    std::fs::write(&hosts, "127.0.0.1:7801\n127.0.0.1:7802\n").unwrap();
    let e = rejects(&[
        "run",
        "--engines",
        "timely",
        "--processes",
        "3",
        "--hosts",
        h,
    ]);
    assert!(
        e.contains("--processes 3, but the hosts file lists 2"),
        "{e}"
    );
    let e = rejects(&["run", "--engines", "timely", "--hosts", "/no/such/hosts"]);
    assert!(e.contains("--hosts /no/such/hosts: cannot read"), "{e}");
    let e = rejects(&[
        "run",
        "--engines",
        "timely",
        "--hosts",
        h,
        "--listen",
        "nowhere",
    ]);
    assert!(e.contains("--listen nowhere: cannot listen"), "{e}");
    let e = rejects(&[
        "sustain",
        "--engine",
        "timely",
        "--workload",
        "stateless",
        "--processes",
        "2",
    ]);
    assert!(e.contains("a search runs in one process"), "{e}");
    let e = rejects(&["member", "--coordinator", "nowhere", "--process", "0"]);
    assert!(e.contains("--coordinator nowhere"), "{e}");
}
