//! `streambench workloads` and `streambench dump` as a user meets them, and the load-shape
//! flags of `run`.

mod common;
use common::{rejects, streambench};

fn stdout(args: &[&str]) -> String {
    let out = streambench().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn workloads_lists_every_catalog_entry_with_its_plan() {
    let text = stdout(&["workloads"]);
    for e in workloads::catalog::ENTRIES {
        assert!(text.contains(e.name), "{} missing", e.name);
        assert!(
            text.contains(&e.plan_description()),
            "{} plan missing",
            e.name
        );
    }
    assert!(text.contains("campaigns") && text.contains("shape"));
}

#[test]
fn dump_writes_n_json_events_with_their_fields() {
    let text = stdout(&[
        "dump",
        "--workload",
        "window-count",
        "--events",
        "25",
        "--rate",
        "1000",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 25);
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["kind"], "event");
        // 1000 events/s, evenly spaced: event i is due at i ms.
        assert_eq!(v["scheduled"].as_u64(), Some(i as u64 * 1_000_000));
        assert!(v["time"].as_u64().unwrap() <= v["scheduled"].as_u64().unwrap());
        assert!(v["key"].as_u64().unwrap() < 10_000);
        assert!((0..=1000).contains(&v["value"].as_i64().unwrap()));
        assert_eq!(v["payload"], "");
    }
    // The same seed gives the same events; another seed others.
    assert_eq!(
        text,
        stdout(&[
            "dump",
            "--workload",
            "window-count",
            "--events",
            "25",
            "--rate",
            "1000"
        ])
    );
    assert_ne!(
        text,
        stdout(&[
            "dump",
            "--workload",
            "window-count",
            "--events",
            "25",
            "--rate",
            "1000",
            "--seed",
            "9"
        ])
    );
}

#[test]
fn dump_outputs_follow_the_events() {
    let text = stdout(&[
        "dump",
        "--workload",
        "stateless",
        "--events",
        "40",
        "--outputs",
    ]);
    let v: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let events: Vec<&serde_json::Value> = v.iter().filter(|r| r["kind"] == "event").collect();
    let outputs: Vec<&serde_json::Value> = v.iter().filter(|r| r["kind"] == "output").collect();
    assert_eq!(events.len(), 40);
    assert!(v[..40].iter().all(|r| r["kind"] == "event"));
    // stateless keeps even values and maps them to value * 3 + 1, caused by the event itself.
    let expected: Vec<(i64, u64)> = events
        .iter()
        .filter(|e| e["value"].as_i64().unwrap() % 2 == 0)
        .map(|e| {
            (
                e["value"].as_i64().unwrap() * 3 + 1,
                e["scheduled"].as_u64().unwrap(),
            )
        })
        .collect();
    let got: Vec<(i64, u64)> = outputs
        .iter()
        .map(|o| (o["value"].as_i64().unwrap(), o["cause"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn dump_csv_has_a_header_and_ysb_fields() {
    let text = stdout(&[
        "dump",
        "--workload",
        "ysb",
        "--events",
        "30",
        "--format",
        "csv",
    ]);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[..5], ["kind", "scheduled", "time", "key", "value"]);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 30);
    for r in &rows {
        assert_eq!(r.len(), header.len());
        assert!(["view", "click", "purchase"].contains(&r[col("event_type")]));
        assert_eq!(r[col("ad")], r[col("key")]);
        assert_eq!(r[col("ip")].split('.').count(), 4);
    }
}

#[test]
fn dump_of_zero_events_prints_nothing() {
    assert_eq!(
        stdout(&["dump", "--workload", "join", "--events", "0", "--outputs"]),
        ""
    );
}

#[test]
fn dump_and_run_reject_bad_input_in_one_line() {
    let err = rejects(&["dump", "--workload", "nope"]);
    assert!(
        err.contains("--workload") && err.contains("unknown workload `nope`"),
        "{err}"
    );
    rejects(&["dump", "--workload", "stateless", "--format", "xml"]);
    rejects(&["dump", "--workload", "stateless", "--events", "-1"]);
    assert!(rejects(&["dump", "--workload", "stateless", "--rate", "0"]).contains("--rate"));
    assert!(
        rejects(&["dump", "--workload", "ysb", "--shape", "sine:amplitude=3"]).contains("--shape")
    );
    let err = rejects(&["run", "--shape", "wobble"]);
    assert!(
        err.contains("--shape") && err.contains("unknown kind `wobble`"),
        "{err}"
    );
    assert!(rejects(&["run", "--arrivals", "bursty"]).contains("--arrivals"));
}

#[test]
fn dump_follows_the_shape() {
    // A square wave 0.5x / 1.5x of 1000/s with a 2 s period: 500 events in the first second,
    // at 2 ms spacing, then 1.5 events per ms.
    let text = stdout(&[
        "dump",
        "--workload",
        "stateless",
        "--events",
        "600",
        "--rate",
        "1000",
        "--shape",
        "square:period=2",
    ]);
    let t: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["scheduled"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        (t[1], t[499], t[500], t[503]),
        (2_000_000, 998_000_000, 1_000_000_000, 1_002_000_000)
    );
}

#[test]
fn dump_outputs_carry_their_payload() {
    // q3's rows are [name, city, state, auction]: the state one q3 selects, the auction the
    // result's value.
    let text = stdout(&[
        "dump",
        "--workload",
        "nexmark-q3",
        "--events",
        "20000",
        "--outputs",
    ]);
    let outputs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["kind"] == "output")
        .collect();
    assert!(!outputs.is_empty());
    for o in &outputs {
        let row: serde_json::Value = serde_json::from_str(o["payload"].as_str().unwrap()).unwrap();
        assert!(row[0].is_string() && row[1].is_string(), "{row}");
        assert!(
            ["OR", "ID", "CA"].contains(&row[2].as_str().unwrap()),
            "{row}"
        );
        assert_eq!(row[3], o["value"]);
    }
    // q7's payload is the winning bid itself.
    let text = stdout(&[
        "dump",
        "--workload",
        "nexmark-q7",
        "--events",
        "2000",
        "--outputs",
    ]);
    let o: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["kind"] == "output")
        .unwrap();
    let bid: serde_json::Value = serde_json::from_str(o["payload"].as_str().unwrap()).unwrap();
    assert_eq!(bid["Bid"]["price"], o["value"]);
}
