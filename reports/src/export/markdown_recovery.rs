//! The recovery table of `summary.md`: per engine and workload, what the reference check
//! found under the sink's guarantee and the medians of its crashes and checkpoints.

use super::markdown::md_escape;
use crate::query::ok_runs;
use crate::schema::{Recovery, Results};
use std::collections::BTreeMap;

fn median(mut v: Vec<f64>) -> String {
    if v.is_empty() {
        return "–".into();
    }
    v.sort_by(f64::total_cmp);
    format!("{:.1}", v[v.len() / 2])
}

/// The table, or nothing when no run had checkpoints or crashes.
pub(super) fn recovery_table(results: &Results) -> String {
    let mut groups: BTreeMap<(String, String), Vec<(&Recovery, bool)>> = BTreeMap::new();
    for (r, f) in ok_runs(results).filter(|(r, _)| r.key.probe_of.is_none()) {
        let Some(rec) = &f.recovery else { continue };
        if rec.crashes.is_empty() && rec.checkpoints.is_empty() {
            continue;
        }
        let pass = f.correctness.verdict == crate::schema::Verdict::Pass;
        groups
            .entry((r.key.workload.clone(), r.engine_label()))
            .or_default()
            .push((rec, pass));
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut md = String::from(
        "\n### Recovery\n\n| engine | workload | sink | runs passed | lost | duplicated | crashes \
         | restore ms | catch-up ms | downtime ms | checkpoints | persist ms |\n\
         |---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for ((workload, engine), runs) in &groups {
        let crashes = || runs.iter().flat_map(|(r, _)| &r.crashes);
        let checkpoints = || runs.iter().flat_map(|(r, _)| &r.checkpoints);
        md.push_str(&format!(
            "| {} | {} | {} | {}/{} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            md_escape(engine),
            md_escape(workload),
            runs[0].0.sink.as_str(),
            runs.iter().filter(|(_, pass)| *pass).count(),
            runs.len(),
            runs.iter().map(|(r, _)| r.lost).sum::<u64>(),
            runs.iter().map(|(r, _)| r.duplicated).sum::<u64>(),
            crashes().count(),
            median(crashes().map(|c| c.restore_ms).collect()),
            median(crashes().map(|c| c.catch_up_ms).collect()),
            median(crashes().map(|c| c.downtime_ms).collect()),
            checkpoints().count(),
            median(checkpoints().map(|c| c.persist_ms).collect()),
        ));
    }
    md.push_str(
        "\nMedians over every crash and checkpoint of the runs; restore is crash to restored, \
         catch-up crash to nothing overdue on the schedule, downtime the longest time around a \
         crash with no result delivered.\n",
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::CrashFigures;
    use crate::testing::sample_results;

    #[test]
    fn a_row_per_engine_and_workload_with_crashes_and_none_without() {
        let mut results = sample_results();
        assert_eq!(recovery_table(&results), "");
        results.runs[3].figures_mut().unwrap().recovery = Some(Recovery {
            crashes: vec![CrashFigures {
                restore_ms: 2.5,
                ..CrashFigures::default()
            }],
            duplicated: 7,
            ..Recovery::default()
        });
        let md = recovery_table(&results);
        assert_eq!(md.matches("\n| ").count(), 2, "{md}");
        assert!(md.contains("| 0 | 7 | 1 | 2.5 |"), "{md}");
    }
}
