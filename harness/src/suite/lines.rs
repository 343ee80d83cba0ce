//! Where each key of a suite file is written: its line, from the spans toml's own parser
//! records (`toml::de::DeTable`), so a quoted key (`"rates" = …`), a dotted one
//! (`nexmark.window_size_s = …`), an inline table or a key-like line inside a multi-line
//! string is placed where TOML reads it, not where a text search would guess.

use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};

/// The 1-based line of every key, by its dotted path (`rates`, `nexmark.window_size_s`);
/// the entries of an array of tables by index (`external[1]`, the line of its header).
#[derive(Debug, Default)]
pub(super) struct KeyLines(BTreeMap<String, usize>);

impl KeyLines {
    /// The keys of `text`; none if it is not TOML (its parse error is reported on its own).
    pub(super) fn of(text: &str) -> KeyLines {
        let mut lines = KeyLines::default();
        if let Ok(root) = DeTable::parse(text) {
            lines.add(root.get_ref(), "", text);
        }
        lines
    }

    fn add(&mut self, table: &DeTable, prefix: &str, text: &str) {
        for (key, value) in table {
            let path = format!("{prefix}{}", key.get_ref());
            self.0.insert(path.clone(), line_of(text, key.span().start));
            match value.get_ref() {
                DeValue::Table(t) => self.add(t, &format!("{path}."), text),
                DeValue::Array(entries) => {
                    for (i, e) in entries.iter().enumerate() {
                        if let DeValue::Table(t) = e.get_ref() {
                            let entry = format!("{path}[{i}]");
                            self.0.insert(entry.clone(), line_of(text, e.span().start));
                            self.add(t, &format!("{entry}."), text);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The line `key` (a dotted path) is written on, if it is written.
    pub(super) fn line(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }
}

/// The 1-based line of byte `offset` of `text` (toml's spans are byte ranges).
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_placed_where_toml_reads_them() {
        let text = "name = \"x\"\ndescription = \"\"\"\nrates = 5\n\"\"\"\n\"rates\" = [0]\n\
                    nexmark.window_size_s = 2\n\n[[external]]\nname = \"a\"\n\n[[external]]\n\
                    name = \"b\"\n[more]\ninl = { a = 1 }\n";
        let l = KeyLines::of(text);
        let at = |k: &str| l.line(k);
        // The `rates = 5` of line 3 is text inside the description, not the key.
        assert_eq!(at("rates"), Some(5));
        assert_eq!(at("nexmark.window_size_s"), Some(6));
        assert_eq!(at("name"), Some(1), "the top-level name, not an external's");
        assert_eq!(
            (at("external[0]"), at("external[1]"), at("external[1].name")),
            (Some(8), Some(11), Some(12))
        );
        assert_eq!((at("more.inl.a"), at("bogus")), (Some(14), None));
        assert_eq!(KeyLines::of("not toml =").line("not"), None);
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
