//! The sustainable-throughput search (`streambench sustain`): it finds a known capacity,
//! probes its ceiling before answering with it, keeps every probe, and refuses bad input.

mod common;
use common::{streambench, tempdir};

use reports::Results;

#[test]
fn sustain_finds_the_capacity_of_an_engine_with_a_known_cost() {
    let dir = tempdir("measure", "sustain");
    let out = dir.join("out");
    streambench()
        .args([
            "sustain",
            "--engine",
            "mock-slow",
            "--workload",
            "window-count",
            "--duration",
            "0.6",
        ])
        .args([
            "--warmup",
            "0.1",
            // Generous: eight test processes share the machine's cores.
            "--slo-ms",
            "250",
            "--min-rate",
            "5000",
            "--max-probes",
            "8",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let r = Results::load(out.join("results.json")).unwrap();
    assert_eq!(r.sustain.len(), 1);
    let s = &r.sustain[0];
    // 20 µs per event: about 50 k events/s at most, less with the harness's own overhead.
    let rate = s.sustainable_rate.expect("a sustained rate");
    assert!((5_000.0..=60_000.0).contains(&rate), "{rate}");
    assert!(
        s.probes.iter().any(|p| !p.sustained),
        "the search must find a failing rate"
    );
    // The bracket it ended with: the lowest failed rate above the highest sustained one.
    let failed = s.lowest_failed_rate.expect("a failed rate");
    assert!(failed > rate && !s.ceiling_reached, "{rate} {failed}");
    assert!(s.probes.len() >= 3);
    for p in &s.probes {
        let run = r
            .runs
            .iter()
            .find(|x| x.id() == p.run_id)
            .expect("every probe's run is kept");
        assert_eq!(run.key.offered_rate, p.offered_rate);
        assert!(!run.figures().expect("figures").timeseries.is_empty());
    }
}

#[test]
fn sustain_probes_its_ceiling_before_giving_it_as_the_answer() {
    let dir = tempdir("measure", "ceiling");
    let out = dir.join("out");
    let assert = streambench()
        .args([
            "sustain",
            "--engine",
            "mock-slow",
            "--workload",
            "window-count",
        ])
        // A loose objective: other test processes share the cores, and this test is about
        // which rates are probed, not where the capacity lies.
        .args(["--duration", "0.6", "--warmup", "0.1", "--slo-ms", "1000"])
        .args(["--min-rate", "2000", "--max-rate", "5000", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let r = Results::load(out.join("results.json")).unwrap();
    let rates: Vec<f64> = r.sustain[0].probes.iter().map(|p| p.offered_rate).collect();
    // 2000, 4000, then the ceiling itself (doubling would pass it).
    assert_eq!(rates[..3], [2000.0, 4000.0, 5000.0], "{rates:?}");
    let ceiling = &r.sustain[0].probes[2];
    if ceiling.sustained {
        assert_eq!(rates.len(), 3, "{rates:?}");
        assert_eq!(r.sustain[0].sustainable_rate, Some(5000.0));
        assert_eq!(r.sustain[0].lowest_failed_rate, None);
        assert!(r.sustain[0].ceiling_reached);
        assert!(
            stdout.contains(">= 5000 events/s (ceiling reached"),
            "{stdout}"
        );
    } else {
        // A machine loaded by other tests can fail the probe at 5000 (10 % of mock-slow's
        // capacity): then the ceiling is not the answer, and the search goes on below it.
        assert!(!r.sustain[0].ceiling_reached, "{rates:?}");
        assert_eq!(r.sustain[0].lowest_failed_rate, Some(5000.0));
        assert!(r.sustain[0].sustainable_rate.is_some_and(|x| x < 5000.0));
    }
}

#[test]
fn sustain_rejects_bad_input() {
    for args in [
        vec!["sustain", "--engine", "nope", "--workload", "window-count"],
        vec![
            "sustain",
            "--engine",
            "event-driven",
            "--workload",
            "window-count",
            "--slo-ms",
            "0",
        ],
        vec![
            "sustain",
            "--engine",
            "event-driven",
            "--workload",
            "window-count",
            "--min-rate",
            "0",
        ],
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

#[test]
fn sustain_refuses_a_workload_the_engine_does_not_declare() {
    // `mock-named` declares only `stateless` by name, as `flink` declares no `ysb`: a search
    // on `window-count` would skip every probe, so it is refused before one runs.
    let err = common::rejects(&[
        "sustain",
        "--engine",
        "mock-named",
        "--workload",
        "window-count",
    ]);
    assert!(
        err.contains(
            "--workload window-count: mock-named does not declare workload `window-count`"
        ),
        "{err}"
    );
}
