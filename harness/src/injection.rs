//! The driver's record of when each input was actually injected, so results can also be
//! timed from the actual injection of their cause (processing-time latency).
//!
//! One entry per [`RESOLUTION`] of injection time at most, not one per batch: a driver on
//! schedule injects a few events at a time, millions of batches a minute, and the log must
//! not grow with that. A batch injected within the resolution of the previous entry joins
//! it, taking its (earlier) injection time: a processing-time latency is then overstated by
//! less than the resolution, never understated.

use std::sync::Mutex;
use workloads::Time;

/// Batches injected less than this after an entry's injection time join that entry.
pub const RESOLUTION: Time = 100_000;

/// Append-only, in schedule order: `(last scheduled time in a batch, actual injection time)`.
#[derive(Default)]
pub struct InjectionLog {
    entries: Mutex<Vec<(Time, Time)>>,
}

impl InjectionLog {
    /// Records that everything scheduled up to `scheduled` was injected at `actual`.
    pub fn record(&self, scheduled: Time, actual: Time) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.last_mut() {
            // A replay after a crash goes back in the schedule: it starts a new entry.
            Some(last) if actual < last.1 + RESOLUTION && scheduled >= last.0 => {
                last.0 = scheduled;
            }
            _ => entries.push((scheduled, actual)),
        }
    }

    /// Calls `f` with a lookup from a cause's scheduled time to its actual injection time.
    /// One lock per batch of results; causes in a batch are usually close, so the lookup
    /// starts from the previous answer.
    pub fn with_lookup<R>(&self, f: impl FnOnce(&mut dyn FnMut(Time) -> Time) -> R) -> R {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let mut last = 0usize;
        let mut lookup = |cause: Time| -> Time {
            if entries.is_empty() {
                return cause;
            }
            let ok = |i: usize| entries[i].0 >= cause && (i == 0 || entries[i - 1].0 < cause);
            if !(last < entries.len() && ok(last)) {
                last = entries
                    .partition_point(|e| e.0 < cause)
                    .min(entries.len() - 1);
            }
            entries[last].1.max(cause)
        };
        f(&mut lookup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_batch_of_a_cause() {
        let r = RESOLUTION;
        let log = InjectionLog::default();
        log.record(10, 15);
        log.record(20, 40 + r);
        log.record(30, 31 + 3 * r);
        log.with_lookup(|f| {
            assert_eq!(f(5), 15);
            assert_eq!(f(10), 15);
            assert_eq!(f(11), 40 + r);
            assert_eq!(f(25), 31 + 3 * r);
            assert_eq!(
                f(99 + 9 * r),
                99 + 9 * r,
                "after the last batch: none known"
            );
        });
    }

    #[test]
    fn batches_within_the_resolution_share_an_entry_and_its_earlier_time() {
        let r = RESOLUTION;
        let log = InjectionLog::default();
        for k in 0..1000 {
            log.record(k * 10, 1000 + k * r / 100);
        }
        // A replay back in the schedule starts an entry of its own.
        log.record(5, 2000 + 10 * r);
        let entries = log.entries.lock().unwrap().clone();
        assert_eq!(entries.len(), 11, "{entries:?}");
        log.with_lookup(|f| {
            // Batch 150 was injected at 1000 + 1.5 r; its entry says 1000 + r.
            assert_eq!(f(1500), 1000 + r);
            assert!(f(1500) <= 1000 + 150 * r / 100);
        });
    }
}
