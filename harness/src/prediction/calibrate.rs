//! The profiles `simulate --check` predicts from, each derived from the measured runs of
//! its kind: the 1-process run's profile (as `calibrate` derives one), its true rate from
//! what the 1-process runs achieved, its generating cost, its latency floor from the
//! lowest-rate 1-process run and, for N-process targets, the exchange's CPU per record and
//! extra delay from N-process runs. Streams are generated (and the reference evaluated)
//! once per run.

use super::{same_setup, Measured};
use crate::calibration::{exchange_from, profile, Provenance};
use crate::error::bad;
use crate::floor::{append, set_unexplained, Delay};
use crate::suite::{params, Suite};
use reports::Run;
use simulator::{CostProfile, SimConfig};
use std::collections::HashMap;

mod load;

/// A run fell behind its schedule: the rate it achieved is what it could process.
fn saturated(r: &Run) -> Option<f64> {
    let f = r.figures()?;
    (f.throughput.input_eps < 0.95 * r.key.offered_rate).then_some(f.throughput.input_eps)
}

/// Replaces the profile's CPU-derived true rate by one from what the 1-process runs of the
/// same engine, workload, workers and keys achieved. Why: the engine's CPU time is the
/// process's less the harness's threads, and when a run falls behind the driver's
/// generating and waiting take most of the process (on 2 cores the engine's share came out
/// 0 for q5), so records ÷ engine CPU says nothing; below capacity a spinning worker's CPU
/// makes it too low. The rate a run achieved while falling behind *is* the processing rate
/// of one process on this machine (the highest, if several fell behind); when none did,
/// the highest rate sustained is a floor under the CPU-derived one.
fn capacity_rate(prof: &mut simulator::CostProfile, calibration: &Run, runs: &[Run]) {
    let Some(f) = calibration.figures() else {
        return;
    };
    let cpu = f.cost.cpu_user_s + f.cost.cpu_system_s;
    let events = f.events.input as f64;
    let siblings = runs.iter().filter(|r| {
        r.key.processes == 1 && r.key.probe_of.is_none() && same_setup(&r.key, &calibration.key)
    });
    let (mut capacity, mut sustained) = (None::<f64>, 0.0f64);
    for r in siblings {
        match saturated(r) {
            Some(eps) => capacity = Some(capacity.map_or(eps, |c| c.max(eps))),
            None => {
                if let Some(f) = r.figures() {
                    sustained = sustained.max(f.throughput.input_eps);
                }
            }
        }
    }
    for op in prof.operators.iter_mut() {
        let Some(rate) = op.true_rate_eps else {
            continue;
        };
        // rate = records-per-event × events ÷ cpu: keep the records per event.
        let per_event = if events > 0.0 {
            rate * cpu / events
        } else {
            0.0
        };
        let new = match capacity {
            // A run that kept a higher schedule shows the engine can process at least that
            // (a run far past capacity can achieve less: its driver competes for the cores).
            Some(c) => per_event * c.max(sustained),
            None => rate.max(per_event * sustained),
        };
        if new.is_finite() && new > 0.0 {
            op.true_rate_eps = Some(new);
        }
    }
    let how = match capacity {
        Some(c) => format!("the highest rate a 1-process run achieved while falling behind, {c:.0} events/s"),
        None => format!("engine CPU, at least the highest rate a 1-process run sustained ({sustained:.0} events/s)"),
    };
    if let Some(from) = &mut prof.calibrated_from {
        from.push_str(&format!("; true rate from {how}"));
    }
}

/// Runs of the same engine, workload, workers and keys as `r`, on `processes` processes,
/// finished.
fn siblings<'a>(runs: &'a [Run], r: &'a Run, processes: usize) -> impl Iterator<Item = &'a Run> {
    runs.iter().filter(move |c| {
        c.key.processes == processes
            && c.key.probe_of.is_none()
            && same_setup(&c.key, &r.key)
            && c.is_ok()
    })
}

/// The lowest-rate finished sibling of `r` on `processes` processes: the low-load run
/// latency floors are measured on.
fn lowest<'a>(runs: &'a [Run], r: &'a Run, processes: usize) -> Option<&'a Run> {
    siblings(runs, r, processes).min_by(|a, b| a.key.offered_rate.total_cmp(&b.key.offered_rate))
}

/// The N-process runs `target` (on N processes) is calibrated on: for the exchange's
/// extra delay, the lowest-rate run of its kind on N processes (low load); for its CPU per
/// record, the highest-rate one that kept its schedule, with the 1-process run of the same
/// rate that also kept it to difference its engine CPU against. Why the highest: at low
/// rates an idle worker's polling is most of an engine's CPU, and N processes poll N times,
/// so the difference there measured idling, not the exchange (4 µs per record at 250 k
/// events/s against 0.4 µs at 4 M, timely window-count).
fn exchange_calibration<'a>(
    runs: &'a [Run],
    target: &'a Run,
) -> (Option<&'a Run>, Option<(&'a Run, &'a Run)>) {
    let n = target.key.processes;
    let low = lowest(runs, target, n);
    let kept = |r: &&Run| saturated(r).is_none();
    let pair = siblings(runs, target, n)
        .filter(kept)
        .filter_map(|r| {
            let one = siblings(runs, target, 1).filter(kept).find(|o| {
                o.key.offered_rate == r.key.offered_rate && o.key.repetition == r.key.repetition
            })?;
            Some((r, one))
        })
        .max_by(|a, b| a.0.key.offered_rate.total_cmp(&b.0.key.offered_rate));
    (low, pair)
}

/// Takes the generating time per event of the 1-process run of the same kind that
/// injected the most events per second: generating is what limits a deployment whose
/// processes each generate the whole stream, and it costs most where the machine is
/// busiest (timely q5: 243 ns per event at 1 M events/s, 543 ns at its capacity of 2 M,
/// when the engine's worker keeps the other core busy: the two then use the machine's
/// whole 4 CPU s of the 2 s run, so that is CPU, not waiting for a core). A cost taken at
/// low load would overstate what two processes sustain.
fn busiest_generation(prof: &mut CostProfile, calibration: &Run, runs: &[Run]) {
    let busiest = siblings(runs, calibration, 1)
        .filter_map(|r| {
            let f = r.figures()?;
            let generated = f.events.input as f64 * r.key.processes.max(1) as f64;
            (f.cost.generate_s > 0.0 && generated > 0.0).then(|| {
                (
                    f.throughput.input_eps,
                    f.cost.generate_s / generated,
                    r.id(),
                )
            })
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((eps, per_event, id)) = busiest {
        prof.generate_seconds_per_event = per_event;
        if let Some(from) = &mut prof.calibrated_from {
            from.push_str(&format!(
                "; generating {:.0} ns per event (run {id}, the busiest 1-process run: {eps:.0} events/s)",
                per_event * 1e9
            ));
        }
    }
}

/// The model of `run`'s settings on `nodes` nodes as this machine ran them: every process
/// on this one host, sharing its `cores`, each generating the whole stream; records advance
/// in 0.1 ms batches, so the batch is not what the model's latency at low load is made of.
pub fn config_for(suite: &Suite, run: &Run, nodes: usize, cores: f64) -> SimConfig {
    let p = params(suite, run.key.offered_rate, run.key.keys);
    let marks =
        workloads::catalog::find(&run.key.workload).map(|e| e.build(&p).source.watermark_policy());
    let (bound, interval) = marks.map_or((10_000_000, 50_000_000), |m| (m.bound, m.interval));
    SimConfig {
        nodes,
        slots: run.key.workers,
        shape: suite.shape.scaled(run.key.offered_rate),
        duration_s: run.params.duration_s,
        warmup_s: run.params.warmup_s,
        keys: run.key.keys,
        distribution: suite.distribution,
        max_delay_s: bound as f64 / 1e9,
        watermark_interval_s: interval.max(1) as f64 / 1e9,
        interval_s: suite.interval_s,
        seed: suite.seed,
        batch_s: 1e-4,
        nodes_per_host: nodes,
        cores_per_host: Some(cores),
        whole_stream_sources: true,
        ..SimConfig::default()
    }
}

/// `YYYY-MM-DD` of a Unix time.
fn date(unix: u64) -> String {
    let (y, mo, d) = reports::date::civil_from_days((unix / 86_400) as i64);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// Profiles derived so far, by run id, with their streams' workloads.
pub struct Profiles<'m> {
    m: &'m Measured,
    /// Per 1-process run: its profile with its true rate and generating cost, no floor.
    base: HashMap<String, CostProfile>,
    /// Per low-load 1-process run: the latency floor measured on it, and how.
    floors: HashMap<String, (f64, String)>,
}

impl<'m> Profiles<'m> {
    /// An empty cache over the measured runs `m`.
    pub fn new(m: &'m Measured) -> Self {
        Profiles {
            m,
            base: HashMap::new(),
            floors: HashMap::new(),
        }
    }

    /// The profile of the 1-process run `run`, before latency floors and the exchange.
    fn base(&mut self, run: &Run) -> anyhow::Result<CostProfile> {
        if let Some(p) = self.base.get(&run.id()) {
            return Ok(p.clone());
        }
        let suite = &self.m.suites[&run.id()];
        let p = params(suite, run.key.offered_rate, run.key.keys);
        let entry = workloads::catalog::find(&run.key.workload)
            .ok_or_else(|| bad(format!("{}: unknown workload", run.id())))?;
        let workload = entry.build(&p);
        let stream = workload.source.generate();
        let provenance = Provenance {
            machine: self.m.first.machine.cpu.clone(),
            date: date(self.m.first.suite.started_unix),
            window: p.window,
        };
        let mut prof = profile(run, &workload, &stream, provenance).map_err(bad)?;
        capacity_rate(&mut prof, run, &self.m.runs);
        busiest_generation(&mut prof, run, &self.m.runs);
        self.base.insert(run.id(), prof.clone());
        Ok(prof)
    }

    /// The latency floor of runs like `run`, measured on the lowest-rate 1-process one with
    /// its own profile (output ratios differ between rates: q5's results per event shrink
    /// as the rate grows), and the sentence saying how.
    fn floor(&mut self, run: &Run, cores: f64) -> anyhow::Result<Option<(f64, String)>> {
        let runs = &self.m.runs;
        let Some(low) = lowest(runs, run, 1) else {
            return Ok(None);
        };
        if let Some(known) = self.floors.get(&low.id()) {
            return Ok(Some(known.clone()));
        }
        let mut prof = self.base(low)?;
        let suite = &self.m.suites[&low.id()];
        let config = config_for(suite, low, 1, cores);
        let note = set_unexplained(&mut prof, Delay::Floor, &config, low);
        let floor = (prof.latency_floor_s, note);
        self.floors.insert(low.id(), floor.clone());
        Ok(Some(floor))
    }

    /// The profile `target` is predicted with, from its 1-process run `calibration`.
    pub fn profile(
        &mut self,
        calibration: &Run,
        target: &Run,
        cores: f64,
    ) -> anyhow::Result<CostProfile> {
        let mut prof = self.base(calibration)?;
        if let Some((floor, note)) = self.floor(calibration, cores)? {
            prof.latency_floor_s = floor;
            append(&mut prof, &note);
        }
        let (curve, note) = self.load_curve(calibration, prof.latency_floor_s, cores)?;
        prof.delay_by_load = curve;
        append(&mut prof, &note);
        if target.key.processes < 2 {
            return Ok(prof);
        }
        let runs = &self.m.runs;
        let (low, pair) = exchange_calibration(runs, target);
        let plan = self.plan_of(calibration)?;
        if let Some((busy, one)) = pair {
            let stages =
                simulator::Stages::new(&plan, &prof, "(check)").map_err(|e| bad(e.to_string()))?;
            exchange_from(&mut prof, busy, one, &stages);
        }
        // The exchange's extra delay is measured on the low-load N-process run, with the
        // profile of the 1-process run of its rate (its output ratios) and these costs.
        let one_low = low
            .and_then(|l| siblings(runs, l, 1).find(|o| o.key.offered_rate == l.key.offered_rate));
        if let (Some(low), Some(one_low)) = (low, one_low) {
            let mut at_low = self.base(one_low)?;
            at_low.latency_floor_s = prof.latency_floor_s;
            at_low.delay_by_load = prof.delay_by_load.clone();
            at_low.exchange = prof.exchange.clone();
            let suite = &self.m.suites[&low.id()];
            let config = config_for(suite, low, low.key.processes, cores);
            let note = set_unexplained(&mut at_low, Delay::Exchange, &config, low);
            prof.exchange.latency_s = at_low.exchange.latency_s;
            prof.exchange.spread_s = at_low.exchange.spread_s;
            append(&mut prof, &note);
        }
        Ok(prof)
    }

    fn plan_of(&self, run: &Run) -> anyhow::Result<workloads::Plan> {
        let suite = &self.m.suites[&run.id()];
        let p = params(suite, run.key.offered_rate, run.key.keys);
        let entry = workloads::catalog::find(&run.key.workload)
            .ok_or_else(|| bad(format!("{}: unknown workload", run.id())))?;
        Ok(entry.build(&p).plan)
    }
}
