//! The statistics of `compare` against a mock engine of configured noise: results whose
//! every compared figure is the sample figure times (1 + CV · z), z standard normal from a
//! seeded generator, independently per run. Two draws of the same engine (A/A) must give
//! "no change" on at least 95 % of metrics; a real shift must be found.

use super::*;
use crate::schema::{Percentile, Results};
use crate::testing::sample_run;

/// SplitMix64: a tiny seeded generator, so the test needs no dependency and gives the
/// same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// `configs` configurations × `reps` repetitions of a mock engine whose figures carry
/// `cv` relative noise; `shift` multiplies throughput and divides nothing else, so a shift
/// of 0.7 is a 30 % throughput regression.
fn mock(configs: usize, reps: u32, cv: f64, shift: f64, rng: &mut Rng) -> Results {
    let mut results = crate::testing::sample_results();
    results.runs.clear();
    results.sustain.clear();
    for c in 0..configs {
        for rep in 0..reps {
            let mut run = sample_run("mock", &format!("workload-{c}"), 1, 1.0);
            run.key.repetition = rep;
            let f = run.figures_mut().expect("a sample run has figures");
            let mut noisy = |v: f64| v * (1.0 + cv * rng.normal());
            f.throughput.input_eps = noisy(f.throughput.input_eps) * shift;
            let l = &mut f.latency_ns;
            (l.p50, l.p99, l.p999) = (
                noisy(l.p50 as f64) as u64,
                noisy(l.p99 as f64) as u64,
                noisy(l.p999 as f64) as u64,
            );
            f.cost.cpu_s_per_million = noisy(f.cost.cpu_s_per_million);
            f.state.logical_bytes_peak = noisy(f.state.logical_bytes_peak as f64) as u64;
            results.runs.push(run);
        }
    }
    results
}

fn share(c: &Comparison, change: Change) -> f64 {
    c.count(change) as f64 / c.rows.len() as f64
}

#[test]
fn a_a_with_five_repetitions_is_no_change_on_95_percent() {
    let mut rng = Rng(7);
    for cv in [0.02, 0.05, 0.2] {
        let a = mock(200, 5, cv, 1.0, &mut rng);
        let b = mock(200, 5, cv, 1.0, &mut rng);
        let c = compare(&a, &b, 1.0, Ignore::default()).unwrap();
        assert_eq!(c.rows.len(), 200 * 6);
        let same = share(&c, Change::NoChange);
        assert!(same >= 0.95, "cv {cv}: {:.1}% no change", same * 100.0);
        // Not trivially so: the interval is not so wide that nothing could ever change.
        assert!(same < 1.0, "cv {cv}");
    }
}

#[test]
fn a_real_shift_is_found_through_the_noise() {
    let mut rng = Rng(11);
    let a = mock(200, 5, 0.05, 1.0, &mut rng);
    let b = mock(200, 5, 0.05, 0.7, &mut rng);
    let c = compare(&a, &b, 1.0, Ignore::default()).unwrap();
    let throughput: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| r.metric.name == "input ev/s")
        .collect();
    let found = throughput
        .iter()
        .filter(|r| r.change == Change::Regressed)
        .count();
    assert!(found >= 198, "{found} of 200 found");
    // Every found regression's interval lies below zero and holds the true −30 % mostly.
    let covers = throughput
        .iter()
        .filter(|r| r.ci_pct.is_some_and(|(lo, hi)| lo <= -30.0 && -30.0 <= hi))
        .count();
    assert!(
        covers >= 180,
        "{covers} of 200 intervals hold the true change"
    );
    // The other metrics did not move.
    let others = c.rows.iter().filter(|r| r.metric.name != "input ev/s");
    let still = others
        .clone()
        .filter(|r| r.change == Change::NoChange)
        .count();
    assert!(still as f64 >= 0.95 * others.count() as f64);
}

#[test]
fn one_repetition_is_inconclusive_whatever_the_difference() {
    let mut rng = Rng(3);
    let a = mock(20, 1, 0.05, 1.0, &mut rng);
    let b = mock(20, 1, 0.05, 0.5, &mut rng);
    let c = compare(&a, &b, 1.0, Ignore::default()).unwrap();
    assert!(c
        .rows
        .iter()
        .all(|r| r.change == Change::Inconclusive(Why::OneRun) && r.ci_pct.is_none()));
    assert!(c.regressions_over(0.0).is_empty());
    let table = compare_table(&c);
    assert!(
        table.starts_with("0 regressed, 0 improved, 0 no change, 120 inconclusive (1 run)"),
        "{table}"
    );
    assert!(table.contains("--repetitions 5"), "{table}");
    // With only 37 samples, p99 and p99.9 are not compared at all.
    let mut few = a.clone();
    few.runs[0].figures_mut().unwrap().latency_ns.count = 37;
    let c = compare(&few, &b, 1.0, Ignore::default()).unwrap();
    assert_eq!(c.rows.len(), 120 - 2);
    assert_eq!(c.too_few.len(), 2);
    assert_eq!(
        (c.too_few[0].n, c.too_few[0].needs),
        (37, Percentile::P99.min_samples())
    );
    assert!(compare_table(&c).contains("p99.9 (n=37, needs 1000)"));
}
