//! Reading schema-v2 files: a v2 run was one flat record whose figures were zeros when it
//! failed; v3 splits it into key, parameters and an outcome that has figures only when the
//! run finished. The migration works on the JSON itself, so v2 needs no types of its own.

use serde_json::{Map, Value};

/// Rewrites a v2 `results.json` value as v3, in place. The error names the run and the key
/// that is missing or malformed.
pub fn migrate(results: &mut Value) -> Result<(), String> {
    let top = results.as_object_mut().ok_or("not a JSON object")?;
    top.insert("schema_version".into(), Value::from(super::SCHEMA_VERSION));
    let Some(Value::Array(runs)) = top.get_mut("runs") else {
        return Err("key `runs`: missing or not a list".into());
    };
    for (i, run) in runs.iter_mut().enumerate() {
        *run = migrate_run(run).map_err(|e| format!("runs[{i}]: {e}"))?;
    }
    if let Some(Value::Array(searches)) = top.get_mut("sustain") {
        for (i, s) in searches.iter_mut().enumerate() {
            let probes = s.get_mut("probes").and_then(Value::as_array_mut);
            for (k, p) in probes.into_iter().flatten().enumerate() {
                migrate_probe(p).map_err(|e| format!("sustain[{i}].probes[{k}]: {e}"))?;
            }
        }
    }
    Ok(())
}

/// A v2 probe carried its run's figures flat; v3 groups them under `measured`.
fn migrate_probe(probe: &mut Value) -> Result<(), String> {
    let p = probe.as_object_mut().ok_or("not a JSON object")?;
    let mut measured = Map::new();
    for k in ["input_eps", "output_eps", "p50_ns", "p99_ns", "p999_ns"] {
        measured.insert(k.into(), p.remove(k).ok_or(format!("key `{k}` missing"))?);
    }
    p.insert("measured".into(), Value::Object(measured));
    Ok(())
}

fn migrate_run(run: &mut Value) -> Result<Value, String> {
    let old = run.as_object_mut().ok_or("not a JSON object")?;
    let mut take = |k: &str| old.remove(k);
    // The id is derived from the key in v3.
    take("id");
    let mut key = Map::new();
    for k in [
        "engine",
        "workload",
        "workers",
        "offered_rate",
        "keys",
        "repetition",
    ] {
        key.insert(k.into(), take(k).ok_or(format!("key `{k}` missing"))?);
    }
    key.insert(
        "processes".into(),
        take("processes").unwrap_or(Value::from(1)),
    );
    if let Some(p) = take("probe_of").filter(|p| !p.is_null()) {
        key.insert("probe_of".into(), p);
    }
    let mut params = Map::new();
    for k in ["plan", "duration_s", "warmup_s", "seed"] {
        params.insert(k.into(), take(k).ok_or(format!("key `{k}` missing"))?);
    }
    let status = take("status").ok_or("key `status` missing")?;
    let error = take("error").filter(|e| !e.is_null());
    let mut outcome = Map::new();
    match status.as_str() {
        Some("ok") => {
            // Everything left is a figure; v2 wrote `window_end_latency_ns` only later.
            let mut figures = std::mem::take(old);
            figures.entry("window_end_latency_ns").or_insert_with(|| {
                serde_json::json!({
                    "count": 0, "mean": 0.0, "p50": 0, "p90": 0, "p99": 0, "p999": 0,
                    "max": 0, "distribution": []
                })
            });
            outcome.insert("figures".into(), Value::Object(figures));
        }
        Some(s @ ("failed" | "timeout")) => {
            let reason = error.unwrap_or_else(|| Value::from(format!("the run {s}")));
            outcome.insert("reason".into(), reason);
        }
        _ => return Err(format!("key `status`: unknown value {status}")),
    }
    outcome.insert("status".into(), status);
    Ok(serde_json::json!({ "key": key, "params": params, "outcome": outcome }))
}
