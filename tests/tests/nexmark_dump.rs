//! `streambench dump --workload nexmark` writes the raw Nexmark stream exactly as Beam's
//! Java generator does.

mod common;
use common::streambench;

use std::path::PathBuf;

#[test]
fn with_no_option_it_reproduces_the_reference_file_byte_for_byte() {
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/nexmark/beam-default-1gen.jsonl");
    let Ok(expected) = std::fs::read(&reference) else {
        eprintln!(
            "note: {} not found; skipping the byte-for-byte comparison",
            reference.display()
        );
        return;
    };
    let out = streambench()
        .args(["dump", "--workload", "nexmark"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout == expected,
        "dump differs from {}",
        reference.display()
    );
}

#[test]
fn kinds_follow_the_1_3_46_pattern() {
    let out = streambench()
        .args([
            "dump",
            "--workload",
            "nexmark",
            "--events",
            "1000",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1000);
    for (i, l) in lines.iter().enumerate() {
        let want = match i % 50 {
            0 => "person",
            1..=3 => "auction",
            _ => "bid",
        };
        assert_eq!(l["kind"], want, "event {i}");
        assert_eq!(l["n"], i as u64);
        // 10,000 events/s: the timestamp advances 1 ms every 10 events.
        assert_eq!(l["event_ts_ms"], 1_436_918_400_000u64 + i as u64 / 10);
    }
}

#[test]
fn bad_options_for_the_raw_stream_are_rejected() {
    for args in [
        vec!["dump", "--workload", "nexmark", "--outputs"],
        vec!["dump", "--workload", "nexmark", "--shape", "sine"],
        vec!["dump", "--workload", "nexmark", "--rate", "0"],
    ] {
        let out = streambench().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr)
                .trim_end()
                .lines()
                .count(),
            1
        );
    }
}
