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

    /// A clock whose zero is `epoch` (which may lie in the future: it reads 0 until then).
    pub fn at(epoch: Instant) -> Self {
        Clock { epoch }
    }

    /// Nanoseconds since the epoch.
    #[inline]
    pub fn now(&self) -> Time {
        self.epoch.elapsed().as_nanos() as Time
    }

    /// Returns at `t` or soon after: sleeps while far from it, then spins, because a sleep
    /// on a loaded machine can overshoot by far more than the gap between two events.
    /// Returns the CPU nanoseconds this thread burnt waiting (the driver's cost, which the
    /// engine's CPU figures must not be charged with).
    pub fn wait_until(&self, t: Time) -> Time {
        const SPIN: Time = 200_000;
        if self.now() >= t {
            return 0;
        }
        let cpu = thread_cpu();
        loop {
            let now = self.now();
            if now >= t {
                return thread_cpu().saturating_sub(cpu);
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

/// CPU time of the calling thread, ns.
fn thread_cpu() -> Time {
    // SAFETY: clock_gettime fills the zeroed timespec; the clock id is always valid.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as Time * 1_000_000_000 + ts.tv_nsec as Time
}
