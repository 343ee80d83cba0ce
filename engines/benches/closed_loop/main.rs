//! Closed-loop throughput of every engine beside timely-dataflow on the same pre-generated
//! events, in one run, with ratios: the figures behind BENCHMARKS.md. "vs base" is the ratio
//! to the hand-written timely program; "vs own", for the timely and renoir engines, the
//! ratio to the hand-written program of the same framework (`timely_run.rs`,
//! `renoir_run.rs`) with the same workers.
//!
//! Workloads: (a) stateless filter + map; (b) keyed tumbling-window count with windows of
//! 1 M events, over Zipf(1.1) keys from 100 k and over uniform keys from 1 M. Events are
//! in event-time order, 1 µs apart, with a watermark every 10 k events.
//!
//! Nexmark q5 and q7 follow (see `nexmark.rs`), with ratios to the `timely` engine.
//!
//! `cargo bench -p engines --bench closed_loop` (env: `BENCH_EVENTS`, default 20 M;
//! `BENCH_NEXMARK_EVENTS`, default 2 M;
//! `BENCH_REPS`, default 3, run round-robin across engines; medians are printed; `BENCH_ONLY=substring` keeps only the
//! engines and cases whose label contains it, for profiling; `BENCH_CASE=substring` keeps only
//! the workloads whose title contains it).

mod baseline;
mod nexmark;
mod ours;
#[cfg(feature = "renoir")]
mod renoir_run;
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

/// One configuration of a case: its label, the workers of the baseline it is compared
/// with, and the run (which returns the number of results).
struct Config<'a> {
    label: String,
    workers: usize,
    run: Box<dyn FnMut() -> u64 + 'a>,
}

/// CPU seconds this process has used, all threads, user and system.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the struct it is given and nothing else.
    let usage = unsafe {
        let mut u = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    s(usage.ru_utime) + s(usage.ru_stime)
}

/// Runs every configuration `reps` times, round-robin, so a burst of noise on this shared
/// machine hits one repetition of several configurations rather than every repetition of
/// one; prints each one's median and its ratio to the first `baseline` configuration with
/// the same workers, with the repetitions' min–max, and the cores it kept busy (CPU time
/// over wall time, median): a configuration whose driver thread feeds its workers keeps
/// more threads busy than the machine has cores, which its throughput alone hides.
fn run_case(events: usize, reps: usize, mut configs: Vec<Config<'_>>, baseline: &str) {
    println!(
        "  {:<22} {:>12} {:>15} {:>10} {:>10} {:>10} {:>8} {:>8}",
        "engine", "M events/s", "min–max", "vs base", "vs own", "results", "cores", "ns CPU/ev"
    );
    let mut rates = vec![Vec::new(); configs.len()];
    let mut cores = vec![Vec::new(); configs.len()];
    let mut cpu_per_event = vec![Vec::new(); configs.len()];
    let mut outputs = vec![0; configs.len()];
    for _ in 0..reps {
        for (k, c) in configs.iter_mut().enumerate() {
            let (t, cpu) = (Instant::now(), cpu_seconds());
            outputs[k] = (c.run)();
            let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
            rates[k].push(events as f64 / wall);
            cores[k].push(cpu / wall);
            cpu_per_event[k].push(cpu * 1e9 / events as f64);
        }
    }
    let cores: Vec<f64> = cores.into_iter().map(median).collect();
    let cpu_per_event: Vec<f64> = cpu_per_event.into_iter().map(median).collect();
    // The spread of the repetitions beside each median: a ratio is only as sure as it.
    let spreads: Vec<(f64, f64)> = rates
        .iter()
        .map(|r| {
            r.iter()
                .fold((f64::MAX, 0.0_f64), |(lo, hi), &x| (lo.min(x), hi.max(x)))
        })
        .collect();
    let medians: Vec<f64> = rates.into_iter().map(median).collect();
    for (k, c) in configs.iter().enumerate() {
        let base = configs
            .iter()
            .position(|b| b.label.starts_with(baseline) && b.workers == c.workers)
            .map_or(f64::NAN, |b| medians[b]);
        // A real engine against the hand-written program of the same framework.
        let own = own_program(&c.label)
            .and_then(|p| configs.iter().position(|b| b.label == p))
            .map_or(String::new(), |b| format!("{:.2}", medians[k] / medians[b]));
        let (lo, hi) = spreads[k];
        println!(
            "  {:<22} {:>12.2} {:>15} {:>10.2} {:>10} {:>10} {:>8.2} {:>8.1}",
            c.label,
            medians[k] / 1e6,
            format!("{:.2}–{:.2}", lo / 1e6, hi / 1e6),
            medians[k] / base,
            own,
            outputs[k],
            cores[k],
            cpu_per_event[k]
        );
    }
}

/// The hand-written program an engine's configuration is measured against: "timely
/// engine w2" against "timely program w2", "renoir w1" against "renoir program w1".
fn own_program(label: &str) -> Option<String> {
    let (name, workers) = label.rsplit_once(' ')?;
    let name = name.strip_suffix(" engine").unwrap_or(name);
    matches!(name, "timely" | "renoir").then(|| format!("{name} program {workers}"))
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

/// Every registered engine with 1 and 2 workers (event-driven has one thread), except those
/// whose declaration excludes the plan: they are listed as skipped, with the reason.
fn engine_configs<'a>(
    plan: &'a workloads::Plan,
    s: &'a Stream,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Config<'a>> {
    let mut configs = Vec::new();
    for engine in engines::ENGINES {
        if let Err(why) = engine.capabilities.supports(plan) {
            println!("  {:<28} skipped: {} {why}", engine.name, engine.name);
            continue;
        }
        for workers in [1, 2] {
            let label = label(engine, workers);
            if (engine.name == "event-driven" && workers == 2) || !wanted(&label) {
                continue;
            }
            configs.push(Config {
                label,
                workers,
                run: Box::new(move || ours::run_plan(engine, plan, s, workers)),
            });
        }
    }
    configs
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
    // The baselines always run: every ratio needs them.
    let wanted =
        |label: &str| only.is_empty() || label.contains(&only) || label.starts_with("timely");
    println!("closed-loop throughput, {events} events, median of {reps} interleaved repetitions");
    let case = std::env::var("BENCH_CASE").unwrap_or_default();
    for (title, query, keys, dist) in cases {
        if !title.contains(&case) {
            continue;
        }
        let stream = stream(events, keys, dist);
        let s = &stream;
        println!("\n{title}; base: the timely program with the same workers");
        let plan = ours::plan(query);
        let mut configs: Vec<Config<'_>> = [1, 2]
            .into_iter()
            .map(|workers| Config {
                label: format!("timely program w{workers}"),
                workers,
                run: Box::new(move || timely_run::run(s, query, workers))
                    as Box<dyn FnMut() -> u64>,
            })
            .collect();
        #[cfg(feature = "renoir")]
        for workers in [1, 2] {
            let label = format!("renoir program w{workers}");
            if wanted(&label) || wanted("renoir") {
                configs.push(Config {
                    label,
                    workers,
                    run: Box::new(move || renoir_run::run(s, query, workers)),
                });
            }
        }
        if wanted("bare loop") {
            configs.push(Config {
                label: "bare loop (1 thread)".into(),
                workers: 1,
                run: Box::new(move || baseline::run(s, query)),
            });
        }
        configs.extend(engine_configs(&plan, s, &wanted));
        run_case(events, reps, configs, "timely program");
    }
    for (title, plan, s) in nexmark::cases(nexmark_events) {
        if !title.contains(&case) {
            continue;
        }
        println!(
            "\n{title}, {} events; base: the timely engine with the same workers",
            s.events.len()
        );
        run_case(
            s.events.len(),
            reps,
            engine_configs(&plan, &s, &wanted),
            "timely engine",
        );
    }
}
