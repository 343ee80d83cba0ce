//! `compare.html`: the comparison as a self-contained page (inline CSS, no script), every
//! name escaped.

use super::judge::{Change, Comparison, ALPHA};
use super::table::cells;
use crate::escape::html_escape;

const CSS: &str =
    "body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;background:#f6f7f9}\
table{border-collapse:collapse;background:#fff;border:1px solid #d8dee4}\
th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
tr.improved td.v{color:#1a7f37;font-weight:700}tr.regressed td.v{color:#cf222e;font-weight:700}\
tr.nochange td{color:#57606a}.note{color:#57606a}";

/// The comparison page; `base` and `new` name the inputs in the header.
pub fn compare_html(c: &Comparison, base: &str, new: &str) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>streambench compare</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>streambench compare</h1>\n<p>BASE: <code>{}</code><br>NEW: <code>{}</code></p>\n",
        html_escape(base),
        html_escape(new)
    );
    let count = |ch: Change| c.rows.iter().filter(|r| r.change == ch).count();
    html.push_str(&format!(
        "<p><strong>{}</strong> regressed, <strong>{}</strong> improved, {} no change.</p>\n",
        count(Change::Regressed),
        count(Change::Improved),
        count(Change::NoChange)
    ));
    if c.rows.is_empty() {
        html.push_str("<p class=\"note\">No configuration ran successfully in both results.</p>\n");
    } else {
        html.push_str(
            "<table>\n<thead><tr><th>configuration</th><th>metric</th><th>base</th><th>new</th>\
             <th>change</th><th>p</th><th>verdict</th></tr></thead>\n<tbody>\n",
        );
        for r in &c.rows {
            let class = match r.change {
                Change::Improved => "improved",
                Change::Regressed => "regressed",
                Change::NoChange => "nochange",
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
        "<p class=\"note\">A change counts when the means differ by more than {}% and, with at \
         least two repetitions on each side, Welch's t-test gives p &lt; {ALPHA}. Throughput \
         up is better; latency, CPU and state down are better.</p>\n",
        c.noise_pct
    ));
    if c.any_threshold_only() {
        html.push_str(
            "<p class=\"note\">Some configurations have a single repetition on a side: judged \
             on the noise threshold alone (p is n/a).</p>\n",
        );
    }
    if c.any_search() {
        html.push_str(
            "<p class=\"note\">Sustainable rates come from one search per side: judged on \
             the noise threshold alone.</p>\n",
        );
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
