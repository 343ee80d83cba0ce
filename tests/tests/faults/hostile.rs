//! Hostile peers of a multi-process run: strangers on the coordinator's port (idle, garbage,
//! endless bytes, no token) delay nobody and are turned away; a failed run keeps the healthy
//! members for the next; a member that loses its coordinator or hears garbage exits 2 with
//! the reason.

use super::common::tempdir;
use reports::Results;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

/// A suite of multi-process runs on the given engines, `repetitions` runs of each, of
/// `duration` seconds.
fn suite(dir: &Path, engines: &str, duration: f64, repetitions: u32) -> PathBuf {
    let path = dir.join("suite.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"hostile\"\nengines = [{engines}]\nworkloads = [\"stateless\"]\n\
             rates = [20000]\nduration_s = {duration}\nwarmup_s = 0.1\ntimeout_s = 5\n\
             repetitions = {repetitions}\nsnapshot_cost = false\n"
        ),
    )
    .unwrap();
    path
}

/// A coordinator for two members started by hand, its stderr lines, and its port.
fn coordinator(dir: &Path, suite: PathBuf) -> (Child, mpsc::Receiver<String>, String) {
    let ports = engines::conformance::free_addresses(3).unwrap();
    let hosts = dir.join("hosts.txt");
    std::fs::write(&hosts, format!("{}\n{}\n", ports[0], ports[1])).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "-q", "--listen", &ports[2], "--hosts"])
        .arg(&hosts)
        .arg("--suite")
        .arg(suite)
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
    (child, rx, ports[2].clone())
}

/// The token in the coordinator's member command.
fn token(lines: &mpsc::Receiver<String>, seen: &mut Vec<String>) -> String {
    loop {
        let line = lines
            .recv()
            .expect("the coordinator prints the member command");
        seen.push(line.clone());
        if let Some((_, t)) = line.split_once("--token ") {
            return t.trim_end_matches('`').to_string();
        }
    }
}

fn member(port: &str, process: usize, token: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["member", "--coordinator", port, "--process"])
        .arg(process.to_string())
        .args(["--token", token])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn strangers_on_the_coordinators_port_delay_nobody_and_are_turned_away() {
    let dir = tempdir("faults", "strangers");
    let (coord, lines, port) = coordinator(&dir, suite(&dir, "\"timely\"", 0.4, 1));
    let mut seen = Vec::new();
    let token = token(&lines, &mut seen);
    // Connected first, silent for the whole run.
    let _idle = TcpStream::connect(&port).unwrap();
    let mut garbage = TcpStream::connect(&port).unwrap();
    garbage.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut stranger = TcpStream::connect(&port).unwrap();
    let hello = "{\"Hello\":{\"version\":3,\"process\":0,\"token\":\"guess\"}}\n";
    stranger.write_all(hello.as_bytes()).unwrap();
    let mut endless = TcpStream::connect(&port).unwrap();
    let _ = endless.write_all(&vec![b'x'; 1 << 20]);
    // A member with a wrong token is told why, and exits 2 saying so.
    let wrong = member(&port, 1, "wrong").wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(2), "{said}");
    assert!(
        said.contains("refused: member process 1 without this suite's token"),
        "{said}"
    );
    let members: Vec<Child> = (0..2).map(|i| member(&port, i, &token)).collect();
    let out = coord.wait_with_output().unwrap();
    seen.extend(lines.try_iter());
    assert!(out.status.success(), "{seen:?}");
    for m in members {
        assert!(m.wait_with_output().unwrap().status.success());
    }
    let ignored = |what: &str| {
        seen.iter()
            .any(|l| l.contains("ignored a connection") && l.contains(what))
    };
    assert!(
        ignored("not a member's hello: \"GET / HTTP/1.0\""),
        "{seen:?}"
    );
    assert!(
        ignored("member process 0 without this suite's token"),
        "{seen:?}"
    );
    assert!(ignored("a message longer than 4096 bytes"), "{seen:?}");
    let r = Results::load(dir.join("out/results.json")).unwrap();
    assert_eq!(r.runs.len(), 1);
    assert_eq!(r.runs[0].outcome.as_str(), "ok", "{:?}", r.runs[0].outcome);
}

#[test]
fn a_failed_run_keeps_the_healthy_members_for_the_next() {
    let dir = tempdir("faults", "keep");
    let (coord, lines, port) = coordinator(&dir, suite(&dir, "\"mock-panic\", \"timely\"", 0.4, 1));
    let mut seen = Vec::new();
    let token = token(&lines, &mut seen);
    let members: Vec<Child> = (0..2).map(|i| member(&port, i, &token)).collect();
    let out = coord.wait_with_output().unwrap();
    seen.extend(lines.try_iter());
    assert!(out.status.success(), "{seen:?}");
    // Asked for members once only: the same two served both runs, and left at the end.
    assert_eq!(
        seen.iter().filter(|l| l.contains("--token")).count(),
        1,
        "{seen:?}"
    );
    for m in members {
        assert!(m.wait_with_output().unwrap().status.success());
    }
    let r = Results::load(dir.join("out/results.json")).unwrap();
    let outcome = |e: &str| {
        r.runs
            .iter()
            .find(|x| x.key.engine == e)
            .unwrap()
            .outcome
            .as_str()
    };
    assert_eq!(outcome("mock-panic"), "failed");
    assert_eq!(outcome("timely"), "ok");
}

/// A member of a fake coordinator that reads the hello, then does `then`; its exit code
/// and stderr.
fn member_of(then: impl FnOnce(TcpStream) + Send + 'static) -> (Option<i32>, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let (s, _) = listener.accept().unwrap();
        let mut hello = String::new();
        BufReader::new(s.try_clone().unwrap())
            .read_line(&mut hello)
            .unwrap();
        then(s);
    });
    let out = member(&port, 0, "t").wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_member_that_hears_garbage_or_loses_its_coordinator_exits_2_saying_so() {
    let (code, err) = member_of(|mut s| {
        s.write_all(b"garbage\n").unwrap();
        let _ = s.read(&mut [0; 1]);
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("expected") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    let (code, err) = member_of(drop);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("connection closed"), "{err}");
    let (code, err) = member_of(|mut s| {
        let _ = s.write_all(&vec![b'x'; 80 << 20]);
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("longer than"), "{err}");
}

/// The pid of member process `i` that `parent` started, once it runs.
fn member_pid(parent: u32, i: usize) -> Option<u32> {
    let wanted = format!("\0--process\0{i}\0");
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        let ppid: u32 = stat.rsplit_once(") ")?.1.split(' ').nth(1)?.parse().ok()?;
        let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
        let cmd = String::from_utf8_lossy(&cmd);
        (ppid == parent && cmd.contains("\0member\0") && cmd.contains(&wanted)).then_some(pid)
    })
}

#[test]
fn a_killed_member_is_named_and_later_runs_are_unaffected() {
    let dir = tempdir("faults", "killed");
    let path = dir.join("suite.toml");
    std::fs::write(
        &path,
        "name = \"killed\"\nengines = [\"timely\"]\nworkloads = [\"stateless\"]\n\
         rates = [20000]\nduration_s = 1.5\nwarmup_s = 0.1\ntimeout_s = 6\nrepetitions = 2\n\
         snapshot_cost = false\n",
    )
    .unwrap();
    let coord = Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["run", "-q", "--processes", "2", "--suite"])
        .arg(&path)
        .arg("--out")
        .arg(dir.join("out"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let pid = loop {
        if let Some(pid) = member_pid(coord.id(), 1) {
            break pid;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "member 1 never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // Into its run, then killed.
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = coord.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = Results::load(dir.join("out/results.json")).unwrap();
    assert_eq!(r.runs.len(), 2);
    let first = &r.runs[0].outcome;
    let reason = first.reason().unwrap_or_default().to_string();
    assert!(reason.starts_with("process 1 died (signal: 9"), "{first:?}");
    assert_eq!(r.runs[1].outcome.as_str(), "ok", "{:?}", r.runs[1].outcome);
}

#[test]
fn a_member_killed_on_another_host_is_named_and_only_it_is_asked_for_again() {
    let dir = tempdir("faults", "remote-killed");
    // Two runs, long enough to kill a member in the first.
    let (coord, lines, port) = coordinator(&dir, suite(&dir, "\"timely\"", 1.5, 2));
    let mut seen = Vec::new();
    let first = token(&lines, &mut seen);
    let members: Vec<Child> = (0..2).map(|i| member(&port, i, &first)).collect();
    let mut members = members.into_iter();
    let (zero, mut one) = (members.next().unwrap(), members.next().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(300));
    one.kill().unwrap();
    let _ = one.wait();
    // The coordinator asks again, for process 1 only.
    let again = token(&lines, &mut seen);
    assert!(
        seen.last().unwrap().contains("member processes 1 at"),
        "{seen:?}"
    );
    let one = member(&port, 1, &again);
    let out = coord.wait_with_output().unwrap();
    seen.extend(lines.try_iter());
    assert!(out.status.success(), "{seen:?}");
    assert!(zero.wait_with_output().unwrap().status.success());
    assert!(one.wait_with_output().unwrap().status.success());
    let r = Results::load(dir.join("out/results.json")).unwrap();
    let reasons: Vec<String> = r.runs.iter().map(|x| format!("{:?}", x.outcome)).collect();
    let failed = r.runs.iter().find(|x| x.outcome.as_str() != "ok").unwrap();
    let reason = failed.outcome.reason().unwrap_or_default();
    assert!(reason.starts_with("process 1 was lost"), "{reasons:?}");
    assert_eq!(r.runs.len(), 2);
    assert_eq!(
        r.runs.iter().filter(|x| x.outcome.as_str() == "ok").count(),
        1,
        "{reasons:?}"
    );
}
