//! The prediction table's text, checked line by line on a known pair.

use super::{console_table, markdown};
use crate::schema::Simulated;
use crate::testing::{sample_results, sample_run};

fn pair(scale_input: f64) -> crate::Results {
    let mut results = sample_results();
    let mut measured = sample_run("timely", "tumbling-count", 1, 1.0);
    measured.key.processes = 2;
    let mut predicted = measured.clone();
    predicted.params.simulated = Some(Box::new(Simulated {
        partitioning: "consistent".into(),
        ..Simulated::default()
    }));
    let f = predicted.figures_mut().unwrap();
    f.throughput.input_eps *= scale_input;
    f.latency_ns.p50 *= 2;
    results.runs.extend([measured, predicted]);
    results
}

#[test]
fn every_pair_is_a_row_with_its_errors_and_misses_marked() {
    let results = pair(0.9);
    let md = markdown(&results).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| timely (2p) |"))
        .unwrap();
    // Input 10 % low: a hit; p50 doubled: a miss, marked.
    assert!(row.contains("| -10 % |"), "{row}");
    assert!(row.contains("| +100 % ✗ |"), "{row}");
    assert!(md.contains("## Highest input throughput over the rates"));
    assert!(
        md.contains("2 processes, input: 1 of 1 within 25 %"),
        "{md}"
    );
    assert!(
        md.contains("2 processes, p50: 0 of 1 within 25 % (worst 100 %"),
        "{md}"
    );
    let text = console_table(&results).unwrap();
    assert!(text.starts_with("predicted against measured"), "{text}");
    assert!(text.contains("+100 % ✗"), "{text}");
    assert!(markdown(&sample_results()).is_none());
}
