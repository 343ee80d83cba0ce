//! The statistics `compare` needs: sample mean and variance, and Welch's two-sample t-test
//! (unequal variances) with the confidence interval of the difference of means. Student's t
//! distribution itself is `statrs`'s; the Welch arithmetic on top is ours.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and unbiased variance of a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Unbiased sample variance (0 for fewer than two values).
    pub variance: f64,
}

impl Summary {
    /// Summarises `values`; `None` when empty.
    pub fn of(values: &[f64]) -> Option<Summary> {
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let variance = if n < 2 {
            0.0
        } else {
            values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        };
        Some(Summary { n, mean, variance })
    }
}

/// Two-sided p-value of Welch's t-test that `a` and `b` have the same mean. Needs at least
/// two values on each side. With no variance on either side the samples are constants:
/// p is 1 when they are equal and 0 when they are not.
pub fn welch_p_value(a: &Summary, b: &Summary) -> Option<f64> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let (va, vb) = (a.variance / a.n as f64, b.variance / b.n as f64);
    let se2 = va + vb;
    if se2 <= 0.0 {
        return Some(if a.mean == b.mean { 1.0 } else { 0.0 });
    }
    let t = (a.mean - b.mean) / se2.sqrt();
    // Welch–Satterthwaite degrees of freedom.
    let df = se2 * se2 / (va * va / (a.n - 1) as f64 + vb * vb / (b.n - 1) as f64);
    Some(student_t_two_sided(t, df))
}

/// The two-sided confidence interval, at `level` (e.g. 0.95), of `b.mean − a.mean` by
/// Welch's method: the difference ± t · √(s²ₐ/nₐ + s²_b/n_b), t Student's quantile at the
/// Welch–Satterthwaite degrees of freedom. Needs at least two values on each side; with no
/// variance on either side the interval is the difference itself.
pub fn welch_ci(a: &Summary, b: &Summary, level: f64) -> Option<(f64, f64)> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let (va, vb) = (a.variance / a.n as f64, b.variance / b.n as f64);
    let se2 = va + vb;
    let diff = b.mean - a.mean;
    if se2 <= 0.0 {
        return Some((diff, diff));
    }
    let df = se2 * se2 / (va * va / (a.n - 1) as f64 + vb * vb / (b.n - 1) as f64);
    let half = student_t_quantile(1.0 - level, df) * se2.sqrt();
    Some((diff - half, diff + half))
}

/// The t ≥ 0 with P(|T| ≥ t) = `alpha` for `df` degrees of freedom.
pub fn student_t_quantile(alpha: f64, df: f64) -> f64 {
    t(df).map_or(f64::INFINITY, |t| t.inverse_cdf(1.0 - alpha / 2.0))
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t_value: f64, df: f64) -> f64 {
    t(df).map_or(1.0, |t| (2.0 * t.cdf(-t_value.abs())).clamp(0.0, 1.0))
}

/// The standard t distribution (`None` for degrees of freedom it cannot have).
fn t(df: f64) -> Option<StudentsT> {
    StudentsT::new(0.0, 1.0, df).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_distribution_known_values() {
        // Two-sided critical values from t tables: t = 2.776 at 4 df and 12.706 at 1 df
        // are p = 0.05; t = 0 is p = 1; df = 1 is Cauchy, P(|T| ≥ 1) = 0.5.
        assert!((student_t_two_sided(2.776, 4.0) - 0.05).abs() < 2e-4);
        assert!((student_t_two_sided(12.706, 1.0) - 0.05).abs() < 2e-4);
        assert!((student_t_two_sided(1.0, 1.0) - 0.5).abs() < 1e-10);
        assert_eq!(student_t_two_sided(0.0, 7.0), 1.0);
    }

    #[test]
    fn welch_by_hand() {
        // a = 1,2,3 (mean 2, var 1); b = 4,5,6 (mean 5, var 1): t = −3/√(2/3) = −3.674,
        // df = (2/3)² / (2 · (1/3)² / 2) = 4, p = 0.0213 (t table: 3.747 is 0.02 at 4 df).
        let a = Summary::of(&[1.0, 2.0, 3.0]).unwrap();
        let b = Summary::of(&[4.0, 5.0, 6.0]).unwrap();
        assert_eq!((a.mean, a.variance), (2.0, 1.0));
        let p = welch_p_value(&a, &b).unwrap();
        assert!((p - 0.0213).abs() < 5e-4, "{p}");
        assert_eq!(welch_p_value(&a, &a), Some(1.0));
        let c = Summary::of(&[7.0, 7.0]).unwrap();
        assert_eq!(welch_p_value(&c, &c), Some(1.0));
        assert_eq!(
            welch_p_value(&c, &Summary::of(&[8.0, 8.0]).unwrap()),
            Some(0.0)
        );
        assert_eq!(welch_p_value(&c, &Summary::of(&[8.0]).unwrap()), None);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn t_quantiles_and_welch_interval_by_hand() {
        // Two-sided 5% critical values from t tables.
        for (df, t) in [(1.0, 12.706), (4.0, 2.776), (8.0, 2.306), (1e6, 1.960)] {
            assert!((student_t_quantile(0.05, df) - t).abs() < 1e-3, "df {df}");
        }
        // The example above: difference 3, standard error √(2/3), 4 df → 3 ± 2.776 · 0.8165.
        let a = Summary::of(&[1.0, 2.0, 3.0]).unwrap();
        let b = Summary::of(&[4.0, 5.0, 6.0]).unwrap();
        let (lo, hi) = welch_ci(&a, &b, 0.95).unwrap();
        assert!(
            (lo - 0.7334).abs() < 1e-3 && (hi - 5.2666).abs() < 1e-3,
            "{lo} {hi}"
        );
        // The interval excludes 0 exactly when the test rejects at 5%.
        assert!(welch_p_value(&a, &b).unwrap() < 0.05 && lo > 0.0);
        let c = Summary::of(&[7.0, 7.0]).unwrap();
        assert_eq!(welch_ci(&c, &c, 0.95), Some((0.0, 0.0)));
        assert_eq!(welch_ci(&c, &Summary::of(&[8.0]).unwrap(), 0.95), None);
    }
}
