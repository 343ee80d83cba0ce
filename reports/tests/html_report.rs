//! report.html as a whole: well-formed (every element this crate or plotters emits is
//! closed in order, attributes quoted, `<` and `&` in text escaped), every chart present
//! by id, and no user string unescaped.

use reports::testing::{sample_results, MALICIOUS_ENGINE};
use reports::{render_html, Results};

/// Elements HTML defines as void (no closing tag).
const VOID: [&str; 6] = ["meta", "br", "img", "input", "link", "hr"];

/// Checks tag balance and escaping; returns the element names seen, in order.
fn check_well_formed(html: &str) -> Result<Vec<String>, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = html.strip_prefix("<!DOCTYPE html>").ok_or("no doctype")?;
    loop {
        let Some(lt) = rest.find('<') else {
            check_text(rest)?;
            break;
        };
        check_text(&rest[..lt])?;
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->").ok_or("unclosed comment")? + 3..];
            continue;
        }
        let gt = tag_end(rest).ok_or_else(|| format!("unclosed tag at {:.40}", rest))?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or_else(|| format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("</{}> closes <{open}>", name.trim()));
            }
            continue;
        }
        if tag.starts_with('?') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
        if name.is_empty() {
            return Err(format!("unescaped '<' before {tag:.30}"));
        }
        if tag.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag:.60}>"));
        }
        seen.push(name.clone());
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            // Raw text: skip to its end tag.
            let end = rest.find("</style>").ok_or("unclosed style")?;
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    Ok(seen)
}

/// The `>` ending the tag at the start of `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// Text may contain `&` only as an entity.
fn check_text(text: &str) -> Result<(), String> {
    for (i, _) in text.match_indices('&') {
        let entity: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        if entity.is_empty() || !text[i + 1 + entity.len()..].starts_with(';') {
            return Err(format!("bare '&' in {:.40}", &text[i..]));
        }
    }
    if text.contains('>') {
        return Err(format!("bare '>' in {text:.60}"));
    }
    Ok(())
}

fn render(results: &Results) -> String {
    let html = render_html(results).unwrap();
    if let Err(e) = check_well_formed(&html) {
        panic!("report.html is not well-formed: {e}");
    }
    html
}

#[test]
fn checker_catches_mistakes() {
    let ok = "<!DOCTYPE html><html><body><p>a &amp; b<br></p></body></html>";
    assert!(check_well_formed(ok).is_ok());
    for bad in [
        "<!DOCTYPE html><html><body><p>x</body></html>",
        "<!DOCTYPE html><html><p>a & b</p></html>",
        "<!DOCTYPE html><html><p>a < b</p></html>",
        "<!DOCTYPE html><html><p class=\"x>y</p></html>",
        "<!DOCTYPE html><html><div></span></div></html>",
    ] {
        assert!(check_well_formed(bad).is_err(), "{bad}");
    }
}

#[test]
fn sample_report_is_well_formed_with_every_chart() {
    let html = render(&sample_results());
    let elements = check_well_formed(&html).unwrap();
    for tag in [
        "html", "head", "style", "body", "main", "table", "svg", "figure",
    ] {
        assert!(elements.iter().any(|e| e == tag), "no <{tag}>");
    }
    for id in [
        "chart-throughput",
        "chart-latency-0",
        "chart-latency-1",
        "chart-hockey-0",
        "chart-timeseries-0",
        "chart-timeseries-1",
        "chart-state-0",
        "chart-state-1",
        "chart-state-per-key",
        "chart-scaling",
        "chart-cpu",
    ] {
        assert!(
            html.contains(&format!("<figure class=\"chart\" id=\"{id}\">")),
            "{id}"
        );
    }
    // session-sum had no search: said in a sentence.
    assert!(html.contains(
        "id=\"chart-hockey-missing\">Not drawn: session-sum was not run at several rates"
    ));
}

#[test]
fn user_strings_appear_only_escaped() {
    let mut results = sample_results();
    results.suite.name = "<b>suite</b>".into();
    results.machine.cpu = "cpu \"quoted\" & <i>".into();
    results.runs[1].key.workload = "<img src=x>".into();
    let html = render(&results);
    for raw in [MALICIOUS_ENGINE, "<b>suite", "<i>", "<img src=x>"] {
        assert!(!html.contains(raw), "{raw} unescaped");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("cpu &quot;quoted&quot; &amp; &lt;i&gt;"));
    assert!(!html.to_lowercase().contains("<script"));
}

#[test]
fn empty_and_failed_results_are_well_formed() {
    let mut results = sample_results();
    results
        .runs
        .iter_mut()
        .for_each(|r| reports::testing::fail(r, "failed"));
    render(&results);
    results.runs.clear();
    results.sustain.clear();
    render(&results);
}
