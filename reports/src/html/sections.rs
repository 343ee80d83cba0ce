//! The report's header-adjacent key/value sections: suite settings and machine.

use crate::escape::html_escape;
use crate::schema::Results;
use crate::units::format_bytes;

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
    } else {
        key_values(settings.iter().map(|(k, v)| (k.as_str(), v.clone())))
    };
    format!("<section class=\"half\">\n<h2>Settings</h2>\n{body}</section>\n")
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
