//! The driver's record of when each input was actually injected, so results can also be
//! timed from the actual injection of their cause (processing-time latency).
//!
//! One entry per [`RESOLUTION`] of injection time at most, not one per batch: a driver on
//! schedule injects a few events at a time, millions of batches a minute, and the log must
//! not grow with that. A batch injected within the resolution of the previous entry joins
//! it, taking its (earlier) injection time: a processing-time latency is then overstated by
//! less than the resolution, never understated.

use std::sync::{Arc, Mutex};
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

    /// A reader of this log for the measuring thread.
    pub fn reader(self: &Arc<Self>) -> LogReader {
        LogReader {
            log: self.clone(),
            copy: Vec::new(),
        }
    }
}

/// The measuring thread's view of an [`InjectionLog`]: a copy brought up to date once per
/// batch of results, so the driver, which appends to the log between injections, never waits
/// while a batch is recorded (it waited for the whole batch when the lookup held the lock).
pub struct LogReader {
    log: Arc<InjectionLog>,
    copy: Vec<(Time, Time)>,
}

impl LogReader {
    /// Calls `f` with a lookup from a cause's scheduled time to its actual injection time,
    /// as the log stands now. Causes in a batch are usually close, so the lookup starts
    /// from the previous answer.
    pub fn with_lookup<R>(&mut self, f: impl FnOnce(&mut dyn FnMut(Time) -> Time) -> R) -> R {
        {
            let entries = self.log.entries.lock().unwrap_or_else(|e| e.into_inner());
            // Append-only, but its last entry may have grown since: copied again.
            let keep = self.copy.len().saturating_sub(1).min(entries.len());
            self.copy.truncate(keep);
            self.copy.extend_from_slice(&entries[keep..]);
        }
        let entries = &self.copy;
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
        let log = Arc::new(InjectionLog::default());
        log.record(10, 15);
        log.record(20, 40 + r);
        log.record(30, 31 + 3 * r);
        log.reader().with_lookup(|f| {
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
        let log = Arc::new(InjectionLog::default());
        for k in 0..1000 {
            log.record(k * 10, 1000 + k * r / 100);
        }
        // A replay back in the schedule starts an entry of its own.
        log.record(5, 2000 + 10 * r);
        let entries = log.entries.lock().unwrap().clone();
        assert_eq!(entries.len(), 11, "{entries:?}");
        log.reader().with_lookup(|f| {
            // Batch 150 was injected at 1000 + 1.5 r; its entry says 1000 + r.
            assert_eq!(f(1500), 1000 + r);
            assert!(f(1500) <= 1000 + 150 * r / 100);
        });
    }

    #[test]
    fn a_reader_sees_what_was_logged_since_and_the_last_entry_grown() {
        let r = RESOLUTION;
        let log = Arc::new(InjectionLog::default());
        let mut reader = log.reader();
        log.record(10, 1000);
        assert_eq!(reader.with_lookup(|f| f(10)), 1000);
        // The last entry grows (within the resolution), then a new one starts.
        log.record(20, 1001);
        assert_eq!(reader.with_lookup(|f| f(20)), 1000);
        log.record(30, 2000 + r);
        reader.with_lookup(|f| {
            assert_eq!((f(20), f(25), f(30)), (1000, 2000 + r, 2000 + r));
        });
    }
}
