//! The probability of each key under a workload's key distribution: what makes a hot
//! partition hot.

use workloads::KeyDistribution;

/// Probability of each key `0..keys` (summing to 1), as `workloads::KeySampler` draws them.
pub fn key_probabilities(distribution: KeyDistribution, keys: u64) -> Vec<f64> {
    let n = keys.max(1) as usize;
    match distribution {
        KeyDistribution::Uniform => vec![1.0 / n as f64; n],
        KeyDistribution::Zipf { exponent } => {
            let w: Vec<f64> = (0..n)
                .map(|r| 1.0 / ((r + 1) as f64).powf(exponent))
                .collect();
            let total: f64 = w.iter().sum();
            w.into_iter().map(|x| x / total).collect()
        }
        KeyDistribution::HotSet { hot, fraction } => {
            let hot = (hot.max(1) as usize).min(n);
            let p = if hot == n {
                1.0
            } else {
                fraction.clamp(0.0, 1.0)
            };
            (0..n)
                .map(|k| {
                    if k < hot {
                        p / hot as f64
                    } else {
                        (1.0 - p) / (n - hot) as f64
                    }
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_sum_to_one_and_zipf_is_skewed() {
        for d in [
            KeyDistribution::Uniform,
            KeyDistribution::Zipf { exponent: 1.1 },
            KeyDistribution::HotSet {
                hot: 3,
                fraction: 0.9,
            },
        ] {
            let p = key_probabilities(d, 1000);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{d:?}");
        }
        let z = key_probabilities(KeyDistribution::Zipf { exponent: 1.1 }, 1000);
        assert!(z[0] > 100.0 * z[999]);
        assert_eq!(key_probabilities(KeyDistribution::Uniform, 1), vec![1.0]);
    }
}
