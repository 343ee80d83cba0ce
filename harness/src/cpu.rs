//! CPU time of the whole process (every thread, also those that have ended) and of the
//! calling thread, from getrusage(2), in microseconds' resolution (the per-thread figures of
//! /proc/self/task/*/stat count in 10 ms ticks, too coarse for a short run).

/// User and system CPU seconds used by the process so far.
pub fn cpu_seconds() -> (f64, f64) {
    rusage(libc::RUSAGE_SELF)
}

/// User and system CPU seconds used by the calling thread so far.
pub fn thread_cpu_seconds() -> (f64, f64) {
    rusage(libc::RUSAGE_THREAD)
}

fn rusage(who: libc::c_int) -> (f64, f64) {
    // SAFETY: getrusage writes into the zeroed struct we pass; both `who` values are valid.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(who, &mut u) };
    if rc != 0 {
        return (0.0, 0.0);
    }
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (s(u.ru_utime), s(u.ru_stime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_with_work() {
        let (u0, _) = cpu_seconds();
        let mut x = 0u64;
        let t = std::time::Instant::now();
        while t.elapsed().as_millis() < 50 {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let (u1, _) = cpu_seconds();
        assert!(u1 > u0, "{u0} -> {u1}");
    }

    #[test]
    fn a_thread_counts_only_its_own_work() {
        // A fixed amount of work, not a time: on a loaded machine a thread busy for 100 ms of
        // wall time may get far less CPU time.
        let busy = || {
            let mut x = 0u64;
            for i in 0..200_000_000u64 {
                x = std::hint::black_box(x.wrapping_add(i));
            }
            thread_cpu_seconds()
        };
        let (u0, s0) = thread_cpu_seconds();
        let (u, s) = std::thread::spawn(busy).join().unwrap();
        let (u1, s1) = thread_cpu_seconds();
        let other = u + s;
        assert!(other > 0.01, "the busy thread used {other} s");
        // The other thread's work is not this thread's.
        let mine = u1 + s1 - u0 - s0;
        assert!(
            mine < other / 2.0,
            "this thread {mine} s, the other {other} s"
        );
    }
}
