//! Closed-loop throughput of every engine beside timely-dataflow on the same pre-generated
//! events, in one run, with ratios: the figures behind BENCHMARKS.md.
//!
//! Workloads: (a) stateless filter + map; (b) keyed tumbling-window count with windows of
//! 1 M events, over Zipf(1.1) keys from 100 k and over uniform keys from 1 M. Events are
//! in event-time order, 1 µs apart, with a watermark every 10 k events.
//!
//! Nexmark q5 and q7 follow (see `nexmark.rs`), with ratios to the `timely` engine.
//!
//! `cargo bench -p engines --bench closed_loop` (env: `BENCH_EVENTS`, default 20 M;
//! `BENCH_NEXMARK_EVENTS`, default 2 M;
//! `BENCH_REPS`, default 3; medians are printed; `BENCH_ONLY=substring` keeps only the
//! engines and cases whose label contains it, for profiling).

mod baseline;
mod nexmark;
mod ours;
mod timely_run;

use std::time::Instant;
use workloads::{Event, Input, KeyDistribution, KeySampler, SplitMix64, Stream, WatermarkAt};

/// Event time between consecutive events, ns.
pub const SPACING: u64 = 1_000;
/// Events per tumbling window.
pub const WINDOW_EVENTS: u64 = 1_000_000;
/// Events between watermarks.
pub const EPOCH_EVENTS: u64 = 10_000;

/// The two query shapes of the bench.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Query {
    /// Keep even values, map value to value * 3 + 1.
    Stateless,
    /// Count per key per window of 1 M events.
    WindowCount,
}

fn stream(events: usize, keys: u64, distribution: KeyDistribution) -> Stream {
    let sampler = KeySampler::new(distribution, keys);
    let mut rng = SplitMix64::new(7);
    let inputs: Vec<Input> = (0..events as u64)
        .map(|i| Input {
            scheduled: i * SPACING,
            event: Event::new(
                i * SPACING,
                sampler.sample(&mut rng),
                rng.below(1000) as i64,
            ),
        })
        .collect();
    let watermarks = (1..=events as u64 / EPOCH_EVENTS)
        .map(|e| WatermarkAt {
            after: (e * EPOCH_EVENTS) as usize,
            watermark: e * EPOCH_EVENTS * SPACING,
            scheduled: e * EPOCH_EVENTS * SPACING,
        })
        .collect();
    Stream {
        events: inputs,
        watermarks,
        end: events as u64 * SPACING,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Runs `f` (which returns the number of results) `reps` times; median events/s.
fn measure(events: usize, reps: usize, mut f: impl FnMut() -> u64) -> (f64, u64) {
    let mut rates = Vec::new();
    let mut outputs = 0;
    for _ in 0..reps {
        let t = Instant::now();
        outputs = f();
        rates.push(events as f64 / t.elapsed().as_secs_f64());
    }
    (median(rates), outputs)
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Engine label in the tables: "timely" alone would read as the hand-written program.
fn label(engine: &engines::EngineInfo, workers: usize) -> String {
    let name = if engine.name == "timely" {
        "timely engine"
    } else {
        engine.name
    };
    format!("{name} w{workers}")
}

fn main() {
    let events = env("BENCH_EVENTS", 20_000_000);
    let reps = env("BENCH_REPS", 3);
    let nexmark_events = env("BENCH_NEXMARK_EVENTS", 2_000_000);
    let cases = [
        (
            "(a) stateless, uniform 100k keys",
            Query::Stateless,
            100_000,
            KeyDistribution::Uniform,
        ),
        (
            "(b) window count, Zipf(1.1) 100k keys",
            Query::WindowCount,
            100_000,
            KeyDistribution::Zipf { exponent: 1.1 },
        ),
        (
            "(b) window count, uniform 1M keys",
            Query::WindowCount,
            1_000_000,
            KeyDistribution::Uniform,
        ),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let wanted = |label: &str| only.is_empty() || label.contains(&only);
    println!("closed-loop throughput, {events} events, median of {reps}; ratios are to timely with the same workers");
    for (title, query, keys, dist) in cases {
        let s = stream(events, keys, dist);
        println!("\n{title}");
        println!(
            "  {:<22} {:>12} {:>10} {:>10}",
            "engine", "M events/s", "vs timely", "results"
        );
        let mut timely = [0.0f64; 3];
        for workers in [1, 2] {
            if !wanted(title) && !wanted(&format!("timely program w{workers}")) {
                continue;
            }
            let (r, out) = measure(events, reps, || timely_run::run(&s, query, workers));
            timely[workers] = r;
            println!(
                "  {:<22} {:>12.2} {:>10} {:>10}",
                format!("timely program w{workers}"),
                r / 1e6,
                "1.00",
                out
            );
        }
        if wanted(title) || wanted("bare loop") {
            let (r, out) = measure(events, reps, || baseline::run(&s, query));
            println!(
                "  {:<22} {:>12.2} {:>10.2} {:>10}",
                "bare loop (1 thread)",
                r / 1e6,
                r / timely[1],
                out
            );
        }
        for engine in engines::ENGINES {
            for workers in [1, 2] {
                if engine.name == "event-driven" && workers == 2 {
                    continue;
                }
                let label = label(engine, workers);
                if !wanted(title) && !wanted(&label) {
                    continue;
                }
                let (r, out) = measure(events, reps, || ours::run(engine, &s, query, workers));
                println!(
                    "  {:<22} {:>12.2} {:>10.2} {:>10}",
                    label,
                    r / 1e6,
                    r / timely[workers],
                    out
                );
            }
        }
    }
    nexmark_section(nexmark_events, reps, &wanted);
}

/// Nexmark q5 and q7 through every engine, as ratios to the timely engine.
fn nexmark_section(events: usize, reps: usize, wanted: &dyn Fn(&str) -> bool) {
    for (title, plan, s) in nexmark::cases(events) {
        println!(
            "\n{title}, {} events, ratios to the timely engine",
            s.events.len()
        );
        println!(
            "  {:<22} {:>12} {:>10} {:>10}",
            "engine", "M events/s", "vs timely", "results"
        );
        let timely = engines::registry::find("timely").expect("registered");
        let mut base = [0.0f64; 3];
        for engine in
            std::iter::once(timely).chain(engines::ENGINES.iter().filter(|e| e.name != "timely"))
        {
            for workers in [1, 2] {
                let label = label(engine, workers);
                if (engine.name == "event-driven" && workers == 2)
                    || (engine.name != "timely" && !wanted(&title) && !wanted(&label))
                {
                    continue;
                }
                let (r, out) = measure(s.events.len(), reps, || {
                    ours::run_plan(engine, &plan, &s, workers)
                });
                if engine.name == "timely" {
                    base[workers] = r;
                }
                println!(
                    "  {:<22} {:>12.2} {:>10.2} {:>10}",
                    label,
                    r / 1e6,
                    r / base[workers],
                    out
                );
            }
        }
    }
}
