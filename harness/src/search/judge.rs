//! The verdict on one probe: sustained, or why not.

use reports::{Percentile, Run, Verdict};

/// Judges one probe run against the objective.
pub fn judge(run: &Run, slo_ns: u64) -> Result<(), String> {
    let Some(f) = run.figures() else {
        return Err(format!("run {}", run.outcome.as_str()));
    };
    if f.correctness.verdict == Verdict::Fail {
        return Err("wrong results".into());
    }
    if f.injection_lag_ns.max > slo_ns {
        return Err(format!(
            "backlog: the driver fell {} ms behind",
            f.injection_lag_ns.max / 1_000_000
        ));
    }
    if f.throughput.input_eps < 0.97 * run.key.offered_rate {
        return Err(format!(
            "achieved {:.0} of {:.0} events/s",
            f.throughput.input_eps, run.key.offered_rate
        ));
    }
    // Fewer than 100 results have no p99: their largest latency stands in for it.
    let p99 = f
        .latency_ns
        .get(Percentile::P99)
        .unwrap_or(f.latency_ns.max);
    if p99 > slo_ns {
        return Err(format!("p99 {} ms over the objective", p99 / 1_000_000));
    }
    let after_warmup = f.timeseries.iter().filter(|s| s.t_s > run.params.warmup_s);
    if let Some(s) = after_warmup.clone().find(|s| s.p99_ns > slo_ns) {
        return Err(format!(
            "p99 {} ms in the interval ending at {:.1} s",
            s.p99_ns / 1_000_000,
            s.t_s
        ));
    }
    Ok(())
}
