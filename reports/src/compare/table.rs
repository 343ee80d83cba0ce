//! The terminal table of a comparison: one line per metric that changed, then a count of
//! each verdict, so a clean comparison is short and a bad one is easy to scan.

use super::judge::{Change, Comparison, Row, Why, CONFIDENCE};

/// The comparison as text for the terminal.
pub fn compare_table(c: &Comparison) -> String {
    let changed: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| matches!(r.change, Change::Improved | Change::Regressed))
        .collect();
    let mut out = String::new();
    if c.rows.is_empty() {
        out.push_str("No configuration (engine × workload × workers × rate × keys) ran successfully in both results.\n");
    } else if c.count(Change::NoChange) == c.rows.len() {
        out.push_str(&format!("All {} metrics: no change.\n", c.rows.len()));
    } else if changed.is_empty() {
        out.push_str(&format!("{}\n", verdict_counts(c)));
    } else {
        let header = [
            "configuration",
            "metric",
            "base",
            "new",
            "change",
            "99% CI",
            "verdict",
        ];
        let lines: Vec<[String; 7]> = changed.iter().map(|r| cells(r)).collect();
        let widths: Vec<usize> = (0..7)
            .map(|i| {
                lines
                    .iter()
                    .map(|l| l[i].chars().count())
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let fmt = |cells: &[String]| {
            let mut line = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect::<Vec<_>>()
                .join("  ");
            line.truncate(line.trim_end().len());
            line.push('\n');
            line
        };
        out.push_str(&fmt(&header.map(String::from)));
        for l in &lines {
            out.push_str(&fmt(l));
        }
        out.push_str(&format!("{}\n", verdict_counts(c)));
    }
    out.push_str(&format!("{}\n", method_note(c)));
    if c.any_one_run() {
        out.push_str(&format!("{}\n", ONE_RUN_NOTE));
    }
    if !c.too_few.is_empty() {
        out.push_str(&format!(
            "Not compared, too few latency samples: {}\n",
            too_few_list(c)
        ));
    }
    for (what, keys) in [
        ("only in BASE (or failed in one)", &c.only_base),
        ("only in NEW", &c.only_new),
    ] {
        if !keys.is_empty() {
            out.push_str(&format!(
                "Not compared, {what}: {}\n",
                keys.iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    out
}

/// `R regressed, I improved, N no change, K inconclusive (1 run), of T metrics.`
pub(super) fn verdict_counts(c: &Comparison) -> String {
    format!(
        "{} regressed, {} improved, {} no change, {} inconclusive (1 run), of {} metrics.",
        c.count(Change::Regressed),
        c.count(Change::Improved),
        c.count(Change::NoChange),
        c.count(Change::Inconclusive(Why::OneRun)),
        c.rows.len()
    )
}

/// How verdicts were reached, and which dimensions the match ignored.
pub(super) fn method_note(c: &Comparison) -> String {
    let mut note = format!(
        "A change counts when the {:.0}% confidence interval of the difference of the means \
         (Welch, ≥ 2 repetitions on each side) excludes 0 and the means differ by more than \
         {}% (--noise).",
        CONFIDENCE * 100.0,
        c.noise_pct
    );
    if c.ignore != Default::default() {
        note.push_str(&format!(
            " Configurations matched ignoring: {}.",
            c.ignore.names()
        ));
    }
    note
}

/// Why some verdicts are inconclusive.
pub(super) const ONE_RUN_NOTE: &str = "Inconclusive (1 run): a side has a single repetition \
     (sustainable rates: a single search), so there is no spread to tell a change from noise; \
     run both with --repetitions 5.";

/// `label p99 (n=37, needs 100); …`
pub(super) fn too_few_list(c: &Comparison) -> String {
    c.too_few
        .iter()
        .map(|t| {
            format!(
                "{} {} (n={}, needs {})",
                t.key.label(),
                t.metric,
                t.n,
                t.needs
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// configuration, metric, base, new, change, confidence interval, verdict.
pub(super) fn cells(r: &Row) -> [String; 7] {
    let f = r.metric.format;
    let spread = |s: &super::stats::Summary| {
        if s.n > 1 {
            format!("{} ±{} (n={})", f(s.mean), f(s.variance.sqrt()), s.n)
        } else {
            f(s.mean)
        }
    };
    [
        r.label(),
        r.metric.name.to_owned(),
        spread(&r.base),
        spread(&r.new),
        format!("{:+.1}%", r.change_pct),
        match r.ci_pct {
            Some((lo, hi)) => format!("[{lo:+.1}%, {hi:+.1}%]"),
            None => "n/a".to_owned(),
        },
        r.change.as_str().to_owned(),
    ]
}
