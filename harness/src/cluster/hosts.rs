//! The hosts file of a multi-process run across machines: one `host:port` per process, in
//! process order (timely's format). Blank lines and `#` comments are ignored.

/// The addresses in a hosts file's text; the error names the line.
pub fn parse_hosts(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let ok = line
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
        if !ok || line.contains(char::is_whitespace) {
            return Err(format!("line {}: `{line}` is not host:port", n + 1));
        }
        out.push(line.to_string());
    }
    if out.is_empty() {
        return Err("lists no processes".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_addresses_and_names_bad_lines() {
        let text = "# two machines\nnode-a:2101\n\n10.0.0.7:2101  # the other\n";
        assert_eq!(
            parse_hosts(text).unwrap(),
            vec!["node-a:2101".to_string(), "10.0.0.7:2101".to_string()]
        );
        assert_eq!(
            parse_hosts("a:1\nb\n").unwrap_err(),
            "line 2: `b` is not host:port"
        );
        assert_eq!(
            parse_hosts("a:99999").unwrap_err(),
            "line 1: `a:99999` is not host:port"
        );
        assert_eq!(
            parse_hosts("# nothing\n").unwrap_err(),
            "lists no processes"
        );
    }
}
