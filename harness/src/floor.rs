//! Latency floors: the fixed delay a real run's results carry at low load that the model's
//! queues and batches do not explain (the driver's batches, progress tracking, delivering
//! results; across processes also progress messages and the exchange's buffering). It is
//! measured as the difference of two p50s on the same low-load run: the measured one, and
//! the model's for that run's own settings without the floor. Below capacity it is then a
//! constant the model adds to every result; it is a measured offset, not a mechanism, and
//! says nothing of how those delays grow with load.

use crate::simulated::Model;
use reports::Run;
use simulator::{CostProfile, SimConfig};

/// A run's measured p50 latency, seconds, when it finished with latency samples.
pub fn measured_p50_s(run: &Run) -> Option<f64> {
    let f = run.figures()?;
    (f.latency_ns.count > 0).then_some(f.latency_ns.p50 as f64 / 1e9)
}

/// The model's p50 for `config` on `profile`, seconds, or why there is none.
pub fn model_p50_s(profile: &CostProfile, config: &SimConfig, rate: f64) -> Result<f64, String> {
    let model = Model::of(profile.clone(), "(latency floor)".into()).map_err(|e| e.to_string())?;
    let run = model.run(config, rate).map_err(|e| e.to_string())?;
    match run.outcome.reason() {
        Some(reason) => Err(format!("the model did not finish: {reason}")),
        None => measured_p50_s(&run).ok_or_else(|| "the model has no latency samples".into()),
    }
}

/// What `low`'s measured p50 exceeds the model's p50 of the same settings by, seconds, at
/// least 0, with both; or why not.
pub fn unexplained_s(
    profile: &CostProfile,
    config: &SimConfig,
    low: &Run,
) -> Result<(f64, f64, f64), String> {
    let measured = measured_p50_s(low).ok_or_else(|| "no measured p50".to_string())?;
    let model = model_p50_s(profile, config, low.key.offered_rate)?;
    Ok(((measured - model).max(0.0), measured, model))
}

/// Which of a profile's fixed delays a low-load run measures.
#[derive(Clone, Copy, Debug)]
pub enum Delay {
    /// The latency floor, from a 1-process run (`latency_floor_s`).
    Floor,
    /// The exchange's extra delay, from an N-process run on a profile whose floor is set
    /// (`exchange.latency_s`).
    Exchange,
}

impl Delay {
    fn field(self, profile: &mut CostProfile) -> &mut f64 {
        match self {
            Delay::Floor => &mut profile.latency_floor_s,
            Delay::Exchange => &mut profile.exchange.latency_s,
        }
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
    *delay.field(profile) = 0.0;
    let name = delay.name();
    let note = match unexplained_s(profile, config, low) {
        Ok((extra, measured, model)) => {
            *delay.field(profile) = extra;
            format!(
                "{name} {:.3} ms: p50 of {} measured {:.3} ms, modelled {:.3} ms",
                extra * 1e3,
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
