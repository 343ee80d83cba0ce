//! `streambench list`: what can be run.

use std::fmt::Write;

/// The engines and workloads, one per line with a description.
pub fn list() -> String {
    let mut s = String::from("engines:\n");
    for e in engines::ENGINES {
        let snapshots = if engines::conformance::supports_snapshots(e) {
            ""
        } else {
            " [no snapshots: snapshot cost and restore are skipped]"
        };
        let processes = if e.multi_process {
            " [multi-process: --processes N]"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {:<14} {}{snapshots}{processes}",
            e.name, e.description
        );
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
