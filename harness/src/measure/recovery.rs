//! The recovery figures of a run with checkpoints or crashes: each checkpoint's cost, and
//! each crash's restore, catch-up, return under the latency objective, replay and downtime,
//! from the driver's marks and the sink's time series.

use super::record::{Record, RATE_BUCKET};
use crate::execute::Recovering;
use reports::{CheckpointFigures, CrashFigures, Recovery};
use workloads::Time;

const MS: f64 = 1e6;

/// The recovery figures of `m`. `snapshots`: whether the engine has snapshots; `name` its
/// name; `interval` the time series' interval; `lost`/`duplicated` from the check.
pub fn recovery(
    m: &Record,
    r: &Recovering,
    engine: (&str, bool),
    interval: Time,
    lost: u64,
) -> Recovery {
    let (name, snapshots) = engine;
    let f = &r.faults;
    let from_start = !f.crash_at_s.is_empty() || f.checkpoint_interval_ms > 0.0;
    let mut notes = Vec::new();
    match (snapshots, f.checkpoint_interval_ms > 0.0) {
        (false, _) if from_start => notes.push(format!(
            "{name} has no snapshots: no checkpoint was taken, and every crash restarted it \
             from the beginning of the stream"
        )),
        (true, false) if !f.crash_at_s.is_empty() => notes.push(
            "no checkpoints (checkpoint_interval_ms = 0): every crash restarted from the \
             beginning of the stream"
                .into(),
        ),
        (true, true) => notes.extend(m.crashes.iter().filter(|c| c.restored_from.is_none()).map(
            |c| {
                format!(
                    "the crash at {:.3} s came before the first checkpoint: restarted \
                         from the beginning of the stream",
                    c.at as f64 / 1e9
                )
            },
        )),
        _ => {}
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    let checkpoints = m
        .checkpoints
        .iter()
        .enumerate()
        .map(|(k, c)| CheckpointFigures {
            at_s: c.started as f64 / 1e9,
            offset: c.offset,
            bytes: c.bytes,
            take_ms: c.take as f64 / MS,
            persist_ms: c.persist as f64 / MS,
            stall_ms: c.ended.saturating_sub(c.started) as f64 / MS,
            in_flight_max_ms: m
                .in_flight_max
                .get(k)
                .filter(|&&l| l > 0)
                .map(|&l| l as f64 / MS),
        })
        .collect();
    let slo = (r.slo_ms * MS) as Time;
    let crashes = m
        .crashes
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let horizon = m.crashes.get(k + 1).map_or(m.finished, |n| n.at);
            CrashFigures {
                at_s: c.at as f64 / 1e9,
                restored_from_s: c.restored_from.map(|t| t as f64 / 1e9),
                restore_ms: c.restored.saturating_sub(c.at) as f64 / MS,
                restored_bytes: c.restored_bytes,
                catch_up_ms: c.caught_up.unwrap_or(horizon).saturating_sub(c.at) as f64 / MS,
                slo_recovered_ms: slo_recovered(m, c.at, horizon, interval, slo)
                    .map(|t| t as f64 / MS),
                replayed: c.replayed,
                downtime_ms: downtime(&m.delivered_by_bucket, c.at) as f64 / MS,
            }
        })
        .collect();
    Recovery {
        sink: f.sink,
        checkpoint_interval_ms: f.checkpoint_interval_ms,
        note,
        checkpoints,
        crashes,
        lost,
        duplicated: m.duplicated,
    }
}

/// Time from `at` to the end of the first interval with results from which every interval
/// up to `horizon` has its p99 under `slo`: results are back, on time, for good. `None` when
/// no result came after the crash before `horizon`, or the last interval is still over.
fn slo_recovered(m: &Record, at: Time, horizon: Time, interval: Time, slo: Time) -> Option<Time> {
    let interval = interval.max(1);
    let (first, last) = ((at / interval) as usize, (horizon / interval) as usize);
    let results = |k: usize| m.intervals.get(k).filter(|i| !i.latency.is_empty());
    let over = |k: usize| results(k).is_some_and(|i| i.latency.value_at_quantile(0.99) > slo);
    let from = (first..=last)
        .rev()
        .find(|&k| over(k))
        .map_or(first, |k| k + 1);
    let back = (from..=last).find(|&k| results(k).is_some())?;
    Some(((back as Time + 1) * interval).saturating_sub(at))
}

/// The time around `at` with no result delivered: from the last bucket with a delivery at
/// or before `at`'s to the first after it (the end of the record when there is none).
fn downtime(delivered: &[u64], at: Time) -> Time {
    let b = (at / RATE_BUCKET) as usize;
    let before = delivered[..(b + 1).min(delivered.len())]
        .iter()
        .rposition(|&n| n > 0)
        .map_or(0, |k| k + 1);
    let after = delivered
        .iter()
        .skip(b + 1)
        .position(|&n| n > 0)
        .map_or(delivered.len().max(b + 1), |k| k + b + 1);
    (after.saturating_sub(before) as Time) * RATE_BUCKET
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downtime_spans_the_empty_buckets_around_the_crash() {
        // Deliveries in buckets 0..=3, none in 4..=8, again from 9.
        let d = [1, 1, 1, 1, 0, 0, 0, 0, 0, 2, 2];
        assert_eq!(downtime(&d, 5 * RATE_BUCKET + 3), 5 * RATE_BUCKET);
        // A crash in a bucket that still delivered: the gap starts after it.
        assert_eq!(downtime(&d, 3 * RATE_BUCKET + 1), 5 * RATE_BUCKET);
        // No gap at all.
        assert_eq!(downtime(&[1, 1, 1], RATE_BUCKET), 0);
    }

    #[test]
    fn back_under_the_objective_after_the_last_interval_over_it() {
        let mut m = Record::default();
        let ms = 1_000_000;
        // Intervals of 100 ms; interval 4 delivers nothing.
        for (k, l) in [5, 500, 300, 5, 0, 5].into_iter().enumerate() {
            if l > 0 {
                m.interval(k).latency.record_n(l * ms, 1);
            }
        }
        let slo = 100 * ms;
        let back = |at: u64, horizon: u64| slo_recovered(&m, at * ms, horizon * ms, 100 * ms, slo);
        // Crash at 150 ms: over until the end of interval 2, back in interval 3 (to 400 ms).
        assert_eq!(back(150, 600), Some(250 * ms));
        // Never over: back with the first results after the crash.
        assert_eq!(back(350, 600), Some(50 * ms));
        assert_eq!(back(420, 600), Some(180 * ms));
        // Still over in the last interval before the horizon: never came back.
        assert_eq!(back(150, 250), None);
        // No result at all after the crash before the horizon.
        assert_eq!(back(410, 490), None);
    }
}
