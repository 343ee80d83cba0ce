//! The correctness check: the engine's results against the reference evaluator's, as
//! multisets of fingerprints (8 bytes per result, however large the results are).

use reports::{Correctness, Verdict};
use workloads::fingerprint;
use workloads::reference::Evaluation;

/// The reference's answer for one workload, prepared once and shared by every engine's run.
pub struct Expected {
    /// Sorted fingerprints of the reference's results.
    pub fingerprints: Vec<u64>,
    /// Late events according to the reference.
    pub late: u64,
}

impl Expected {
    /// Prepares the reference's evaluation for comparison.
    pub fn new(eval: &Evaluation) -> Self {
        let mut fingerprints: Vec<u64> =
            eval.outputs.iter().map(|o| fingerprint(&o.event)).collect();
        fingerprints.sort_unstable();
        Expected {
            fingerprints,
            late: eval.late_events,
        }
    }

    /// Compares an engine's result fingerprints (any order) and late count with the reference.
    pub fn check(&self, mut actual: Vec<u64>, late: u64) -> Correctness {
        actual.sort_unstable();
        let mismatches = symmetric_difference(&self.fingerprints, &actual);
        let pass = mismatches == 0 && late == self.late;
        Correctness {
            verdict: if pass { Verdict::Pass } else { Verdict::Fail },
            mismatches,
            expected_outputs: self.fingerprints.len() as u64,
            actual_outputs: actual.len() as u64,
            expected_late: self.late,
            note: (late != self.late).then(|| {
                format!(
                    "engine dropped {late} late events, the reference {}",
                    self.late
                )
            }),
        }
    }
}

/// Size of the multiset symmetric difference of two sorted slices.
fn symmetric_difference(a: &[u64], b: &[u64]) -> u64 {
    let (mut i, mut j, mut diff) = (0, 0, 0u64);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                diff += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                diff += 1;
                j += 1;
            }
        }
    }
    diff + (a.len() - i) as u64 + (b.len() - j) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_multiset_differences() {
        assert_eq!(symmetric_difference(&[1, 2, 2, 3], &[1, 2, 2, 3]), 0);
        assert_eq!(symmetric_difference(&[1, 2, 2, 3], &[1, 2, 3]), 1);
        assert_eq!(symmetric_difference(&[1, 2], &[3, 4, 5]), 5);
        assert_eq!(symmetric_difference(&[], &[]), 0);
    }

    #[test]
    fn verdict_needs_equal_results_and_late_count() {
        let e = Expected {
            fingerprints: vec![1, 2, 3],
            late: 4,
        };
        assert_eq!(e.check(vec![3, 1, 2], 4).verdict, Verdict::Pass);
        assert_eq!(e.check(vec![3, 1, 2], 5).verdict, Verdict::Fail);
        let c = e.check(vec![3, 1, 9], 4);
        assert_eq!((c.verdict, c.mismatches), (Verdict::Fail, 2));
    }
}
