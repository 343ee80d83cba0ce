//! `results.json`: the results themselves, pretty-printed so diffs between runs are
//! readable.

use super::Exporter;
use crate::error::ReportError;
use crate::schema::Results;

/// Writes `results.json`.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn file_name(&self) -> &'static str {
        "results.json"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        let mut json =
            serde_json::to_string_pretty(results).map_err(|source| ReportError::Serialize {
                file: self.file_name().to_owned(),
                source,
            })?;
        json.push('\n');
        Ok(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_results;

    #[test]
    fn round_trips() {
        let results = sample_results();
        let json = JsonExporter.render(&results).unwrap();
        assert!(json.ends_with("}\n"));
        assert_eq!(Results::from_json(&json, "results.json").unwrap(), results);
    }
}
