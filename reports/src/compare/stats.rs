//! The statistics `compare` needs: sample mean and variance, and Welch's two-sample t-test
//! (unequal variances) with the confidence interval of the difference of means, both from
//! Student's t distribution via the regularised incomplete beta function.

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

/// The t ≥ 0 with P(|T| ≥ t) = `alpha` for `df` degrees of freedom, by bisection on the
/// two-sided tail (monotone in t), to far below the precision a benchmark needs.
pub fn student_t_quantile(alpha: f64, df: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while student_t_two_sided(hi, df) > alpha && hi < 1e12 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_t_two_sided(mid, df) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    incomplete_beta(df / 2.0, 0.5, x).clamp(0.0, 1.0)
}

/// Regularised incomplete beta I_x(a, b), by its continued fraction (modified Lentz),
/// using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        for aa in [
            m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)),
        ] {
            d = 1.0 + aa * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = G[1..]
        .iter()
        .enumerate()
        .fold(G[0], |s, (i, g)| s + g / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_and_t_distribution_known_values() {
        // Γ(5) = 24, Γ(0.5) = √π.
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
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
