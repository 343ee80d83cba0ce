//! `streambench list`: what can be run.

use engines::Capabilities;
use std::fmt::Write;
use workloads::plan::Operators;

/// The engines, each with what it declares it can do, and the workloads, one per line with
/// a description.
pub fn list() -> String {
    let mut s = String::from("engines:\n");
    for e in engines::registry::all() {
        let _ = writeln!(s, "  {:<14} {}", e.name, e.description);
        let _ = writeln!(s, "  {:<14} {}", "", declaration(&e.capabilities));
    }
    // Flink is registered only when named; here it is looked up to say whether it can be.
    for flink in engines::flink::NAMES {
        if engines::registry::find(flink).is_some() {
            continue;
        }
        match engines::flink::register_named(flink) {
            Ok(e) => {
                let _ = writeln!(
                    s,
                    "  {:<14} {} (named only: not in `all`)",
                    e.name,
                    engines::flink::description(flink)
                );
                let _ = writeln!(s, "  {:<14} {}", "", declaration(&e.capabilities));
            }
            Err(why) => {
                let _ = writeln!(
                    s,
                    "  {:<14} {}: {why}",
                    flink,
                    engines::flink::description(flink)
                );
            }
        }
    }
    s.push_str("\nworkloads:\n");
    for w in workloads::catalog::ENTRIES {
        let _ = writeln!(
            s,
            "  {:<14} {}\n  {:<14} plan: {}",
            w.name,
            w.description,
            "",
            w.plan_description()
        );
    }
    s
}

/// What an engine declares, in one line: `operators: all; snapshots; workers; multi-process`.
fn declaration(c: &Capabilities) -> String {
    let operators = if c.operators == Operators::ALL {
        "all".to_owned()
    } else {
        let names: Vec<&str> = c.operators.iter().map(|o| o.name()).collect();
        names.join(", ")
    };
    let mut parts = vec![match c.workloads {
        Some(names) => format!("workloads: {}", names.join(", ")),
        None => format!("operators: {operators}"),
    }];
    parts.push(if c.snapshots {
        "snapshots".into()
    } else {
        "no snapshots (snapshot cost is skipped)".into()
    });
    parts.push(if c.honours_workers {
        "--workers N".into()
    } else {
        "one thread (runs once, with 1 worker, whatever --workers says)".into()
    });
    if c.multi_process {
        parts.push("multi-process: --processes N".into());
    }
    if c.own_cluster {
        parts.push("--processes N: its own cluster of N processes on this host".into());
    }
    if !c.causes {
        parts.push("no causes (matched by event, timed from the reference)".into());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_states_its_declaration() {
        let text = list();
        for e in engines::ENGINES {
            assert!(text.contains(e.name), "{text}");
        }
        assert!(text.contains("operators: all; no snapshots"), "{text}");
        assert!(text.contains("one thread (runs once"), "{text}");
        assert!(text.contains("multi-process: --processes N"), "{text}");
        let only = Capabilities::operators(Operators::NONE.with(workloads::plan::Operator::Map));
        assert!(declaration(&only).starts_with("operators: map; no snapshots"));
    }
}
