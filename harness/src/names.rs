//! "Did you mean …?" for misspelt names, by `strsim`'s Levenshtein distance (the crate clap
//! already brings in).

use strsim::levenshtein as distance;

/// The valid name closest to `name` by edit distance, if it is close enough to be a typo.
pub fn suggest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (distance(name, v), *v))
        .filter(|(d, v)| *d <= (v.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let valid = ["event-driven", "dataflow", "batched"];
        assert_eq!(suggest("event-drivn", &valid), Some("event-driven"));
        assert_eq!(suggest("datflow", &valid), Some("dataflow"));
        assert_eq!(suggest("flink", &valid), None);
        // Ties go to the first valid name; a distance of 2 is close enough for short names.
        assert_eq!(suggest("bached", &["batched", "cached"]), Some("batched"));
        assert_eq!(suggest("ab", &["xy"]), Some("xy"));
        assert_eq!(suggest("abc", &["xyz"]), None);
    }
}
