//! Snapshot tests of the text exports: the exact `summary.md` and the exact `runs.csv`
//! header and rows of the sample results. The figures follow from
//! `reports::testing::sample_run`'s formulas (scale 1.0 for dataflow on tumbling-count,
//! ×1.7 per engine step, ×1.3 for session-sum; 4 workers ×0.6), checked by hand once.

use reports::testing::sample_results;
use reports::{CsvExporter, Exporter, MarkdownExporter};

const SUMMARY_MD: &str = r#"## streambench: smoke &amp; sanity

* **tumbling-count**: dataflow w2: highest capacity, 400k events/s; actor w2: lowest capacity, 50.0k events/s; dataflow w4: lowest p99 = 240 µs at 100k events/s (n=900k); naive: highest p99 = 1.22 ms at 100k events/s (n=900k); &lt;script&gt;alert(1)&lt;/script&gt;: wrong results
* **session-sum**: dataflow w2: lowest p99 = 520 µs at 100k events/s (n=900k); naive w2: highest p99 = 800 µs at 100k events/s (n=900k); actor w2: run failed

| engine | workload | workers | offered ev/s | runs ok | sustainable ev/s | input ev/s | n | p50 | p99 | p99.9 | CPU s/M ev | peak state | state B/key | verdict |
|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|
| dataflow | tumbling-count | 2 | 100k | 1/1 | **400k** | 100k | 900k | 50.0 µs | 400 µs | 1.50 ms | 9.50 | 2.86 MiB | 300.0 | pass |
| naive | tumbling-count | 2 | 100k | 1/1 | 100k | 76.7k | 900k | 85.0 µs | 680 µs | 2.55 ms | 16.15 | 4.86 MiB | 510.0 | pass |
| actor | tumbling-count | 2 | 100k | 1/1 | 50.0k | 64.5k | 900k | 120 µs | 960 µs | 3.60 ms | 22.80 | 6.87 MiB | 720.0 | pass |
| dataflow | session-sum | 2 | 100k | 1/1 | – | **87.7k** | 900k | **65.0 µs** | **520 µs** | **1.95 ms** | **12.35** | **3.72 MiB** | **390.0** | pass |
| naive | session-sum | 2 | 100k | 1/1 | – | 70.7k | 900k | 100 µs | 800 µs | 3.00 ms | 19.00 | 5.72 MiB | 600.0 | pass |
| actor | session-sum | 2 | 100k | 0/1 | – | – | – | – | – | – | – | – | – | skipped |
| &lt;script&gt;alert(1)&lt;/script&gt; | tumbling-count | 1 | 100k | 1/1 | – | 57.7k | 900k | 150 µs | 1.20 ms | 4.50 ms | 28.50 | 8.58 MiB | 900.0 | fail |
| dataflow | tumbling-count | 1 | 100k | 1/1 | – | 74.5k | 900k | 90.0 µs | 720 µs | 2.70 ms | 17.10 | 5.15 MiB | 540.0 | pass |
| dataflow | tumbling-count | 4 | 100k | 1/1 | – | **129k** | 900k | **30.0 µs** | **240 µs** | **900 µs** | **5.70** | **1.72 MiB** | **180.0** | pass |
| naive | tumbling-count | 1 | 100k | 1/1 | – | 57.2k | 900k | 153 µs | 1.22 ms | 4.59 ms | 29.07 | 8.75 MiB | 918.0 | pass |
| naive | tumbling-count | 4 | 100k | 1/1 | – | 99.0k | 900k | 51.0 µs | 408 µs | 1.53 ms | 9.69 | 2.92 MiB | 306.0 | pass |

Latency is from each input's scheduled time to the output's arrival (queueing included); figures are means over successful repetitions; **bold** is the best of its column within a workload. n is the number of latency samples (the smallest among repetitions); a percentile needing more (p50 2, p99 100, p99.9 1000) is –.
"#;

#[test]
fn summary_md_snapshot() {
    let md = MarkdownExporter.render(&sample_results()).unwrap();
    assert_eq!(md, SUMMARY_MD, "got:\n{md}");
}

#[test]
fn runs_csv_snapshot() {
    let results = sample_results();
    let csv = CsvExporter.render(&results).unwrap();
    let mut records = csv.split_inclusive('\n');
    assert_eq!(
        records.next().unwrap(),
        concat!(
            r#"id,engine,workload,workers,offered_rate,duration_s,warmup_s,keys,seed,repetition,probe_of,status,error,input_events,output_events,late_events,input_eps,output_eps,latency_mean_ns,latency_p50_ns,latency_p90_ns,latency_p99_ns,latency_p999_ns,latency_max_ns,processing_p50_ns,processing_p99_ns,event_time_p99_ns,injection_lag_p99_ns,cpu_user_s,cpu_system_s,cpu_s_per_million,heap_bytes_peak,state_bytes_peak,state_bytes_end,state_bytes_per_key,snapshot_bytes,snapshot_take_ms,snapshot_restore_ms,verdict,mismatches,processes,clock_error_ns,latency_n,processing_n,event_time_n,injection_lag_n,harness_cpu_s"#,
            "\n"
        )
    );
    assert_eq!(
        records.next().unwrap(),
        concat!(
            r#"dataflow/tumbling-count/w2/r100000/k10000/rep0,dataflow,tumbling-count,2,100000,10,1,10000,42,0,,ok,,1000000,20000,3,100000,2000,80000,50000,120000,400000,1500000,9000000,50000,400000,400000,,9,0.5,9.5,12000000,3000000,1000000,300,,,,pass,0,1,,900000,900000,900000,0,0.8"#,
            "\n"
        )
    );
    // The failed run's error has quotes, markup and line breaks: one quoted field; it has
    // no figures, so every figure column is empty.
    let failed = csv.find("actor/session-sum").unwrap();
    let failed = &csv[failed..failed + csv[failed..].find(",1,,,,,,\n").unwrap() + 9];
    assert_eq!(
        failed,
        concat!(
            r#"actor/session-sum/w2/r100000/k10000/rep0,actor,session-sum,2,100000,10,1,10000,42,0,,failed,"engine panicked: index <out> of bounds & ""more""
stack backtrace:
  0: ...",,,,,,,,,,,,,,,,,,,,,,,,,,,,1,,,,,,"#,
            "\n"
        )
    );
    // Header + one record per run; quoted line breaks are inside records.
    assert_eq!(csv.lines().count(), 1 + results.runs.len() + 2);
    assert!(csv.ends_with('\n'));
}

#[test]
fn summary_md_lists_searches_without_runs() {
    let mut results = sample_results();
    results.sustain[2].workers = 16;
    let md = MarkdownExporter.render(&results).unwrap();
    assert!(
        md.contains("| actor | tumbling-count | 16 | – | search | 50.0k | – | – | – | – | – | – | – | – | – |\n"),
        "{md}"
    );
    // The table stays rectangular: every row has as many cells as the header.
    let cells = |l: &str| l.matches(" |").count();
    let header = md.lines().find(|l| l.starts_with("| engine")).unwrap();
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        assert_eq!(cells(line), cells(header), "{line}");
    }
}
