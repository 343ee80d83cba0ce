//! Latency floors and spreads: the delays a real run's results carry that the model's queues
//! and batches do not explain (the driver's batches, progress tracking, delivering results,
//! threads waiting for a core; across processes also progress messages and the exchange's
//! buffering). Each is measured as the difference of two latency distributions of the same
//! run, quantile by quantile: the measured one, and the model's for that run's own settings
//! without the delay being measured (delays are taken as comonotone, so quantiles add).
//!
//! * The floor: the median of that difference on the lowest-rate 1-process run, a constant
//!   every result carries.
//! * The exchange's delay and its spread: the difference on the lowest-rate N-process run,
//!   beyond what the floor and the load curve give it.
//! * The load curve (`prediction::load`): the difference on every 1-process run that kept
//!   its schedule, at that run's utilisation.
//!
//! They are measured offsets, not mechanisms: they say how much results wait, where and at
//! what load, not why.

use crate::simulated::Model;
use reports::{Latency, Run};
use simulator::{monotone, CostProfile, SimConfig, Spread, DELAY_QUANTILES};

/// The index of the median in [`DELAY_QUANTILES`].
pub const MEDIAN: usize = 3;

/// A latency distribution's values at [`DELAY_QUANTILES`], seconds (the reported p50, p90,
/// p99 and p99.9 where those are asked for, the stored distribution otherwise).
pub fn quantiles_s(l: &Latency) -> Spread {
    let at = |q: f64| -> u64 {
        match q {
            0.5 => l.p50,
            0.9 => l.p90,
            0.99 => l.p99,
            0.999 => l.p999,
            _ => l
                .distribution
                .iter()
                .find(|(quantile, _)| *quantile >= q)
                .map_or(l.max, |(_, v)| *v),
        }
    };
    DELAY_QUANTILES
        .iter()
        .map(|&q| at(q) as f64 / 1e9)
        .collect()
}

/// A run's measured latency quantiles, seconds, when it finished with latency samples.
pub fn measured_s(run: &Run) -> Option<Spread> {
    let f = run.figures()?;
    (f.latency_ns.count > 0).then(|| quantiles_s(&f.latency_ns))
}

/// The model's latency quantiles for `config` on `profile`, seconds, or why there are none.
pub fn model_s(profile: &CostProfile, config: &SimConfig, rate: f64) -> Result<Spread, String> {
    let model = Model::of(profile.clone(), "(latency floor)".into()).map_err(|e| e.to_string())?;
    let run = model.run(config, rate).map_err(|e| e.to_string())?;
    match run.outcome.reason() {
        Some(reason) => Err(format!("the model did not finish: {reason}")),
        None => measured_s(&run).ok_or_else(|| "the model has no latency samples".into()),
    }
}

/// What `run`'s measured latency exceeds the model's of the same settings by, seconds, at
/// each quantile (made non-decreasing: see [`monotone`]), with the measured and modelled
/// medians; or why not.
pub fn unexplained_s(
    profile: &CostProfile,
    config: &SimConfig,
    run: &Run,
) -> Result<(Spread, f64, f64), String> {
    let measured = measured_s(run).ok_or_else(|| "no measured latency".to_string())?;
    let model = model_s(profile, config, run.key.offered_rate)?;
    let extra: Vec<f64> = measured.iter().zip(&model).map(|(m, s)| m - s).collect();
    Ok((monotone(&extra), measured[MEDIAN], model[MEDIAN]))
}

/// Which of a profile's delays a low-load run measures.
#[derive(Clone, Copy, Debug)]
pub enum Delay {
    /// The latency floor, from a 1-process run (`latency_floor_s`): the median only, the
    /// spread being the load curve's.
    Floor,
    /// The exchange's extra delay and its spread, from an N-process run on a profile whose
    /// floor and load curve are set (`exchange.latency_s`, `exchange.spread_s`).
    Exchange,
}

impl Delay {
    fn clear(self, profile: &mut CostProfile) {
        match self {
            Delay::Floor => profile.latency_floor_s = 0.0,
            Delay::Exchange => {
                profile.exchange.latency_s = 0.0;
                profile.exchange.spread_s.clear();
            }
        }
    }

    /// Sets the delay from the unexplained quantiles: the median (at least 0) and, for the
    /// exchange, the spread around it.
    fn set(self, profile: &mut CostProfile, extra: &[f64]) -> f64 {
        let median = extra[MEDIAN].max(0.0);
        match self {
            Delay::Floor => profile.latency_floor_s = median,
            Delay::Exchange => {
                profile.exchange.latency_s = median;
                profile.exchange.spread_s = extra.iter().map(|x| x - median).collect();
            }
        }
        median
    }

    fn name(self) -> &'static str {
        match self {
            Delay::Floor => "latency floor",
            Delay::Exchange => "exchange delay",
        }
    }
}

/// Sets the profile's `delay` to what `low`, a run at low load simulated with `config`,
/// leaves unexplained with that delay at 0; returns the sentence `calibrated_from` gets.
pub fn set_unexplained(
    profile: &mut CostProfile,
    delay: Delay,
    config: &SimConfig,
    low: &Run,
) -> String {
    delay.clear(profile);
    let name = delay.name();
    let note = match unexplained_s(profile, config, low) {
        Ok((extra, measured, model)) => {
            let median = delay.set(profile, &extra);
            let spread = match delay {
                Delay::Floor => String::new(),
                Delay::Exchange => format!(
                    " (p99 {:+.3} ms)",
                    (extra[DELAY_QUANTILES.len() - 2] - median) * 1e3
                ),
            };
            format!(
                "{name} {:.3} ms{spread}: p50 of {} measured {:.3} ms, modelled {:.3} ms",
                median * 1e3,
                low.id(),
                measured * 1e3,
                model * 1e3
            )
        }
        Err(why) => format!("no {name} from {}: {why}", low.id()),
    };
    append(profile, &note);
    note
}

/// Appends `note` to the profile's `calibrated_from`, when it has one.
pub fn append(profile: &mut CostProfile, note: &str) {
    if let Some(from) = &mut profile.calibrated_from {
        from.push_str("; ");
        from.push_str(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_reported_percentiles_and_the_distribution() {
        let l = Latency {
            count: 1000,
            p50: 2_000_000,
            p90: 5_000_000,
            p99: 9_000_000,
            p999: 12_000_000,
            max: 15_000_000,
            distribution: vec![(0.0, 1_000_000), (0.2, 1_500_000), (0.8, 4_000_000)],
            ..Latency::default()
        };
        let q = quantiles_s(&l);
        assert_eq!(DELAY_QUANTILES[MEDIAN], 0.5);
        assert_eq!(q[0], 0.001); // quantile 0: the distribution's first point
        assert_eq!(q[1], 0.0015); // 0.1: the first point at or above it
        assert_eq!(q[MEDIAN], 0.002);
        assert_eq!(q[4], 0.004); // 0.75
        assert_eq!(q[6], 0.015); // 0.95: past the distribution, the maximum
        assert_eq!(q[7], 0.009);
    }
}
