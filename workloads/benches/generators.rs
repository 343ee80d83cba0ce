//! Generator speed: events per second each source produces on one core, two ways:
//! `iterate` draws the events and drops them (`inputs()`: the generator's own cost), and
//! `generate` materialises the whole `Stream` with its watermarks, as a run does (fresh
//! memory: page faults included).
//!
//! Time is this thread's CPU time (user and kernel, from `/proc/thread-self/schedstat`), so
//! other load on a shared machine does not count; wall time where that file is missing.
//!
//! `cargo bench -p workloads --bench generators`; `BENCH_EVENTS` (default 5 M) events per
//! case, median of `BENCH_REPS` (default 3) runs, `BENCH_ONLY=text` to run matching cases.

mod common;
use common::{env, median, now};
use std::hint::black_box;
use workloads::catalog::Source;
use workloads::ysb::YsbConfig;
use workloads::ScheduledSource;
use workloads::{Arrivals, KeyDistribution, PayloadSize, RateShape, SyntheticConfig};

/// Every case: a label and its source.
fn cases(events: usize) -> Vec<(String, Source)> {
    let rate = 1_000_000.0;
    let synth = |distribution, shape: RateShape, arrivals, payload| {
        Source::Synthetic(SyntheticConfig {
            keys: 100_000,
            distribution,
            shape,
            arrivals,
            events,
            payload,
            ..SyntheticConfig::default()
        })
    };
    let uniform = KeyDistribution::Uniform;
    let constant = RateShape::constant(rate);
    let mut v = vec![
        (
            "synthetic, uniform keys".to_string(),
            synth(uniform, constant.clone(), Arrivals::Even, PayloadSize::NONE),
        ),
        (
            "synthetic, Zipf(1.1) keys".into(),
            synth(
                KeyDistribution::Zipf { exponent: 1.1 },
                constant.clone(),
                Arrivals::Even,
                PayloadSize::NONE,
            ),
        ),
        (
            "synthetic, hot-set (10 keys, 0.9)".into(),
            synth(
                KeyDistribution::HotSet {
                    hot: 10,
                    fraction: 0.9,
                },
                constant.clone(),
                Arrivals::Even,
                PayloadSize::NONE,
            ),
        ),
    ];
    let shapes = [
        (
            "ramp",
            RateShape::Ramp {
                from: rate / 2.0,
                to: rate * 1.5,
                over_s: 5.0,
            },
        ),
        (
            "step",
            RateShape::Step {
                levels: vec![(rate, 1.0), (rate * 3.0, 0.5), (rate / 2.0, 1.0)],
            },
        ),
        (
            "sine",
            RateShape::Sine {
                mean: rate,
                amplitude: rate / 2.0,
                period_s: 1.0,
            },
        ),
        (
            "burst",
            RateShape::Burst {
                base: rate,
                spike: rate * 4.0,
                width_s: 0.1,
                period_s: 1.0,
            },
        ),
        (
            "square",
            RateShape::Square {
                low: rate / 2.0,
                high: rate * 1.5,
                period_s: 0.2,
            },
        ),
    ];
    for (name, shape) in shapes {
        v.push((
            format!("synthetic, {name} shape"),
            synth(uniform, shape, Arrivals::Even, PayloadSize::NONE),
        ));
    }
    v.push((
        "synthetic, constant + Poisson".into(),
        synth(
            uniform,
            constant.clone(),
            Arrivals::Poisson,
            PayloadSize::NONE,
        ),
    ));
    v.push((
        "synthetic, sine + Poisson".into(),
        synth(
            uniform,
            RateShape::Sine {
                mean: rate,
                amplitude: rate / 2.0,
                period_s: 1.0,
            },
            Arrivals::Poisson,
            PayloadSize::NONE,
        ),
    ));
    v.push((
        "ysb".into(),
        Source::Ysb(YsbConfig {
            shape: constant.clone(),
            events,
            ..YsbConfig::default()
        }),
    ));
    // Last: small allocations per event leave the heap grown, which later cases would reuse.
    v.push((
        "synthetic, payload 8..64 B".into(),
        synth(uniform, constant, Arrivals::Even, PayloadSize::range(8, 64)),
    ));
    v.push((
        "nexmark (Beam-faithful)".into(),
        Source::Nexmark(workloads::nexmark::NexmarkSource::new(rate, events, 0, 1)),
    ));
    v
}

/// Draws every event of `source` without storing it; `None` for a source without an iterator.
fn iterate(source: &Source) -> Option<u64> {
    let fold = |acc: u64, i: workloads::Input| {
        acc ^ i.scheduled ^ i.event.key ^ i.event.payload.len() as u64
    };
    match source {
        Source::Synthetic(c) => Some(c.inputs().fold(0, fold)),
        Source::Ysb(c) => Some(c.inputs().fold(0, fold)),
        Source::Nexmark(c) => {
            let mut gen = workloads::nexmark::gen::Generator::new(c.share());
            Some((&mut gen).fold(0, |acc, g| {
                acc ^ g.timestamp_ms as u64 ^ g.event.byte_size() as u64
            }))
        }
    }
}

fn main() {
    let events = env("BENCH_EVENTS", 5_000_000);
    let reps = env("BENCH_REPS", 3).max(1);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    println!(
        "generator speed, one core, {events} events per run, median of {reps}, per CPU second"
    );
    println!(
        "  {:<36} {:>10} {:>10}",
        "case (M events/s)", "iterate", "generate"
    );
    for (label, source) in cases(events) {
        if !label.contains(&only) {
            continue;
        }
        let iter = (0..reps)
            .map(|_| {
                let t = now();
                black_box(iterate(&source));
                events as f64 / (now() - t)
            })
            .collect();
        let gen = (0..reps)
            .map(|_| {
                let t = now();
                let s = black_box(source.generate());
                let secs = now() - t;
                assert_eq!(s.events.len(), events);
                drop(s);
                events as f64 / secs
            })
            .collect();
        println!(
            "  {:<36} {:>10.1} {:>10.1}",
            label,
            median(iter) / 1e6,
            median(gen) / 1e6
        );
    }
}
