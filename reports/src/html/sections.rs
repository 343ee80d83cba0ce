//! The report's header-adjacent key/value sections: suite settings and machine.

use crate::escape::html_escape;
use crate::schema::Results;
use crate::units::{format_bytes, format_duration_ns, format_si};

/// Two-column table of `(key, value)` pairs, both escaped.
fn key_values<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut html = String::from("<table class=\"kv\">\n<tbody>\n");
    for (k, v) in pairs {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            html_escape(k),
            html_escape(&v)
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// "Settings": the suite's settings after command-line overrides.
pub(super) fn settings_section(results: &Results) -> String {
    let settings = &results.suite.settings;
    let body = if settings.is_empty() {
        "<p class=\"note\">No settings recorded.</p>\n".to_owned()
    } else if crate::query::is_search_only(results) {
        // The suite's fixed rates and latency objective were not what ran: the searches
        // chose the rates and carry their own objective.
        let mut rows: Vec<(&str, String)> = settings
            .iter()
            .filter(|(k, _)| !k.starts_with("rates") && !k.starts_with("latency objective"))
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        rows.extend(search_settings(results));
        key_values(rows)
    } else {
        key_values(settings.iter().map(|(k, v)| (k.as_str(), v.clone())))
    };
    format!("<section class=\"half\">\n<h2>Settings</h2>\n{body}</section>\n")
}

/// The searches' own settings: the rates they probed and their p99 objective.
fn search_settings(results: &Results) -> Vec<(&'static str, String)> {
    let bursts = results
        .sustain
        .iter()
        .flat_map(|s| &s.probes)
        .filter(|p| p.burst)
        .count();
    let rates: Vec<f64> = results
        .sustain
        .iter()
        .flat_map(|s| s.probes.iter().filter(|p| !p.burst))
        .map(|p| p.offered_rate)
        .collect();
    let lo = rates.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut slos: Vec<u64> = results.sustain.iter().map(|s| s.slo_ns).collect();
    slos.sort_unstable();
    slos.dedup();
    let slo = slos
        .iter()
        .map(|&ns| format_duration_ns(ns as f64))
        .collect::<Vec<_>>()
        .join(", ");
    let mut probed = if rates.is_empty() {
        "none".to_owned()
    } else {
        format!(
            "{} – {} ({} probes)",
            format_si(lo),
            format_si(hi),
            rates.len()
        )
    };
    if bursts > 0 {
        probed.push_str(&format!(", after {bursts} opening bursts"));
    }
    vec![("probed rates (events/s)", probed), ("p99 objective", slo)]
}

/// "Machine": where the suite ran.
pub(super) fn machine_section(results: &Results) -> String {
    let m = &results.machine;
    let body = key_values([
        ("cpu", m.cpu.clone()),
        ("cores", m.cores.to_string()),
        ("memory", format_bytes(m.memory_bytes)),
        ("os", m.os.clone()),
    ]);
    format!("<section class=\"half\">\n<h2>Machine</h2>\n{body}</section>\n")
}

/// "Verdict": per workload, what the figures say (see [`crate::verdict`]), each engine with
/// its chart colour.
pub(super) fn verdict_section(results: &Results, palette: &crate::charts::Palette) -> String {
    let verdicts = crate::verdict::verdicts(results);
    if verdicts.is_empty() {
        return String::new();
    }
    let mut html =
        String::from("<section>\n<h2>Verdict</h2>\n<table class=\"kv verdict\">\n<tbody>\n");
    for v in &verdicts {
        let findings: Vec<String> = v
            .findings
            .iter()
            .map(|f| {
                format!(
                    "<li><span class=\"swatch\" style=\"background:{}\"></span><strong>{}</strong>: {}</li>",
                    palette.hex(&f.engine),
                    html_escape(&f.engine),
                    html_escape(&f.claim)
                )
            })
            .collect();
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td><ul class=\"findings\">{}</ul></td></tr>\n",
            html_escape(&v.workload),
            findings.join("")
        ));
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn settings_are_escaped_and_machine_is_human() {
        let results = sample_results();
        let settings = settings_section(&results);
        assert!(settings.contains("<th scope=\"row\">keys</th><td>&lt;10000&gt;</td>"));
        let machine = machine_section(&results);
        assert!(machine.contains("8.00 GiB"));
        assert!(machine.contains("Example CPU @ 3.0GHz"));
    }
}
