//! `dump` streams: the first line of an endless dump arrives at once and a closed pipe ends
//! it cleanly; an impossible `--events` is bad input.

use super::common::{rejects, streambench};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Starts a dump of 10^8 events (far more than the test waits for), reads its first line,
/// closes the pipe, and returns the line and the exit code.
fn first_line_then_close(args: &[&str]) -> (String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_streambench-cli"))
        .args(["dump", "--events", "100000000"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // The reader is dropped: the pipe is closed, as `| head -1` does.
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.is_empty(), "{args:?}: stderr {err}");
    (line, status.code())
}

#[test]
fn a_huge_dump_prints_its_first_line_and_stops_on_a_closed_pipe() {
    for args in [
        &["--workload", "stateless"][..],
        &["--workload", "stateless", "--format", "csv"],
        &["--workload", "ysb"],
        &["--workload", "nexmark-q1"],
    ] {
        let (line, code) = first_line_then_close(args);
        assert!(
            line.starts_with("{\"kind\":\"event\"") || line.starts_with("kind,"),
            "{args:?}: {line}"
        );
        assert_eq!(code, Some(0), "{args:?}");
    }
}

#[test]
fn dumped_events_are_the_generated_stream_whatever_the_chunking() {
    // Streaming must not change a byte: the events come first, unchanged by --outputs.
    let five = streambench()
        .args(["dump", "--workload", "window-count", "--events", "5"])
        .output()
        .unwrap();
    let with_outputs = streambench()
        .args([
            "dump",
            "--workload",
            "window-count",
            "--events",
            "5",
            "--outputs",
        ])
        .output()
        .unwrap();
    let five = String::from_utf8(five.stdout).unwrap();
    let with_outputs = String::from_utf8(with_outputs.stdout).unwrap();
    assert_eq!(five.lines().count(), 5);
    assert!(with_outputs.starts_with(&five), "{with_outputs}");
    assert!(with_outputs
        .lines()
        .skip(5)
        .all(|l| l.contains("\"output\"")));
}

#[test]
fn an_impossible_event_count_is_bad_input() {
    let err = rejects(&[
        "dump",
        "--workload",
        "stateless",
        "--events",
        "18446744073709551615",
    ]);
    assert!(err.contains("--events"), "{err}");
    let err = rejects(&[
        "dump",
        "--workload",
        "nexmark",
        "--events",
        "18446744073709551615",
    ]);
    assert!(err.contains("--events"), "{err}");
    // The reference needs the whole stream: 10^11 events cannot be evaluated on any machine
    // the suite runs on, and are refused before a line is written.
    let out = streambench()
        .args(["dump", "--workload", "stateless", "--outputs"])
        .args(["--events", "100000000000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--events") && err.contains("need about"),
        "{err}"
    );
}
