//! The comparison's chart: one line per judged metric, its change in percent as a dot and its
//! confidence interval as a bar, beside the noise band (a "forest plot"). A reader sees at
//! once which changes are real (the bar clear of the band) and how large they could be.
//!
//! Drawn as plain SVG, not with plotters: the rows are labelled text, the axis is one line,
//! and the page must stay self-contained and small however many rows there are.

use super::judge::{Change, Comparison, Row};
use crate::escape::html_escape;

/// At most this many rows are drawn: every changed one first, then the others by the size of
/// their change; the table below the chart lists them all.
pub const MAX_ROWS: usize = 60;

const LABEL_W: f64 = 420.0;
const PLOT_W: f64 = 520.0;
const ROW_H: f64 = 18.0;
const TOP: f64 = 34.0;

/// Okabe–Ito colours, told apart with any colour vision: better, worse, neither.
const BETTER: &str = "#0072B2";
const WORSE: &str = "#D55E00";
const NEITHER: &str = "#8c959f";

/// The chart, or `None` when no row has a confidence interval to draw.
pub fn change_chart(c: &Comparison) -> Option<String> {
    let mut rows: Vec<&Row> = c.rows.iter().filter(|r| drawable(r)).collect();
    if rows.is_empty() {
        return None;
    }
    // Changed rows first, then the largest changes: what a reader must see survives the cut.
    rows.sort_by(|a, b| {
        let changed = |r: &Row| matches!(r.change, Change::Improved | Change::Regressed);
        changed(b)
            .cmp(&changed(a))
            .then(b.change_pct.abs().total_cmp(&a.change_pct.abs()))
    });
    let left_out = rows.len().saturating_sub(MAX_ROWS);
    rows.truncate(MAX_ROWS);
    // Symmetric around 0, at least the noise band, at most ±200 % (bars beyond are clipped
    // and end in an arrow-like open end).
    let reach = rows
        .iter()
        .filter_map(|r| r.ci_pct)
        .flat_map(|(lo, hi)| [lo.abs(), hi.abs()])
        .chain(rows.iter().map(|r| r.change_pct.abs()))
        .filter(|v| v.is_finite())
        .fold(c.noise_pct * 2.0, f64::max)
        .clamp(1.0, 200.0);
    let x = |pct: f64| LABEL_W + PLOT_W / 2.0 + pct.clamp(-reach, reach) / reach * PLOT_W / 2.0;
    let height = TOP + ROW_H * rows.len() as f64 + 40.0;
    let width = LABEL_W + PLOT_W + 20.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"system-ui,sans-serif\" font-size=\"12\" \
         role=\"img\" aria-label=\"change per metric with its confidence interval\">\n"
    );
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"16\" font-size=\"14\" font-weight=\"600\">Change of NEW against \
         BASE, % (dot: change of the means; bar: {:.0}% confidence interval; grey band: ±{}% \
         noise)</text>\n",
        4.0,
        super::judge::CONFIDENCE * 100.0,
        c.noise_pct
    ));
    let (band_lo, band_hi) = (x(-c.noise_pct), x(c.noise_pct));
    let plot_bottom = TOP + ROW_H * rows.len() as f64;
    svg.push_str(&format!(
        "<rect x=\"{band_lo:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#d8dee4\" \
         opacity=\"0.6\"/>\n",
        band_hi - band_lo,
        plot_bottom - TOP
    ));
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW_H * (i as f64 + 0.5);
        let colour = colour(r);
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" dy=\"0.35em\">{}</text>\n",
            LABEL_W - 8.0,
            y,
            html_escape(&clip(&format!("{} · {}", r.label(), r.metric.name), 64))
        ));
        if let Some((lo, hi)) = r.ci_pct {
            svg.push_str(&format!(
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" \
                 stroke-width=\"3\"/>\n",
                x(lo),
                x(hi)
            ));
        }
        svg.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"><title>{}: {:+.1}% \
             ({})</title></circle>\n",
            x(r.change_pct),
            html_escape(&r.label()),
            r.change_pct,
            r.change.as_str()
        ));
    }
    // The axis: 0 and the reach on both sides.
    let zero = x(0.0);
    svg.push_str(&format!(
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{TOP}\" y2=\"{plot_bottom:.1}\" \
         stroke=\"#1f2328\" stroke-width=\"1\"/>\n"
    ));
    for pct in [-reach, -reach / 2.0, 0.0, reach / 2.0, reach] {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:+.0}%</text>\n",
            x(pct),
            plot_bottom + 16.0,
            pct
        ));
    }
    let note = match left_out {
        0 => "metrics in blue are better, in orange worse, grey within noise or not judged".into(),
        n => format!("{n} more rows in the table below; blue better, orange worse, grey neither"),
    };
    svg.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#57606a\">{}</text>\n</svg>\n",
        LABEL_W + PLOT_W / 2.0,
        plot_bottom + 34.0,
        html_escape(&note)
    ));
    Some(svg)
}

/// A row with a change to place: judged, finite.
fn drawable(r: &Row) -> bool {
    r.change_pct.is_finite() && r.ci_pct.is_some()
}

/// Blue when the change is better, orange when worse, grey when neither (within noise, or
/// not judged).
fn colour(r: &Row) -> &'static str {
    match r.change {
        Change::Improved => BETTER,
        Change::Regressed => WORSE,
        _ => NEITHER,
    }
}

fn clip(s: &str, max: usize) -> String {
    match s.chars().count() > max {
        true => format!("{}…", s.chars().take(max - 1).collect::<String>()),
        false => s.to_string(),
    }
}
