//! The "hockey stick": achieved throughput and p99 latency against offered rate, per
//! engine, for one workload. Below capacity the throughput line follows the diagonal and
//! latency stays flat; past it throughput flattens and latency shoots up. Data come from
//! sustainable-throughput searches (every probe) and from plain runs when a suite swept
//! rates; the sustainable rate is ringed. A quick search's opening burst is left out: it
//! offers a fixed number of events at once, not a rate.

use super::lines::{draw_panels, Panel, Series};
use super::palette::Palette;
use crate::error::ReportError;
use crate::query::{mean, ok_runs};
use crate::schema::{Percentile, Probe, ProbeFigures, Results};
use crate::units::{format_duration_ns, format_si};

/// The chart for `workload`, or `None` when it was probed at fewer than two rates.
pub fn hockey_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let mut throughput = Vec::new();
    let mut latency = Vec::new();
    for s in results.sustain.iter().filter(|s| s.workload == workload) {
        // A probe whose run did not finish has nothing to draw, and a burst is not offered
        // at its rate.
        let mut probes: Vec<(f64, &ProbeFigures, &Probe)> = s
            .probes
            .iter()
            .filter(|p| !p.burst)
            .filter_map(|p| Some((p.offered_rate, p.measured.as_ref()?, p)))
            .collect();
        probes.sort_by(|a, b| a.0.total_cmp(&b.0));
        if probes.len() < 2 {
            continue;
        }
        let label = format!("{} (w{}, search)", s.engine, s.workers);
        let knee: Vec<_> = probes
            .iter()
            .filter(|p| s.sustainable_rate == Some(p.0))
            .collect();
        throughput.push(Series {
            label: label.clone(),
            engine: s.engine.clone(),
            points: probes
                .iter()
                .map(|(rate, p, _)| (*rate, p.input_eps))
                .collect(),
            marks: knee
                .iter()
                .map(|(rate, p, _)| (*rate, p.input_eps))
                .collect(),
            dashed: false,
        });
        let p99 = |&(rate, p, probe): &(f64, &ProbeFigures, &Probe)| {
            Some((rate, probe_p99(results, probe, p)?))
        };
        latency.push(Series {
            label,
            engine: s.engine.clone(),
            points: probes.iter().filter_map(p99).collect(),
            marks: knee.into_iter().filter_map(p99).collect(),
            dashed: false,
        });
    }
    for (engine, workers, points) in rate_sweeps(results, workload) {
        let label = format!("{engine} (w{workers}, runs)");
        throughput.push(Series {
            label: label.clone(),
            engine: engine.clone(),
            points: points.iter().map(|p| (p.0, p.1)).collect(),
            marks: Vec::new(),
            dashed: false,
        });
        latency.push(Series {
            label,
            engine,
            points: points.iter().filter_map(|p| Some((p.0, p.2?))).collect(),
            marks: Vec::new(),
            dashed: false,
        });
    }
    if throughput.is_empty() {
        return Ok(None);
    }
    let slos: Vec<u64> = results
        .sustain
        .iter()
        .filter(|s| s.workload == workload)
        .map(|s| s.slo_ns)
        .collect();
    let h_line = (!slos.is_empty() && slos.iter().all(|&s| s == slos[0])).then(|| {
        (
            slos[0] as f64,
            format!("p99 objective {}", format_duration_ns(slos[0] as f64)),
        )
    });
    // An empty latency panel would draw a made-up axis: leave it out and say why.
    let no_p99 = latency.iter().all(|s| s.points.is_empty());
    let mut panels = vec![Panel {
        title: "Achieved input throughput (ringed: sustainable rate)".into(),
        x_desc: "offered rate (events/s, log scale)".into(),
        // Log like x, so the diagonal stays straight and every rate gets room.
        y_desc: "input throughput (events/s, log scale)".into(),
        y_log: true,
        x_log: true,
        x_format: format_si,
        y_format: format_si,
        h_line: None,
        diagonal: true,
        v_marks: Vec::new(),
        legend: true,
        series: throughput,
    }];
    if !no_p99 {
        panels.push(Panel {
            title: "p99 latency from the schedule".into(),
            x_desc: "offered rate (events/s, log scale)".into(),
            y_desc: "p99 latency (log scale)".into(),
            y_log: true,
            x_log: true,
            x_format: format_si,
            y_format: format_duration_ns,
            h_line,
            diagonal: false,
            v_marks: Vec::new(),
            legend: false,
            series: latency,
        });
    }
    let caption = if no_p99 {
        format!("Throughput against offered rate — {workload} (no p99: no run had 100 results)")
    } else {
        format!("Throughput and latency against offered rate — {workload}")
    };
    draw_panels("hockey stick", &caption, &panels, palette).map(Some)
}

/// A probe's p99, unless its run recorded fewer latency samples than a p99 needs (a probe
/// whose run is not in the file keeps its point: its count is unknown, not too small).
fn probe_p99(results: &Results, probe: &Probe, p: &ProbeFigures) -> Option<f64> {
    let run = results.runs.iter().find(|r| r.id() == probe.run_id);
    match run.and_then(|r| r.figures()) {
        Some(f) if !f.latency_ns.enough_for(0.99) => None,
        _ => Some(p.p99_ns as f64),
    }
}

/// `(engine, workers, [(offered, input eps, p99 ns)])` of one rate sweep; p99 is `None` at
/// a rate where no run had enough samples for it.
type Sweep = (String, usize, Vec<(f64, f64, Option<f64>)>);

/// Plain (non-probe) successful runs of `workload` grouped by engine and workers, where a
/// group ran at two or more rates: `(offered, mean input eps, mean p99 ns)` by rate, the
/// p99 averaged over the runs with enough samples for it.
fn rate_sweeps(results: &Results, workload: &str) -> Vec<Sweep> {
    let runs: Vec<_> = ok_runs(results)
        .filter(|(r, _)| r.key.workload == workload && r.key.probe_of.is_none())
        .collect();
    let mut configs: Vec<(String, usize)> = Vec::new();
    for (r, _) in &runs {
        let config = (r.engine_label(), r.key.workers);
        if !configs.contains(&config) {
            configs.push(config);
        }
    }
    configs
        .into_iter()
        .filter_map(|(engine, workers)| {
            let mine: Vec<_> = runs
                .iter()
                .filter(|(r, _)| r.engine_label() == engine && r.key.workers == workers)
                .collect();
            let mut rates: Vec<f64> = mine.iter().map(|(r, _)| r.key.offered_rate).collect();
            rates.sort_by(f64::total_cmp);
            rates.dedup();
            if rates.len() < 2 {
                return None;
            }
            let points = rates
                .into_iter()
                .map(|rate| {
                    let at = mine.iter().filter(|(r, _)| r.key.offered_rate == rate);
                    (
                        rate,
                        mean(at.clone().map(|(_, f)| f.throughput.input_eps)).unwrap_or(0.0),
                        mean(
                            at.filter_map(|(_, f)| f.latency_ns.get(Percentile::P99))
                                .map(|v| v as f64),
                        ),
                    )
                })
                .collect();
            Some((engine, workers, points))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_results, sample_run};

    #[test]
    fn searches_and_sweeps() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let svg = hockey_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .unwrap();
        assert!(svg.contains("Throughput and latency against offered rate — tumbling-count"));
        assert!(svg.contains("dataflow (w2, search)") && svg.contains("offered = achieved"));
        assert!(svg.contains("p99 objective 10.0 ms"));
        assert!(svg.contains("offered rate (events/s, log scale)"));
        // No search and no sweep on session-sum, until a second rate is run.
        assert!(hockey_chart(&results, "session-sum", &palette)
            .unwrap()
            .is_none());
        let mut run = sample_run("naive", "session-sum", 2, 3.0);
        run.key.offered_rate = 200_000.0;
        results.runs.push(run);
        let sweeps = rate_sweeps(&results, "session-sum");
        assert_eq!(sweeps.len(), 1);
        assert_eq!(sweeps[0].2.len(), 2);
        assert_eq!(sweeps[0].2[1].2, Some(1_200_000.0));
        assert!(hockey_chart(&results, "session-sum", &palette)
            .unwrap()
            .is_some());
    }

    #[test]
    fn an_opening_burst_is_not_a_point_of_the_curve() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let without = hockey_chart(&results, "tumbling-count", &palette).unwrap();
        let with_burst = |results: &mut Results, burst: bool| {
            let s = &mut results.sustain[0];
            assert_eq!(s.workload, "tumbling-count");
            let mut p = s.probes[0].clone();
            (p.offered_rate, p.burst, p.sustained) = (50e6, burst, false);
            s.probes.insert(0, p);
        };
        with_burst(&mut results, true);
        assert_eq!(
            hockey_chart(&results, "tumbling-count", &palette).unwrap(),
            without
        );
        // The same probe unmarked (a file from before the flag) is drawn at its rate.
        results.sustain[0].probes.remove(0);
        with_burst(&mut results, false);
        assert_ne!(
            hockey_chart(&results, "tumbling-count", &palette).unwrap(),
            without
        );
    }

    #[test]
    fn p99_points_need_a_hundred_samples() {
        let mut results = sample_results();
        let probe = results.sustain[0].probes[0].clone();
        let figures = probe.measured.clone().unwrap();
        // A probe whose run is not in the file keeps its point.
        assert_eq!(
            probe_p99(&results, &probe, &figures),
            Some(figures.p99_ns as f64)
        );
        let mut run = sample_run("dataflow", "tumbling-count", 2, 1.0);
        run.key.probe_of = Some("search".into());
        run.key.offered_rate = probe.offered_rate;
        let mut probe = probe;
        probe.run_id = run.id();
        run.figures_mut().unwrap().latency_ns.count = 99;
        results.runs.push(run.clone());
        assert_eq!(probe_p99(&results, &probe, &figures), None);
        // A sweep point whose runs all have too few samples has no p99.
        let mut low = sample_run("naive", "session-sum", 2, 3.0);
        low.key.offered_rate = 200_000.0;
        low.figures_mut().unwrap().latency_ns.count = 50;
        results.runs.push(low);
        let sweeps = rate_sweeps(&results, "session-sum");
        assert_eq!(sweeps[0].2[1].2, None);
        assert!(sweeps[0].2[0].2.is_some());
    }

    #[test]
    fn no_p99_anywhere_leaves_the_latency_panel_out() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        let with = hockey_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .unwrap();
        assert!(with.contains("p99 latency from the schedule"));
        for s in &mut results.sustain {
            for p in &mut s.probes {
                let mut run = sample_run(&s.engine, &s.workload, s.workers, 1.0);
                run.key.probe_of = Some("search".into());
                run.key.offered_rate = p.offered_rate;
                run.figures_mut().unwrap().latency_ns.count = 62;
                p.run_id = run.id();
                results.runs.push(run);
            }
        }
        let without = hockey_chart(&results, "tumbling-count", &palette)
            .unwrap()
            .unwrap();
        assert!(!without.contains("p99 latency from the schedule"));
        assert!(without.contains("no p99: no run had 100 results"));
        assert!(without.contains("Achieved input throughput"));
    }
}
