use super::*;

/// A valid profile for `source | window(...)`.
pub(crate) fn profile() -> CostProfile {
    CostProfile {
        version: PROFILE_VERSION,
        machine: "test cpu (2 cores)".into(),
        date: "2026-12-05".into(),
        engine: "timely".into(),
        workload: "window-count".into(),
        plan: "source | window".into(),
        operators: vec![OperatorCost {
            operator: "window".into(),
            true_rate_eps: Some(1_000_000.0),
            output_ratio: 0.01,
        }],
        exchange: ExchangeCost {
            bytes_per_record: 40.0,
            seconds_per_record: 1e-7,
            latency_s: 0.0,
            spread_s: Vec::new(),
            crossings: 1.0,
        },
        checkpoint_bytes_per_key: 64.0,
        generate_seconds_per_event: 0.0,
        latency_floor_s: 0.0,
        delay_by_load: Vec::new(),
        window_ns: None,
        calibrated_from: None,
    }
}

fn text(p: &CostProfile) -> String {
    serde_json::to_string(p).unwrap()
}

#[test]
fn a_profile_round_trips() {
    let p = profile();
    assert_eq!(CostProfile::parse(&text(&p), "p.json").unwrap(), p);
}

#[test]
fn another_version_is_named_in_one_line() {
    let mut p = profile();
    p.version = 7;
    let e = CostProfile::parse(&text(&p), "p.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown profile version 7"), "{e}");
    assert!(!e.contains('\n'));
}

#[test]
fn bad_values_name_their_key() {
    let mut p = profile();
    p.operators[0].true_rate_eps = Some(0.0);
    let e = CostProfile::parse(&text(&p), "p.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("operators[0].true_rate_eps"), "{e}");
    let e = CostProfile::parse("{\"version\": 1}", "p.json")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("profile p.json: not a cost profile"), "{e}");
    let e = CostProfile::parse("[", "p.json").unwrap_err().to_string();
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn a_profile_fits_its_own_plan_only() {
    let p = profile();
    assert!(p.check_plan("source | window", "p.json").is_ok());
    let e = p
        .check_plan("source | filter", "p.json")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("measured on plan `source | window` of workload window-count"),
        "{e}"
    );
}

#[test]
fn delays_and_crossings_are_checked_and_older_profiles_read_without_them() {
    let mut p = profile();
    p.exchange.crossings = 0.5;
    let e = CostProfile::parse(&text(&p), "p.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("exchange.crossings"), "{e}");
    let mut p = profile();
    p.delay_by_load = vec![crate::LoadDelay {
        utilisation: 0.2,
        delay_s: vec![0.0; 2],
    }];
    let e = CostProfile::parse(&text(&p), "p.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("delay_by_load[0]"), "{e}");
    // Written without the new keys (as before them), a profile reads with their defaults.
    let old = text(&profile());
    assert!(!old.contains("crossings") && !old.contains("delay_by_load"));
    let read = CostProfile::parse(&old, "p.json").unwrap();
    assert_eq!(read.exchange.crossings, 1.0);
    assert!(read.delay_by_load.is_empty() && read.exchange.spread_s.is_empty());
}
