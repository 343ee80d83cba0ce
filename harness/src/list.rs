//! `streambench list`: what can be run.

use std::fmt::Write;

/// The engines and workloads, one per line with a description.
pub fn list() -> String {
    let mut s = String::from("engines:\n");
    for e in engines::ENGINES {
        let _ = writeln!(s, "  {:<14} {}", e.name, e.description);
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
