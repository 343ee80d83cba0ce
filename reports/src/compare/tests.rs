//! Comparison end to end on sample results with repetitions.

use super::*;
use crate::testing::{sample_results, with_repetitions, MALICIOUS_ENGINE};

#[test]
fn identical_inputs_are_all_no_change() {
    for reps in [1, 3] {
        let results = with_repetitions(&sample_results(), reps);
        let c = compare(&results, &results, 1.0);
        // 10 successful configurations × 6 metrics, and 3 searches.
        assert_eq!(c.rows.len(), 63);
        assert_eq!(c.rows.iter().filter(|r| r.search).count(), 3);
        assert!(c.rows.iter().all(|r| r.change == Change::NoChange));
        assert_eq!(c.any_threshold_only(), reps == 1);
        let table = compare_table(&c);
        assert!(table.starts_with("All 63 metrics: no change."), "{table}");
        assert_eq!(table.contains("single repetition"), reps == 1, "{table}");
        // The failed configuration is listed as not compared.
        assert_eq!(c.only_base.len(), 1);
    }
}

#[test]
fn planted_throughput_drop_regresses_and_only_it() {
    let base = with_repetitions(&sample_results(), 3);
    let mut new = base.clone();
    for run in new
        .runs
        .iter_mut()
        .filter(|r| r.key.engine == "naive" && r.key.workload == "session-sum")
        .filter_map(|r| r.figures_mut())
    {
        run.throughput.input_eps *= 0.7;
    }
    let c = compare(&base, &new, 1.0);
    let changed: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| r.change != Change::NoChange)
        .collect();
    assert_eq!(changed.len(), 1);
    let row = changed[0];
    assert_eq!(
        (row.key.engine.as_str(), row.metric.name),
        ("naive", "input ev/s")
    );
    assert_eq!(row.change, Change::Regressed);
    assert!((row.change_pct + 30.0).abs() < 1e-9, "{}", row.change_pct);
    assert!(row.p_value.unwrap() < 0.001);
    assert_eq!(c.regressions_over(10.0).len(), 1);
    assert!(c.regressions_over(35.0).is_empty());
    let table = compare_table(&c);
    assert!(
        table.contains("regressed") && table.contains("-30.0%"),
        "{table}"
    );
    assert!(table.contains("62 of 63 metrics unchanged"), "{table}");
    // The opposite direction is an improvement; lower latency is too.
    let c = compare(&new, &base, 1.0);
    assert_eq!(
        c.rows
            .iter()
            .filter(|r| r.change == Change::Improved)
            .count(),
        1
    );
    let mut faster = base.clone();
    faster
        .runs
        .iter_mut()
        .filter_map(|r| r.figures_mut())
        .for_each(|r| r.latency_ns.p99 /= 2);
    let c = compare(&base, &faster, 1.0);
    let improved: Vec<_> = c
        .rows
        .iter()
        .filter(|r| r.change == Change::Improved)
        .collect();
    assert_eq!(improved.len(), 10);
    assert!(improved.iter().all(|r| r.metric.name == "p99"));
}

#[test]
fn lower_sustainable_rate_regresses() {
    let base = sample_results();
    let mut new = base.clone();
    new.sustain[0].sustainable_rate = Some(200_000.0);
    new.sustain[1].sustainable_rate = Some(100_500.0);
    let c = compare(&base, &new, 1.0);
    let changed: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| r.change != Change::NoChange)
        .collect();
    assert_eq!(changed.len(), 1, "0.5% on naive is noise");
    assert_eq!(
        changed[0].label(),
        "dataflow / tumbling-count / w2 / rate search"
    );
    assert_eq!(changed[0].change, Change::Regressed);
    assert_eq!(changed[0].regression_pct(), 50.0);
    let table = compare_table(&c);
    assert!(
        table.contains("sustainable ev/s") && table.contains("400k"),
        "{table}"
    );
    assert!(table.contains("one search per side"), "{table}");
}

#[test]
fn noisy_small_difference_is_not_a_change() {
    // ±5% noise across repetitions and a 2% shift of the mean: beyond the 1% threshold,
    // but the t-test cannot tell it from noise.
    let base = with_repetitions(&sample_results(), 3);
    let mut new = base.clone();
    for run in &mut new.runs {
        let noise = [0.95, 1.0, 1.05][run.key.repetition as usize];
        if let Some(f) = run.figures_mut() {
            f.throughput.input_eps *= noise * 1.02;
        }
    }
    let c = compare(&base, &new, 1.0);
    assert!(c.rows.iter().all(|r| r.change == Change::NoChange));
    // Even without the extra noise, 2% against the base's own ±1% is not significant at
    // 3 repetitions (t = 2.45, df ≈ 4, p ≈ 0.07); 5% is (t ≈ 6.0, p < 0.01).
    let shift = |f: f64| {
        let mut shifted = base.clone();
        shifted
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .for_each(|r| r.throughput.input_eps *= f);
        compare(&base, &shifted, 1.0)
    };
    let improved = |c: &Comparison| {
        c.rows
            .iter()
            .filter(|r| r.change == Change::Improved)
            .count()
    };
    assert_eq!(improved(&shift(1.02)), 0);
    assert_eq!(improved(&shift(1.05)), 10);
}

#[test]
fn html_is_escaped_and_self_contained() {
    let base = sample_results();
    let mut new = base.clone();
    new.runs
        .iter_mut()
        .filter_map(|r| r.figures_mut())
        .for_each(|r| r.throughput.input_eps *= 0.5);
    let c = compare(&base, &new, 1.0);
    let html = compare_html(&c, "base<dir>", "new&dir");
    assert!(html.contains("base&lt;dir&gt;") && html.contains("new&amp;dir"));
    assert!(!html.contains(MALICIOUS_ENGINE));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("class=\"regressed\"").count(), 10);
}
