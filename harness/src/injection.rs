//! The driver's record of when each input was actually injected, so results can also be
//! timed from the actual injection of their cause (processing-time latency).

use std::sync::Mutex;
use workloads::Time;

/// Append-only, in schedule order: `(last scheduled time in a batch, actual injection time)`.
#[derive(Default)]
pub struct InjectionLog {
    entries: Mutex<Vec<(Time, Time)>>,
}

impl InjectionLog {
    /// Records that everything scheduled up to `scheduled` was injected at `actual`.
    pub fn record(&self, scheduled: Time, actual: Time) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((scheduled, actual));
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
        let log = InjectionLog::default();
        log.record(10, 15);
        log.record(20, 40);
        log.record(30, 31);
        log.with_lookup(|f| {
            assert_eq!(f(5), 15);
            assert_eq!(f(10), 15);
            assert_eq!(f(11), 40);
            assert_eq!(f(25), 31);
            assert_eq!(f(99), 99, "after the last batch: no later injection known");
        });
    }
}
