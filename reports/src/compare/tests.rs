//! Comparison end to end on sample results with repetitions.

use super::*;
use crate::testing::{sample_results, with_repetitions, MALICIOUS_ENGINE};

#[test]
fn identical_inputs_are_all_no_change() {
    for reps in [1, 3] {
        let results = with_repetitions(&sample_results(), reps);
        let c = compare(&results, &results, 1.0, Ignore::default()).unwrap();
        // 10 successful configurations × 6 metrics, and 3 searches.
        assert_eq!(c.rows.len(), 63);
        assert_eq!(c.rows.iter().filter(|r| r.search).count(), 3);
        // One search per side: always inconclusive; runs are so with one repetition.
        let unjudged = if reps == 1 { 63 } else { 3 };
        assert_eq!(c.count(Change::Inconclusive(Why::OneRun)), unjudged);
        assert_eq!(c.count(Change::NoChange), 63 - unjudged);
        let table = compare_table(&c);
        let counts = format!("0 regressed, 0 improved, {} no change, {unjudged} inconclusive (1 run), of 63 metrics.", 63 - unjudged);
        assert!(table.starts_with(&counts), "{table}");
        assert!(table.contains("single repetition"), "{table}");
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
    let c = compare(&base, &new, 1.0, Ignore::default()).unwrap();
    let changed: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| matches!(r.change, Change::Improved | Change::Regressed))
        .collect();
    assert_eq!(changed.len(), 1);
    let row = changed[0];
    assert_eq!(
        (row.key.engine.as_str(), row.metric.name),
        ("naive", "input ev/s")
    );
    assert_eq!(row.change, Change::Regressed);
    assert!((row.change_pct + 30.0).abs() < 1e-9, "{}", row.change_pct);
    let (lo, hi) = row.ci_pct.unwrap();
    assert!(lo < -30.0 && -30.0 < hi && hi < -25.0, "{lo} {hi}");
    assert_eq!(c.regressions_over(10.0).len(), 1);
    assert!(c.regressions_over(35.0).is_empty());
    let table = compare_table(&c);
    assert!(
        table.contains("regressed") && table.contains("-30.0%"),
        "{table}"
    );
    assert!(
        table.contains("1 regressed, 0 improved, 59 no change, 3 inconclusive (1 run), of 63"),
        "{table}"
    );
    // The opposite direction is an improvement; lower latency is too.
    let c = compare(&new, &base, 1.0, Ignore::default()).unwrap();
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
    let c = compare(&base, &faster, 1.0, Ignore::default()).unwrap();
    let improved: Vec<_> = c
        .rows
        .iter()
        .filter(|r| r.change == Change::Improved)
        .collect();
    assert_eq!(improved.len(), 10);
    assert!(improved.iter().all(|r| r.metric.name == "p99"));
}

#[test]
fn sustainable_rates_are_shown_but_inconclusive() {
    let base = sample_results();
    let mut new = base.clone();
    new.sustain[0].sustainable_rate = Some(200_000.0);
    let c = compare(&base, &new, 1.0, Ignore::default()).unwrap();
    let search = c
        .rows
        .iter()
        .find(|r| r.label() == "dataflow / tumbling-count / w2 / rate search")
        .unwrap();
    assert_eq!(search.change, Change::Inconclusive(Why::OneRun));
    assert_eq!(search.change_pct, -50.0);
    assert_eq!(search.regression_pct(), 0.0);
}

#[test]
fn ignoring_workers_matches_one_worker_with_two() {
    let all = with_repetitions(&sample_results(), 3);
    let only = |w: usize| {
        let mut r = all.clone();
        r.runs
            .retain(|run| run.key.workers == w && run.key.engine == "dataflow");
        r.sustain.clear();
        r
    };
    let (one, four) = (only(1), only(4));
    let c = compare(&one, &four, 1.0, Ignore::default()).unwrap();
    assert_eq!(c.matched, 0);
    assert_eq!((c.only_base.len(), c.only_new.len()), (1, 1));
    let ignore = Ignore::parse(&["workers"]).unwrap();
    let c = compare(&one, &four, 1.0, ignore).unwrap();
    assert_eq!(c.matched, 1);
    let throughput = c
        .rows
        .iter()
        .find(|r| r.metric.name == "input ev/s")
        .unwrap();
    assert_eq!(throughput.change, Change::Improved);
    assert!(
        throughput.label().contains("w1")
            && throughput
                .label()
                .contains("vs dataflow / tumbling-count / w4")
    );
    assert!(compare_table(&c).contains("matched ignoring: workers"));
    // BASE with both 1 and 2 workers of one configuration cannot pick one: refused.
    let mut both = one.clone();
    both.runs.extend(only(2).runs);
    let e = compare(&both, &four, 1.0, ignore).unwrap_err();
    assert_eq!((e.side, e.count), ("BASE", 2));
    assert!(
        e.to_string().contains("dataflow / tumbling-count / w* /"),
        "{e}"
    );
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
    let c = compare(&base, &new, 1.0, Ignore::default()).unwrap();
    assert!(c
        .rows
        .iter()
        .all(|r| r.search || r.change == Change::NoChange));
    // Even without the extra noise, 2% against the base's own ±1% is not significant at
    // 3 repetitions (t = 2.45, df ≈ 4, p ≈ 0.07); 5% is (t ≈ 6.0, p < 0.01).
    let shift = |f: f64| {
        let mut shifted = base.clone();
        shifted
            .runs
            .iter_mut()
            .filter_map(|r| r.figures_mut())
            .for_each(|r| r.throughput.input_eps *= f);
        compare(&base, &shifted, 1.0, Ignore::default()).unwrap()
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
    let base = with_repetitions(&sample_results(), 3);
    let mut new = base.clone();
    new.runs
        .iter_mut()
        .filter_map(|r| r.figures_mut())
        .for_each(|r| r.throughput.input_eps *= 0.5);
    let c = compare(&base, &new, 1.0, Ignore::default()).unwrap();
    let side = |path, results| Side { path, results };
    let html = compare_html(&c, side("base<dir>", &base), side("new&dir", &new));
    assert!(html.contains("base&lt;dir&gt;") && html.contains("new&amp;dir"));
    assert!(!html.contains(MALICIOUS_ENGINE));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("class=\"regressed\"").count(), 10);
    // Its own title, what was compared, and the chart: ten orange dots with their bars.
    assert!(
        html.contains("<title>Compare: smoke &amp; sanity (NEW against BASE)</title>"),
        "{html}"
    );
    assert!(html.contains("<h2>What is compared</h2>") && html.contains("settings the same"));
    assert!(html.contains("id=\"chart-changes\""));
    assert_eq!(
        html.matches("<circle").count(),
        c.rows.len().min(super::chart::MAX_ROWS)
    );
    assert_eq!(html.matches("fill=\"#D55E00\"").count(), 10);
    // Settings that differ are listed, both sides.
    let mut other = new.clone();
    other.suite.name = "tuned".into();
    other
        .suite
        .settings
        .insert("duration (s)".into(), "9 <s>".into());
    let html = compare_html(&c, side("b", &base), side("n", &other));
    assert!(html.contains("<title>Compare: tuned against smoke &amp; sanity</title>"));
    assert!(
        html.contains("<td>duration (s)</td>") && html.contains("9 &lt;s&gt;"),
        "{html}"
    );
}
