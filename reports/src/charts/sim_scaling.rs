//! A simulated scaling sweep (`simulate --nodes 1,10,100,1000`), per workload: input
//! throughput, p99 latency and the hottest node's utilisation against nodes, on a log
//! node axis. One line per engine × key distribution × placement × rate (uniform keys
//! solid, skewed ones dashed in the same colour), so a Zipf line flattening where the
//! uniform one climbs shows the hot key's node as the limit. A run that could not drain
//! its backlog, or a percentile without enough samples, is a gap.

use super::lines::{draw_panels, Panel, Series};
use super::palette::Palette;
use crate::error::ReportError;
use crate::schema::{Percentile, Results, Run};
use crate::units::{format_duration_ns, format_si};

/// What one line of the sweep shares: engine, slots, distribution, placement, rate.
type LineKey = (String, usize, String, String, u64);

fn line_key(r: &Run) -> Option<LineKey> {
    let s = r.params.simulated.as_ref()?;
    let distribution = match s.distribution.as_str() {
        "" => "uniform".to_owned(),
        d => d.to_owned(),
    };
    Some((
        r.key.engine.clone(),
        r.key.workers,
        distribution,
        s.partitioning.clone(),
        r.key.offered_rate.to_bits(),
    ))
}

fn percent(v: f64) -> String {
    format!("{v:.0} %")
}

/// The sweeps of `workload`: per line, its runs by node count.
fn sweeps<'a>(results: &'a Results, workload: &str) -> Vec<(LineKey, Vec<&'a Run>)> {
    let mut lines: Vec<(LineKey, Vec<&Run>)> = Vec::new();
    let runs = results
        .runs
        .iter()
        .filter(|r| r.key.workload == workload && r.key.probe_of.is_none());
    for r in runs {
        let Some(key) = line_key(r) else { continue };
        match lines.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(r),
            None => lines.push((key, vec![r])),
        }
    }
    lines.retain(|(_, runs)| {
        let mut nodes: Vec<usize> = runs.iter().map(|r| r.key.processes).collect();
        nodes.sort_unstable();
        nodes.dedup();
        nodes.len() >= 2
    });
    for (_, runs) in &mut lines {
        runs.sort_by_key(|r| r.key.processes);
    }
    lines
}

fn label(key: &LineKey, rates: bool) -> String {
    let (engine, slots, distribution, partitioning, rate) = key;
    let mut label = format!("{engine}, {distribution}");
    if partitioning != "consistent" && !partitioning.is_empty() {
        label.push_str(&format!(", {partitioning}"));
    }
    if *slots > 1 {
        label.push_str(&format!(", {slots} slots"));
    }
    if rates {
        label.push_str(&format!(", {} ev/s", format_si(f64::from_bits(*rate))));
    }
    label
}

fn hottest(r: &Run) -> Option<f64> {
    let sim = r.figures()?.simulation.as_ref()?;
    Some(sim.nodes.iter().map(|n| n.utilisation).fold(0.0, f64::max) * 100.0)
}

/// The chart of `workload`, or `None` when it has no simulated run at two node counts.
pub fn sim_scaling_chart(
    results: &Results,
    workload: &str,
    palette: &Palette,
) -> Result<Option<String>, ReportError> {
    let lines = sweeps(results, workload);
    if lines.is_empty() {
        return Ok(None);
    }
    let mut rates: Vec<u64> = lines.iter().map(|(k, _)| k.4).collect();
    rates.sort_unstable();
    rates.dedup();
    let figure = |value: fn(&Run) -> Option<f64>| -> Vec<Series> {
        lines
            .iter()
            .map(|(key, runs)| Series {
                label: label(key, rates.len() > 1),
                engine: key.0.clone(),
                points: runs
                    .iter()
                    .map(|r| (r.key.processes as f64, value(r).unwrap_or(f64::NAN)))
                    .collect(),
                marks: Vec::new(),
                dashed: key.2 != "uniform",
            })
            .collect()
    };
    let panel = |title: &str, y_desc: &str, y_log, y_format, legend, series| Panel {
        title: String::from(title),
        x_desc: "nodes (log scale)".into(),
        y_desc: String::from(y_desc),
        y_log,
        x_log: true,
        x_format: format_si,
        y_format,
        h_line: None,
        diagonal: false,
        v_marks: Vec::new(),
        legend,
        series,
    };
    let panels = [
        panel(
            "Input throughput",
            "input throughput (events/s, log scale)",
            true,
            format_si as fn(f64) -> String,
            true,
            figure(|r| r.figures().map(|f| f.throughput.input_eps)),
        ),
        panel(
            "p99 latency from the schedule",
            "p99 latency (log scale)",
            true,
            format_duration_ns,
            false,
            figure(|r| {
                r.figures()?
                    .latency_ns
                    .get(Percentile::P99)
                    .map(|v| v as f64)
            }),
        ),
        panel(
            "Hottest node's utilisation",
            "busy share of its slots (%)",
            false,
            percent,
            false,
            figure(hottest),
        ),
    ];
    let caption = format!("Simulated scaling — {workload}");
    draw_panels("simulated scaling", &caption, &panels, palette).map(Some)
}
