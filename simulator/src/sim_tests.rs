//! The model's behaviour on small cases whose answers are known.

use crate::config::{Change, Partitioning, SimConfig};
use crate::profile::{tests::profile, CostProfile};
use crate::sim::simulate;
use crate::stages::Stages;
use crate::SimResult;
use workloads::{Aggregate, KeyDistribution, Plan, RateShape, Window};

/// A keyed count in 100 ms windows; one slot processes 1 M records/s.
fn window_plan() -> (Plan, CostProfile) {
    let plan = Plan::source().window(Window::tumbling(100_000_000), Aggregate::Count);
    (plan, profile())
}

fn run(config: SimConfig) -> SimResult {
    let (plan, profile) = window_plan();
    let stages = Stages::new(&plan, &profile, "p").unwrap();
    simulate(&config, &stages, &profile).unwrap()
}

fn base() -> SimConfig {
    SimConfig {
        nodes: 4,
        slots: 2,
        shape: RateShape::constant(1_000_000.0),
        duration_s: 3.0,
        warmup_s: 0.5,
        keys: 1_000,
        ..SimConfig::default()
    }
}

fn hottest(r: &SimResult) -> f64 {
    let nodes = &r.simulation.nodes;
    nodes.iter().map(|n| n.utilisation).fold(0.0, f64::max)
}

#[test]
fn an_unloaded_cluster_keeps_up_and_fires_each_window_soon_after_its_watermark() {
    let r = run(base());
    assert!(r.unfinished.is_none());
    assert!((r.input as f64 - 3e6).abs() < 10.0, "{}", r.input);
    assert!((r.input_eps / 1e6 - 1.0).abs() < 0.02, "{}", r.input_eps);
    // Count per window ≈ 1 % of inputs (the profile's output ratio).
    assert!((r.output as f64 / 3e4 - 1.0).abs() < 0.01, "{}", r.output);
    let p50 = r.histogram.value_at_quantile(0.5) as f64 / 1e6;
    // The watermark trails by max_delay (10 ms) rounded up to its 50 ms interval: results
    // leave within a watermark interval, never before the network and service times.
    assert!((0.0..=60.0).contains(&p50), "p50 {p50} ms");
    assert!(hottest(&r) < 0.2, "{}", hottest(&r));
}

#[test]
fn a_saturated_cluster_queues_and_pushes_back_on_its_sources() {
    // 8 slots × 1 M/s = 8 M/s of capacity against 12 M/s offered.
    let r = run(SimConfig {
        shape: RateShape::constant(12_000_000.0),
        duration_s: 2.0,
        ..base()
    });
    assert!(r.input_eps < 8.5e6, "injected {} /s", r.input_eps);
    assert!(hottest(&r) > 0.95);
    let p99 = r.histogram.value_at_quantile(0.99) as f64 / 1e9;
    assert!(
        p99 > 0.3,
        "p99 {p99} s: an overloaded run's backlog shows in its latency"
    );
}

#[test]
fn zipf_keys_make_a_hot_node() {
    // One slot per node, so a node is as hot as its hottest key makes it.
    let one_slot = SimConfig {
        nodes: 8,
        slots: 1,
        ..base()
    };
    let zipf = run(SimConfig {
        distribution: KeyDistribution::Zipf { exponent: 1.1 },
        ..one_slot.clone()
    });
    let uniform = run(one_slot);
    let (z, u) = (hottest(&zipf), hottest(&uniform));
    assert!(z > 1.5 * u, "zipf {z}, uniform {u}");
}

#[test]
fn losing_a_node_moves_its_keys_and_costs_a_latency_spike() {
    let with = |partitioning| {
        run(SimConfig {
            nodes: 10,
            partitioning,
            changes: vec![Change::Fail { node: 3, at_s: 1.5 }],
            ..base()
        })
    };
    let ring = with(Partitioning::Consistent { vnodes: 128 });
    let modulo = with(Partitioning::Modulo);
    let (a, b) = (
        &ring.simulation.membership[0],
        &modulo.simulation.membership[0],
    );
    assert_eq!(
        (a.kind.as_str(), a.node, a.restored_from.as_str()),
        ("fail", 3, "checkpoint")
    );
    let share = |m: &reports::MembershipChange| m.keys_moved as f64 / m.keys_total as f64;
    assert!((0.04..0.2).contains(&share(a)), "{}", share(a));
    assert!(share(b) > 0.8, "{}", share(b));
    assert!(b.bytes_transferred > 4 * a.bytes_transferred);
    // Detection (0.5 s) at least: the moved keys wait for it.
    assert!(a.pause_s >= 0.5);
    let max = ring.histogram.max() as f64 / 1e9;
    let calm = run(SimConfig {
        nodes: 10,
        ..base()
    });
    let calm_max = calm.histogram.max() as f64 / 1e9;
    assert!(
        max > 0.3 && max > 3.0 * calm_max,
        "max {max} s, {calm_max} s without the loss"
    );
}

#[test]
fn replicas_cost_traffic_and_spare_the_checkpoint() {
    let r = run(SimConfig {
        replication: 2,
        changes: vec![
            Change::Fail { node: 0, at_s: 1.0 },
            Change::Add { at_s: 2.0 },
        ],
        ..base()
    });
    assert!(r.simulation.replica_bytes > 0);
    let m = &r.simulation.membership;
    assert_eq!(m[0].restored_from, "replica");
    assert_eq!((m[1].kind.as_str(), m[1].node), ("add", 4));
    assert_eq!(r.simulation.nodes.len(), 5);
    assert_eq!(r.simulation.nodes[0].state_bytes_end, 0);
}

#[test]
fn one_node_one_slot_one_key() {
    let r = run(SimConfig {
        nodes: 1,
        slots: 1,
        keys: 1,
        shape: RateShape::constant(1_000.0),
        duration_s: 1.0,
        warmup_s: 0.0,
        ..base()
    });
    assert_eq!(r.input, 1_000);
    assert_eq!(r.simulation.exchange_bytes, 0);
    assert_eq!(r.output, 10);
    assert_eq!(r.simulation.nodes.len(), 1);
}

fn run_with(config: SimConfig, profile: CostProfile) -> SimResult {
    let (plan, _) = window_plan();
    let stages = Stages::new(&plan, &profile, "p").unwrap();
    simulate(&config, &stages, &profile).unwrap()
}

#[test]
fn nodes_sharing_a_host_share_its_cores_and_each_source_generates_the_whole_stream() {
    let mut profile = profile();
    profile.generate_seconds_per_event = 2e-7;
    let two = SimConfig {
        nodes: 2,
        slots: 1,
        shape: RateShape::constant(3_000_000.0),
        ..base()
    };
    // Each node its own host: two slots of ~1 M records/s each (less: 1,000 keys do not
    // split evenly, and the busier slot sets the pace).
    let apart = run_with(two.clone(), profile.clone());
    assert!(apart.input_eps > 1.7e6, "{}", apart.input_eps);
    // One host of one core: per event, two sources generating it (0.4 µs), the source
    // stage's send (half of 0.1 µs for the half that crosses) and the keyed stage
    // (1 µs + half of 0.1 µs for the half received from the other node).
    let shared = run_with(
        SimConfig {
            nodes_per_host: 2,
            cores_per_host: Some(1.0),
            whole_stream_sources: true,
            ..two
        },
        profile,
    );
    let per_event = 4e-7 + 2.5e-8 + 1.025e-6;
    let expected = 1.0 / per_event;
    assert!(
        (shared.input_eps / expected - 1.0).abs() < 0.05,
        "{} against {expected}",
        shared.input_eps
    );
}

#[test]
fn a_latency_floor_delays_every_result_by_itself() {
    let calm = SimConfig {
        shape: RateShape::constant(100_000.0),
        ..base()
    };
    let p50 = |r: &SimResult| r.histogram.value_at_quantile(0.5) as f64 / 1e6;
    let plain = run_with(calm.clone(), profile());
    let mut floored = profile();
    floored.latency_floor_s = 0.002;
    floored.exchange.latency_s = 0.003;
    let late = run_with(calm, floored);
    // 4 nodes: the 1-process floor and the exchange's delay both apply.
    let added = p50(&late) - p50(&plain);
    assert!((added - 5.0).abs() < 0.1, "{added} ms");
}

/// A spread of `p50` at the median and `p99` at the 99th percentile, linear from 0.
fn spread(p50: f64, p99: f64) -> Vec<f64> {
    crate::delay::DELAY_QUANTILES
        .iter()
        .map(|&q| {
            if q <= 0.5 {
                p50 * q / 0.5
            } else {
                p50 + (p99 - p50) * ((q - 0.5) / 0.49).min(1.0)
            }
        })
        .collect()
}

#[test]
fn a_load_curve_spreads_results_and_grows_with_the_rate() {
    let at = |rate: f64| SimConfig {
        shape: RateShape::constant(rate),
        ..base()
    };
    let q = |r: &SimResult, q: f64| r.histogram.value_at_quantile(q) as f64 / 1e6;
    let mut curved = profile();
    curved.delay_by_load = vec![
        crate::LoadDelay {
            utilisation: 0.0,
            delay_s: spread(0.0, 0.004),
        },
        crate::LoadDelay {
            utilisation: 1.0,
            delay_s: spread(0.010, 0.020),
        },
    ];
    let added = |rate: f64, quantile: f64| {
        q(&run_with(at(rate), curved.clone()), quantile)
            - q(&run_with(at(rate), profile()), quantile)
    };
    // Nearly idle (8 slots of 1 M records/s at 100 k events/s): p99 4 ms above p50.
    let (p50, p99) = (added(100_000.0, 0.5), added(100_000.0, 0.99));
    assert!(p50 < 0.3, "p50 added {p50} ms");
    assert!((p99 - 4.0).abs() < 0.6, "p99 added {p99} ms");
    // Half loaded: the median result waits about half of the curve's 10 ms more.
    let busy = added(4_000_000.0, 0.5);
    assert!(
        (3.0..7.0).contains(&busy),
        "p50 added at half load {busy} ms"
    );
}

#[test]
fn results_that_wait_for_a_watermark_wait_for_each_crossing() {
    let far = SimConfig {
        shape: RateShape::constant(100_000.0),
        latency_s: 0.010,
        ..base()
    };
    let p50 = |r: &SimResult| r.histogram.value_at_quantile(0.5) as f64 / 1e6;
    let once = run_with(far.clone(), profile());
    let mut round_trip = profile();
    round_trip.exchange.crossings = 2.0;
    let twice = run_with(far, round_trip);
    let added = p50(&twice) - p50(&once);
    assert!((added - 10.0).abs() < 0.2, "{added} ms");
}
