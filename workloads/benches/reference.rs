//! Reference evaluator speed: nanoseconds of one core per input event for the default suite's
//! workloads, as a run prepares them (the suite's keys, disorder and 10 ms windows). The
//! stream is generated first, in parts; only evaluating it is timed. Every run's results are
//! counted and compared, so a change that altered what the reference says fails here too.
//!
//! Time is this thread's CPU time (`/proc/thread-self/schedstat`), so other load on a shared
//! machine does not count; wall time where that file is missing.
//!
//! `cargo bench -p workloads --bench reference`; `BENCH_EVENTS` (default 2 M) events per
//! case, median of `BENCH_REPS` (default 3) runs, `BENCH_ONLY=text` to run matching cases.

mod common;
use common::{env, median, now};
use std::hint::black_box;
use workloads::catalog::{self, Params};
use workloads::reference::Evaluator;
use workloads::{Chunk, Chunks, NANOS_PER_MILLI};

fn main() {
    let events = env("BENCH_EVENTS", 2_000_000);
    let reps = env("BENCH_REPS", 3).max(1);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    println!("reference evaluator, one core, {events} events per run, median of {reps}");
    println!(
        "  {:<16} {:>10} {:>10} {:>10}",
        "workload", "ns/event", "generating", "results"
    );
    let workloads = [
        "stateless",
        "window-count",
        "nexmark-q1",
        "nexmark-q5",
        "nexmark-q7",
        "nexmark-q8",
        "ysb",
    ];
    for name in workloads.into_iter().filter(|n| n.contains(&only)) {
        let entry = catalog::find(name).expect("a catalog workload");
        // The default suite's parameters, at a rate that makes `events` in one second.
        let params = Params {
            rate: events as f64,
            duration: 1.0,
            late_fraction: 0.001,
            window: Some(10 * NANOS_PER_MILLI),
            ..Params::default()
        };
        let workload = entry.build(&params);
        let t = now();
        let parts: Vec<Chunk> = Chunks::new(&workload.source, 16 * 1024).collect();
        let generating = now() - t;
        let inputs: usize = parts.iter().map(|p| p.stream.events.len()).sum();
        let mut results = None;
        let times = (0..reps)
            .map(|_| {
                let t = now();
                let mut reference = Evaluator::new(&workload.plan);
                let mut n = 0;
                let mut end = 0;
                for part in &parts {
                    n += black_box(reference.push(part.stream.steps())).len();
                    end = part.stream.end;
                }
                n += reference.finish(end).len();
                let secs = now() - t;
                assert!(results.is_none_or(|r| r == n), "{name}: results differ");
                results = Some(n);
                secs * 1e9 / inputs as f64
            })
            .collect();
        println!(
            "  {:<16} {:>10.1} {:>10.1} {:>10}",
            name,
            median(times),
            generating * 1e9 / inputs as f64,
            results.unwrap_or(0)
        );
    }
}
