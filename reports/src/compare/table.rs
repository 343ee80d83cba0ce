//! The terminal table of a comparison: one line per metric that changed, then a count of
//! the unchanged ones, so a clean comparison is short and a bad one is easy to scan.

use super::judge::{Change, Comparison, Method, Row, ALPHA};

/// The comparison as text for the terminal.
pub fn compare_table(c: &Comparison) -> String {
    let changed: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| r.change != Change::NoChange)
        .collect();
    let mut out = String::new();
    if c.rows.is_empty() {
        out.push_str("No configuration (engine × workload × workers × rate × keys) ran successfully in both results.\n");
    } else if changed.is_empty() {
        out.push_str(&format!("All {} metrics: no change.\n", c.rows.len()));
    } else {
        let header = [
            "configuration",
            "metric",
            "base",
            "new",
            "change",
            "p",
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
        out.push_str(&format!(
            "{} of {} metrics unchanged.\n",
            c.rows.len() - changed.len(),
            c.rows.len()
        ));
    }
    out.push_str(&format!(
        "A change counts when the means differ by more than {}% and, with ≥ 2 repetitions on \
         each side, Welch's t-test gives p < {ALPHA}.\n",
        c.noise_pct
    ));
    if c.any_threshold_only() {
        out.push_str(
            "Note: some configurations have a single repetition on a side; they were judged \
             on the noise threshold alone (no significance test).\n",
        );
    }
    if c.any_search() {
        out.push_str(
            "Sustainable rates come from one search per side: judged on the noise threshold \
             alone.\n",
        );
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

/// configuration, metric, base, new, change, p, verdict.
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
        match (r.method, r.p_value) {
            (Method::TTest, Some(p)) => format!("{p:.3}"),
            _ => "n/a".to_owned(),
        },
        r.change.as_str().to_owned(),
    ]
}
