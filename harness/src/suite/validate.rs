//! Checking a parsed suite's values: every bad value is named with the file, line and key
//! (or the flag that set it).

use super::*;

/// The most events one run may offer: a bound on nonsense (a trillion events is days at
/// millions per second), not on memory, which [`crate::fit`] judges per run; what does bind
/// is the reference's results, which a run indexes with `u32` (`fit::check_results`).
const MAX_EVENTS: f64 = 1e12;

impl Suite {
    pub(super) fn validate(
        &self,
        o: &Origin,
        zipf: &f64,
        max_delay_ms: f64,
    ) -> Result<(), SuiteError> {
        let fail = |key: &str, msg: String| Err(SuiteError(format!("{}: {msg}", o.at(key))));
        for w in &self.workloads {
            if workloads::catalog::find(w).is_none() {
                return fail(
                    "workloads",
                    unknown("workload", w, &workloads::catalog::names()),
                );
            }
        }
        if self.workloads.is_empty() {
            return fail("workloads", "no workload given".into());
        }
        if self.rates.is_empty() {
            return fail("rates", "no rate given".into());
        }
        if let Some(r) = self.rates.iter().find(|r| !(r.is_finite() && **r > 0.0)) {
            return fail(
                "rates",
                format!("rate must be a positive number of events per second, got {r}"),
            );
        }
        if self.workers.is_empty() || self.workers.contains(&0) {
            return fail("workers", "worker counts must be at least 1".into());
        }
        if let Some(w) = self.workers.iter().find(|w| **w > 1024) {
            return fail("workers", format!("{w} workers is more than 1024"));
        }
        if !(self.duration_s.is_finite() && self.duration_s > 0.0) {
            return fail(
                "duration_s",
                format!("duration must be positive seconds, got {}", self.duration_s),
            );
        }
        if !(self.warmup_s >= 0.0 && self.warmup_s < self.duration_s) {
            return fail(
                "warmup_s",
                format!(
                    "warm-up must be at least 0 and shorter than the duration ({} s), got {} (set it with --warmup)",
                    self.duration_s, self.warmup_s
                ),
            );
        }
        let events = |r: f64| self.shape.scaled(r).integral(self.duration_s);
        if let Some(r) = self
            .rates
            .iter()
            .find(|r| events(**r).is_nan() || events(**r) > MAX_EVENTS)
        {
            // The count is rate × shape × duration: blame the one the command line changed.
            let key = ["shape", "duration_s", "rates"]
                .into_iter()
                .find(|k| o.flags.contains_key(k))
                .unwrap_or("rates");
            return fail(
                key,
                format!(
                    "{r} events/s for {} s is over a trillion events",
                    self.duration_s
                ),
            );
        }
        if self.repetitions == 0 {
            return fail("repetitions", "repetitions must be at least 1".into());
        }
        if self.keys.is_empty() || self.keys.contains(&0) {
            return fail("keys", "key counts must be at least 1".into());
        }
        if !(self.interval_s.is_finite() && self.interval_s >= 0.01) {
            return fail(
                "interval_s",
                format!(
                    "the time-series interval must be at least 0.01 s, got {}",
                    self.interval_s
                ),
            );
        }
        if !(self.timeout_s.is_finite() && self.timeout_s > 0.0) {
            return fail(
                "timeout_s",
                format!(
                    "the time limit must be positive seconds, got {}",
                    self.timeout_s
                ),
            );
        }
        if !(self.slo_ms.is_finite() && self.slo_ms > 0.0) {
            return fail(
                "slo_ms",
                format!(
                    "the latency objective must be positive ms, got {}",
                    self.slo_ms
                ),
            );
        }
        if !(self.load > 0.0 && self.load <= 1.0) {
            return fail(
                "load",
                format!(
                    "the load is a fraction of the slowest capacity, in (0, 1], got {}",
                    self.load
                ),
            );
        }
        if !(self.min_rate > 0.0 && self.max_rate.is_finite() && self.max_rate >= self.min_rate) {
            return fail(
                "max_rate",
                format!(
                    "need 0 < min_rate <= max_rate, got {} and {}",
                    self.min_rate, self.max_rate
                ),
            );
        }
        if !(self.probe_s.is_finite() && self.probe_s >= crate::search::MIN_PROBE_S) {
            return fail(
                "probe_s",
                format!(
                    "a probe lasts at least {} s, got {}",
                    crate::search::MIN_PROBE_S,
                    self.probe_s
                ),
            );
        }
        if !(zipf.is_finite() && *zipf > 0.0) {
            return fail(
                "zipf_exponent",
                format!("the Zipf exponent must be positive, got {zipf}"),
            );
        }
        if matches!(self.distribution, KeyDistribution::Zipf { .. })
            && self.keys.iter().any(|k| *k > u32::MAX as u64)
        {
            return fail("keys", "Zipf keys are limited to 2^32".into());
        }
        if !(max_delay_ms.is_finite() && max_delay_ms >= 0.0) {
            return fail(
                "max_delay_ms",
                format!("must be at least 0, got {max_delay_ms}"),
            );
        }
        if self.windows == Some(0) {
            return fail("windows", "must be at least 1, got 0".into());
        }
        if !(0.0..=1.0).contains(&self.late_fraction) {
            return fail(
                "late_fraction",
                format!("must be between 0 and 1, got {}", self.late_fraction),
            );
        }
        Ok(())
    }
}
