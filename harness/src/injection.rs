//! The driver's record of when each input was actually injected, so results can also be
//! timed from the actual injection of their cause (processing-time latency).
//!
//! One entry per [`RESOLUTION`] of injection time at most, not one per batch: a driver on
//! schedule injects a few events at a time, millions of batches a minute, and the log must
//! not grow with that. A batch injected within the resolution of the previous entry joins
//! it, taking its (earlier) injection time: a processing-time latency is then overstated by
//! less than the resolution, never understated.
//!
//! Nor does it grow with a run's length at that resolution: entries injected more than
//! [`HORIZON`] before the latest are joined the same way at [`COARSE`] resolution. A result
//! whose cause is that old has a processing-time latency of seconds, overstated by at most
//! [`COARSE`]. An hour's log is then 6 MB rather than 1.2 GB.

use std::sync::{Arc, Mutex};
use workloads::Time;

/// Batches injected less than this after an entry's injection time join that entry.
pub const RESOLUTION: Time = 100_000;
/// Entries injected this long before the latest are kept at [`COARSE`] resolution only.
pub const HORIZON: Time = 10_000_000_000;
/// The resolution of entries older than [`HORIZON`].
pub const COARSE: Time = 10_000_000;

/// `(last scheduled time in a batch, actual injection time)`, in schedule order.
type Entry = (Time, Time);

/// Joins `(scheduled, actual)` onto `entries` at `resolution`; a replay after a crash goes
/// back in the schedule, and starts a new entry.
fn join(entries: &mut Vec<Entry>, (scheduled, actual): Entry, resolution: Time) {
    match entries.last_mut() {
        Some(last) if actual < last.1 + resolution && scheduled >= last.0 => last.0 = scheduled,
        _ => entries.push((scheduled, actual)),
    }
}

/// Appended to by the driver, taken from by the measuring thread's [`LogReader`]: it holds
/// only the entries since the reader last looked.
#[derive(Default)]
pub struct InjectionLog {
    entries: Mutex<Vec<Entry>>,
}

impl InjectionLog {
    /// Records that everything scheduled up to `scheduled` was injected at `actual`.
    pub fn record(&self, scheduled: Time, actual: Time) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        join(&mut entries, (scheduled, actual), RESOLUTION);
    }

    /// The reader of this log, for the measuring thread (the only one: it takes entries).
    pub fn reader(self: &Arc<Self>) -> LogReader {
        LogReader {
            log: self.clone(),
            history: Vec::new(),
            fine: 0,
        }
    }
}

/// The measuring thread's view of an [`InjectionLog`]: the whole history, brought up to date
/// once per batch of results by taking what the driver logged since, so the driver never
/// waits while a batch is recorded (it waited for the whole batch when the lookup held the
/// lock), and the history is held once.
pub struct LogReader {
    log: Arc<InjectionLog>,
    history: Vec<Entry>,
    /// Where the entries at [`RESOLUTION`] start; those before are at [`COARSE`].
    fine: usize,
}

impl LogReader {
    /// Calls `f` with a lookup from a cause's scheduled time to its actual injection time,
    /// as the log stands now. Causes in a batch are usually close, so the lookup starts
    /// from the previous answer.
    pub fn with_lookup<R>(&mut self, f: impl FnOnce(&mut dyn FnMut(Time) -> Time) -> R) -> R {
        let new = std::mem::take(&mut *self.log.entries.lock().unwrap_or_else(|e| e.into_inner()));
        // Joined as the driver would have joined them had they not been taken, so the
        // history keeps one entry per resolution however often it is taken from.
        for e in new {
            join(&mut self.history, e, RESOLUTION);
        }
        self.coarsen();
        let entries = &self.history;
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

    /// Joins the entries older than [`HORIZON`] at [`COARSE`] resolution once they are at
    /// least as many as the recent ones, so the recent ones are moved a bounded number of
    /// times per entry coarsened.
    fn coarsen(&mut self) {
        let Some(&(_, newest)) = self.history.last() else {
            return;
        };
        let old = |e: &Entry| e.1 + HORIZON < newest;
        let h = &self.history;
        if h.len() - self.fine < 2 * (HORIZON / RESOLUTION) as usize || !old(&h[self.fine]) {
            return;
        }
        let end = self.fine + h[self.fine..].partition_point(old);
        if end - self.fine < h.len() - end {
            return;
        }
        // In place: the coarse entries are never more than the ones they join.
        let mut w = self.fine;
        for r in self.fine..end {
            let (scheduled, actual) = self.history[r];
            if let Some(last) = w.checked_sub(1).map(|l| &mut self.history[l]) {
                if actual < last.1 + COARSE && scheduled >= last.0 {
                    last.0 = scheduled;
                    continue;
                }
            }
            self.history[w] = (scheduled, actual);
            w += 1;
        }
        self.history.drain(w..end);
        self.fine = w;
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
        // The last entry grows (within the resolution, though the reader took it), then a
        // new one starts.
        log.record(20, 1001);
        assert_eq!(reader.with_lookup(|f| f(20)), 1000);
        log.record(30, 2000 + r);
        reader.with_lookup(|f| {
            assert_eq!((f(20), f(25), f(30)), (1000, 2000 + r, 2000 + r));
        });
        assert!(
            log.entries.lock().unwrap().is_empty(),
            "taken by the reader"
        );
    }

    #[test]
    fn an_hour_of_entries_is_kept_at_coarse_resolution_and_never_understated() {
        // A batch of 10 events every 50 µs, for an hour (a new entry each 100 µs).
        let log = Arc::new(InjectionLog::default());
        let mut reader = log.reader();
        let (step, hour) = (50_000, 3_600 * 1_000_000_000u64);
        let mut t = 0;
        let mut probes = Vec::new();
        while t < hour {
            log.record(t, t + 7);
            if t % 1_000_000_000 == 0 {
                probes.push(t);
            }
            // Taken after every batch, as a measuring thread with a result per batch does.
            if t < 20 * 1_000_000_000 || t % 1_000_000 == 0 {
                reader.with_lookup(|_| ());
            }
            t += step;
        }
        reader.with_lookup(|f| {
            for &p in &probes {
                let injected = f(p);
                // Never before the batch's actual injection, and late by at most the
                // coarse resolution (old) or the fine one (the last ten seconds).
                let bound = if p + HORIZON + COARSE < hour {
                    COARSE
                } else {
                    RESOLUTION
                };
                assert!(injected <= p + 7, "at {p}: {injected}");
                assert!(injected + bound > p + 7, "at {p}: {injected}");
            }
        });
        // 36 M batches: the history holds a hundred entries a second of the past and the
        // horizon's at full resolution, twice over at most.
        let most = (hour / COARSE + 3 * HORIZON / RESOLUTION) as usize;
        assert!(reader.history.len() < most, "{}", reader.history.len());
        assert!(reader.history.len() > (hour / COARSE) as usize / 2);
    }
}
