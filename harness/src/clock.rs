//! The run's one clock: nanoseconds since the run's epoch, shared by driver and sink.

use std::time::{Duration, Instant};
use workloads::Time;

/// A monotonic clock whose zero is the start of the run.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    epoch: Instant,
}

impl Clock {
    /// A clock starting now.
    pub fn start() -> Self {
        Clock {
            epoch: Instant::now(),
        }
    }

    /// Nanoseconds since the epoch.
    #[inline]
    pub fn now(&self) -> Time {
        self.epoch.elapsed().as_nanos() as Time
    }

    /// Returns at `t` or soon after: sleeps while far from it, then spins, because a sleep
    /// on a loaded machine can overshoot by far more than the gap between two events.
    pub fn wait_until(&self, t: Time) {
        const SPIN: Time = 200_000;
        loop {
            let now = self.now();
            if now >= t {
                return;
            }
            let left = t - now;
            if left > SPIN {
                std::thread::sleep(Duration::from_nanos(left - SPIN / 2));
            } else {
                std::hint::spin_loop();
            }
        }
    }
}
