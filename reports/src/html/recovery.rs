//! The "Recovery" section, present when any run had checkpoints or crashes: per workload
//! the recovery chart, then per engine a table of its crashes (restore, catch-up, return
//! under the objective, replay, downtime) and one of its checkpoints' cost, with the sink's
//! guarantee and what the reference check found (lost, duplicated).

use crate::charts::{recovery_chart, workloads, Palette};
use crate::error::ReportError;
use crate::escape::html_escape;
use crate::query::ok_runs;
use crate::schema::{Figures, Recovery, Results, Run};
use crate::units::format_bytes;

fn recovered(results: &Results) -> Vec<(&Run, &Figures, &Recovery)> {
    ok_runs(results)
        .filter(|(r, _)| r.key.probe_of.is_none())
        .filter_map(|(r, f)| Some((r, f, f.recovery.as_ref()?)))
        .collect()
}

fn ms(v: f64) -> String {
    match v {
        v if v >= 100.0 => format!("{v:.0}"),
        v if v >= 10.0 => format!("{v:.1}"),
        v => format!("{v:.2}"),
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

fn cells(row: &[String]) -> String {
    let tds: String = row
        .iter()
        .enumerate()
        .map(|(k, c)| match k {
            0..=2 => format!("<td>{c}</td>"),
            _ => format!("<td class=\"num\">{c}</td>"),
        })
        .collect();
    format!("<tr>{tds}</tr>\n")
}

fn table(id: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    let th: String = head
        .iter()
        .enumerate()
        .map(|(k, h)| match k {
            0..=2 => format!("<th>{h}</th>"),
            _ => format!("<th class=\"num\">{h}</th>"),
        })
        .collect();
    let body: String = rows.iter().map(|r| cells(r)).collect();
    format!(
        "<div class=\"scroll\"><table id=\"{id}\">\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}</tbody></table></div>\n"
    )
}

/// The section, or nothing when no run had checkpoints, crashes or a guarantee set.
pub(super) fn recovery_section(
    results: &Results,
    palette: &Palette,
) -> Result<String, ReportError> {
    let runs = recovered(results);
    if runs.is_empty() {
        return Ok(String::new());
    }
    let mut html = String::from(
        "<section>\n<h2>Recovery</h2>\n<p class=\"note\">Crashes drop the engine and its \
         state; a new one restores the latest complete checkpoint (read back from disk and \
         checksummed) and the source replays from its offset. <em>restore</em>: crash to \
         restored; <em>catch-up</em>: crash to nothing overdue on the schedule; \
         <em>p99 back</em>: crash until every interval's p99 is under the objective again \
         (— never, before the next crash or the end); <em>downtime</em>: the longest time \
         around the crash with no result delivered (10 ms resolution). <em>lost</em> and \
         <em>duplicated</em> come from matching every committed result with the reference \
         as a multiset.</p>\n",
    );
    for (i, w) in workloads(results).into_iter().enumerate() {
        if let Some(svg) = recovery_chart(results, w, palette)? {
            html.push_str(&format!(
                "<figure class=\"chart\" id=\"chart-recovery-{i}\">\n{svg}</figure>\n"
            ));
        }
    }
    let who = |r: &Run, rec: &Recovery| {
        vec![
            html_escape(&format!("{} (w{})", r.engine_label(), r.key.workers)),
            html_escape(&r.key.workload),
            rec.sink.as_str().to_string(),
        ]
    };
    let mut crashes = Vec::new();
    let mut checkpoints = Vec::new();
    let mut notes = Vec::new();
    for (r, f, rec) in &runs {
        for c in &rec.crashes {
            let mut row = who(r, rec);
            row.extend([
                f.correctness.verdict.as_str().to_string(),
                rec.lost.to_string(),
                rec.duplicated.to_string(),
                format!("{:.2}", c.at_s),
                c.restored_from_s
                    .map_or("the beginning".into(), |s| format!("{s:.2} s")),
                ms(c.restore_ms),
                ms(c.catch_up_ms),
                c.slo_recovered_ms.map_or("—".into(), ms),
                c.replayed.to_string(),
                ms(c.downtime_ms),
            ]);
            crashes.push(row);
        }
        let cps = &rec.checkpoints;
        if !cps.is_empty() {
            let col = |g: fn(&crate::schema::CheckpointFigures) -> f64| -> Vec<f64> {
                cps.iter().map(g).collect()
            };
            let max = |v: Vec<f64>| v.into_iter().fold(0.0, f64::max);
            let mut row = who(r, rec);
            row.extend([
                cps.len().to_string(),
                format_bytes(median(col(|c| c.bytes as f64)).unwrap_or(0.0) as u64),
                ms(median(col(|c| c.take_ms)).unwrap_or(0.0)),
                ms(median(col(|c| c.persist_ms)).unwrap_or(0.0)),
                ms(max(col(|c| c.stall_ms))),
                cps.iter()
                    .filter_map(|c| c.in_flight_max_ms)
                    .reduce(f64::max)
                    .map_or("—".into(), ms),
            ]);
            checkpoints.push(row);
        }
        if let Some(n) = &rec.note {
            notes.push(format!(
                "<li>{}: {}</li>",
                html_escape(&r.id()),
                html_escape(n)
            ));
        }
    }
    if !crashes.is_empty() {
        html.push_str("<h3>Crashes</h3>\n");
        html.push_str(&table(
            "recovery-crashes",
            &[
                "engine",
                "workload",
                "sink",
                "verdict",
                "lost",
                "duplicated",
                "crash (s)",
                "restored from",
                "restore (ms)",
                "catch-up (ms)",
                "p99 back (ms)",
                "replayed",
                "downtime (ms)",
            ],
            &crashes,
        ));
    }
    if !checkpoints.is_empty() {
        html.push_str("<h3>Checkpoints</h3>\n");
        html.push_str(&table(
            "recovery-checkpoints",
            &[
                "engine",
                "workload",
                "sink",
                "checkpoints",
                "size (median)",
                "take (ms, median)",
                "persist (ms, median)",
                "stall (ms, max)",
                "in-flight latency (ms, max)",
            ],
            &checkpoints,
        ));
    }
    if !notes.is_empty() {
        html.push_str(&format!("<ul class=\"note\">{}</ul>\n", notes.join("\n")));
    }
    html.push_str("</section>\n");
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CheckpointFigures, CrashFigures};
    use crate::testing::sample_results;

    #[test]
    fn absent_without_recovery_and_a_row_per_crash_with_it() {
        let mut results = sample_results();
        let palette = Palette::for_results(&results);
        assert_eq!(recovery_section(&results, &palette).unwrap(), "");
        results.runs[3].figures_mut().unwrap().recovery = Some(Recovery {
            checkpoints: vec![CheckpointFigures {
                at_s: 1.0,
                bytes: 2048,
                take_ms: 1.5,
                ..CheckpointFigures::default()
            }],
            crashes: vec![
                CrashFigures {
                    at_s: 1.5,
                    restored_from_s: Some(1.0),
                    restore_ms: 3.25,
                    ..CrashFigures::default()
                },
                CrashFigures {
                    at_s: 0.5,
                    ..CrashFigures::default()
                },
            ],
            note: Some("the crash at <0.5> s".into()),
            ..Recovery::default()
        });
        let html = recovery_section(&results, &palette).unwrap();
        assert_eq!(html.matches("<tr><td>").count(), 3, "{html}");
        for text in [
            "id=\"chart-recovery-",
            "1.00 s",
            "the beginning",
            "3.25",
            "2.00 KiB",
            "&lt;0.5&gt;",
        ] {
            assert!(html.contains(text), "{text}: {html}");
        }
    }
}
