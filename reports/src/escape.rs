//! HTML escaping. Engine names, workload names, settings and error messages all come from
//! files a user can edit, so none of them may reach the report unescaped.

/// Escapes `&`, `<`, `>`, `"` and `'`, which makes the result safe both as element text
/// and inside a quoted attribute value.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if unprintable(c) => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
    out
}

/// Characters that must not reach a report as they are: control characters (NUL and the
/// like, which end strings and confuse terminals and parsers; tab excepted) and the
/// bidirectional controls, which reorder the text around them so a name could display as
/// another. They are shown as U+FFFD.
pub fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five() {
        assert_eq!(
            html_escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(html_escape("plain µs"), "plain µs");
        assert_eq!(
            html_escape("a\0b\u{202e}gnp.exe\u{2066}"),
            "a\u{fffd}b\u{fffd}gnp.exe\u{fffd}"
        );
    }
}
