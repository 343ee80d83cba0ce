//! `compare.html`: the comparison as a self-contained page (inline CSS, no script), every
//! name escaped.

use super::judge::{Change, Comparison};
use super::table::{cells, method_note, too_few_list, verdict_counts, ONE_RUN_NOTE};
use crate::escape::html_escape;

const CSS: &str =
    "body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;background:#f6f7f9}\
table{border-collapse:collapse;background:#fff;border:1px solid #d8dee4}\
th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
tr.improved td.v{color:#1a7f37;font-weight:700}tr.regressed td.v{color:#cf222e;font-weight:700}\
tr.nochange td,tr.inconclusive td{color:#57606a}.note{color:#57606a}";

/// The comparison page; `base` and `new` name the inputs in the header.
pub fn compare_html(c: &Comparison, base: &str, new: &str) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>streambench compare</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>streambench compare</h1>\n<p>BASE: <code>{}</code><br>NEW: <code>{}</code></p>\n",
        html_escape(base),
        html_escape(new)
    );
    html.push_str(&format!("<p>{}</p>\n", html_escape(&verdict_counts(c))));
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
