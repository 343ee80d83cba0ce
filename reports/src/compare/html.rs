//! `compare.html`: the comparison as a self-contained page (inline CSS and SVG, no script),
//! every name escaped: its own title, what was compared (files, suites, machines, the
//! settings that differ), the chart of changes with their intervals, then the table.

use super::chart::change_chart;
use super::judge::{Change, Comparison};
use super::table::{cells, method_note, too_few_list, verdict_counts, ONE_RUN_NOTE};
use crate::date::format_utc;
use crate::escape::html_escape;
use crate::schema::Results;

const CSS: &str =
    "body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;background:#f6f7f9}\
main{max-width:1200px}\
table{border-collapse:collapse;background:#fff;border:1px solid #d8dee4}\
th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left;overflow-wrap:anywhere}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
tr.improved td.v{color:#0072B2;font-weight:700}tr.regressed td.v{color:#D55E00;font-weight:700}\
tr.nochange td,tr.inconclusive td{color:#57606a}.note{color:#57606a}\
figure{margin:16px 0;background:#fff;border:1px solid #d8dee4;padding:8px;overflow-x:auto}\
svg{max-width:100%;height:auto}";

/// One side of a comparison: where its results came from, and the results.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The results file, as given.
    pub path: &'a str,
    /// Its results.
    pub results: &'a Results,
}

/// The page's title: which suite is compared against which.
pub fn compare_title(base: &Results, new: &Results) -> String {
    match base.suite.name == new.suite.name {
        true => format!("Compare: {} (NEW against BASE)", new.suite.name),
        false => format!("Compare: {} against {}", new.suite.name, base.suite.name),
    }
}

/// The comparison page of `base` and `new`.
pub fn compare_html(c: &Comparison, base: Side<'_>, new: Side<'_>) -> String {
    let title = html_escape(&compare_title(base.results, new.results));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n"
    );
    html.push_str(&sides(base, new));
    html.push_str(&settings(base.results, new.results));
    html.push_str(&format!(
        "<h2>Changes</h2>\n<p>{}</p>\n",
        html_escape(&verdict_counts(c))
    ));
    match change_chart(c) {
        Some(svg) => html.push_str(&format!("<figure id=\"chart-changes\">\n{svg}</figure>\n")),
        None if !c.rows.is_empty() => html.push_str(
            "<p class=\"note\">No chart: no metric could be judged (each needs at least two \
             repetitions on both sides).</p>\n",
        ),
        None => {}
    }
    if c.rows.is_empty() {
        html.push_str("<p class=\"note\">No configuration ran successfully in both results.</p>\n");
    } else {
        html.push_str(
            "<table>\n<thead><tr><th>configuration</th><th>metric</th><th>base</th><th>new</th>\
             <th>change</th><th>99% CI</th><th>verdict</th></tr></thead>\n<tbody>\n",
        );
        for r in &c.rows {
            let class = match r.change {
                Change::Improved => "improved",
                Change::Regressed => "regressed",
                Change::NoChange => "nochange",
                Change::Inconclusive(_) => "inconclusive",
            };
            let cells = cells(r).map(|s| html_escape(&s));
            html.push_str(&format!(
                "<tr class=\"{class}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"v\">{}</td></tr>\n",
                cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
            ));
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str(&format!(
        "<p class=\"note\">{} Throughput up is better; latency, CPU and state down are \
         better.</p>\n",
        html_escape(&method_note(c))
    ));
    if c.any_one_run() {
        html.push_str(&format!("<p class=\"note\">{ONE_RUN_NOTE}</p>\n"));
    }
    if !c.too_few.is_empty() {
        html.push_str(&format!(
            "<p class=\"note\">Not compared, too few latency samples: {}</p>\n",
            html_escape(&too_few_list(c))
        ));
    }
    for (what, keys) in [
        ("Only in BASE or failed in one", &c.only_base),
        ("Only in NEW", &c.only_new),
    ] {
        if !keys.is_empty() {
            html.push_str(&format!("<h2>{what}</h2>\n<ul>\n"));
            for k in keys {
                html.push_str(&format!("<li>{}</li>\n", html_escape(&k.label())));
            }
            html.push_str("</ul>\n");
        }
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// Which files, suites, tools and machines are compared, side by side.
fn sides(base: Side<'_>, new: Side<'_>) -> String {
    let row = |what: &str, f: &dyn Fn(Side<'_>) -> String| {
        format!(
            "<tr><th>{what}</th><td>{}</td><td>{}</td></tr>\n",
            html_escape(&f(base)),
            html_escape(&f(new))
        )
    };
    let mut t = String::from(
        "<h2>What is compared</h2>\n<table>\n<thead><tr><th></th><th>BASE</th><th>NEW</th>\
         </tr></thead>\n<tbody>\n",
    );
    t.push_str(&row("results", &|s| s.path.to_string()));
    t.push_str(&row("suite", &|s| {
        format!("{} ({})", s.results.suite.name, s.results.suite.origin)
    }));
    t.push_str(&row("started", &|s| {
        format_utc(s.results.suite.started_unix)
    }));
    t.push_str(&row("tool", &|s| {
        let tool = &s.results.tool;
        match &tool.git_commit {
            Some(c) => format!(
                "{} {} (commit {})",
                tool.name,
                tool.version,
                &c[..c.len().min(12)]
            ),
            None => format!("{} {}", tool.name, tool.version),
        }
    }));
    t.push_str(&row("machine", &|s| {
        let m = &s.results.machine;
        format!("{}, {} cores, {}", m.cpu, m.cores, m.os)
    }));
    t.push_str(&row("runs", &|s| s.results.runs.len().to_string()));
    t.push_str("</tbody>\n</table>\n");
    t
}

/// The settings that differ between the two suites; the ones they share are folded away.
fn settings(base: &Results, new: &Results) -> String {
    let (b, n) = (&base.suite.settings, &new.suite.settings);
    let mut keys: Vec<&String> = b.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let dash = String::from("–");
    let (differ, same): (Vec<&String>, Vec<&String>) =
        keys.into_iter().partition(|k| b.get(*k) != n.get(*k));
    let mut t = String::from("<h2>Settings</h2>\n");
    if differ.is_empty() {
        t.push_str("<p>Both suites ran with the same settings.</p>\n");
    } else {
        t.push_str(
            "<table>\n<thead><tr><th>setting that differs</th><th>BASE</th><th>NEW</th></tr>\
             </thead>\n<tbody>\n",
        );
        for k in differ {
            t.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                html_escape(k),
                html_escape(b.get(k).unwrap_or(&dash)),
                html_escape(n.get(k).unwrap_or(&dash))
            ));
        }
        t.push_str("</tbody>\n</table>\n");
    }
    if !same.is_empty() {
        t.push_str(&format!(
            "<details><summary>{} settings the same on both sides</summary>\n<ul>\n",
            same.len()
        ));
        for k in same {
            t.push_str(&format!(
                "<li>{}: {}</li>\n",
                html_escape(k),
                html_escape(&b[k])
            ));
        }
        t.push_str("</ul>\n</details>\n");
    }
    t
}
