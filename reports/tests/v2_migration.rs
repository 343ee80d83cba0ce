//! A results file written by schema v2 (kept in `tests/data`, as streambench wrote it) is
//! read by this version: key, parameters and outcome come from the flat v2 record, and the
//! failed run's zeros do not become figures.

use reports::{Outcome, Results, SCHEMA_VERSION};

const V2: &str = include_str!("data/v2-results.json");

#[test]
fn v2_file_is_migrated_on_load() {
    let results = Results::from_json(V2, "v2-results.json").unwrap();
    assert_eq!(results.schema_version, SCHEMA_VERSION);
    assert_eq!(results.runs.len(), 2);
    let ok = &results.runs[0];
    assert_eq!(ok.key.engine, "dataflow");
    assert_eq!(ok.key.workload, "tumbling-count");
    assert_eq!((ok.key.workers, ok.key.processes), (2, 1));
    assert_eq!(ok.params.seed, 42);
    let f = ok.figures().expect("an ok v2 run keeps its figures");
    assert_eq!(f.events.input, 1_000_000);
    assert_eq!(f.latency_ns.p99, 400_000);
    assert!(f.latency_histogram.is_some());
    let failed = &results.runs[1];
    assert!(failed.figures().is_none(), "{:?}", failed.outcome);
    match &failed.outcome {
        Outcome::Failed { reason } => assert!(reason.starts_with("engine panicked")),
        other => panic!("{other:?}"),
    }
    assert_eq!(results.sustain.len(), 1);
    assert!(results.sustain[0]
        .probes
        .iter()
        .all(|p| p.measured.is_some()));
    // Every report renders from it.
    reports::render_html(&results).unwrap();
    // Saved again, it is a v3 file that reads back the same.
    let again =
        Results::from_json(&serde_json::to_string(&results).unwrap(), "again.json").unwrap();
    assert_eq!(again, results);
}

#[test]
fn a_broken_v2_file_names_the_run_and_key() {
    let broken = V2.replacen("\"workload\"", "\"workload_gone\"", 1);
    let err = Results::from_json(&broken, "v2.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("v2.json") && err.contains("runs[0]"), "{err}");
    assert!(err.contains("`workload`"), "{err}");
}

#[test]
fn other_versions_are_refused_with_the_versions_read() {
    let v9 = V2.replacen("\"schema_version\": 2", "\"schema_version\": 9", 1);
    let err = Results::from_json(&v9, "v9.json").unwrap_err().to_string();
    assert!(
        err.contains("schema_version 9") && err.contains("and 2"),
        "{err}"
    );
}
