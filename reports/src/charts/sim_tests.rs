//! The simulation's charts render from a results file holding simulated runs, with the
//! series a reader looks for, and are absent from one without them.

use super::{membership_chart, prediction_chart, sim_scaling_chart, Palette};
use crate::schema::{MembershipChange, NodeFigures, Results, Run, Simulated, SimulationFigures};
use crate::testing::{sample_results, sample_run, svg::legend_overlaps};

fn simulated(engine: &str, nodes: usize, distribution: &str, partitioning: &str) -> Run {
    let mut run = sample_run(engine, "tumbling-count", 1, 1.0 + nodes as f64 / 100.0);
    run.key.processes = nodes;
    run.params.simulated = Some(Box::new(Simulated {
        partitioning: partitioning.into(),
        distribution: distribution.into(),
        nodes,
        slots: 1,
        ..Simulated::default()
    }));
    let f = run.figures_mut().unwrap();
    f.simulation = Some(SimulationFigures {
        nodes: (0..nodes)
            .map(|n| NodeFigures {
                node: n,
                utilisation: 0.9 / (n + 1) as f64,
                ..NodeFigures::default()
            })
            .collect(),
        ..SimulationFigures::default()
    });
    run
}

fn with(runs: Vec<Run>) -> Results {
    let mut r = sample_results();
    r.runs.extend(runs);
    r
}

#[test]
fn a_prediction_is_drawn_dashed_beside_its_measurement() {
    let mut measured = sample_run("timely", "tumbling-count", 1, 1.0);
    measured.key.processes = 2;
    let mut results = with(vec![
        measured,
        simulated("timely", 2, "uniform", "consistent"),
    ]);
    let palette = Palette::for_results(&results);
    let svg = prediction_chart(&results, "tumbling-count", &palette)
        .unwrap()
        .unwrap();
    for text in [
        "Predicted against measured — tumbling-count",
        "timely (2p) measured",
        "timely (2p) predicted",
        "p50 latency from the schedule",
        "offered rate (events/s, log scale)",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 6);
    assert!(prediction_chart(&results, "session-sum", &palette)
        .unwrap()
        .is_none());
    let page = crate::render_html(&results).unwrap();
    assert!(page.contains("id=\"chart-prediction-0\""));
    assert_eq!(legend_overlaps(&page), Vec::<String>::new());
    results.runs.retain(|r| !r.is_simulated());
    let page = crate::render_html(&results).unwrap();
    assert!(!page.contains("Predicted against measured"));
}

#[test]
fn a_sweep_draws_throughput_p99_and_the_hottest_node_against_nodes() {
    let mut runs = Vec::new();
    for distribution in ["uniform", "zipf:1.1"] {
        for nodes in [1, 10, 100] {
            runs.push(simulated("timely", nodes, distribution, "consistent"));
        }
    }
    let results = with(runs);
    let palette = Palette::for_results(&results);
    let svg = sim_scaling_chart(&results, "tumbling-count", &palette)
        .unwrap()
        .unwrap();
    for text in [
        "Simulated scaling — tumbling-count",
        "timely, uniform",
        "timely, zipf:1.1",
        "nodes (log scale)",
        "Hottest node",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // One node count is no sweep.
    let one = with(vec![simulated("timely", 10, "uniform", "consistent")]);
    assert!(sim_scaling_chart(&one, "tumbling-count", &palette)
        .unwrap()
        .is_none());
}

#[test]
fn a_node_loss_is_marked_and_both_placements_drawn() {
    let mut runs = Vec::new();
    for partitioning in ["consistent", "modulo"] {
        let mut run = simulated("timely", 10, "uniform", partitioning);
        let sim = run.figures_mut().unwrap().simulation.as_mut().unwrap();
        sim.membership.push(MembershipChange {
            at_s: 4.0,
            kind: "fail".into(),
            node: 3,
            ..MembershipChange::default()
        });
        runs.push(run);
    }
    let results = with(runs);
    let palette = Palette::for_results(&results);
    let svg = membership_chart(&results, "tumbling-count", &palette)
        .unwrap()
        .unwrap();
    for text in [
        "Membership changes (simulated) — tumbling-count",
        "timely (10p, sim) (w1)",
        "timely (10p, sim, modulo) (w1)",
        "crash",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    let none = sample_results();
    assert!(membership_chart(&none, "tumbling-count", &palette)
        .unwrap()
        .is_none());
}
