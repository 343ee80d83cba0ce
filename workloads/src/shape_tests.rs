//! Scheduled times checked against each shape's own formula.

use crate::schedule::{Arrivals, Scheduler};
use crate::shape::RateShape;
use crate::shape_spec::{parse_shape, shape_spec};

const NS: f64 = 1e9;

fn schedule(shape: &RateShape, n: usize) -> Vec<u64> {
    shape.validate().unwrap();
    let mut s = Scheduler::new(shape, Arrivals::Even, 1);
    (0..n).map(|_| s.next_time()).collect()
}

/// `t_i` is `Λ⁻¹(i)` floored to the ns: `Λ(t_i) <= i < Λ(t_i + 1 ns)` (with float slack).
fn assert_inverts(times: &[u64], big_l: impl Fn(f64) -> f64) {
    for (i, &t) in times.iter().enumerate() {
        let (a, b) = (big_l(t as f64 / NS), big_l((t + 1) as f64 / NS));
        // A millionth of an event: at these rates (≤ 5000/s), under a picosecond.
        let eps = 1e-9 + 1e-14 * i as f64;
        assert!(
            a <= i as f64 + eps && b >= i as f64 - eps,
            "event {i} at {t} ns: Λ = {a}..{b}"
        );
    }
}

#[test]
fn constant_is_i_over_rate() {
    let t = schedule(&RateShape::constant(1000.0), 5000);
    for (i, &t) in t.iter().enumerate() {
        assert_eq!(t, i as u64 * 1_000_000);
    }
    let t = schedule(&RateShape::constant(3.0), 4);
    assert_eq!(t, vec![0, 333_333_333, 666_666_666, 1_000_000_000]);
}

#[test]
fn ramp_solves_the_quadratic() {
    let (r0, r1, big_t) = (1000.0, 5000.0, 2.0);
    let shape = RateShape::Ramp {
        from: r0,
        to: r1,
        over_s: big_t,
    };
    // 6000 events in the ramp, then 5000/s.
    let times = schedule(&shape, 9000);
    assert_inverts(&times, |t| {
        if t <= big_t {
            r0 * t + (r1 - r0) * t * t / (2.0 * big_t)
        } else {
            6000.0 + r1 * (t - big_t)
        }
    });
    // Hand-computed: 1000 t + 1000 t² = 2000 at t = 1 s; event 6000 at the ramp's end.
    assert_eq!(times[2000], 1_000_000_000);
    assert_eq!(times[6000], 2_000_000_000);
    assert_eq!(times[6500], 2_100_000_000);
    // Down from 1000/s to 200/s over 1 s: Λ(t) = 1000 t - 400 t², 600 events, then 200/s.
    let down = RateShape::Ramp {
        from: 1000.0,
        to: 200.0,
        over_s: 1.0,
    };
    let times = schedule(&down, 800);
    assert_inverts(&times, |t| {
        if t <= 1.0 {
            1000.0 * t - 400.0 * t * t
        } else {
            600.0 + 200.0 * (t - 1.0)
        }
    });
    // 1000 t - 400 t² = 400 at t = 0.5 s.
    assert_eq!(times[400], 500_000_000);
}

#[test]
fn step_burst_and_square_follow_their_levels() {
    let step = RateShape::Step {
        levels: vec![(100.0, 1.0), (0.0, 0.5), (400.0, 1.0)],
    };
    let t = schedule(&step, 300);
    assert_eq!(
        (t[99], t[100], t[101]),
        (990_000_000, 1_500_000_000, 1_502_500_000)
    );
    // The last level holds: 200 events after t = 1.5 s at 400/s end at 2 s, and go on.
    assert_eq!(t[299], 1_500_000_000 + 199 * 2_500_000);
    assert_inverts(&t, |x| step.integral(x));

    let burst = RateShape::Burst {
        base: 100.0,
        spike: 1000.0,
        width_s: 0.1,
        period_s: 1.0,
    };
    // 90 events in [0, 0.9), 100 in the spike [0.9, 1), so 190 per second.
    let t = schedule(&burst, 400);
    assert_eq!(
        (t[89], t[90], t[189], t[190]),
        (890_000_000, 900_000_000, 999_000_000, 1_000_000_000)
    );
    assert_eq!(t[380], 2_000_000_000);
    assert_inverts(&t, |x| burst.integral(x));

    let square = RateShape::Square {
        low: 1000.0,
        high: 3000.0,
        period_s: 2.0,
    };
    let t = schedule(&square, 9000);
    assert_eq!(
        (t[999], t[1000], t[1003]),
        (999_000_000, 1_000_000_000, 1_001_000_000)
    );
    assert_eq!((t[4000], t[5000]), (2_000_000_000, 3_000_000_000));
    assert_inverts(&t, |x| square.integral(x));
}

#[test]
fn sine_inverts_its_closed_form_integral() {
    for (mean, amp) in [(1000.0, 500.0), (1000.0, 1000.0), (50.0, 0.0)] {
        let p = 0.7;
        let shape = RateShape::Sine {
            mean,
            amplitude: amp,
            period_s: p,
        };
        let w = std::f64::consts::TAU / p;
        let times = schedule(&shape, 5000);
        assert_inverts(&times, |t| mean * t + amp / w * (1.0 - (w * t).cos()));
        // Whole periods hold exactly mean × period events.
        assert!((shape.mean_over(7.0) - mean).abs() < 1e-9 * mean);
    }
}

#[test]
fn poisson_has_exponential_gaps_in_rescaled_time() {
    for shape in [
        RateShape::constant(1000.0),
        RateShape::Sine {
            mean: 1000.0,
            amplitude: 800.0,
            period_s: 3.0,
        },
    ] {
        let n = 100_000;
        let mut s = Scheduler::new(&shape, Arrivals::Poisson, 7);
        let times: Vec<u64> = (0..n).map(|_| s.next_time()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        // Λ(t_k) - Λ(t_{k-1}) ~ Exp(1): mean 1, variance 1.
        let u: Vec<f64> = times
            .iter()
            .map(|&t| shape.integral(t as f64 / NS))
            .collect();
        let gaps: Vec<f64> = u.windows(2).map(|w| w[1] - w[0]).collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let var = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
        assert!(
            (mean - 1.0).abs() < 0.02 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
        let mut again = Scheduler::new(&shape, Arrivals::Poisson, 7);
        assert!(times.iter().all(|&t| t == again.next_time()));
        let mut other = Scheduler::new(&shape, Arrivals::Poisson, 8);
        let others: Vec<u64> = (0..100).map(|_| other.next_time()).collect();
        assert_ne!(times[..100], others[..]);
    }
}

#[test]
fn specs_parse_scale_and_reject_nonsense() {
    let s = parse_shape("sine:amplitude=0.25,period=4", 2.0).unwrap();
    assert_eq!(
        s.scaled(1000.0),
        RateShape::Sine {
            mean: 1000.0,
            amplitude: 250.0,
            period_s: 4.0
        }
    );
    let ramp = parse_shape("ramp:to=3", 5.0).unwrap();
    assert_eq!(
        ramp,
        RateShape::Ramp {
            from: 0.5,
            to: 3.0,
            over_s: 5.0
        }
    );
    for spec in [
        "constant",
        "step:1@2,3@0.5",
        "burst:height=8,width=0.2,period=2",
        "square",
    ] {
        let s = parse_shape(spec, 1.0).unwrap();
        assert_eq!(parse_shape(&shape_spec(&s), 1.0).unwrap(), s, "{spec}");
    }
    for (bad, says) in [
        ("triangle", "unknown kind `triangle`"),
        ("sine:amplitude=2", "amplitude"),
        ("sine:amp=0.5", "no parameter `amp`"),
        ("sine:period=x", "`x` is not a number"),
        ("burst:width=2,period=1", "shorter than the period"),
        ("step:1", "level@seconds"),
        ("step:", "at least one level"),
        ("ramp:from=1,to=0", "0 forever"),
        ("square:low=-1", "at least 0"),
    ] {
        let e = parse_shape(bad, 1.0).unwrap_err().0;
        assert!(
            e.contains(says) && e.starts_with(&format!("shape `{bad}`")),
            "{bad}: {e}"
        );
    }
}
