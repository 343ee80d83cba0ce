//! Key distributions: which key each generated event gets.

use crate::rng::SplitMix64;
use serde::{Deserialize, Serialize};

/// How keys are drawn from `0..keys`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum KeyDistribution {
    /// Every key equally likely.
    Uniform,
    /// Key of rank `r` (0-based) has probability proportional to `1 / (r + 1)^exponent`.
    Zipf {
        /// The skew exponent `s` (> 0; 1.1 is a common "heavily skewed" choice).
        exponent: f64,
    },
    /// A fraction `fraction` of events on the `hot` keys `0..hot`, the rest uniform over the
    /// other keys `hot..keys` (all on the hot keys when there are no others).
    HotSet {
        /// Number of hot keys (at least 1).
        hot: u64,
        /// Share of events on the hot keys, in `[0, 1]`.
        fraction: f64,
    },
}

impl KeyDistribution {
    /// A short name with parameters, e.g. `zipf(1.1)`.
    pub fn describe(&self) -> String {
        match self {
            KeyDistribution::Uniform => "uniform".into(),
            KeyDistribution::Zipf { exponent } => format!("zipf({exponent})"),
            KeyDistribution::HotSet { hot, fraction } => format!("hot-set({hot} keys, {fraction})"),
        }
    }
}

/// Draws keys from a [`KeyDistribution`] in O(1) per key.
///
/// Zipf uses Vose's alias method over a table built once, so sampling costs one random
/// draw and one table read however skewed the distribution is.
#[derive(Clone, Debug)]
pub struct KeySampler {
    keys: u64,
    alias: Option<AliasTable>,
    /// Hot-set sampling: `(hot keys, threshold scaled to u64::MAX)`.
    hot: Option<(u64, u64)>,
}

#[derive(Clone, Debug)]
struct AliasTable {
    /// Acceptance threshold for each column, scaled to `u64::MAX`.
    threshold: Vec<u64>,
    alias: Vec<u32>,
}

impl KeySampler {
    /// A sampler over `keys` keys (at least 1). Zipf tables are limited to 2^32 keys.
    pub fn new(distribution: KeyDistribution, keys: u64) -> Self {
        let keys = keys.max(1);
        let alias = match distribution {
            KeyDistribution::Zipf { exponent } => Some(AliasTable::zipf(keys, exponent)),
            _ => None,
        };
        let hot = match distribution {
            KeyDistribution::HotSet { hot, fraction } => {
                let hot = hot.clamp(1, keys);
                let p = if hot == keys {
                    1.0
                } else {
                    fraction.clamp(0.0, 1.0)
                };
                Some((hot, (p * u64::MAX as f64) as u64))
            }
            _ => None,
        };
        KeySampler { keys, alias, hot }
    }

    /// The next key.
    #[inline]
    pub fn sample(&self, rng: &mut SplitMix64) -> u64 {
        if let Some((hot, threshold)) = self.hot {
            // One draw for the coin; the key comes from a second, so both are uniform.
            let coin = rng.next_u64();
            return if coin < threshold || threshold == u64::MAX {
                rng.below(hot)
            } else {
                hot + rng.below(self.keys - hot)
            };
        }
        match &self.alias {
            None => rng.below(self.keys),
            Some(t) => {
                let r = rng.next_u64();
                // High bits choose the column, the full word decides between column and alias.
                let col = ((r as u128 * t.threshold.len() as u128) >> 64) as usize;
                let coin = r.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                if coin <= t.threshold[col] {
                    col as u64
                } else {
                    t.alias[col] as u64
                }
            }
        }
    }
}

impl AliasTable {
    fn zipf(keys: u64, exponent: f64) -> Self {
        let n = keys.min(u32::MAX as u64) as usize;
        let weights: Vec<f64> = (0..n)
            .map(|r| 1.0 / ((r + 1) as f64).powf(exponent))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias = vec![0u32; n];
        let mut threshold = vec![u64::MAX; n];
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            threshold[s] = (scaled[s] * u64::MAX as f64) as u64;
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        AliasTable { threshold, alias }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram(d: KeyDistribution, keys: u64, draws: usize) -> Vec<usize> {
        let s = KeySampler::new(d, keys);
        let mut rng = SplitMix64::new(42);
        let mut h = vec![0usize; keys as usize];
        for _ in 0..draws {
            h[s.sample(&mut rng) as usize] += 1;
        }
        h
    }

    #[test]
    fn uniform_is_flat() {
        let h = histogram(KeyDistribution::Uniform, 10, 100_000);
        for c in h {
            assert!((9_000..11_000).contains(&c), "{c}");
        }
    }

    #[test]
    fn zipf_matches_its_probabilities() {
        let keys = 100u64;
        let s = 1.1;
        let draws = 400_000;
        let h = histogram(KeyDistribution::Zipf { exponent: s }, keys, draws);
        let total: f64 = (1..=keys).map(|r| 1.0 / (r as f64).powf(s)).sum();
        for (r, &count) in h.iter().enumerate().take(10) {
            let p = 1.0 / ((r + 1) as f64).powf(s) / total;
            let expected = p * draws as f64;
            let sigma = (expected * (1.0 - p)).sqrt();
            assert!(
                (count as f64 - expected).abs() < 5.0 * sigma,
                "rank {r}: {count} vs {expected}"
            );
        }
        assert!(h[0] > h[1] && h[1] > h[5] && h[5] > h[50]);
    }

    #[test]
    fn hot_set_puts_its_fraction_on_the_hot_keys() {
        let draws = 200_000;
        let h = histogram(
            KeyDistribution::HotSet {
                hot: 4,
                fraction: 0.8,
            },
            104,
            draws,
        );
        // Each hot key: 0.8 / 4 = 20 %; each cold key: 0.2 / 100 = 0.2 %.
        for (k, &c) in h.iter().enumerate() {
            let p = if k < 4 { 0.2 } else { 0.002 };
            let expected = p * draws as f64;
            let sigma = (expected * (1.0 - p)).sqrt();
            assert!((c as f64 - expected).abs() < 5.0 * sigma, "key {k}: {c}");
        }
        // No cold keys left: everything is hot, whatever the fraction.
        let h = histogram(
            KeyDistribution::HotSet {
                hot: 10,
                fraction: 0.1,
            },
            3,
            3000,
        );
        assert!(h.iter().all(|&c| c > 800));
    }

    #[test]
    fn single_key_always_zero() {
        for d in [
            KeyDistribution::Uniform,
            KeyDistribution::Zipf { exponent: 1.0 },
            KeyDistribution::HotSet {
                hot: 1,
                fraction: 0.5,
            },
        ] {
            assert_eq!(histogram(d, 1, 100), vec![100]);
        }
    }
}
