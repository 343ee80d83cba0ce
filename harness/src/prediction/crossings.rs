//! How many one-way network latencies a result waits for, measured: multi-process runs made
//! through a link of known one-way delay (`scripts/netns-delay.sh`, `--crossings-from
//! DIR@MS`, `@0` for the relays alone) give, per rate, the slope of the p50 over the delay;
//! the median slope over rates is the profile's `exchange.crossings` for that engine and
//! workload. Why measured: timely's p50 grows by about twice the one-way delay (a frontier
//! passes only once the records' consumption is reported back, a round trip), which no
//! profile of CPU costs says.

use super::same_setup;
use crate::error::bad;
use reports::{Results, Run};
use std::path::PathBuf;

/// Multi-process runs made at a known one-way delay, seconds.
pub type Delayed = Vec<(f64, Run)>;

/// Reads `--crossings-from DIR@MS,...`: each folder's finished multi-process runs with the
/// one-way delay they crossed.
pub fn load(specs: &[String]) -> anyhow::Result<Delayed> {
    let mut out = Vec::new();
    for spec in specs {
        let flag = format!("--crossings-from {spec}");
        let (dir, ms) = spec
            .rsplit_once('@')
            .ok_or_else(|| bad(format!("{flag}: expected DIR@MS (the one-way delay in ms)")))?;
        let ms: f64 = ms
            .parse()
            .ok()
            .filter(|m: &f64| m.is_finite() && *m >= 0.0)
            .ok_or_else(|| bad(format!("{flag}: `{ms}` is not a delay in ms, at least 0")))?;
        let mut path = PathBuf::from(dir);
        if path.is_dir() {
            path = path.join("results.json");
        }
        let results = Results::load(&path).map_err(|e| bad(format!("{flag}: {e}")))?;
        out.extend(
            results
                .runs
                .into_iter()
                .filter(|r| !r.is_simulated() && r.key.processes > 1 && r.is_ok())
                .map(|r| (ms / 1e3, r)),
        );
    }
    Ok(out)
}

/// The crossings of runs like `target` (same setup and processes), with the sentence
/// saying what they were measured on; `None` without two delays at any rate.
pub fn crossings(delayed: &Delayed, target: &Run) -> Option<(f64, String)> {
    let like: Vec<(f64, f64, f64)> = delayed
        .iter()
        .filter(|(_, r)| r.key.processes == target.key.processes && same_setup(&r.key, &target.key))
        .filter_map(|(d, r)| {
            let f = r.figures()?;
            (f.latency_ns.count > 0)
                .then(|| (r.key.offered_rate, *d, f.latency_ns.p50 as f64 / 1e9))
        })
        .collect();
    let mut rates: Vec<f64> = like.iter().map(|l| l.0).collect();
    rates.sort_by(f64::total_cmp);
    rates.dedup();
    let mut slopes: Vec<f64> = rates
        .iter()
        .filter_map(|&rate| {
            let points: Vec<(f64, f64)> = like
                .iter()
                .filter(|l| l.0 == rate)
                .map(|l| (l.1, l.2))
                .collect();
            slope(&points)
        })
        .collect();
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    let median = slopes[slopes.len() / 2];
    let crossings = median.max(1.0);
    let each: Vec<String> = slopes.iter().map(|s| format!("{s:.2}")).collect();
    Some((
        crossings,
        format!(
            "{crossings:.2} network crossings per result: p50 over one-way delay at {} rate(s) rose {} × the delay{}",
            slopes.len(),
            each.join(", "),
            if median < 1.0 { " (under 1: taken as 1, the records' own crossing)" } else { "" }
        ),
    ))
}

/// The least-squares slope of y over x, when x takes two values or more.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    (sxx > 1e-12).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_is_the_p50s_growth_per_second_of_delay() {
        let s = slope(&[(0.0, 0.002), (0.001, 0.0042), (0.010, 0.0221)]).unwrap();
        assert!((s - 2.01).abs() < 0.05, "{s}");
        assert!(slope(&[(0.01, 0.002), (0.01, 0.003)]).is_none());
    }
}
