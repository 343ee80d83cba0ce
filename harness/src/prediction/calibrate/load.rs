//! The load curve: how much more than the model's queues explain results wait, at each load,
//! measured on the 1-process runs of a kind. Each 1-process run that kept its schedule is
//! simulated with its own profile and the floor; its measured latency less the model's,
//! quantile by quantile, is the delay at that run's utilisation (ρ, as the simulator reads
//! the curve: the rate over what the modelled deployment can process). A simulation at
//! another load, or on other nodes, reads the curve at its own ρ.
//!
//! What it carries is whatever grows with load on this machine below capacity — threads
//! waiting for a core, the engine's batching, results per firing — measured, not explained;
//! a run past capacity is left out (its latency is its backlog, which the model's own queues
//! give).

use super::{config_for, saturated, siblings, Profiles};
use crate::error::bad;
use crate::floor::{unexplained_s, MEDIAN};
use crate::simulated::Model;
use reports::Run;
use simulator::{LoadDelay, DELAY_QUANTILES};

/// Points closer in utilisation than this are one point (their delays averaged).
const SAME_LOAD: f64 = 1e-6;

impl Profiles<'_> {
    /// The load curve of runs like `run` on the profile with latency floor `floor_s`, and
    /// the sentence saying what it was measured on.
    pub(super) fn load_curve(
        &mut self,
        run: &Run,
        floor_s: f64,
        cores: f64,
    ) -> anyhow::Result<(Vec<LoadDelay>, String)> {
        let runs = &self.m.runs;
        let kept: Vec<Run> = siblings(runs, run, 1)
            .filter(|r| saturated(r).is_none())
            .cloned()
            .collect();
        let mut points: Vec<(LoadDelay, u32)> = Vec::new();
        let mut skipped = Vec::new();
        for r in &kept {
            let mut prof = self.base(r)?;
            prof.latency_floor_s = floor_s;
            let suite = &self.m.suites[&r.id()];
            let config = config_for(suite, r, 1, cores);
            let model = Model::of(prof.clone(), "(load curve)".into())?;
            let rho = simulator::utilisation(&config, &model.stages, &prof)
                .map_err(|e| bad(format!("{}: {e}", r.id())))?;
            match unexplained_s(&prof, &config, r) {
                Ok((extra, _, _)) => merge(&mut points, rho, extra),
                Err(why) => skipped.push(format!("{}: {why}", r.id())),
            }
        }
        points.sort_by(|a, b| a.0.utilisation.total_cmp(&b.0.utilisation));
        let curve: Vec<LoadDelay> = points.into_iter().map(|(p, _)| p).collect();
        let p99 = DELAY_QUANTILES.len() - 2;
        let mut note = format!(
            "load curve from {} 1-process run(s) that kept their schedule: ",
            curve.len()
        );
        let each: Vec<String> = curve
            .iter()
            .map(|p| {
                format!(
                    "ρ {:.2} p50 {:+.3} ms p99 {:+.3} ms",
                    p.utilisation,
                    p.delay_s[MEDIAN] * 1e3,
                    p.delay_s[p99] * 1e3
                )
            })
            .collect();
        note.push_str(&each.join(", "));
        if !skipped.is_empty() {
            note.push_str(&format!(" (not used: {})", skipped.join("; ")));
        }
        Ok((curve, note))
    }
}

/// Adds the delays `extra` measured at utilisation `rho`, averaging them into a point
/// already at that load.
fn merge(points: &mut Vec<(LoadDelay, u32)>, rho: f64, extra: Vec<f64>) {
    if let Some((p, n)) = points
        .iter_mut()
        .find(|(p, _)| (p.utilisation - rho).abs() < SAME_LOAD)
    {
        let k = f64::from(*n);
        for (a, b) in p.delay_s.iter_mut().zip(&extra) {
            *a = (*a * k + b) / (k + 1.0);
        }
        *n += 1;
        return;
    }
    points.push((
        LoadDelay {
            utilisation: rho,
            delay_s: extra,
        },
        1,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_at_the_same_load_are_one_point_of_their_mean() {
        let mut points = Vec::new();
        merge(&mut points, 0.5, vec![1.0; 9]);
        merge(&mut points, 0.2, vec![0.0; 9]);
        merge(&mut points, 0.5, vec![3.0; 9]);
        assert_eq!(points.len(), 2);
        assert_eq!(points[0].0.delay_s, vec![2.0; 9]);
        assert_eq!(points[0].1, 2);
    }
}
