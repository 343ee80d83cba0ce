//! Repeating every run of sample results with a little deterministic noise, for
//! comparisons that need repetitions.

use crate::schema::Results;

/// `results` with every run repeated `reps` times; repetition `i` scales each figure by
/// a factor in 0.99‥1.01, the same for every run, so two calls give identical results.
pub fn with_repetitions(results: &Results, reps: u32) -> Results {
    let mut out = results.clone();
    out.runs.clear();
    for run in &results.runs {
        for i in 0..reps {
            let f = 1.0 + 0.01 * (f64::from(i % 3) - 1.0);
            let mut run = run.clone();
            run.key.repetition = i;
            if let Some(r) = run.figures_mut() {
                scale_figures(r, f);
            }
            out.runs.push(run);
        }
    }
    out
}

fn scale_figures(r: &mut crate::schema::Figures, f: f64) {
    let scale = |v: u64| (v as f64 * f) as u64;
    r.throughput.input_eps *= f;
    r.latency_ns.p50 = scale(r.latency_ns.p50);
    r.latency_ns.p99 = scale(r.latency_ns.p99);
    r.latency_ns.p999 = scale(r.latency_ns.p999);
    r.cost.cpu_s_per_million *= f;
    r.state.logical_bytes_peak = scale(r.state.logical_bytes_peak);
}
