//! `streambench workloads`: every catalog workload with its source settings and plan.

use std::fmt::Write;
use workloads::catalog::{Params, ENTRIES};

/// The listing: per workload, its description, plan, source and the source's settings at the
/// default parameters (a suite's or the flags' values replace rate, shape, keys, …).
pub fn workloads() -> String {
    let p = Params::default();
    let mut s = format!(
        "workloads (settings at the catalog's defaults, {} events/s, {} s, seed {}; a suite's or \
         the flags' values replace them, and the default suite measures each engine's capacity \
         and runs at half the slowest one's):\n",
        p.rate, p.duration, p.seed
    );
    for e in ENTRIES {
        let w = e.build(&p);
        let _ = writeln!(s, "\n{}\n  {}", e.name, e.description);
        let _ = writeln!(s, "  plan:   {}", w.plan.describe());
        let _ = writeln!(s, "  source: {}", w.source.kind());
        for (k, v) in w.source.parameters() {
            let _ = writeln!(s, "    {k:<17} {v}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_is_listed_with_plan_and_source() {
        let text = super::workloads();
        for e in workloads::catalog::ENTRIES {
            assert!(text.contains(&format!("\n{}\n", e.name)), "{}", e.name);
            assert!(text.contains(&e.plan_description()), "{}", e.name);
        }
        assert!(text.contains("campaigns") && text.contains("distribution"));
    }
}
