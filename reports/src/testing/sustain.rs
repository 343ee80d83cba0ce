//! Sample sustainable-throughput searches: each engine probed at doubling rates until
//! its latency objective breaks, so hockey-stick charts have a knee to show.

use crate::schema::{Probe, ProbeFigures, Sustain};

/// A search for `engine` on `workload` whose engine keeps up to `capacity` events/s:
/// probes at 25k, 50k, 100k, … up to the first rate above the capacity.
pub fn sample_sustain(engine: &str, workload: &str, workers: usize, capacity: f64) -> Sustain {
    let slo_ns = 10_000_000;
    let mut probes = Vec::new();
    let mut rate = 25_000.0;
    let mut sustainable_rate = None;
    loop {
        let sustained = rate <= capacity;
        let load = rate / capacity;
        // Latency grows slowly below capacity and explodes past it.
        let p99 = if sustained {
            (500_000.0 / (1.05 - load.min(1.0))) as u64
        } else {
            (slo_ns as f64 * 4.0 * load) as u64
        };
        probes.push(Probe {
            run_id: format!("{engine}/{workload}/w{workers}/r{rate}/rep0"),
            offered_rate: rate,
            measured: Some(ProbeFigures {
                input_eps: rate.min(capacity * 1.02),
                output_eps: rate.min(capacity * 1.02) / 50.0,
                p50_ns: p99 / 8,
                p99_ns: p99,
                p999_ns: p99 * 2,
            }),
            sustained,
            reason: (!sustained).then(|| format!("p99 over the objective at {rate} ev/s")),
            burst: false,
        });
        if !sustained {
            break;
        }
        sustainable_rate = Some(rate);
        rate *= 2.0;
    }
    Sustain {
        engine: engine.into(),
        workload: workload.into(),
        workers,
        slo_ns,
        sustainable_rate,
        lowest_failed_rate: probes.iter().find(|p| !p.sustained).map(|p| p.offered_rate),
        ceiling_reached: false,
        probes,
    }
}
