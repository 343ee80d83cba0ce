//! Structural checks of the report's SVG charts, shared by the unit tests and the browser
//! test: a chart is read as plotters writes it (one element per line, attributes in
//! double quotes), which is all these checks need — no SVG parser.

/// The value of attribute `name` of the element on `line`, as a number.
fn attr(line: &str, name: &str) -> Option<f64> {
    let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &line[start..];
    rest[..rest.find('"')?].parse().ok()
}

/// A `<polyline>`'s points.
fn polyline_points(line: &str) -> Vec<(f64, f64)> {
    let Some(start) = line.find(" points=\"") else {
        return Vec::new();
    };
    let rest = &line[start + 9..];
    rest[..rest.find('"').unwrap_or(rest.len())]
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// Every chart in `html` (a page or one SVG) whose legend box overlaps what the chart
/// draws, described in a line each; empty when every legend stands clear. A legend box is
/// the thin-bordered unfilled rectangle the report's legends have (`opacity="0.3"
/// fill="none"`); everything else — lines, markers, bars — must lie left of it, apart from
/// the legend's own marks inside it.
pub fn legend_overlaps(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (chart, svg) in html.split("<svg").skip(1).enumerate() {
        let svg = &svg[..svg.find("</svg>").unwrap_or(svg.len())];
        let lines: Vec<&str> = svg.lines().collect();
        let boxes: Vec<(f64, f64, f64, f64)> = lines
            .iter()
            .filter(|l| l.starts_with("<rect") && l.contains("opacity=\"0.3\" fill=\"none\""))
            .filter_map(|l| {
                let (x, y) = (attr(l, "x")?, attr(l, "y")?);
                Some((x, y, x + attr(l, "width")?, y + attr(l, "height")?))
            })
            .collect();
        for &(x0, y0, x1, y1) in &boxes {
            let inside = |x: f64, y: f64| x >= x0 && x <= x1 && y >= y0 && y <= y1;
            for l in &lines {
                let clash = if l.starts_with("<polyline") {
                    let points = polyline_points(l);
                    // A legend's line marks lie wholly inside its box.
                    !points.iter().all(|&(x, y)| inside(x, y))
                        && points.iter().any(|&(x, _)| x >= x0)
                } else if l.starts_with("<circle") {
                    attr(l, "cx").is_some_and(|x| x >= x0)
                } else if l.starts_with("<rect") && !l.contains("opacity=\"0.3\"") {
                    match (attr(l, "x"), attr(l, "y"), attr(l, "width")) {
                        // The chart's background starts at 0; the legend's own box and
                        // swatches lie inside it.
                        (Some(x), Some(y), Some(w)) => x > 0.0 && !inside(x, y) && x + w > x0,
                        _ => false,
                    }
                } else {
                    false
                };
                if clash {
                    found.push(format!("chart {chart}: legend at x {x0} overlaps {l}"));
                }
            }
        }
    }
    found
}
