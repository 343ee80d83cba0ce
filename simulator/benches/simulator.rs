//! The simulator's speed: simulated input events per second of wall-clock time, for a small
//! cluster and for the target (1,000 nodes, 10 M events/s offered, 60 s simulated, under a
//! minute). Run with `cargo bench -p simulator`; `SIM_BENCH_QUICK=1` skips the target case.

use simulator::{CostProfile, ExchangeCost, OperatorCost, SimConfig, Stages, PROFILE_VERSION};
use std::time::Instant;
use workloads::{Aggregate, KeyDistribution, Plan, RateShape, Window};

fn profile() -> CostProfile {
    CostProfile {
        version: PROFILE_VERSION,
        machine: "bench".into(),
        date: "-".into(),
        engine: "model".into(),
        workload: "window-count".into(),
        plan: "source | tumbling(1s) count".into(),
        operators: vec![OperatorCost {
            operator: "window".into(),
            true_rate_eps: Some(1_000_000.0),
            output_ratio: 0.01,
        }],
        exchange: ExchangeCost {
            bytes_per_record: 40.0,
            seconds_per_record: 1e-7,
            latency_s: 0.0,
            spread_s: Vec::new(),
            crossings: 1.0,
        },
        checkpoint_bytes_per_key: 64.0,
        generate_seconds_per_event: 0.0,
        latency_floor_s: 0.0,
        delay_by_load: Vec::new(),
        window_ns: None,
        calibrated_from: None,
    }
}

fn case(name: &str, nodes: usize, rate: f64, duration_s: f64, zipf: bool) {
    let plan = Plan::source().window(Window::tumbling(1_000_000_000), Aggregate::Count);
    let p = profile();
    let stages = Stages::new(&plan, &p, "bench").expect("the bench's plan");
    let config = SimConfig {
        nodes,
        slots: 1,
        shape: RateShape::constant(rate),
        duration_s,
        keys: 100_000,
        distribution: if zipf {
            KeyDistribution::Zipf { exponent: 1.1 }
        } else {
            KeyDistribution::Uniform
        },
        ..SimConfig::default()
    };
    let start = Instant::now();
    let r = simulator::simulate(&config, &stages, &p).expect("valid");
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{name:<40} {:>6.2} s wall  {:>10.3e} simulated events/s  ({} events, p99 {:.1} ms)",
        wall,
        r.input as f64 / wall,
        r.input,
        r.histogram.value_at_quantile(0.99) as f64 / 1e6
    );
}

fn main() {
    case("10 nodes, 1 M/s, 10 s", 10, 1e6, 10.0, false);
    case("100 nodes, 10 M/s, 10 s, zipf", 100, 1e7, 10.0, true);
    if std::env::var_os("SIM_BENCH_QUICK").is_none() {
        case(
            "1,000 nodes, 10 M/s, 60 s (target < 60 s)",
            1000,
            1e7,
            60.0,
            false,
        );
    }
}
