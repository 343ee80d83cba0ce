//! `histograms/<run>.hgrm`: each run's latency histogram as HdrHistogram percentile
//! distribution text, in milliseconds, for HdrHistogram's plotter or any tool that reads
//! wrk2 output; plus `histograms/README.txt` saying what the files are.

use super::Exporter;
use crate::error::ReportError;
use crate::histogram::{decode_histogram, percentile_distribution, NS_PER_MS};
use crate::schema::Results;

/// Writes `histograms/README.txt` and one `.hgrm` per run that has a histogram.
#[derive(Clone, Copy, Debug, Default)]
pub struct HgrmExporter;

impl Exporter for HgrmExporter {
    fn file_name(&self) -> &'static str {
        "histograms/README.txt"
    }

    fn render(&self, results: &Results) -> Result<String, ReportError> {
        Ok(self.files(results)?.swap_remove(0).1)
    }

    /// A histogram that does not decode is listed in the README with the reason rather
    /// than failing every other export of the suite.
    fn files(&self, results: &Results) -> Result<Vec<(String, String)>, ReportError> {
        let mut readme = String::from(
            "Latency histograms, one per run, in HdrHistogram's percentile distribution\n\
             format (outputPercentileDistribution). Latency is from each input's scheduled\n\
             time to the output's arrival at the sink. Values are in MILLISECONDS\n\
             (output value unit scaling ratio 1e6 from nanosecond recordings), as wrk2\n\
             prints them. Plot them with HdrHistogram's plotFiles.html.\n\n",
        );
        let mut files = Vec::new();
        for run in &results.runs {
            let Some(encoded) = run.figures().and_then(|f| f.latency_histogram.as_ref()) else {
                continue;
            };
            let id = run.id();
            match decode_histogram(encoded, &id) {
                Ok(h) => {
                    let name = file_stem(&id);
                    readme.push_str(&format!("{name}  {id}\n"));
                    files.push((
                        format!("histograms/{name}"),
                        percentile_distribution(&h, NS_PER_MS),
                    ));
                }
                Err(e) => readme.push_str(&format!("(not written) {e}\n")),
            }
        }
        if results
            .runs
            .iter()
            .all(|r| r.figures().is_none_or(|f| f.latency_histogram.is_none()))
        {
            readme.push_str("No run recorded a latency histogram.\n");
        }
        files.insert(0, (self.file_name().to_owned(), readme));
        Ok(files)
    }
}

/// A run id as a file name: letters, digits, `-`, `.` and `_` kept, anything else (the
/// `/` separators, spaces, markup) replaced by `_`, so no id can escape the folder.
pub fn file_stem(run_id: &str) -> String {
    let mut name: String = run_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') {
        name.insert(0, '_');
    }
    name.push_str(".hgrm");
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_results, MALICIOUS_ENGINE};

    #[test]
    fn sanitised_names() {
        assert_eq!(
            file_stem("dataflow/tumbling-count/w2/r100000/rep0"),
            "dataflow_tumbling-count_w2_r100000_rep0.hgrm"
        );
        assert_eq!(file_stem("../x"), "_.._x.hgrm");
        let evil = file_stem(&format!("{MALICIOUS_ENGINE}/w"));
        assert!(!evil.contains(['<', '/', '>', '(']), "{evil}");
    }

    #[test]
    fn one_file_per_run_with_a_histogram() {
        let results = sample_results();
        let files = HgrmExporter.files(&results).unwrap();
        let with = results
            .runs
            .iter()
            .filter(|r| r.figures().is_some_and(|f| f.latency_histogram.is_some()))
            .count();
        // Every run but the failed one carries a histogram.
        assert_eq!(with, results.runs.len() - 1);
        assert_eq!(files.len(), with + 1);
        assert!(files[0].1.contains("MILLISECONDS"));
        let (name, text) = &files[1];
        assert_eq!(
            name,
            "histograms/dataflow_tumbling-count_w2_r100000_k10000_rep0.hgrm"
        );
        // 1000 values, the largest 9 ms (bucket top 9.003007 ms).
        assert!(
            text.contains("#[Max     =        9.003, Total count    =         1000]"),
            "{text}"
        );
    }

    #[test]
    fn bad_histogram_is_listed_not_fatal() {
        let mut results = sample_results();
        results.runs[2].figures_mut().unwrap().latency_histogram = Some("not base64!".into());
        let files = HgrmExporter.files(&results).unwrap();
        let readme = &files[0].1;
        assert!(
            readme.contains(&format!(
                "(not written) cannot decode the latency histogram of run {}",
                results.runs[2].id()
            )),
            "{readme}"
        );
        assert_eq!(files.len(), results.runs.len() - 1);
        assert_eq!(HgrmExporter.render(&results).unwrap(), *readme);
    }
}
